/**
 * What Firehose does to a record before it writes Parquet or ORC: deserialize the JSON with the OpenX
 * JSON SerDe (the default) or the Hive JSON SerDe, against the Glue table's columns.
 *
 * Rules (AWS developer guide "Convert input data format", API reference OpenXJsonSerDe/HiveJsonSerDe,
 * and the OpenX SerDe's README; the README section of firehose-kit marks which are assumptions):
 * - A record holds one JSON object or several concatenated ones (`{"a":1}{"a":2}`, whitespace allowed
 *   between them); each object is one row. A top-level array, a scalar, an empty record, invalid JSON or
 *   invalid UTF-8 fails the record (`DataFormatConversion.ParseError`).
 * - Keys not in the schema are dropped; columns without a key (or with null) are null.
 * - OpenX: `caseInsensitive` (default true) matches keys in any case; `convertDotsInJsonKeysToUnderscores`
 *   (default false) reads key `a.b` into column `a_b`; `columnToJsonKeyMappings` reads a column from a
 *   differently named key (`{ ts: 'timestamp' }`).
 * - A value that does not fit its column (`"abc"` for an int, a number too large for its decimal, …)
 *   fails the whole record (`DataFormatConversion.MalformedData`); the message names the column path
 *   and the value's type, never the value.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { compileStruct, CellProblem, isJsonObject, type ConversionMode, type StructField } from './convertJsonValue.js';
import { FormatOptionError } from '../glue/index.js';
import { FormatConversionError, describeJsonType } from './errors.js';
import type { GlueTable } from '../glue/index.js';
import { printGlueType } from '../glue/index.js';
import { compileHiveTimestampParser } from './parseHiveTimestamp.js';
import { parseOpenXTimestamp } from './parseOpenXTimestamp.js';
import { LosslessNumber, readJsonValues } from './readJsonRecord.js';
import type { GlueType, Row } from '../glue/index.js';

/** Firehose's `OpenXJsonSerDe` (the default deserializer). */
export interface OpenXJsonSerDe {
  readonly kind: 'openx';
  /** Match JSON keys to columns in any case (keys are lower-cased). Default true. */
  readonly caseInsensitive?: boolean;
  /** Replace dots in JSON keys with underscores before matching (`a.b` fills column `a_b`). Default false. */
  readonly convertDotsInJsonKeysToUnderscores?: boolean;
  /** Column name → JSON key, for keys that cannot be column names (`{ ts: 'timestamp' }`). Top-level columns. Default {}. */
  readonly columnToJsonKeyMappings?: Readonly<Record<string, string>>;
}

/** Firehose's `HiveJsonSerDe`. */
export interface HiveJsonSerDe {
  readonly kind: 'hive';
  /** Joda-Time patterns, or 'millis', tried in order; then `yyyy-[M]M-[d]d HH:mm:ss[.S]`. Default []. */
  readonly timestampFormats?: readonly string[];
}

export type JsonSerDe = OpenXJsonSerDe | HiveJsonSerDe;

export type DeserializeResult = { readonly rows: Row[] } | { readonly error: FormatConversionError };

export type Deserializer = (record: Uint8Array | string) => DeserializeResult;

const OPENX = 'OpenXJsonSerDe';
const HIVE = 'HiveJsonSerDe';

/**
 * Compiles the deserializer for a table once (options checked, converters built); the returned function
 * is pure and never throws on any input.
 */
