/**
 * Shared types of the formats module: the parsed form of a Glue/Hive column type, and the in-memory
 * row model that the Firehose deserializer (formats/deserialize*.ts) produces and the Parquet and ORC
 * writers consume. Both sides code against these types only.
 */

export type GluePrimitiveKind =
  | 'boolean'
  | 'tinyint'
  | 'smallint'
  | 'int'
  | 'bigint'
  | 'float'
  | 'double'
  | 'string'
  | 'binary'
  | 'date'
  | 'timestamp';

export interface GlueStructField {
  /** Field name as written in the type string (Hive matches names case-insensitively). */
  readonly name: string;
  readonly type: GlueType;
}

export type GlueType =
  | { readonly kind: GluePrimitiveKind }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'char'; readonly length: number }
  | { readonly kind: 'varchar'; readonly length: number }
  | { readonly kind: 'array'; readonly element: GlueType }
  | { readonly kind: 'map'; readonly key: GlueType; readonly value: GlueType }
  | { readonly kind: 'struct'; readonly fields: readonly GlueStructField[] };

export interface GlueColumn {
  readonly name: string;
  readonly type: GlueType;
  /** The type string as written in the table definition. */
  readonly typeString: string;
  readonly comment?: string;
}

/**
 * One cell of a converted row, by Glue type:
 * - boolean → boolean; tinyint, smallint, int → number (an integer in range); bigint → bigint
 * - float, double → number (float already rounded to 32-bit precision with Math.fround)
 * - decimal(p,s) → bigint holding the unscaled value (value × 10^s), |unscaled| < 10^p
 * - string, char, varchar → string
 * - binary → Uint8Array
 * - date → number of days since 1970-01-01 (may be negative)
 * - timestamp → bigint nanoseconds since 1970-01-01T00:00:00Z (may be negative)
 * - array → CellValue[]; map → Map<CellValue, CellValue> (keys never null); struct → StructValue
 * - null where the JSON field is missing or null
 */
export type CellValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | CellValue[]
  | Map<CellValue, CellValue>
  | StructValue;

/** A struct cell or a whole row: field name (lower-case, as in the schema) → cell. */
export interface StructValue {
  [field: string]: CellValue;
}

/** A converted row: one cell per schema column, keyed by the column's lower-case name. */
export type Row = StructValue;
