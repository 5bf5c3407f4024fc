/**
 * Glue/Hive column types → Parquet schema, as Hive and Athena expect it (apache/parquet-format
 * LogicalTypes.md):
 *
 * | Glue            | Parquet physical type          | annotation (ConvertedType + LogicalType)         |
 * |-----------------|--------------------------------|--------------------------------------------------|
 * | boolean         | BOOLEAN                        | –                                                |
 * | tinyint         | INT32                          | INT_8, INTEGER(8, signed)                        |
 * | smallint        | INT32                          | INT_16, INTEGER(16, signed)                      |
 * | int             | INT32                          | – (as Hive writes it)                            |
 * | bigint          | INT64                          | – (as Hive writes it)                            |
 * | float / double  | FLOAT / DOUBLE                 | –                                                |
 * | decimal(p,s)    | FIXED_LEN_BYTE_ARRAY(minimal n)| DECIMAL(p,s), scale and precision also in the element |
 * | string, char(n), varchar(n) | BYTE_ARRAY         | UTF8, STRING                                     |
 * | binary          | BYTE_ARRAY                     | –                                                |
 * | date            | INT32                          | DATE                                             |
 * | timestamp       | INT64 (default) or INT96       | TIMESTAMP_MICROS, TIMESTAMP(isAdjustedToUTC=false, MICROS) / none for INT96 |
 * | array<T>        | 3-level LIST: `optional group (LIST) { repeated group list { optional T element } }` |
 * | map<K,V>        | MAP: `optional group (MAP) { repeated group key_value { required K key; optional V value } }` |
 * | struct<…>       | `optional group { optional … }`                                                   |
 *
 * Every column, struct field, list element and map value is optional (Hive columns are nullable); map
 * keys are required (LogicalTypes.md, "Maps"). Decimals use FIXED_LEN_BYTE_ARRAY like Hive's writer, so
 * that every Hive version reads them (INT32/INT64 decimals need Hive 4). Names are written in lower case,
 * the form in which Glue stores column names and the row model (formats/glue/types.ts) keys cells.
 */
import { ParquetSchemaError } from './errors.js';
import { ConvertedType, PhysicalType, Repetition, type LogicalType, type SchemaElement } from './parquetThrift.js';
import type { GlueColumn, GlueType } from '../glue/index.js';

/** How timestamps are stored: INT64 microseconds (default), or Hive's legacy INT96 (what Firehose writes). */
export type ParquetTimestampEncoding = 'INT64_MICROS' | 'INT96';

/** How a leaf column's cells are buffered and encoded. */
export type LeafStorage = 'boolean' | 'int32' | 'int64' | 'float' | 'double' | 'string' | 'binary' | 'decimal' | 'timestamp' | 'int96';

/** A primitive (leaf) column of the Parquet schema: one column chunk per row group. */
export interface LeafColumn {
  readonly index: number;
  /** Names from the root to the leaf, as written in the schema (`path_in_schema`). */
  readonly path: readonly string[];
  /** Readable path for error messages: `tags[]`, `attrs{key}`, `geo.city`. */
  readonly displayPath: string;
  readonly glueType: GlueType;
  readonly physicalType: PhysicalType;
  /** FIXED_LEN_BYTE_ARRAY length (decimals). */
  readonly typeLength: number;
  readonly storage: LeafStorage;
  readonly maxDefinitionLevel: number;
  readonly maxRepetitionLevel: number;
  /** Whether min/max statistics use signed order and may also go in the deprecated min/max fields. */
  readonly signedStatistics: boolean;
}

/** The schema tree the shredder walks (Dremel record shredding, parquet-format README "Nested Encoding"). */
export type ParquetNode = ParquetLeafNode | ParquetStructNode | ParquetListNode | ParquetMapNode;