export function createDeserializer(table: GlueTable, serde: JsonSerDe = { kind: 'openx' }): Deserializer {
  const { mode, mappings } = compileSerdeMode(table, serde);
  const unit = mode.openx ? OPENX : HIVE;
  const fields: StructField[] = table.columns.map((column) => {
    const name = column.name.toLowerCase();
    const mapped = mappings.get(name);
    return { name, lookupKey: mode.normaliseKey(mapped ?? name), type: column.type };
  });
  const rowType: GlueType = { kind: 'struct', fields: table.columns.map((column) => ({ name: column.name, type: column.type })) };
  const convertRow = compileStruct(rowType, fields, mode);

  return function deserializeRecord(record) {
    let text: string;
    if (typeof record === 'string') {
      text = record;
    } else {
      const buffer = Buffer.isBuffer(record) ? record : Buffer.from(record.buffer, record.byteOffset, record.byteLength);
      if (!isUtf8(buffer)) return parseError(`${unit}: the record's ${record.byteLength} bytes are not valid UTF-8; send UTF-8 JSON`);
      text = buffer.toString('utf8');
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const read = readJsonValues(text);
    if ('problem' in read) return parseError(`${unit}: the record is not valid JSON (${read.problem}); send one JSON object, or several one after another`);
    const values = read.values;
    if (values.length === 0) return parseError(`${unit}: the record is empty; send a JSON object`);
    const rows: Row[] = [];
    for (let index = 0; index < values.length; index++) {
      const value = values[index]!;
      const where = values.length > 1 ? `object ${index + 1} of ${values.length}: ` : '';
      if (!isJsonObject(value)) {
        return parseError(
          Array.isArray(value)
            ? `${unit}: ${where}the record holds a top-level JSON array; Firehose reads JSON objects one after another ({…}{…}), not an array of them`
            : `${unit}: ${where}the record holds a top-level JSON ${value instanceof LosslessNumber ? 'number' : describeJsonType(value)}, not an object`,
        );
      }
      try {
        rows.push(convertRow(value)!);
      } catch (error) {
        if (!(error instanceof CellProblem)) throw error;
        const column = error.path();
        return {
          error: new FormatConversionError(
            'DataFormatConversion.MalformedData',
            `${unit}: ${where}column '${column}' (${printGlueType(error.type)}): ${error.problem}`,
            column,
          ),
        };
      }
    }
    return { rows };
  };
}

/**
 * Converts Firehose's API shape (`{ OpenXJsonSerDe: { CaseInsensitive, … } }` or `{ HiveJsonSerDe:
 * { TimestampFormats } }`, as in CloudFormation or `describe-delivery-stream`) into a `JsonSerDe`.
 */
export function serdeFromFirehoseDeserializer(deserializer: unknown): JsonSerDe {
  const unit = 'Deserializer';
  if (typeof deserializer !== 'object' || deserializer === null || Array.isArray(deserializer)) {
    throw new FormatOptionError(unit, 'Deserializer', `is ${describeJsonType(deserializer)}`, 'Pass { "OpenXJsonSerDe": { … } } or { "HiveJsonSerDe": { … } }.');
  }
  const entries = Object.entries(deserializer);
  const known = entries.filter(([key, value]) => (key === OPENX || key === HIVE) && value !== null && value !== undefined);
  if (known.length !== 1) {
    throw new FormatOptionError(unit, 'Deserializer', known.length === 0 ? 'names no deserializer' : 'names both deserializers', 'Set exactly one of OpenXJsonSerDe and HiveJsonSerDe (Firehose rejects both).');
  }
  const [key, config] = known[0]!;
  if (typeof config !== 'object' || Array.isArray(config)) {
    throw new FormatOptionError(unit, key, `is ${describeJsonType(config)}`, 'Use an object (it may be empty).');
  }
  const settings = config as Record<string, unknown>;
  if (key === HIVE) {
    checkKeys(HIVE, settings, ['TimestampFormats']);
    return settings['TimestampFormats'] === undefined ? { kind: 'hive' } : { kind: 'hive', timestampFormats: settings['TimestampFormats'] as string[] };
  }
  checkKeys(OPENX, settings, ['CaseInsensitive', 'ConvertDotsInJsonKeysToUnderscores', 'ColumnToJsonKeyMappings']);
  const serde: { -readonly [K in keyof OpenXJsonSerDe]: OpenXJsonSerDe[K] } = { kind: 'openx' };
  if (settings['CaseInsensitive'] !== undefined) serde.caseInsensitive = settings['CaseInsensitive'] as boolean;
  if (settings['ConvertDotsInJsonKeysToUnderscores'] !== undefined) serde.convertDotsInJsonKeysToUnderscores = settings['ConvertDotsInJsonKeysToUnderscores'] as boolean;
  if (settings['ColumnToJsonKeyMappings'] !== undefined) serde.columnToJsonKeyMappings = settings['ColumnToJsonKeyMappings'] as Record<string, string>;
  return serde;
}

/**
 * Checks the SerDe options against the table and returns how keys and values are read, plus the
 * column → JSON key mappings (lower-case column names). Shared with formats/serde/jsonSchema.ts.
 */
export function compileSerdeMode(table: GlueTable, serde: unknown): { mode: ConversionMode; mappings: Map<string, string> } {
  if (typeof serde !== 'object' || serde === null || Array.isArray(serde)) {
    throw new FormatOptionError('createDeserializer', 'serde', `is ${describeJsonType(serde)}`, "Pass { kind: 'openx', … } or { kind: 'hive', … }.");
  }
  const options = serde as Record<string, unknown>;
  if (options['kind'] === 'hive') {
    checkKeys(HIVE, options, ['kind', 'timestampFormats']);
    const formats = options['timestampFormats'];
    if (formats !== undefined && !Array.isArray(formats)) {
      throw new FormatOptionError(HIVE, 'timestampFormats', `is ${describeJsonType(formats)}`, "Give an array of Joda patterns or 'millis', e.g. [\"yyyy-MM-dd'T'HH:mm:ssZZ\", 'millis'].");
    }
    const parseTimestamp = compileHiveTimestampParser(formats as string[] | undefined);
    // Assumption: the Hive SerDe matches keys case-insensitively (Hive column names are lower case).
    return { mode: { openx: false, readsStrings: false, normaliseKey: (key) => key.toLowerCase(), parseTimestamp }, mappings: new Map() };
  }
  if (options['kind'] !== 'openx') {
    throw new FormatOptionError('createDeserializer', 'kind', `is ${JSON.stringify(options['kind']) ?? 'undefined'}`, "Use 'openx' (OpenXJsonSerDe, Firehose's default) or 'hive' (HiveJsonSerDe).");
  }
  checkKeys(OPENX, options, ['kind', 'caseInsensitive', 'convertDotsInJsonKeysToUnderscores', 'columnToJsonKeyMappings']);
  const caseInsensitive = checkBoolean(options, 'caseInsensitive', true);
  const dots = checkBoolean(options, 'convertDotsInJsonKeysToUnderscores', false);
  const normaliseKey = caseInsensitive
    ? dots
      ? (key: string) => key.replaceAll('.', '_').toLowerCase()
      : (key: string) => key.toLowerCase()
    : dots
      ? (key: string) => key.replaceAll('.', '_')
      : (key: string) => key;
  const mappings = new Map<string, string>();
  const rawMappings = options['columnToJsonKeyMappings'];
  if (rawMappings !== undefined) {
    if (typeof rawMappings !== 'object' || rawMappings === null || Array.isArray(rawMappings)) {
      throw new FormatOptionError(OPENX, 'columnToJsonKeyMappings', `is ${describeJsonType(rawMappings)}`, "Give an object of column name → JSON key, e.g. { ts: 'timestamp' }.");
    }
    const columnNames = new Set(table.columns.map((column) => column.name.toLowerCase()));
    for (const [column, key] of Object.entries(rawMappings)) {
      if (!columnNames.has(column.toLowerCase())) {
        throw new FormatOptionError(OPENX, `columnToJsonKeyMappings.${column}`, `names no column of table '${table.name}'`, `Map one of: ${[...columnNames].join(', ')}.`);
      }
      if (typeof key !== 'string' || key === '') {
        throw new FormatOptionError(OPENX, `columnToJsonKeyMappings.${column}`, `is ${typeof key === 'string' ? 'empty' : describeJsonType(key)}`, 'Map the column to the JSON key (a non-empty string) that holds its value.');
      }
      mappings.set(column.toLowerCase(), key);
    }
  }
  return { mode: { openx: true, readsStrings: true, normaliseKey, parseTimestamp: parseOpenXTimestamp }, mappings };
}

function checkKeys(unit: string, options: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new FormatOptionError(unit, key, 'is not a known option', `Known options: ${allowed.join(', ')}.`);
  }
}

