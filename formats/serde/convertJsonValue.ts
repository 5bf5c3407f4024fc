/**
 * Per-type converters from a JSON value to a `CellValue` (formats/glue/types.ts), compiled once per table
 * from the Glue types. Used by `createDeserializer` (formats/serde/deserializeJson.ts), which documents the
 * rules. A value that does not fit throws `CellProblem`; container converters add their path segment
 * on the way out, so the final message names the exact column path (`items[2].price`).
 */
import { Buffer } from 'node:buffer';
import { describeJsonType } from './errors.js';
import { decimalToInteger, parseDecimalText, parseIntegerText, toUnscaled, type DecimalText } from './decimalText.js';
import { parseEpochText, parseSqlDate } from './parseOpenXTimestamp.js';
import { LosslessNumber, MAX_JSON_DEPTH, type JsonInput, type JsonInputObject } from './readJsonRecord.js';
import type { CellValue, GlueType, StructValue } from '../glue/index.js';

/** How the SerDe reads values; built from the deserializer options. */
export interface ConversionMode {
  /** OpenX: objects fill string columns as JSON text, a scalar fills an array column as a one-element array, epoch numbers fill timestamps. */
  readonly openx: boolean;
  /** Strings holding numbers fill numeric columns (OpenX; and map keys, which JSON always writes as strings). */
  readonly readsStrings: boolean;
  /** Normalises a JSON key before it is compared with a (lower-case) field name. */
  readonly normaliseKey: (key: string) => string;
  /** Parses timestamp text (a JSON string, or the text of a JSON number). */
  readonly parseTimestamp: (text: string) => bigint | undefined;
}

export type Converter = (value: JsonInput) => CellValue;

/** A value that does not fit its column. `segments` is filled in by the enclosing containers. */
export class CellProblem {
  readonly segments: string[] = [];
  constructor(
    readonly type: GlueType,
    readonly problem: string,
  ) {}

  /** The column path, outermost first: `items`, `[2]`, `.price` → `items[2].price`. */
  path(): string {
    const path = this.segments.reduceRight((joined, segment) => joined + segment, '');
    return path.startsWith('.') ? path.slice(1) : path;
  }
}

export interface StructField {
  /** Lower-case field name: the key in the produced StructValue. */
  readonly name: string;
  /** The key as normalised JSON keys must equal it to fill this field. */
  readonly lookupKey: string;
  readonly type: GlueType;
}