interface NodeBase {
  /** Definition level reached when this node's value is present (not null). */
  readonly definitionLevel: number;
  /** Repetition level of the innermost repeated ancestor (0 at top level). */
  readonly repetitionLevel: number;
  /** Leaves beneath (or at) this node, which all receive a null when the node's value is null. */
  readonly leaves: readonly LeafColumn[];
  readonly displayPath: string;
  /** Required nodes (map keys) have no definition level of their own and cannot be null. */
  readonly required: boolean;
}
export interface ParquetLeafNode extends NodeBase {
  readonly kind: 'leaf';
  readonly leaf: LeafColumn;
}
export interface ParquetStructNode extends NodeBase {
  readonly kind: 'struct';
  readonly fields: readonly { readonly key: string; readonly node: ParquetNode }[];
}
export interface ParquetListNode extends NodeBase {
  readonly kind: 'list';
  readonly element: ParquetNode;
}
export interface ParquetMapNode extends NodeBase {
  readonly kind: 'map';
  readonly key: ParquetNode;
  readonly value: ParquetNode;
}

export interface ParquetSchema {
  /** Depth-first SchemaElement list for the footer, root first. */
  readonly elements: readonly SchemaElement[];
  readonly columns: readonly { readonly key: string; readonly node: ParquetNode }[];
  readonly leaves: readonly LeafColumn[];
}

/** Nesting deeper than this is refused: levels are kept in bytes, and recursion stays shallow. */
export const MAX_NESTING_DEPTH = 64;
const ROOT_NAME = 'hive_schema';

/** Builds the Parquet schema of a Glue column list. Throws `ParquetSchemaError` for unusable columns. */
export function buildParquetSchema(columns: readonly GlueColumn[], timestamps: ParquetTimestampEncoding): ParquetSchema {
  if (columns.length === 0) {
    throw new ParquetSchemaError('(none)', 'the table has no columns', 'Give the writer at least one Glue column.');
  }
  const elements: SchemaElement[] = [{ name: ROOT_NAME, numChildren: columns.length }];
  const leaves: LeafColumn[] = [];
  const builder = { elements, leaves, timestamps };
  const seen = new Set<string>();
  const built = columns.map((column) => {
    const key = column.name.toLowerCase();
    checkName(column.name, key, seen, column.name);
    return { key, node: buildNode(builder, column.type, key, [key], column.name, 0, 0, 1) };
  });
  return { elements, columns: built, leaves };
}

interface Builder {
  readonly elements: SchemaElement[];
  readonly leaves: LeafColumn[];
  readonly timestamps: ParquetTimestampEncoding;
}

function checkName(original: string, key: string, seen: Set<string>, displayPath: string): void {
  if (key.length === 0) {
    throw new ParquetSchemaError(displayPath, 'has an empty name', 'Name every column and struct field.');
  }
  if (seen.has(key)) {
    throw new ParquetSchemaError(displayPath, `repeats the name '${original}' (names are compared in lower case)`, 'Give each column and struct field a distinct name.');
  }
  seen.add(key);
}

/**
 * Adds the schema elements of one optional (or, for map keys, required) field and returns its node.
 * `parentDef`/`parentRep` are the levels of the enclosing node; `depth` counts nested types.
 */
