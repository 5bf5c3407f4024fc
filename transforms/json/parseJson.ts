import { checkInteger, checkOneOf, checkOptionKeys } from '../core/index.js';
import { decodeUtf8Strict } from '../core/index.js';
import { describeType, RecordParseError, UnsafeRecordError } from '../core/index.js';
import { fail, isJsonObject, parseJsonLossless } from '../core/index.js';
import type { FailedOutcome, JsonObject, JsonValue, RecordContext } from '../core/index.js';

export interface ParseJsonOptions {
  /** Deepest nesting of objects and arrays accepted; deeper records fail. Default 512. */
  readonly maxDepth?: number;
  /**
   * Keys that could pollute prototypes when a later step merges the object (`__proto__` anywhere, or a
   * `constructor` object holding `prototype`): `'fail'` the record (default) or `'remove'` those keys.
   */
  readonly prototypeKeys?: 'fail' | 'remove';
  /**
   * `'exact'` (default): a number that a float64 would not give back exactly (`12345678901234567890`,
   * `9007199254740993`, `1e400`, `1.50`) becomes a `JsonNumber` holding its text, which `toJsonLine` writes
   * back unchanged. `'float'`: every number is a float64, as `JSON.parse` gives it (big ids lose digits,
   * `1e400` becomes null on output).
   */
  readonly numbers?: 'exact' | 'float';
}

const NAME = 'parseJson';

/**
 * Whether the text may hold a number that a float64 would not give back exactly: after `:`, `,`, `[` or
 * at the start (and optional whitespace), a number token ending where JSON lets a number end (whitespace,
 * `,`, `]`, `}` or the end) that has 16 or more digits and dots, an exponent, a fraction ending in 0, a
 * fraction starting with six zeros, or is `-0`. Finding none proves JSON.parse exact; a find inside a
 * string (rare, since the token must end at a delimiter: `"12:00:00.000Z"` does not count) only costs the
 * slower exact parse. Each try starts at a punctuation character and scans one run of number characters,
 * and such runs do not overlap, so the scan is linear.
 */
const MAYBE_INEXACT = /(?:^|[:,[])[ \t\n\r]*(?:-?(?:[0-9.]{16,}|\d+\.\d*0|0\.0{6}\d*|\d+(?:\.\d+)?[eE][+-]?\d+)|-0)(?=[ \t\n\r,\]}]|$)/;

/** True when `parseJson` takes its exact path for this text (exported for tests). */
export function mayHoldInexactNumber(text: string): boolean {
  return MAYBE_INEXACT.test(text);
}

/**
 * Parses a record's bytes (UTF-8, optional byte-order mark) or text as one JSON value. Invalid UTF-8,
 * invalid JSON, nesting deeper than `maxDepth` and prototype-polluting keys fail the record; the error
 * message gives the position, never the record's content.
 */
export function parseJson(options: ParseJsonOptions = {}): (input: Uint8Array | string, ctx: RecordContext) => JsonValue | FailedOutcome {
  checkOptionKeys(NAME, options, ['maxDepth', 'prototypeKeys', 'numbers']);
  const maxDepth = checkInteger(NAME, 'maxDepth', options.maxDepth ?? 512, 1, 100_000);
  const prototypeKeys = checkOneOf(NAME, 'prototypeKeys', options.prototypeKeys ?? 'fail', ['fail', 'remove'] as const);
  const exact = checkOneOf(NAME, 'numbers', options.numbers ?? 'exact', ['exact', 'float'] as const) === 'exact';
  // Nesting deeper than maxDepth needs more than 2 × maxDepth characters, so shorter texts skip the scan.
  const depthScanFrom = 2 * maxDepth + 1;

  return function parseJsonRecord(input) {
    let text: string;
    if (typeof input === 'string') {
      text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    } else if (input instanceof Uint8Array) {
      const decoded = decodeUtf8Strict(input);
      if (decoded === undefined) return fail(new RecordParseError(`${NAME}: the record's ${input.byteLength} bytes are not valid UTF-8`));
      text = decoded;
    } else {
      return fail(new RecordParseError(`${NAME}: the record is ${describeType(input)}, expected bytes or text; put parseJson() first in the pipeline`));
    }
    if (text.length >= depthScanFrom && exceedsDepth(text, maxDepth)) {
      return fail(new UnsafeRecordError(`${NAME}: the record nests objects/arrays deeper than maxDepth ${maxDepth}; raise parseJson({ maxDepth }) if such records are expected`));
    }
    let value: JsonValue;
    const lossless = exact && MAYBE_INEXACT.test(text) ? parseJsonLossless(text) : undefined;
    if (lossless !== undefined && 'value' in lossless) {
      value = lossless.value;
    } else {
      // Invalid JSON is described from JSON.parse's message, on both paths, so that messages do not depend on the path.
      try {
        value = JSON.parse(text) as JsonValue;
      } catch (error) {
        return fail(new RecordParseError(`${NAME}: the record is not valid JSON (${describeJsonSyntaxError(error, text.length)})`));
      }
    }
    // A dangerous key is spelled `__proto__` or `prototype` in the text, or hidden behind \u escapes.
    if ((Array.isArray(value) || isJsonObject(value)) && (text.includes('__proto__') || text.includes('prototype') || text.includes('\\u'))) {
      const found = prototypeKeys === 'fail' ? findPollutingKey(value) : removePollutingKeys(value);
      if (found !== undefined) {
        return fail(new UnsafeRecordError(`${NAME}: the record has a '${found}' key that could pollute Object.prototype; use parseJson({ prototypeKeys: 'remove' }) to strip such keys`));
      }
    }
    return value;
  };
}