const RANGES = {
  tinyint: [-128n, 127n],
  smallint: [-32_768n, 32_767n],
  int: [-2_147_483_648n, 2_147_483_647n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;

/** Largest number of distinct raw keys a struct converter remembers; hostile records cannot grow it further. */
const KEY_CACHE_LIMIT = 4096;

/** Compiles the converter for a type. Recursion follows the type tree, whose depth parseGlueType bounds. */
export function compileConverter(type: GlueType, mode: ConversionMode): Converter {
  switch (type.kind) {
    case 'boolean':
      return (value) => toBoolean(value, type);
    case 'tinyint':
    case 'smallint':
    case 'int': {
      const [min, max] = RANGES[type.kind];
      return (value) => {
        if (value === null) return null;
        if (typeof value === 'number' && Number.isInteger(value) && value >= Number(min) && value <= Number(max)) return value;
        return Number(toInteger(value, type, mode, min, max));
      };
    }
    case 'bigint': {
      const [min, max] = RANGES.bigint;
      return (value) => {
        if (value === null) return null;
        if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
        return toInteger(value, type, mode, min, max);
      };
    }
    case 'float':
      return (value) => {
        if (value === null) return null;
        return Math.fround(toDouble(value, type, mode));
      };
    case 'double':
      return (value) => {
        if (value === null) return null;
        return toDouble(value, type, mode);
      };
    case 'decimal': {
      const limit = 10n ** BigInt(type.precision);
      return (value) => {
        if (value === null) return null;
        const decimal = toDecimalText(value, type, mode);
        const unscaled = toUnscaled(decimal, type.scale, limit);
        if (unscaled === undefined) {
          throw new CellProblem(type, `got a number that needs more than ${type.precision - type.scale} digits before the decimal point (after rounding to ${type.scale} decimals); widen the precision or send a smaller value`);
        }
        return unscaled;
      };
    }
    case 'string':
      return (value) => toText(value, type, mode);
    case 'char':
    case 'varchar': {
      const length = type.length;
      return (value) => {
        const text = toText(value, type, mode);
        // Hive truncates char(n)/varchar(n) values to n characters (code points, not UTF-16 units).
        if (text === null || text.length <= length) return text;
        const codePoints = Array.from(text);
        return codePoints.length <= length ? text : codePoints.slice(0, length).join('');
      };
    }
    case 'binary':
      return (value) => toBinary(value, type);
    case 'date':
      return (value) => {
        if (value === null) return null;
        if (typeof value === 'string') {
          const days = parseSqlDate(value);
          if (days !== undefined) return days;
          throw new CellProblem(type, `got a string that is not a date yyyy-[M]M-[d]d from 0001-01-01 to 9999-12-31 (length ${value.length})`);
        }
        throw new CellProblem(type, `got ${article(typeOf(value))}; expected a string yyyy-[M]M-[d]d`);
      };
    case 'timestamp':
      return (value) => toTimestamp(value, type, mode);
    case 'array':
      return compileArray(type, type.element, mode);
    case 'map':
      return compileMap(type, mode);
    case 'struct':
      return compileStruct(
        type,
        type.fields.map((field) => ({ name: field.name.toLowerCase(), lookupKey: mode.normaliseKey(field.name.toLowerCase()), type: field.type })),
        mode,
      );
  }
}

function compileArray(type: GlueType, element: GlueType, mode: ConversionMode): Converter {
  const convertElement = compileConverter(element, mode);
  return (value) => {
    if (value === null) return null;
    if (!Array.isArray(value)) {
      // OpenX promotes a single value to a one-element array (OpenX README, "Promoting a Scalar to an Array").
      if (!mode.openx) throw new CellProblem(type, `got ${article(typeOf(value))}; expected a JSON array`);
      try {
        return [convertElement(value)];
      } catch (error) {
        throw withSegment(error, '[0]');
      }
    }
    const cells: CellValue[] = new Array<CellValue>(value.length);
    for (let i = 0; i < value.length; i++) {
      try {
        cells[i] = convertElement(value[i]!);
      } catch (error) {
        throw withSegment(error, `[${i}]`);
      }
    }
    return cells;
  };
}

function compileMap(type: GlueType & { kind: 'map' }, mode: ConversionMode): Converter {
  // JSON keys are always strings: read numbers from them in both modes.
  const convertKey = compileConverter(type.key, { ...mode, readsStrings: true });
  const convertValue = compileConverter(type.value, mode);
  return (value) => {
    if (value === null) return null;
    if (!isJsonObject(value)) throw new CellProblem(type, `got ${article(typeOf(value))}; expected a JSON object`);
    const cells = new Map<CellValue, CellValue>();
    for (const key of Object.keys(value)) {
      let cellKey: CellValue;
      try {
        cellKey = convertKey(key);
      } catch (error) {
        throw withSegment(error, '{key}');
      }
      try {
        cells.set(cellKey, convertValue(value[key]!));
      } catch (error) {
        throw withSegment(error, '[…]');
      }
    }
    return cells;
  };
}

/**
 * Struct (and row) converter: each JSON key is normalised (lower case, dots to underscores, as the SerDe
 * options say) and looked up among the fields; keys of no field are dropped, fields of no key are null.
 * When two keys normalise to the same field, the later one wins.
 */
export function compileStruct(type: GlueType, fields: readonly StructField[], mode: ConversionMode): (value: JsonInput) => StructValue | null {
  const converters = fields.map((field) => compileConverter(field.type, mode));
  const byLookupKey = new Map<string, number[]>();
  fields.forEach((field, index) => {
    const indexes = byLookupKey.get(field.lookupKey) ?? [];
    indexes.push(index);
    byLookupKey.set(field.lookupKey, indexes);
  });
  const noFields: number[] = [];
  const cache = new Map<string, number[]>();
  const fieldsOfKey = (key: string): number[] => {
    let indexes = cache.get(key);
    if (indexes === undefined) {
      indexes = byLookupKey.get(mode.normaliseKey(key)) ?? noFields;
      if (cache.size < KEY_CACHE_LIMIT) cache.set(key, indexes);
    }
    return indexes;
  };
  const names = fields.map((field) => field.name);
  // Every struct starts as a copy of this all-null template: one shape for all, built by a fast clone.
  const template: StructValue = {};
  for (const name of names) template[name] = null;
  return (value) => {
    if (value === null) return null;
    if (!isJsonObject(value)) throw new CellProblem(type, `got ${article(typeOf(value))}; expected a JSON object`);
    const struct: StructValue = { ...template };
    let index = -1;
    try {
      for (const key of Object.keys(value)) {
        const indexes = fieldsOfKey(key);
        for (let i = 0; i < indexes.length; i++) {
          index = indexes[i]!;
          struct[names[index]!] = converters[index]!(value[key]!);
        }
      }
    } catch (error) {
      throw withSegment(error, `.${names[index]!}`);
    }
    return struct;
  };
}

export function isJsonObject(value: JsonInput): value is JsonInputObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof LosslessNumber);
}