function buildNode(
  b: Builder,
  type: GlueType,
  name: string,
  path: readonly string[],
  displayPath: string,
  parentDef: number,
  parentRep: number,
  depth: number,
  required = false,
): ParquetNode {
  if (depth > MAX_NESTING_DEPTH) {
    throw new ParquetSchemaError(displayPath, `nests types deeper than ${MAX_NESTING_DEPTH} levels`, 'Flatten the type; Athena and Spark handle such depths poorly anyway.');
  }
  const repetition = required ? Repetition.REQUIRED : Repetition.OPTIONAL;
  const def = required ? parentDef : parentDef + 1;
  const leavesBefore = b.leaves.length;

  switch (type.kind) {
    case 'struct': {
      if (type.fields.length === 0) {
        throw new ParquetSchemaError(displayPath, 'is a struct without fields', 'Parquet groups need at least one field; remove the column or give it fields.');
      }
      b.elements.push({ name, repetition, numChildren: type.fields.length });
      const seen = new Set<string>();
      const fields = type.fields.map((field) => {
        const key = field.name.toLowerCase();
        const fieldPath = `${displayPath}.${field.name}`;
        checkName(field.name, key, seen, fieldPath);
        return { key, node: buildNode(b, field.type, key, [...path, key], fieldPath, def, parentRep, depth + 1) };
      });
      return { kind: 'struct', fields, definitionLevel: def, repetitionLevel: parentRep, leaves: b.leaves.slice(leavesBefore), displayPath, required };
    }
    case 'array': {
      // LogicalTypes.md "Lists": <list-repetition> group <name> (LIST) { repeated group list { <element> } }
      b.elements.push({ name, repetition, numChildren: 1, convertedType: ConvertedType.LIST, logicalType: { kind: 'LIST' } });
      b.elements.push({ name: 'list', repetition: Repetition.REPEATED, numChildren: 1 });
      const element = buildNode(b, type.element, 'element', [...path, 'list', 'element'], `${displayPath}[]`, def + 1, parentRep + 1, depth + 1);
      return { kind: 'list', element, definitionLevel: def, repetitionLevel: parentRep, leaves: b.leaves.slice(leavesBefore), displayPath, required };
    }
    case 'map': {
      // LogicalTypes.md "Maps": <map-repetition> group <name> (MAP) { repeated group key_value { required key; value } }
      b.elements.push({ name, repetition, numChildren: 1, convertedType: ConvertedType.MAP, logicalType: { kind: 'MAP' } });
      b.elements.push({ name: 'key_value', repetition: Repetition.REPEATED, numChildren: 2 });
      const key = buildNode(b, type.key, 'key', [...path, 'key_value', 'key'], `${displayPath}{key}`, def + 1, parentRep + 1, depth + 1, true);
      if (key.kind !== 'leaf') {
        throw new ParquetSchemaError(displayPath, 'has a map key that is not a primitive type', 'Use a primitive key type (Hive requires one).');
      }
      const value = buildNode(b, type.value, 'value', [...path, 'key_value', 'value'], `${displayPath}{value}`, def + 1, parentRep + 1, depth + 1);
      return { kind: 'map', key, value, definitionLevel: def, repetitionLevel: parentRep, leaves: b.leaves.slice(leavesBefore), displayPath, required };
    }
    default: {
      const primitive = primitiveOf(type, b.timestamps, displayPath);
      b.elements.push({ name, repetition, ...primitive.element });
      if (def > 255) {
        throw new ParquetSchemaError(displayPath, `needs ${def} definition levels (at most 255)`, 'Nest fewer arrays, maps and structs.');
      }
      const leaf: LeafColumn = {
        index: b.leaves.length,
        path,
        displayPath,
        glueType: type,
        physicalType: primitive.element.type,
        typeLength: primitive.element.typeLength ?? 0,
        storage: primitive.storage,
        maxDefinitionLevel: def,
        maxRepetitionLevel: parentRep,
        signedStatistics: primitive.signedStatistics,
      };
      b.leaves.push(leaf);
      return { kind: 'leaf', leaf, definitionLevel: def, repetitionLevel: parentRep, leaves: [leaf], displayPath, required };
    }
  }
}

interface PrimitiveMapping {
  readonly element: Omit<SchemaElement, 'name' | 'repetition'> & { readonly type: PhysicalType };
  readonly storage: LeafStorage;
  readonly signedStatistics: boolean;
}

