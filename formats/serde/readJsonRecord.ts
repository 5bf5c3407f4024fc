/**
 * Reads the JSON values of one Firehose record. Firehose accepts several JSON objects concatenated in
 * one record (`{"a":1}{"a":2}`, optionally separated by whitespace), so a record yields a list of values.
 *
 * Two paths give the same result: the native `JSON.parse` (fast) when no number in the text can lose
 * precision in a 64-bit float, and a lossless parser when one can. The lossless parser keeps number
 * text in `LosslessNumber` so that bigint and decimal(38,s) columns get their exact value.
 */

/** A JSON number kept as its text, for numbers a float64 cannot hold exactly. */
export class LosslessNumber {
  constructor(readonly text: string) {}
}

/** A value as either parser produces it (objects from the lossless parser have a null prototype). */
export type JsonInput = null | boolean | number | string | LosslessNumber | JsonInput[] | JsonInputObject;
export interface JsonInputObject {
  [key: string]: JsonInput;
}

export type ReadJsonResult = { readonly values: JsonInput[] } | { readonly problem: string };

/** Deepest nesting the lossless parser accepts (its recursion is bounded by it). */
export const MAX_JSON_DEPTH = 512;

/**
 * A float64 holds every integer and decimal of up to 15 significant digits exactly, and the shortest
 * text of such a float is the number itself. A number with more digits has a run of at least 16
 * characters from [0-9.] right after the ':', ',' or '[' (and optional whitespace and '-') before it;
 * finding no such run anywhere (strings included, which only costs a needless lossless parse) proves
 * the fast path exact. Anchoring on the punctuation makes the scan about 4x faster than /[0-9.]{16}/,
 * and it stays linear: each start is a punctuation character and the runs after them are disjoint.
 */