function withSegment(error: unknown, segment: string): unknown {
  if (error instanceof CellProblem) error.segments.push(segment);
  return error;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** describeJsonType, with LosslessNumber reported as the number it is. */
function typeOf(value: JsonInput): string {
  return value instanceof LosslessNumber ? 'number' : describeJsonType(value);
}

function toBoolean(value: JsonInput, type: GlueType): CellValue {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    throw new CellProblem(type, `got a string that is not "true" or "false" (length ${value.length})`);
  }
  throw new CellProblem(type, `got ${article(typeOf(value))}; expected a JSON boolean or the string "true"/"false"`);
}

function numberText(value: number | LosslessNumber): string {
  return typeof value === 'number' ? String(value) : value.text;
}

function toInteger(value: JsonInput, type: GlueType, mode: ConversionMode, min: bigint, max: bigint): bigint {
  const expected = `expected a JSON integer from ${min} to ${max}${mode.readsStrings ? ' or a string holding one' : ''}`;
  let integer: bigint | undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // JSON.parse turns 1e400 into Infinity.
    throw new CellProblem(type, `got a number out of range; ${expected}`);
  } else if (typeof value === 'number' || value instanceof LosslessNumber) {
    const decimal = parseDecimalText(numberText(value), false);
    integer = decimal === undefined ? undefined : decimalToInteger(decimal);
    if (integer === undefined) throw new CellProblem(type, `got a number with a fractional part; ${expected}`);
  } else if (typeof value === 'string' && mode.readsStrings) {
    integer = parseIntegerText(value);
    if (integer === undefined) throw new CellProblem(type, `got a string that is not an integer (length ${value.length}); ${expected}`);
  } else {
    throw new CellProblem(type, `got ${article(typeOf(value))}; ${expected}`);
  }
  if (integer < min || integer > max) throw new CellProblem(type, `got ${article(typeOf(value))} out of range; ${expected}`);
  return integer;
}

const SPECIAL_DOUBLES: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

function toDouble(value: JsonInput, type: GlueType, mode: ConversionMode): number {
  if (typeof value === 'number') return value;
  if (value instanceof LosslessNumber) return Number(value.text);
  if (typeof value === 'string' && mode.readsStrings) {
    if (Object.hasOwn(SPECIAL_DOUBLES, value)) return SPECIAL_DOUBLES[value]!;
    if (parseDecimalText(value, true) !== undefined) return Number(value);
    throw new CellProblem(type, `got a string that is not a number (length ${value.length}); expected a JSON number or a string holding one`);
  }
  throw new CellProblem(type, `got ${article(typeOf(value))}; expected a JSON number${mode.readsStrings ? ' or a string holding one' : ''}`);
}