function checkBoolean(options: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new FormatOptionError(OPENX, name, `is ${describeJsonType(value)}`, `Use true or false (default ${fallback}).`);
  return value;
}

function parseError(message: string): DeserializeResult {
  return { error: new FormatConversionError('DataFormatConversion.ParseError', message) };
}

/** Examples (also run as tests): `columns` are name → Glue type; `output` are the rows. */
export const examples = [
  {
    title: 'keys in any case fill lower-case columns; unknown keys are dropped; missing columns are null',
    options: { columns: { id: 'bigint', status: 'string', score: 'double' }, serde: { kind: 'openx' } },
    input: '{"ID": 42, "Status": "ok", "extra": true}',
    output: [{ id: 42n, status: 'ok', score: null }],
  },
  {
    title: 'several concatenated objects are several rows',
    options: { columns: { a: 'int' }, serde: { kind: 'openx' } },
    input: '{"a":1}{"a":2}\n{"a":3}',
    output: [{ a: 1 }, { a: 2 }, { a: 3 }],
  },
  {
    title: 'dots in keys become underscores when asked',
    options: { columns: { user_id: 'string' }, serde: { kind: 'openx', convertDotsInJsonKeysToUnderscores: true } },
    input: '{"user.id": "u-1"}',
    output: [{ user_id: 'u-1' }],
  },
  {
    title: 'a column read from a differently named key',
    options: { columns: { ts: 'timestamp' }, serde: { kind: 'openx', columnToJsonKeyMappings: { ts: 'timestamp' } } },
    input: '{"timestamp": "2017-02-07T15:13:01.39256Z"}',
    output: [{ ts: 1486480381392560000n }],
  },
  {
    title: 'decimals keep every digit (unscaled bigint)',
    options: { columns: { price: 'decimal(38,2)' }, serde: { kind: 'openx' } },
    input: '{"price": 123456789012345678901234567890.125}',
    output: [{ price: 12345678901234567890123456789013n }],
  },
  {
    title: 'Hive SerDe with a Joda timestamp format',
    options: { columns: { at: 'timestamp' }, serde: { kind: 'hive', timestampFormats: ['dd/MMM/yyyy:HH:mm:ss Z'] } },
    input: '{"at": "10/Oct/2000:13:55:36 -0700"}',
    output: [{ at: 971211336000000000n }],
  },
] as const;
