/**
 * The schema-compiled JSON decoder: the same contract as `createDeserializer` (formats/serde/deserializeJson.ts,
 * which documents the OpenX and Hive rules and stays the reference), built for speed. It reads each
 * record's text once, left to right, and produces every column's value directly:
 * - keys are matched against the Glue table while scanning (a key seen at the same place in the previous
 *   record is recognised by one comparison, other keys through a bounded cache of normalised keys); values
 *   of keys the table does not have are validated and skipped, never built;
 * - numbers are converted from their text (integers of up to 15 digits and short decimals without
 *   floating point rounding, longer ones exactly, as the reference does); strings are cut out of the
 *   record only where a column needs them; dates, timestamps and base64 are read where they stand
 *   (formats/serde/scanCellText.ts).
 *
 * Equivalence with the reference: for every input the result is the reference's result. The decoder
 * decides the records that occur in practice itself, duplicate and case-differing keys included (the key
 * first seen last wins with its last value, as in the reference's Object.keys walk; map entries keep the
 * reference's order, array-index keys first). Whenever the outcome is a failure — invalid UTF-8 or JSON, a
 * value that does not fit its column — or depends on rules it does not repeat (an array-index key
 * competing for a struct field, nesting deeper than MAX_JSON_DEPTH, a top-level value that is not an
 * object), it hands the record to the reference deserializer, whose answer (message included) is then the
 * result. The differential property test (test/formats/serde/compiledDeserializer.property.test.ts) holds
 * the two equal.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { CellProblem, compileConverter, type Converter, type ConversionMode, type StructField } from './convertJsonValue.js';
import { compileSerdeMode, createDeserializer, type Deserializer, type JsonSerDe } from './deserializeJson.js';
import { isTimestampInRange, NANOS_PER_MILLI, NANOS_PER_SECOND } from './civilTime.js';
import { scanBase64, scanOpenXTimestamp, scanSqlDate } from './scanCellText.js';
import { createSpecialByteScanner, type SpecialByteScanner } from './specialBytes.js';
import { LosslessNumber, MAX_JSON_DEPTH, MAYBE_INEXACT_NUMBER, type JsonInput, type JsonInputObject } from './readJsonRecord.js';
import type { CellValue, GlueTable, GlueType, Row, StructValue } from '../glue/index.js';
import { generateFunction } from '../../transforms/core/index.js';

/** Thrown inside the decoder to hand the record to the reference deserializer. */
class HandOver {}
const HAND_OVER = new HandOver();

/** Largest number of distinct raw keys a struct reader remembers (as the reference's key cache). */
const KEY_CACHE_LIMIT = 4096;

/** 10^0 … 10^22: exact doubles, so that m / 10^f is the correctly rounded value of m·10^-f for m < 2^53. */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** A backslash or any control character: where strings stop being plain slices of the record. */
const SPECIAL = /[\x00-\x1f\\]/g;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;

/** The scanner's state for the record being read. One per compiled decoder; the decoder is not reentrant. */
class Cursor {
  text = '';
  pos = 0;
  /** Index of the first backslash or control character at or after the last search; text.length when none. */
  special = -1;
  /** Whether the reference would take its lossless path on this record: -1 not yet known, 0 no, 1 yes. */
  lossless = -1;
  // The last number scanned: sign, up to 15 digits as a number, fraction digit count, whether simple.
  numNegative = false;
  numMantissa = 0;
  numFraction = 0;
  /** No exponent and at most 15 digits: mantissa and fraction hold the exact value. */
  numSimple = false;
  numStart = 0;

  reset(text: string): void {
    this.text = text;
    this.pos = 0;
    this.lossless = -1;
    this.special = -1;
  }

  fail(): never {
    throw HAND_OVER;
  }

