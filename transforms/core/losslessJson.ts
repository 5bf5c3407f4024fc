/**
 * A JSON parser (RFC 8259) that keeps number text: a number that a float64 would not give back exactly
 * becomes a `JsonNumber`; everything else comes out as JSON.parse makes it (a `__proto__` key is an own
 * property, a repeated key keeps its first position and its last value). It is iterative, so nesting
 * depth costs heap, not stack, and linear in the text. `parseJson` uses it only for texts where such a
 * number may occur, and JSON.parse (native, faster) for all others.
 */
import { isExactNumberText, JsonNumber } from './jsonNumber.js';
import type { JsonObject, JsonValue } from './types.js';

export type LosslessParse = { readonly value: JsonValue } | { readonly problem: string; readonly position: number };

/** One open container: the array, or the object with the key waiting for its value. */
type Frame = { readonly array: JsonValue[] } | { readonly object: JsonObject; key: string };

const WHITESPACE = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** A run of string characters that need no decoding (no quote, backslash or control character). */
const PLAIN = /[^"\\\u0000-\u001f]*/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Problem {
  constructor(
    readonly problem: string,
    readonly position: number,
  ) {}
}

export function parseJsonLossless(text: string): LosslessParse {
  let pos = 0;
  const skipSpace = (): void => {
    WHITESPACE.lastIndex = pos;
    WHITESPACE.test(text);
    pos = WHITESPACE.lastIndex;
  };
  const fail = (problem: string, at = pos): never => {
    throw new Problem(at >= text.length ? 'unexpected end of input' : problem, at);
  };
  const readString = (): string => {
    // pos is at the opening quote
    pos++;
    let out = '';
    for (;;) {
      PLAIN.lastIndex = pos;
      PLAIN.test(text);
      out += text.slice(pos, PLAIN.lastIndex);
      pos = PLAIN.lastIndex;
      if (pos >= text.length) fail('unterminated string');
      const c = text[pos]!;
      if (c === '"') {
        pos++;
        return out;
      }
      if (c !== '\\') fail('control character in string');
      const e = text[pos + 1];
      if (e === 'u') {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid \\u escape in string');
        out += String.fromCharCode(Number.parseInt(hex, 16));
        pos += 6;
      } else if (e !== undefined && Object.hasOwn(ESCAPES, e)) {
        out += ESCAPES[e]!;
        pos += 2;
      } else fail('invalid escape in string', pos + 1);
    }
  };
  /** A scalar at pos, or undefined when pos opens a container. */
  const readScalar = (): JsonValue => {
    const c = text[pos];
    if (c === '"') return readString();
    if (c === 't' && text.startsWith('true', pos)) {
      pos += 4;
      return true;
    }
    if (c === 'f' && text.startsWith('false', pos)) {
      pos += 5;
      return false;
    }
    if (c === 'n' && text.startsWith('null', pos)) {
      pos += 4;
      return null;
    }
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (match === null) return fail('unexpected character');
    const number = match[0];
    pos += number.length;
    return isExactNumberText(number) ? Number(number) : new JsonNumber(number);
  };
  const attach = (frame: Frame, value: JsonValue): void => {
    if ('array' in frame) frame.array.push(value);
    else if (frame.key === '__proto__') Object.defineProperty(frame.object, '__proto__', { value, writable: true, enumerable: true, configurable: true });
    else frame.object[frame.key] = value;
  };

  try {
    const stack: Frame[] = [];
    let root: JsonValue | undefined;
    let done = false;
    skipSpace();
    // Each turn reads one value (opening a container pushes a frame), then closes what it can.
    while (!done) {
      let value: JsonValue | undefined;
      const c = text[pos];
      if (c === '[') {
        pos++;
        skipSpace();
        if (text[pos] === ']') {
          pos++;
          value = [];
        } else {
          stack.push({ array: [] });
          continue;
        }
      } else if (c === '{') {
        pos++;
        skipSpace();
        if (text[pos] === '}') {
          pos++;
          value = {};
        } else {
          if (text[pos] !== '"') fail('expected a property name');
          const key = readString();
          skipSpace();
          if (text[pos] !== ':') fail("expected ':' after a property name");
          pos++;
          skipSpace();
          stack.push({ object: {}, key });
          continue;
        }
      } else {
        value = readScalar();
      }
      // Attach the value, then close containers that end here.
      for (;;) {
        const frame = stack[stack.length - 1];
        if (frame === undefined) {
          root = value;
          done = true;
          break;
        }
        attach(frame, value);
        skipSpace();
        const next = text[pos];
        if (next === ',') {
          pos++;
          skipSpace();
          if ('object' in frame) {
            if (text[pos] !== '"') fail('expected a property name');
            frame.key = readString();
            skipSpace();
            if (text[pos] !== ':') fail("expected ':' after a property name");
            pos++;
            skipSpace();
          }
          break;
        }
        if ('array' in frame ? next !== ']' : next !== '}') fail("expected ',' or the end of the container");
        pos++;
        stack.pop();
        value = 'array' in frame ? frame.array : frame.object;
      }
    }
    skipSpace();
    if (pos < text.length) fail('unexpected character after the value');
    return { value: root as JsonValue };
  } catch (error) {
    if (error instanceof Problem) return { problem: error.problem, position: error.position };
    throw error;
  }
}
