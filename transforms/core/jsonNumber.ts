/**
 * Numbers whose JSON text a float64 does not give back exactly: 64-bit ids (`12345678901234567890`),
 * integers past 2^53 (`9007199254740993`), values out of the float range (`1e400`, `1e-400`), and
 * spellings that a float64 would respell (`1.50`, `1E5`, `-0`). `parseJson` keeps them as `JsonNumber`,
 * `toJsonLine` (through `stringifyJson`) writes their text back unchanged, so no number changes in flight.
 * Numbers that a float64 holds and spells exactly stay plain `number`s.
 */
import { randomUUID } from 'node:crypto';

/** A JSON number, as in RFC 8259 section 6. */
const NUMBER_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A random tag, unknown to record producers, that marks a JsonNumber inside `stringifyJson`'s output. */
const TAG = `\u0000firehose-kit-number-${randomUUID()}:`;
/** The tag as JSON.stringify writes it inside a string (U+0000 escaped), followed by the number's text. */
const TAGGED = new RegExp(`"${JSON.stringify(TAG).slice(1, -1).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}([-+.eE0-9]+)"`, 'g');

let tagging = false;
let tagged = 0;

export class JsonNumber {
  /** The number's JSON text, exactly as the record had it. */
  readonly text: string;

  constructor(text: string) {
    if (typeof text !== 'string' || !NUMBER_TEXT.test(text)) throw new TypeError('JsonNumber: the text must be a JSON number, e.g. "12345678901234567890"');
    this.text = text;
    Object.freeze(this);
  }

  /** The nearest float64 (what JSON.parse gives): for arithmetic and comparisons. */
  valueOf(): number {
    return Number(this.text);
  }

  toString(): string {
    return this.text;
  }

  /**
   * Inside `stringifyJson`: a tag that is replaced by the exact text. Elsewhere (JSON.stringify called by
   * other code), the nearest float64, as JSON.parse would have given.
   */
  toJSON(): string | number | null {
    if (tagging) {
      tagged++;
      return TAG + this.text;
    }
    const value = Number(this.text);
    return Number.isFinite(value) ? value : null;
  }
}

/** True when a float64 gives back this JSON number text exactly (then it stays a plain number). */
export function isExactNumberText(text: string): boolean {
  return String(Number(text)) === text;
}

/**
 * JSON.stringify that writes JsonNumbers as their exact text. Without JsonNumbers in the value it is
 * JSON.stringify itself (one native call); with them, one more pass replaces their tags.
 */
export function stringifyJson(value: unknown): string {
  tagging = true;
  tagged = 0;
  let text: string;
  try {
    text = JSON.stringify(value);
  } finally {
    tagging = false;
  }
  return tagged === 0 ? text : text.replace(TAGGED, '$1');
}

/** The number a JSON value stands for: a number, or a JsonNumber's nearest float64; undefined otherwise. */
export function numberValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return value instanceof JsonNumber ? Number(value.text) : undefined;
}