  skipSpace(): number {
    const text = this.text;
    let pos = this.pos;
    let c = text.charCodeAt(pos);
    if (c > 0x20) return c;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++pos);
    this.pos = pos;
    return c;
  }

  isLossless(): boolean {
    if (this.lossless < 0) this.lossless = MAYBE_INEXACT_NUMBER.test(this.text) ? 1 : 0;
    return this.lossless === 1;
  }

  /**
   * Where the string at pos ends (its closing quote), or -1 when it holds an escape or a control
   * character. One search per record finds the first backslash or control character (native code,
   * several times faster than a loop over the characters); strings ending before it are plain.
   */
  plainStringEnd(): number {
    const start = this.pos + 1;
    const end = this.text.indexOf('"', start);
    if (end < 0) return -1;
    if (this.special < start) {
      SPECIAL.lastIndex = start;
      const match = SPECIAL.exec(this.text);
      this.special = match === null ? this.text.length : match.index;
    }
    return end < this.special ? end : -1;
  }

  /**
   * Reads the string at pos (pos at its opening quote) and returns its value: V8 gives a slice of 13 or
   * more characters as a view of the record text, which the cell then keeps alive (see `decodeRecord`).
   */
  readString(): string {
    const end = this.plainStringEnd();
    if (end < 0) return this.readEscapedString(this.pos + 1);
    const start = this.pos + 1;
    this.pos = end + 1;
    return this.text.slice(start, end);
  }

  /** Validates the string at pos and moves past it, without building it. */
  skipString(): void {
    const end = this.plainStringEnd();
    if (end < 0) this.readEscapedString(this.pos + 1);
    else this.pos = end + 1;
  }

  /** The careful path: escapes decoded as JSON.parse does; control characters and bad escapes hand over. */
  readEscapedString(start: number): string {
    const text = this.text;
    const length = text.length;
    let result = '';
    let chunk = start;
    let pos = start;
    for (;;) {
      if (pos >= length) this.fail();
      const c = text.charCodeAt(pos);
      if (c === QUOTE) break;
      if (c < 0x20) this.fail();
      if (c !== BACKSLASH) {
        pos++;
        continue;
      }
      result += text.slice(chunk, pos);
      const e = text.charCodeAt(pos + 1);
      pos += 2;
      switch (e) {
        case 0x22:
          result += '"';
          break;
        case 0x5c:
          result += '\\';
          break;
        case 0x2f:
          result += '/';
          break;
        case 0x62:
          result += '\b';
          break;
        case 0x66:
          result += '\f';
          break;
        case 0x6e:
          result += '\n';
          break;
        case 0x72:
          result += '\r';
          break;
        case 0x74:
          result += '\t';
          break;
        case 0x75: {
          let code = 0;
          for (let i = 0; i < 4; i++) {
            const h = text.charCodeAt(pos + i);
            const digit = h >= 0x30 && h <= 0x39 ? h - 0x30 : h >= 0x61 && h <= 0x66 ? h - 0x57 : h >= 0x41 && h <= 0x46 ? h - 0x37 : -1;
            if (digit < 0) this.fail();
            code = code * 16 + digit;
          }
          result += String.fromCharCode(code);
          pos += 4;
          break;
        }
        default:
          this.fail();
      }
      chunk = pos;
    }
    this.pos = pos + 1;
    return result + text.slice(chunk, pos);
  }

  /** Scans a JSON number at pos (grammar checked); fills the num* fields; returns its end. */
  scanNumber(): number {
    const text = this.text;
    let pos = this.pos;
    this.numStart = pos;
    let c = text.charCodeAt(pos);
    const negative = c === MINUS;
    if (negative) c = text.charCodeAt(++pos);
    let mantissa = 0;
    let digits = 0;
    if (c === 0x30) {
      c = text.charCodeAt(++pos);
    } else if (c >= 0x31 && c <= 0x39) {
      do {
        mantissa = mantissa * 10 + (c - 0x30);
        digits++;
        c = text.charCodeAt(++pos);
      } while (c >= 0x30 && c <= 0x39);
    } else {
      this.fail();
    }
    let fraction = 0;
    if (c === 0x2e) {
      c = text.charCodeAt(++pos);
      if (!(c >= 0x30 && c <= 0x39)) this.fail();
      do {
        mantissa = mantissa * 10 + (c - 0x30);
        // Leading zeros of a fraction (0.005) add no significant digit but do shift the value.
        if (digits > 0 || c !== 0x30) digits++;
        fraction++;
        c = text.charCodeAt(++pos);
      } while (c >= 0x30 && c <= 0x39);
    }
    let simple = digits <= 15 && fraction <= 22;
    if (c === 0x65 || c === 0x45) {
      simple = false;
      c = text.charCodeAt(++pos);
      if (c === 0x2b || c === MINUS) c = text.charCodeAt(++pos);
      if (!(c >= 0x30 && c <= 0x39)) this.fail();
      do c = text.charCodeAt(++pos);
      while (c >= 0x30 && c <= 0x39);
    }
    this.numNegative = negative;
    this.numMantissa = mantissa;
    this.numFraction = fraction;
    this.numSimple = simple;
    this.pos = pos;
    return pos;
  }

  /** The last scanned number as a double (what JSON.parse gives for it). */
  numberAsDouble(): number {
    if (this.numSimple) {
      const magnitude = this.numFraction === 0 ? this.numMantissa : this.numMantissa / POW10[this.numFraction]!;
      return this.numNegative ? -magnitude : magnitude;
    }
    return Number(this.text.slice(this.numStart, this.pos));
  }

  /**
   * The last scanned number as the reference's value: a plain integer of up to 15 digits is the same
   * whichever path the reference takes (its text is the double's shortest text); anything else is a
   * double or a LosslessNumber, as the reference's choice of parser for this record decides.
   */
  numberAsInput(): JsonInput {
    if (this.numSimple && this.numFraction === 0 && !(this.numNegative && this.numMantissa === 0)) {
      return this.numNegative ? -this.numMantissa : this.numMantissa;
    }
    const text = this.text.slice(this.numStart, this.pos);
    return this.isLossless() ? new LosslessNumber(text) : Number(text);
  }

  literal(word: string): void {
    if (!this.text.startsWith(word, this.pos)) this.fail();
    this.pos += word.length;
  }

  /** Builds the value at pos as the reference's parser would (objects with a null prototype). */
  readAny(depth: number): JsonInput {
    const c = this.skipSpace();
    switch (c) {
      case QUOTE:
        return this.readString();
      case OPEN_BRACE: {
        if (depth + 1 > MAX_JSON_DEPTH) this.fail();
        this.pos++;
        const object = Object.create(null) as JsonInputObject;
        if (this.skipSpace() === CLOSE_BRACE) {
          this.pos++;
          return object;
        }
        for (;;) {
          if (this.skipSpace() !== QUOTE) this.fail();
          const key = this.readString();
          if (this.skipSpace() !== COLON) this.fail();
          this.pos++;
          object[key] = this.readAny(depth + 1);
          const next = this.skipSpace();
          this.pos++;
          if (next === CLOSE_BRACE) return object;
          if (next !== COMMA) this.fail();
        }
      }
      case OPEN_BRACKET: {
        if (depth + 1 > MAX_JSON_DEPTH) this.fail();
        this.pos++;
        const items: JsonInput[] = [];
        if (this.skipSpace() === CLOSE_BRACKET) {
          this.pos++;
          return items;
        }
        for (;;) {
          items.push(this.readAny(depth + 1));
          const next = this.skipSpace();
          this.pos++;
          if (next === CLOSE_BRACKET) return items;
          if (next !== COMMA) this.fail();
        }
      }
      case 0x74:
        this.literal('true');
        return true;
      case 0x66:
        this.literal('false');
        return false;
      case 0x6e:
        this.literal('null');
        return null;
      default:
        this.scanNumber();
        return this.numberAsInput();
    }
  }

  /** Validates the value at pos and moves past it, building nothing. */
  skipValue(depth: number): void {
    const c = this.skipSpace();
    switch (c) {
      case QUOTE:
        this.skipString();
        return;
      case OPEN_BRACE: {
        if (depth + 1 > MAX_JSON_DEPTH) this.fail();
        this.pos++;
        if (this.skipSpace() === CLOSE_BRACE) {
          this.pos++;
          return;
        }
        for (;;) {
          if (this.skipSpace() !== QUOTE) this.fail();
          this.skipString();
          if (this.skipSpace() !== COLON) this.fail();
          this.pos++;
          this.skipValue(depth + 1);
          const next = this.skipSpace();
          this.pos++;
          if (next === CLOSE_BRACE) return;
          if (next !== COMMA) this.fail();
        }
      }
      case OPEN_BRACKET: {
        if (depth + 1 > MAX_JSON_DEPTH) this.fail();
        this.pos++;
        if (this.skipSpace() === CLOSE_BRACKET) {
          this.pos++;
          return;
        }
        for (;;) {
          this.skipValue(depth + 1);
          const next = this.skipSpace();
          this.pos++;
          if (next === CLOSE_BRACKET) return;
          if (next !== COMMA) this.fail();
        }
      }
      case 0x74:
        this.literal('true');
        return;
      case 0x66:
        this.literal('false');
        return;
      case 0x6e:
        this.literal('null');
        return;
      default:
        this.scanNumber();
    }
  }
}