/**
 * Bracket depth of the JSON text, ignoring brackets inside strings; linear time, no recursion. Strings
 * are jumped over with indexOf (native) to their closing quote: the first quote after them preceded by
 * an even run of backslashes (an odd run escapes it). Most of a record's characters are in strings.
 */
function exceedsDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = text.indexOf('"', i + 1);
      while (end >= 0 && isEscapedQuote(text, end)) end = text.indexOf('"', end + 1);
      // An unterminated string runs to the end of the text: no bracket after it counts.
      if (end < 0) return false;
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}

/** Whether the quote at `quote` (inside a string) follows an odd run of backslashes. */
function isEscapedQuote(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let i = quote - 1; text.charCodeAt(i) === 0x5c /* \ */; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** V8's messages quote the offending text; keep only the kind of error and its position. */
function describeJsonSyntaxError(error: unknown, length: number): string {
  const message = error instanceof Error ? error.message : '';
  if (length === 0 || /^Unexpected end of JSON input/.test(message)) return 'unexpected end of input';
  const described = /^([^"']*?) in JSON at position (\d+)/.exec(message);
  if (described !== null) return `${described[1]!.toLowerCase()} at position ${described[2]}`;
  const position = /at position (\d+)/.exec(message);
  if (position !== null) return `unexpected character at position ${position[1]}`;
  if (/^Unexpected (token|non-whitespace character)/.test(message)) return 'unexpected character';
  return 'syntax error';
}

function isDangerous(key: string, value: JsonValue): boolean {
  return key === '__proto__' || (key === 'constructor' && isJsonObject(value) && Object.hasOwn(value, 'prototype'));
}

/** Iterative walk (deep records must not overflow the stack); returns the first dangerous key. */
function findPollutingKey(root: JsonValue): string | undefined {
  const stack: JsonValue[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === 'object' && item !== null) stack.push(item);
    } else if (isJsonObject(node)) {
      for (const key of Object.keys(node)) {
        const child = node[key]!;
        if (isDangerous(key, child)) return key;
        if (typeof child === 'object' && child !== null) stack.push(child);
      }
    }
  }
  return undefined;
}

/** Deletes dangerous keys from a freshly parsed value (owned by this transform, not the caller). */
function removePollutingKeys(root: JsonValue): undefined {
  const stack: JsonValue[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === 'object' && item !== null) stack.push(item);
    } else if (isJsonObject(node)) {
      const object: JsonObject = node;
      for (const key of Object.keys(object)) {
        const child = object[key]!;
        if (isDangerous(key, child)) {
          delete object[key];
        } else if (typeof child === 'object' && child !== null) {
          stack.push(child);
        }
      }
    }
  }
  return undefined;
}

export const examples = [
  { title: 'a JSON object', options: {}, input: '{"user":{"id":7},"tags":["a"]}', output: { user: { id: 7 }, tags: ['a'] } },
  { title: 'a leading byte-order mark is ignored', options: {}, input: '\ufeff[1,2]', output: [1, 2] },
  {
    title: 'prototype-polluting keys removed on request',
    options: { prototypeKeys: 'remove' },
    input: '{"a":1,"__proto__":{"admin":true}}',
    output: { a: 1 },
  },
] as const;