function toDecimalText(value: JsonInput, type: GlueType, mode: ConversionMode): DecimalText {
  let decimal: DecimalText | undefined;
  if (typeof value === 'number' || value instanceof LosslessNumber) {
    decimal = parseDecimalText(numberText(value), false);
  } else if (typeof value === 'string' && mode.readsStrings) {
    decimal = parseDecimalText(value, true);
    if (decimal === undefined) throw new CellProblem(type, `got a string that is not a decimal number (length ${value.length}); expected a JSON number or a string holding one`);
  } else {
    throw new CellProblem(type, `got ${article(typeOf(value))}; expected a JSON number${mode.readsStrings ? ' or a string holding one' : ''}`);
  }
  // JSON.parse turns 1e400 into Infinity, whose text is not a number.
  if (decimal === undefined) throw new CellProblem(type, `got a number that does not fit ${type.kind === 'decimal' ? `decimal(${type.precision},${type.scale})` : type.kind}`);
  return decimal;
}

function toText(value: JsonInput, type: GlueType, mode: ConversionMode): string | null {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'number' || value instanceof LosslessNumber) return numberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (!mode.openx) throw new CellProblem(type, `got ${article(typeOf(value))}; expected a JSON string, number or boolean`);
  // OpenX hands nested objects and arrays to a string column as their JSON text.
  const text = stringify(value, 0);
  if (text === undefined) throw new CellProblem(type, `got ${article(typeOf(value))} nested deeper than ${MAX_JSON_DEPTH} levels`);
  return text;
}

/** Compact JSON text of a parsed value (LosslessNumber kept verbatim); undefined when too deep. */
function stringify(value: JsonInput, depth: number): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof LosslessNumber) return value.text;
  if (depth >= MAX_JSON_DEPTH) return undefined;
  const parts: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = stringify(item, depth + 1);
      if (text === undefined) return undefined;
      parts.push(text);
    }
    return `[${parts.join(',')}]`;
  }
  for (const key of Object.keys(value)) {
    const text = stringify(value[key]!, depth + 1);
    if (text === undefined) return undefined;
    parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function toBinary(value: JsonInput, type: GlueType): CellValue {
  if (value === null) return null;
  if (typeof value !== 'string') throw new CellProblem(type, `got ${article(typeOf(value))}; expected a base64 string`);
  if (!BASE64.test(value)) throw new CellProblem(type, `got a string that is not base64 (length ${value.length}); expected standard base64 with padding`);
  return new Uint8Array(Buffer.from(value, 'base64'));
}

function toTimestamp(value: JsonInput, type: GlueType, mode: ConversionMode): CellValue {
  if (value === null) return null;
  let nanos: bigint | undefined;
  if (typeof value === 'string') {
    nanos = mode.parseTimestamp(value);
  } else if (typeof value === 'number' || value instanceof LosslessNumber) {
    nanos = mode.openx ? parseEpochText(numberText(value)) : mode.parseTimestamp(numberText(value));
  } else {
    throw new CellProblem(type, `got ${article(typeOf(value))}; expected a timestamp string or epoch number`);
  }
  if (nanos === undefined) {
    const what = typeof value === 'string' ? `a string (length ${value.length})` : 'a number';
    throw new CellProblem(
      type,
      mode.openx
        ? `got ${what} that is not a timestamp; expected yyyy-MM-dd'T'HH:mm:ss[.S]'Z', yyyy-[M]M-[d]d HH:mm:ss[.S], epoch seconds or epoch milliseconds between years 0001 and 9999`
        : `got ${what} that matches none of the TimestampFormats nor yyyy-[M]M-[d]d HH:mm:ss[.S]`,
    );
  }
  return nanos;
}