/**
 * Reads one value (whitespace before it skipped) at the depth of its enclosing container and returns
 * the column's cell; hands over (throws) whenever the reference's finer rules decide.
 */
type Reader = (depth: number) => CellValue;

/**
 * Compiles the decoder for a table and SerDe. Options are checked exactly as `createDeserializer` checks
 * them (same errors); the returned function is pure and never throws on any input.
 */
export function createCompiledDeserializer(table: GlueTable, serde: JsonSerDe = { kind: 'openx' }): Deserializer {
  const reference = createDeserializer(table, serde);
  const decode = createRowDecoder(table, serde);
  return function deserializeRecord(record) {
    const rows = decode(record);
    return rows === undefined ? reference(record) : { rows };
  };
}

/**
 * The decoder alone: the rows of a record, or undefined where the reference deserializer decides (a
 * failure, or one of the cases listed at the top of this file). Exported for the differential test,
 * which also checks how many records the decoder decides itself.
 */
export function createRowDecoder(table: GlueTable, serde: JsonSerDe = { kind: 'openx' }, options: DecoderOptions = {}): (record: Uint8Array | string) => Row[] | undefined {
  return compileRecordDecoder(table, serde, false, options) as (record: Uint8Array | string) => Row[] | undefined;
}

/**
 * Column-by-column feeding of the writers: each row of a record as the cells of the table's columns in
 * table order (cells[i] is what the reference's row holds under columns[i]'s lower-case name), or
 * undefined where the reference deserializer decides. No row object is built; the Parquet writer takes
 * the cells as they are (ParquetStreamWriter.writeCells).
 */
