/**
 * The Glue/Hive column type grammar: `parseGlueType('array<struct<id:bigint,price:decimal(12,2)>>')`
 * turns a type string into a `GlueType` tree, `printGlueType` prints the normalised lower-case form.
 *
 * Grammar (Hive LanguageManual "Data Types"; keywords case-insensitive, whitespace allowed between tokens):
 *   type      := primitive | 'decimal' [ '(' p [ ',' s ] ')' ] | 'char' '(' n ')' | 'varchar' '(' n ')'
 *              | 'array' '<' type '>' | 'map' '<' primitive ',' type '>' | 'struct' '<' field { ',' field } '>'
 *   primitive := boolean | tinyint | smallint | int | integer | bigint | float | double | string | binary
 *              | date | timestamp            (and decimal/char/varchar, which are primitive too)
 *   field     := name ':' type              name: a run of characters other than whitespace and <>,:()`
 *                                           or a `back-quoted` name (a back-quote inside is doubled)
 * Bare `decimal` is decimal(10,0) and `decimal(p)` is decimal(p,0), as in Hive. Precision 1–38, scale
 * 0–p, char 1–255, varchar 1–65535 (Hive's limits). Map keys must be primitive (Hive's rule).
 */
import { GlueTypeSyntaxError } from './errors.js';
import type { GluePrimitiveKind, GlueStructField, GlueType } from './types.js';

/** Deepest nesting of array/map/struct accepted; deeper type strings are rejected. */
export const MAX_GLUE_TYPE_DEPTH = 100;

const PRIMITIVE_KEYWORDS: Readonly<Record<string, GluePrimitiveKind>> = {
  boolean: 'boolean',
  tinyint: 'tinyint',
  smallint: 'smallint',
  int: 'int',
  integer: 'int',
  bigint: 'bigint',
  float: 'float',
  double: 'double',
  string: 'string',
  binary: 'binary',
  date: 'date',
  timestamp: 'timestamp',
};

/** Common names from other systems, with the Glue type to use instead. */
const SUGGESTIONS: Readonly<Record<string, string>> = {
  long: 'bigint',
  short: 'smallint',
  byte: 'tinyint',
  bool: 'boolean',
  text: 'string',
  datetime: 'timestamp',
  numeric: 'decimal(p,s)',
  number: 'decimal(p,s) or double',
  real: 'float',
  list: 'array<T>',
  object: 'struct<name:T,…>',
  json: 'string',
};

export const DECIMAL_DEFAULT_PRECISION = 10;
export const DECIMAL_MAX_PRECISION = 38;
export const CHAR_MAX_LENGTH = 255;
export const VARCHAR_MAX_LENGTH = 65_535;

const COMPLEX_KINDS = new Set(['array', 'map', 'struct']);

/** True for every type that is not array, map or struct. */
export function isPrimitiveGlueType(type: GlueType): boolean {
  return !COMPLEX_KINDS.has(type.kind);
}

/** Parses a Glue/Hive type string. Throws `GlueTypeSyntaxError` pointing at the offending character. */
export function parseGlueType(text: string): GlueType {
  if (typeof text !== 'string') {
    throw new GlueTypeSyntaxError(String(text), 0, `expected a type string, got ${text === null ? 'null' : typeof text}`);
  }
  const parser = new TypeParser(text);
  const type = parser.parseType(0);
  parser.skipSpace();
  if (!parser.atEnd()) {
    parser.fail(parser.pos, `unexpected '${parser.peekChar()}' after the end of the type; remove it or check the brackets`);
  }
  return type;
}

/** Prints a type in the normalised form: lower case, no spaces, `int` for integer, decimal with (p,s). */
export function printGlueType(type: GlueType): string {
  switch (type.kind) {
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'char':
    case 'varchar':
      return `${type.kind}(${type.length})`;
    case 'array':
      return `array<${printGlueType(type.element)}>`;
    case 'map':
      return `map<${printGlueType(type.key)},${printGlueType(type.value)}>`;
    case 'struct':
      return `struct<${type.fields.map((field) => `${printFieldName(field.name)}:${printGlueType(field.type)}`).join(',')}>`;
    default:
      return type.kind;
  }
}

/** A field name as printed: lower case, back-quoted when it holds a character the unquoted form cannot. */
export function printFieldName(name: string): string {
  const lower = name.toLowerCase();
  return isUnquotedName(lower) ? lower : `\`${lower.replaceAll('`', '``')}\``;
}