export const MAYBE_INEXACT_NUMBER = /[:,[]\s*-?[0-9.]{16}/;

/** Parses every top-level JSON value of the text. Problems name a position, never the text. */
export function readJsonValues(text: string): ReadJsonResult {
  if (MAYBE_INEXACT_NUMBER.test(text)) return parseLossless(text);
  try {
    return { values: [JSON.parse(text) as JsonInput] };
  } catch {
    // Not one JSON value: either several concatenated values, or invalid JSON.
  }
  const slices = splitTopLevel(text);
  if ('problem' in slices) return slices;
  if (slices.ranges.length <= 1) {
    // One value that JSON.parse rejected: let the lossless parser find the position of the problem.
    return parseLossless(text);
  }
  const values: JsonInput[] = [];
  for (const [start, end] of slices.ranges) {
    try {
      values.push(JSON.parse(text.slice(start, end)) as JsonInput);
    } catch {
      return parseLossless(text);
    }
  }
  return { values };
}

/**
 * Finds where each top-level value starts and ends by tracking strings and brackets (linear, no
 * recursion). It does not validate; JSON.parse does that on each slice.
 */
function splitTopLevel(text: string): { ranges: Array<[number, number]> } | { problem: string } {
  const ranges: Array<[number, number]> = [];
  let i = 0;
  const length = text.length;
  for (;;) {
    while (i < length && isJsonSpace(text.charCodeAt(i))) i++;
    if (i >= length) break;
    const start = i;
    const first = text.charCodeAt(i);
    if (first === 0x7b /* { */ || first === 0x5b /* [ */) {
      let depth = 0;
      let inString = false;
      for (; i < length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
          if (c === 0x5c /* \ */) i++;
          else if (c === 0x22 /* " */) inString = false;
        } else if (c === 0x22) {
          inString = true;
        } else if (c === 0x7b || c === 0x5b) {
          depth++;
        } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
          depth--;
          if (depth === 0) {
            i++;
            break;
          }
        }
      }
      if (depth !== 0) return { problem: `unexpected end of input inside the value that starts at position ${start}` };
    } else if (first === 0x22) {
      i++;
      while (i < length && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
      i++;
    } else {
      while (i < length && !isJsonSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== 0x7b && text.charCodeAt(i) !== 0x5b && text.charCodeAt(i) !== 0x22) i++;
    }
    ranges.push([start, Math.min(i, length)]);
  }
  return { ranges };
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

class JsonSyntaxProblem {
  constructor(readonly problem: string) {}
}

/** A complete JSON parser that keeps number text; recursion bounded by MAX_JSON_DEPTH. */
function parseLossless(text: string): ReadJsonResult {
  const parser = new LosslessParser(text);
  const values: JsonInput[] = [];
  try {
    for (;;) {
      parser.skipSpace();
      if (parser.pos >= text.length) break;
      values.push(parser.parseValue(0));
    }
  } catch (error) {
    if (error instanceof JsonSyntaxProblem) return { problem: error.problem };
    throw error;
  }
  return { values };
}

class LosslessParser {
  pos = 0;

  constructor(readonly text: string) {}

  fail(problem: string): never {
    throw new JsonSyntaxProblem(`${problem} at position ${this.pos}`);
  }

  skipSpace(): void {
    const text = this.text;
    while (this.pos < text.length && isJsonSpace(text.charCodeAt(this.pos))) this.pos++;
  }

  parseValue(depth: number): JsonInput {
    this.skipSpace();
    if (this.pos >= this.text.length) this.fail('unexpected end of input');
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 0x7b:
        return this.parseObject(depth + 1);
      case 0x5b:
        return this.parseArray(depth + 1);
      case 0x22:
        return this.parseString();
      case 0x74:
        return this.parseLiteral('true', true);
      case 0x66:
        return this.parseLiteral('false', false);
      case 0x6e:
        return this.parseLiteral('null', null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.parseNumber();
        return this.fail('unexpected character');
    }
  }

  parseLiteral<T extends boolean | null>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail('unexpected character');
    this.pos += word.length;
    return value;
  }

  parseNumber(): LosslessNumber {
    const text = this.text;
    const start = this.pos;
    if (text.charCodeAt(this.pos) === 0x2d) this.pos++;
    if (text.charCodeAt(this.pos) === 0x30) {
      this.pos++;
    } else if (this.digits() === 0) {
      this.fail('invalid number');
    }
    if (text.charCodeAt(this.pos) === 0x2e) {
      this.pos++;
      if (this.digits() === 0) this.fail('invalid number');
    }
    const e = text.charCodeAt(this.pos);
    if (e === 0x65 || e === 0x45) {
      this.pos++;
      const sign = text.charCodeAt(this.pos);
      if (sign === 0x2b || sign === 0x2d) this.pos++;
      if (this.digits() === 0) this.fail('invalid number');
    }
    return new LosslessNumber(text.slice(start, this.pos));
  }

  digits(): number {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c < 0x30 || c > 0x39) break;
      this.pos++;
    }
    return this.pos - start;
  }

  parseString(): string {
    const text = this.text;
    this.pos++;
    let result = '';
    let chunkStart = this.pos;
    for (;;) {
      if (this.pos >= text.length) this.fail('unterminated string');
      const c = text.charCodeAt(this.pos);
      if (c === 0x22) {
        result += text.slice(chunkStart, this.pos);
        this.pos++;
        return result;
      }
      if (c < 0x20) this.fail('control character in string');
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      result += text.slice(chunkStart, this.pos);
      const escape = text[this.pos + 1];
      this.pos += 2;
      switch (escape) {
        case '"':
        case '\\':
        case '/':
          result += escape;
          break;
        case 'b':
          result += '\b';
          break;
        case 'f':
          result += '\f';
          break;
        case 'n':
          result += '\n';
          break;
        case 'r':
          result += '\r';
          break;
        case 't':
          result += '\t';
          break;
        case 'u': {
          const hex = text.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape');
          result += String.fromCharCode(Number.parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        default:
          this.pos -= 2;
          this.fail('invalid escape');
      }
      chunkStart = this.pos;
    }
  }

  parseArray(depth: number): JsonInput[] {
    if (depth > MAX_JSON_DEPTH) this.fail(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    this.pos++;
    const items: JsonInput[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.parseValue(depth));
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 0x5d) return items;
      if (c !== 0x2c) {
        this.pos--;
        this.fail(Number.isNaN(c) ? 'unexpected end of input' : "expected ',' or ']'");
      }
    }
  }

  parseObject(depth: number): JsonInputObject {
    if (depth > MAX_JSON_DEPTH) this.fail(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    this.pos++;
    // A null prototype: a "__proto__" key is an ordinary own property here.
    const object = Object.create(null) as JsonInputObject;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return object;
    }
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 0x22) this.fail(this.pos >= this.text.length ? 'unexpected end of input' : 'expected a property name');
      const key = this.parseString();
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 0x3a) this.fail("expected ':'");
      this.pos++;
      object[key] = this.parseValue(depth);
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 0x7d) return object;
      if (c !== 0x2c) {
        this.pos--;
        this.fail(Number.isNaN(c) ? 'unexpected end of input' : "expected ',' or '}'");
      }
    }
  }
}