export function createColumnDecoder(table: GlueTable, serde: JsonSerDe = { kind: 'openx' }, options: DecoderOptions = {}): (record: Uint8Array | string) => CellValue[][] | undefined {
  return compileRecordDecoder(table, serde, true, options) as (record: Uint8Array | string) => CellValue[][] | undefined;
}

/** Options of the decoders, for tests: `byteScan: false` finds escapes with the regular expression only. */
export interface DecoderOptions {
  readonly byteScan?: boolean;
}

/** One byte scanner for every decoder of the thread (each use is synchronous, start to end). */
let sharedByteScanner: SpecialByteScanner | undefined | null = null;

function compileRecordDecoder(table: GlueTable, serde: JsonSerDe, asCells: boolean, options: DecoderOptions): (record: Uint8Array | string) => CellValue[] | undefined {
  if (sharedByteScanner === null) sharedByteScanner = createSpecialByteScanner();
  const byteScanner = options.byteScan === false ? undefined : sharedByteScanner;
  const { mode, mappings } = compileSerdeMode(table, serde);
  const cursor = new Cursor();
  const fields: StructField[] = table.columns.map((column) => {
    const name = column.name.toLowerCase();
    return { name, lookupKey: mode.normaliseKey(mappings.get(name) ?? name), type: column.type };
  });
  const readRow = compileStructReader(cursor, fields, mode, asCells);

  return function decodeRecord(record) {
    let text: string;
    // Where the first backslash or control character is, when the bytes tell: -1 leaves it to the regex.
    let special = -1;
    if (typeof record === 'string') {
      // Kept cells are slices of the text they were read from, and keep it alive while the writer holds
      // them. A string record may itself be a view of a much larger text (a line of a file chunk): work
      // on a copy of the record alone, made by flattening a concatenation (the trailing space is JSON
      // whitespace). A decoded byte record is already a text of its own.
      text = record.length < 13 ? record : `${record} `;
    } else {
      const buffer = Buffer.isBuffer(record) ? record : Buffer.from(record.buffer, record.byteOffset, record.byteLength);
      text = buffer.toString('utf8');
      // Invalid UTF-8 always decodes to some U+FFFD; a one-byte string cannot hold one, so this is cheap.
      if (text.indexOf('\uFFFD') >= 0 && !isUtf8(buffer)) return undefined;
      if (byteScanner !== undefined) {
        const at = byteScanner.firstSpecial(buffer);
        // None at all; or one in an ASCII record (as many characters as bytes), where the places agree.
        if (at === buffer.length) special = Number.MAX_SAFE_INTEGER;
        else if (text.length === buffer.length) special = at;
      }
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    cursor.reset(text);
    if (special >= 0) cursor.special = Math.min(special, text.length);
    const rows: CellValue[] = [];
    try {
      for (;;) {
        const c = cursor.skipSpace();
        if (cursor.pos >= text.length) break;
        if (c !== OPEN_BRACE) return undefined;
        rows.push(readRow(0));
      }
    } catch (error) {
      if (error === HAND_OVER || error instanceof CellProblem) return undefined;
      throw error;
    }
    return rows.length === 0 ? undefined : rows;
  };
}

function compileReader(cursor: Cursor, type: GlueType, mode: ConversionMode): Reader {
  switch (type.kind) {
    case 'array':
      return compileArrayReader(cursor, type.element, mode);
    case 'map':
      return compileMapReader(cursor, type, mode);
    case 'struct':
      return compileStructReader(
        cursor,
        type.fields.map((field) => ({ name: field.name.toLowerCase(), lookupKey: mode.normaliseKey(field.name.toLowerCase()), type: field.type })),
        mode,
      );
    default:
      return compilePrimitiveReader(cursor, type, mode);
  }
}

/**
 * Primitive columns: the reference's own converter gives the cell (and any failure) from the value the
 * reference would have built; numbers skip building a value where their text alone decides the cell.
 */
function compilePrimitiveReader(cursor: Cursor, type: GlueType, mode: ConversionMode): Reader {
  const convert = compileConverter(type, mode);
  const fromNumber = compileNumberConversion(cursor, type, convert, mode.openx);
  const isString = type.kind === 'string';
  // Strings that become a date, a timestamp or bytes are read where they stand (formats/serde/scanCellText.ts).
  const scan: ((text: string, start: number, end: number) => CellValue | undefined) | undefined =
    type.kind === 'date' ? scanSqlDate : type.kind === 'binary' ? scanBase64 : type.kind === 'timestamp' && mode.openx ? scanOpenXTimestamp : undefined;
  return (depth) => {
    const c = cursor.skipSpace();
    if (c === QUOTE) {
      if (scan !== undefined) {
        const end = cursor.plainStringEnd();
        if (end >= 0) {
          const cell = scan(cursor.text, cursor.pos + 1, end);
          if (cell === undefined) cursor.fail();
          cursor.pos = end + 1;
          return cell;
        }
      }
      const text = cursor.readString();
      return isString ? text : convert(text);
    }
    if (c === MINUS || (c >= 0x30 && c <= 0x39)) {
      cursor.scanNumber();
      return fromNumber();
    }
    if (c === 0x6e) {
      cursor.literal('null');
      return null;
    }
    return convert(cursor.readAny(depth));
  };
}

function compileNumberConversion(cursor: Cursor, type: GlueType, convert: Converter, openx: boolean): () => CellValue {
  switch (type.kind) {
    case 'double':
      // The reference gives Number(text) on both of its paths.
      return () => cursor.numberAsDouble();
    case 'float':
      return () => Math.fround(cursor.numberAsDouble());
    case 'tinyint':
    case 'smallint':
    case 'int': {
      const [min, max] = type.kind === 'tinyint' ? [-128, 127] : type.kind === 'smallint' ? [-32_768, 32_767] : [-2_147_483_648, 2_147_483_647];
      return () => {
        if (cursor.numSimple && cursor.numFraction === 0 && !(cursor.numNegative && cursor.numMantissa === 0)) {
          const value = cursor.numNegative ? -cursor.numMantissa : cursor.numMantissa;
          if (value >= min && value <= max) return value;
        }
        return convert(cursor.numberAsInput());
      };
    }
    case 'bigint':
      return () => {
        if (cursor.numSimple && cursor.numFraction === 0) return BigInt(cursor.numNegative ? -cursor.numMantissa : cursor.numMantissa);
        return convert(cursor.numberAsInput());
      };
    case 'decimal': {
      const { precision, scale } = type;
      const limit = 10 ** precision;
      return () => {
        // At most 15 significant digits and no exponent: both of the reference's paths read the same value.
        if (cursor.numSimple && cursor.numFraction <= scale) {
          const unscaled = cursor.numMantissa * POW10[scale - cursor.numFraction]!;
          if (Number.isSafeInteger(unscaled) && unscaled < limit) return BigInt(cursor.numNegative ? -unscaled : unscaled);
        }
        return convert(cursor.numberAsInput());
      };
    }
    case 'timestamp':
      if (!openx) return () => convert(cursor.numberAsInput());
      // OpenX epoch numbers: a whole number of up to 15 digits is epoch milliseconds from 13 digits on,
      // epoch seconds below (parseEpochText's rule, read here without going through its text).
      return () => {
        if (cursor.numSimple && cursor.numFraction === 0 && !(cursor.numNegative && cursor.numMantissa === 0)) {
          const mantissa = cursor.numMantissa;
          const magnitude = BigInt(mantissa) * (mantissa >= 1e12 ? NANOS_PER_MILLI : NANOS_PER_SECOND);
          const nanos = cursor.numNegative ? -magnitude : magnitude;
          if (isTimestampInRange(nanos)) return nanos;
        }
        return convert(cursor.numberAsInput());
      };
    default:
      return () => convert(cursor.numberAsInput());
  }
}

function compileArrayReader(cursor: Cursor, element: GlueType, mode: ConversionMode): Reader {
  const readElement = compileReader(cursor, element, mode);
  return (depth) => {
    const c = cursor.skipSpace();
    if (c === 0x6e) {
      cursor.literal('null');
      return null;
    }
    if (c !== OPEN_BRACKET) {
      // OpenX promotes a single value to a one-element array; Hive fails the record (reference's message).
      if (!mode.openx) cursor.fail();
      return [readElement(depth)];
    }
    if (depth + 1 > MAX_JSON_DEPTH) cursor.fail();
    cursor.pos++;
    const cells: CellValue[] = [];
    if (cursor.skipSpace() === CLOSE_BRACKET) {
      cursor.pos++;
      return cells;
    }
    for (;;) {
      cells.push(readElement(depth + 1));
      const next = cursor.skipSpace();
      cursor.pos++;
      if (next === CLOSE_BRACKET) return cells;
      if (next !== COMMA) cursor.fail();
    }
  };
}

/** Whether a key is an array index ("0", "17"): such keys come first in an object's key order. */
function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  if (!(first >= 0x30 && first <= 0x39)) return false;
  if (key.length > 10 || (first === 0x30 && key.length > 1)) return false;
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (!(c >= 0x30 && c <= 0x39)) return false;
  }
  return Number(key) < 4_294_967_295;
}