function isUnquotedName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) if (!isNameChar(name.charCodeAt(i))) return false;
  return true;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isNameChar(code: number): boolean {
  // Everything but whitespace and the grammar's punctuation < > , : ( ) `
  return !isSpace(code) && code !== 0x3c && code !== 0x3e && code !== 0x2c && code !== 0x3a && code !== 0x28 && code !== 0x29 && code !== 0x60;
}

/** Recursive descent over the type string; recursion is bounded by MAX_GLUE_TYPE_DEPTH. */
class TypeParser {
  pos = 0;

  constructor(readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peekChar(): string {
    return this.text[this.pos] ?? '';
  }

  fail(position: number, problem: string): never {
    throw new GlueTypeSyntaxError(this.text, position, problem);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && isSpace(this.text.charCodeAt(this.pos))) this.pos++;
  }

  /** Reads a maximal run of name characters (may be empty). */
  readWord(): string {
    const start = this.pos;
    while (this.pos < this.text.length && isNameChar(this.text.charCodeAt(this.pos))) this.pos++;
    return this.text.slice(start, this.pos);
  }

  expect(char: string, context: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== char) {
      const found = this.atEnd() ? 'the end of the type' : `'${this.peekChar()}'`;
      this.fail(this.pos, `expected '${char}' ${context}, found ${found}`);
    }
    this.pos++;
  }

  parseType(depth: number): GlueType {
    this.skipSpace();
    const start = this.pos;
    if (this.atEnd()) this.fail(start, 'expected a type, found the end of the type');
    const word = this.readWord();
    if (word === '') this.fail(start, `expected a type name, found '${this.peekChar()}'`);
    const keyword = word.toLowerCase();
    const primitive = PRIMITIVE_KEYWORDS[keyword];
    if (primitive !== undefined && Object.hasOwn(PRIMITIVE_KEYWORDS, keyword)) return { kind: primitive };
    switch (keyword) {
      case 'decimal':
        return this.parseDecimal();
      case 'char':
      case 'varchar':
        return { kind: keyword, length: this.parseLength(keyword, start) };
      case 'array':
      case 'map':
      case 'struct':
        if (depth >= MAX_GLUE_TYPE_DEPTH) {
          this.fail(start, `types nest deeper than ${MAX_GLUE_TYPE_DEPTH} levels; flatten the schema`);
        }
        return this.parseComplex(keyword, depth + 1, start);
      case 'uniontype':
        return this.fail(start, 'uniontype is not supported: Firehose cannot convert it to Parquet or ORC; use a struct with one field per alternative');
      default: {
        const hint = Object.hasOwn(SUGGESTIONS, keyword) ? ` Did you mean ${SUGGESTIONS[keyword]}?` : '';
        return this.fail(start, `unknown type '${word}'; expected one of boolean, tinyint, smallint, int, bigint, float, double, decimal(p,s), string, char(n), varchar(n), binary, date, timestamp, array<T>, map<K,V>, struct<name:T,…>.${hint}`);
      }
    }
  }

  parseDecimal(): GlueType {
    this.skipSpace();
    if (this.text[this.pos] !== '(') return { kind: 'decimal', precision: DECIMAL_DEFAULT_PRECISION, scale: 0 };
    this.pos++;
    const precisionAt = this.skipSpaceAndMark();
    const precision = this.parseInteger('the precision of decimal(p,s)');
    if (precision < 1 || precision > DECIMAL_MAX_PRECISION) {
      this.fail(precisionAt, `decimal precision ${precision} is out of range; use 1 to ${DECIMAL_MAX_PRECISION}`);
    }
    this.skipSpace();
    let scale = 0;
    if (this.text[this.pos] === ',') {
      this.pos++;
      const scaleAt = this.skipSpaceAndMark();
      scale = this.parseInteger('the scale of decimal(p,s)');
      if (scale > precision) this.fail(scaleAt, `decimal scale ${scale} is larger than its precision ${precision}; use a scale from 0 to ${precision}`);
    }
    this.expect(')', 'to close decimal(p,s)');
    return { kind: 'decimal', precision, scale };
  }

  parseLength(keyword: 'char' | 'varchar', start: number): number {
    this.skipSpace();
    if (this.text[this.pos] !== '(') this.fail(this.pos, `${keyword} needs a length, as in ${keyword}(10)`);
    this.pos++;
    const lengthAt = this.skipSpaceAndMark();
    const length = this.parseInteger(`the length of ${keyword}(n)`);
    const max = keyword === 'char' ? CHAR_MAX_LENGTH : VARCHAR_MAX_LENGTH;
    if (length < 1 || length > max) this.fail(lengthAt, `${keyword} length ${length} is out of range; use 1 to ${max}`);
    this.expect(')', `to close ${keyword}(n) opened at position ${start}`);
    return length;
  }

  skipSpaceAndMark(): number {
    this.skipSpace();
    return this.pos;
  }

  parseInteger(what: string): number {
    const start = this.pos;
    while (this.pos < this.text.length && this.text.charCodeAt(this.pos) >= 0x30 && this.text.charCodeAt(this.pos) <= 0x39) this.pos++;
    const digits = this.text.slice(start, this.pos);
    if (digits === '') {
      const found = this.atEnd() ? 'the end of the type' : `'${this.peekChar()}'`;
      this.fail(start, `expected a number for ${what}, found ${found}`);
    }
    // Longer digit strings are out of every range anyway; keep the number exact for the message.
    return digits.length > 9 ? Number.MAX_SAFE_INTEGER : Number(digits);
  }

  parseComplex(keyword: 'array' | 'map' | 'struct', depth: number, start: number): GlueType {
    this.expect('<', `after '${keyword}'`);
    if (keyword === 'array') {
      const element = this.parseType(depth);
      this.expect('>', `to close array<…> opened at position ${start}`);
      return { kind: 'array', element };
    }
    if (keyword === 'map') {
      this.skipSpace();
      const keyAt = this.pos;
      const key = this.parseType(depth);
      if (!isPrimitiveGlueType(key)) this.fail(keyAt, `map keys must be a primitive type, not ${key.kind}; Hive allows only primitive map keys`);
      this.expect(',', 'between the key and value types of map<K,V>');
      const value = this.parseType(depth);
      this.expect('>', `to close map<…> opened at position ${start}`);
      return { kind: 'map', key, value };
    }
    const fields: GlueStructField[] = [];
    const seen = new Map<string, number>();
    for (;;) {
      this.skipSpace();
      const nameAt = this.pos;
      const name = this.parseFieldName(fields.length === 0);
      const lower = name.toLowerCase();
      if (lower === '__proto__') this.fail(nameAt, `field name '__proto__' is not allowed; rename the field`);
      const previous = seen.get(lower);
      if (previous !== undefined) this.fail(nameAt, `duplicate field name '${name}' (field names are case-insensitive; the first is at position ${previous})`);
      seen.set(lower, nameAt);
      this.expect(':', `after the struct field name '${name}'`);
      fields.push({ name, type: this.parseType(depth) });
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect('>', `or ',' to continue struct<…> opened at position ${start}`);
      return { kind: 'struct', fields };
    }
  }

  parseFieldName(first: boolean): string {
    const start = this.pos;
    if (this.text[this.pos] === '`') {
      this.pos++;
      let name = '';
      for (;;) {
        if (this.atEnd()) this.fail(start, 'unterminated back-quoted field name; close it with `');
        const char = this.text[this.pos]!;
        this.pos++;
        if (char !== '`') {
          name += char;
          continue;
        }
        if (this.text[this.pos] === '`') {
          name += '`';
          this.pos++;
          continue;
        }
        break;
      }
      if (name === '') this.fail(start, 'empty field name; give the struct field a name');
      return name;
    }
    const name = this.readWord();
    if (name === '') {
      if (first && this.text[this.pos] === '>') this.fail(start, 'struct<> needs at least one field, as in struct<name:string>');
      const found = this.atEnd() ? 'the end of the type' : `'${this.peekChar()}'`;
      this.fail(start, `expected a struct field name, found ${found}`);
    }
    return name;
  }
}

export const examples = [
  { title: 'a primitive, any case', options: {}, input: 'BIGINT', output: { kind: 'bigint' } },
  { title: 'integer is int', options: {}, input: 'integer', output: { kind: 'int' } },
  { title: 'bare decimal is decimal(10,0)', options: {}, input: 'decimal', output: { kind: 'decimal', precision: 10, scale: 0 } },
  { title: 'decimal with spaces', options: {}, input: 'decimal( 12 , 2 )', output: { kind: 'decimal', precision: 12, scale: 2 } },
  { title: 'varchar with a length', options: {}, input: 'varchar(64)', output: { kind: 'varchar', length: 64 } },
  {
    title: 'nested array of structs',
    options: {},
    input: 'array<struct<sku:string, qty:int>>',
    output: { kind: 'array', element: { kind: 'struct', fields: [{ name: 'sku', type: { kind: 'string' } }, { name: 'qty', type: { kind: 'int' } }] } },
  },
  { title: 'a map', options: {}, input: 'map<string,array<int>>', output: { kind: 'map', key: { kind: 'string' }, value: { kind: 'array', element: { kind: 'int' } } } },
] as const;