function primitiveOf(type: GlueType, timestamps: ParquetTimestampEncoding, displayPath: string): PrimitiveMapping {
  switch (type.kind) {
    case 'boolean':
      return { element: { type: PhysicalType.BOOLEAN }, storage: 'boolean', signedStatistics: true };
    case 'tinyint':
      return int32({ convertedType: ConvertedType.INT_8, logicalType: { kind: 'INTEGER', bitWidth: 8, isSigned: true } });
    case 'smallint':
      return int32({ convertedType: ConvertedType.INT_16, logicalType: { kind: 'INTEGER', bitWidth: 16, isSigned: true } });
    case 'int':
      return int32({});
    case 'date':
      return int32({ convertedType: ConvertedType.DATE, logicalType: { kind: 'DATE' } });
    case 'bigint':
      return { element: { type: PhysicalType.INT64 }, storage: 'int64', signedStatistics: true };
    case 'float':
      return { element: { type: PhysicalType.FLOAT }, storage: 'float', signedStatistics: true };
    case 'double':
      return { element: { type: PhysicalType.DOUBLE }, storage: 'double', signedStatistics: true };
    case 'string':
    case 'char':
    case 'varchar':
      return { element: { type: PhysicalType.BYTE_ARRAY, convertedType: ConvertedType.UTF8, logicalType: { kind: 'STRING' } }, storage: 'string', signedStatistics: false };
    case 'binary':
      return { element: { type: PhysicalType.BYTE_ARRAY }, storage: 'binary', signedStatistics: false };
    case 'decimal': {
      const { precision, scale } = type;
      if (!Number.isInteger(precision) || precision < 1 || precision > 38 || !Number.isInteger(scale) || scale < 0 || scale > precision) {
        throw new ParquetSchemaError(displayPath, `has decimal(${precision},${scale})`, 'Use a precision from 1 to 38 and a scale from 0 to the precision.');
      }
      const logicalType: LogicalType = { kind: 'DECIMAL', precision, scale };
      return {
        element: { type: PhysicalType.FIXED_LEN_BYTE_ARRAY, typeLength: decimalByteLength(precision), convertedType: ConvertedType.DECIMAL, scale, precision, logicalType },
        storage: 'decimal',
        signedStatistics: false,
      };
    }
    case 'timestamp':
      if (timestamps === 'INT96') {
        return { element: { type: PhysicalType.INT96 }, storage: 'int96', signedStatistics: false };
      }
      return {
        element: { type: PhysicalType.INT64, convertedType: ConvertedType.TIMESTAMP_MICROS, logicalType: { kind: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' } },
        storage: 'timestamp',
        signedStatistics: true,
      };
    default:
      throw new ParquetSchemaError(displayPath, `has the unsupported type kind '${type.kind}'`, 'Use a Glue type from formats/glue/types.ts.');
  }
}

function int32(annotation: Pick<SchemaElement, 'convertedType' | 'logicalType'>): PrimitiveMapping {
  return { element: { type: PhysicalType.INT32, ...annotation }, storage: 'int32', signedStatistics: true };
}

/**
 * Smallest FIXED_LEN_BYTE_ARRAY length n that holds `precision` decimal digits in two's complement:
 * 10^precision - 1 <= 2^(8n-1) - 1 (LogicalTypes.md "DECIMAL").
 */
export function decimalByteLength(precision: number): number {
  const limit = 10n ** BigInt(precision);
  let n = 1;
  while (limit > 1n << BigInt(8 * n - 1)) n++;
  return n;
}

/** The schema in parquet-mr's text notation (`message hive_schema { optional int32 id; … }`), for docs and debugging. */
export function describeParquetSchema(schema: ParquetSchema): string {
  const lines: string[] = [];
  let index = 0;
  const walk = (indent: string): void => {
    const element = schema.elements[index++]!;
    const repetition = element.repetition === Repetition.REQUIRED ? 'required' : element.repetition === Repetition.REPEATED ? 'repeated' : 'optional';
    const annotation = describeAnnotation(element);
    if (element.numChildren !== undefined) {
      lines.push(`${indent}${repetition} group ${element.name}${annotation} {`);
      for (let i = 0; i < element.numChildren; i++) walk(`${indent}  `);
      lines.push(`${indent}}`);
    } else {
      const typeName = physicalTypeName(element.type) + (element.typeLength !== undefined ? `(${element.typeLength})` : '');
      lines.push(`${indent}${repetition} ${typeName} ${element.name}${annotation};`);
    }
  };
  const root = schema.elements[index++]!;
  lines.push(`message ${root.name} {`);
  for (let i = 0; i < (root.numChildren ?? 0); i++) walk('  ');
  lines.push('}');
  return lines.join('\n');
}

function describeAnnotation(element: SchemaElement): string {
  const t = element.logicalType;
  if (t === undefined) return '';
  switch (t.kind) {
    case 'DECIMAL':
      return ` (DECIMAL(${t.precision},${t.scale}))`;
    case 'TIMESTAMP':
      return ` (TIMESTAMP(${t.unit},${t.isAdjustedToUTC}))`;
    case 'INTEGER':
      return ` (INTEGER(${t.bitWidth},${t.isSigned}))`;
    default:
      return ` (${t.kind})`;
  }
}

function physicalTypeName(type: PhysicalType | undefined): string {
  const names = ['boolean', 'int32', 'int64', 'int96', 'float', 'double', 'binary', 'fixed_len_byte_array'];
  return type === undefined ? 'unknown' : names[type]!;
}