function compileMapReader(cursor: Cursor, type: GlueType & { kind: 'map' }, mode: ConversionMode): Reader {
  // JSON keys are always strings: the reference reads numbers from them in both modes.
  const convertKey = compileConverter(type.key, { ...mode, readsStrings: true });
  const readValue = compileReader(cursor, type.value, mode);
  // A string key is the JSON key itself: the Map of the object's entries is then the cell.
  const stringKeys = type.key.kind === 'string';
  return (depth) => {
    const c = cursor.skipSpace();
    if (c === 0x6e) {
      cursor.literal('null');
      return null;
    }
    if (c !== OPEN_BRACE || depth + 1 > MAX_JSON_DEPTH) cursor.fail();
    cursor.pos++;
    if (cursor.skipSpace() === CLOSE_BRACE) {
      cursor.pos++;
      return new Map<CellValue, CellValue>();
    }
    // The reference walks Object.keys of the parsed object: a repeated key keeps its first place and
    // takes its last value, as in a Map; array-index keys ("7") come first, in numeric order.
    const entries = new Map<CellValue, CellValue>();
    let indexKeys = false;
    for (;;) {
      if (cursor.skipSpace() !== QUOTE) cursor.fail();
      const key = cursor.readString();
      if (cursor.skipSpace() !== COLON) cursor.fail();
      cursor.pos++;
      entries.set(key, readValue(depth + 1));
      indexKeys ||= isIndexKey(key);
      const next = cursor.skipSpace();
      cursor.pos++;
      if (next === CLOSE_BRACE) break;
      if (next !== COMMA) cursor.fail();
    }
    if (stringKeys && !indexKeys) return entries;
    const keys = [...entries.keys()] as string[];
    const ordered = indexKeys ? [...keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b)), ...keys.filter((key) => !isIndexKey(key))] : keys;
    const cells = new Map<CellValue, CellValue>();
    for (const key of ordered) cells.set(convertKey(key), entries.get(key)!);
    return cells;
  };
}

/**
 * Struct (and row) reader. Keys are matched as the reference matches them (normalised, then looked up
 * among the fields' lookup keys); a field filled twice in one object keeps the value the reference's
 * Object.keys walk would leave (see `refill`).
 */
function compileStructReader(cursor: Cursor, fields: readonly StructField[], mode: ConversionMode, asCells = false): Reader {
  const readers = fields.map((field) => compileReader(cursor, field.type, mode));
  // String fields (the most common) are read in place when their value is a string: no call.
  const stringField = Uint8Array.from(fields, (field) => (field.type.kind === 'string' ? 1 : 0));
  const converters: Converter[] = [];
  const converterOf = (index: number): Converter => (converters[index] ??= compileConverter(fields[index]!.type, mode));
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
  // The keys of the previous object, by position: records of one stream mostly repeat their key order.
  const seenKeys: string[] = [];
  const seenCodes: Uint16Array[] = [];
  const seenFields: number[][] = [];
  const names = fields.map((field) => field.name);
  const filled = new Int32Array(fields.length);
  const winners: (string | undefined)[] = new Array<string | undefined>(fields.length);
  let generation = 0;
  // Keys that filled a field and then lost it to a later key, for the object being read (built only when keys collide).
  let losers: Map<number, string[]> | undefined;
  /**
   * A second key for a field (a repeated key, or keys differing only in case): the reference assigns in
   * Object.keys order, so the key first seen last wins, with its last value. Index keys ("7") reorder.
   */
  const refill = (cells: CellValue[], index: number, key: string, cell: CellValue): void => {
    const winner = winners[index]!;
    if (isIndexKey(key) || isIndexKey(winner)) cursor.fail();
    if (key === winner) {
      cells[index] = cell;
      return;
    }
    losers ??= new Map();
    let lost = losers.get(index);
    if (lost === undefined) losers.set(index, (lost = []));
    if (lost.includes(key)) return;
    lost.push(winner);
    winners[index] = key;
    cells[index] = cell;
  };
  // A struct is read into cells (one array per reader, reused), then built in one step.
  const build = asCells ? undefined : compileStructBuilder(names);
  const plainNames = asCells || hasPlainNames(names);
  const scratch: CellValue[] = new Array<CellValue>(fields.length).fill(null);
  const none = new Int32Array(fields.length);

  return (depth) => {
    const c = cursor.skipSpace();
    if (c === 0x6e) {
      cursor.literal('null');
      return null;
    }
    if (c !== OPEN_BRACE || depth + 1 > MAX_JSON_DEPTH || !plainNames) cursor.fail();
    cursor.pos++;
    // The top-level row can be read as the cells of the columns in order (for the writers), not an object.
    // Row objects are built from the reused scratch cells, taking only those filled in this object.
    const cells: CellValue[] = build === undefined ? new Array<CellValue>(fields.length).fill(null) : scratch;
    if (cursor.skipSpace() === CLOSE_BRACE) {
      cursor.pos++;
      return build === undefined ? cells : build(cells, none, 1);
    }
    if (++generation === 0x7fffffff) {
      generation = 1;
      filled.fill(0);
    }
    const text = cursor.text;
    losers = undefined;
    for (let slot = 0; ; slot++) {
      if (cursor.skipSpace() !== QUOTE) cursor.fail();
      let indexes: number[];
      let key: string;
      const known = seenKeys[slot];
      const start = cursor.pos + 1;
      // Learned keys are plain (no escape, quote or control character), so equal text is the same key.
      if (known !== undefined && text.charCodeAt(start + known.length) === QUOTE && isAt(text, start, seenCodes[slot]!)) {
        cursor.pos = start + known.length + 1;
        key = known;
        indexes = seenFields[slot]!;
      } else {
        const end = cursor.plainStringEnd();
        key = cursor.readString();
        indexes = fieldsOfKey(key);
        if (slot < 64 && end >= 0) {
          seenKeys[slot] = key;
          seenCodes[slot] = charCodes(key);
          seenFields[slot] = indexes;
        }
      }
      if (cursor.skipSpace() !== COLON) cursor.fail();
      cursor.pos++;
      if (indexes.length === 1) {
        const index = indexes[0]!;
        const cell = stringField[index] === 1 && text.charCodeAt(cursor.pos) === QUOTE ? cursor.readString() : readers[index]!(depth + 1);
        if (filled[index] !== generation) {
          filled[index] = generation;
          winners[index] = key;
          cells[index] = cell;
        } else {
          refill(cells, index, key, cell);
        }
      } else if (indexes.length === 0) {
        cursor.skipValue(depth + 1);
      } else {
        const value = cursor.readAny(depth + 1);
        for (const index of indexes) {
          const cell = converterOf(index)(value);
          if (filled[index] !== generation) {
            filled[index] = generation;
            winners[index] = key;
            cells[index] = cell;
          } else {
            refill(cells, index, key, cell);
          }
        }
      }
      const next = cursor.skipSpace();
      cursor.pos++;
      if (next === CLOSE_BRACE) return build === undefined ? cells : build(cells, filled, generation);
      if (next !== COMMA) cursor.fail();
    }
  };
}

/**
 * Whether a struct's field names can be properties set in field order: distinct, and none is
 * `__proto__` (which an assignment or object literal takes as the prototype). Tables read from Glue
 * never break this (duplicate names are refused when a table or type is read); a table built in code
 * might, and its records then go to the reference deserializer.
 */
function hasPlainNames(names: readonly string[]): boolean {
  return !names.includes('__proto__') && new Set(names).size === names.length;
}

/** A string's UTF-16 code units. */
function charCodes(text: string): Uint16Array {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  return codes;
}

/**
 * Whether `text` holds the code units `word` at `start`: a loop the compiler inlines. Faster than
 * startsWith (a call into the runtime) or a loop over a second string for the short keys of a record
 * (A/B in one process: web_access_logs x0.93).
 */
function isAt(text: string, start: number, word: Uint16Array): boolean {
  for (let i = 0; i < word.length; i++) if (text.charCodeAt(start + i) !== word[i]) return false;
  return true;
}

/** Builds a struct from cells[i] where filled[i] === generation, null for the other fields. */
export type StructBuilder = (cells: readonly CellValue[], filled: Int32Array, generation: number) => StructValue;

/**
 * Builds a struct from its fields' cells in field order. The object has the property order of the
 * reference's row (field order, index-like names first, as for any object). Where the platform allows
 * code generation, one object literal per table builds it (one allocation with a fixed shape, as
 * JSON.parse builds its objects); otherwise the properties are set one by one. Names must be distinct
 * and not `__proto__` (see `hasPlainNames`). `codeGeneration: false` chooses the second way (for tests).
 */
export function compileStructBuilder(names: readonly string[], codeGeneration = true): StructBuilder {
  const generic: StructBuilder = (cells, filled, generation) => {
    const struct: StructValue = {};
    for (let i = 0; i < names.length; i++) struct[names[i]!] = filled[i] === generation ? cells[i]! : null;
    return struct;
  };
  if (!codeGeneration) return generic;
  const literal = names.map((name, i) => `${JSON.stringify(name)}: filled[${i}] === generation ? cells[${i}] : null`).join(', ');
  return generateFunction<StructBuilder>({}, `function (cells, filled, generation) { return {${literal}}; }`) ?? generic;
}
