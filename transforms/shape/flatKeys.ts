/**
 * Helpers shared by flattenRecord and unflattenRecord: the separator check, the plain-object test, the
 * printable form of a path for reports and errors, and prototype-safe property writes.
 */
import { isJsonObject, TransformOptionError } from '../core/index.js';
import type { JsonObject, JsonValue } from '../core/index.js';

/**
 * A separator is one ASCII punctuation character: never part of a word, and never ambiguous (with `__`,
 * the key `_` beside `b` would flatten to `___b`, which splits back as `""` and `_b`).
 */
export function checkSeparator(transform: string, separator: unknown): string {
  if (typeof separator === 'string' && /^[!-/:-@[-`{-~]$/.test(separator)) return separator;
  throw new TransformOptionError(transform, 'separator', `is ${JSON.stringify(separator)}`, "Use one ASCII punctuation character, e.g. '_' (default, Glue-friendly), '.' or '/'.");
}

export function isPlainObject(value: JsonValue | undefined): value is JsonObject {
  return isJsonObject(value);
}

/** A path as `a.b.c` for reports; keys that are not printable ASCII without dots are JSON-quoted. */
export function printablePath(path: readonly string[]): string {
  return path
    .map((key) => (/^[!-\-/-~]+$/.test(key) ? key : JSON.stringify(key).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)))
    .join('.');
}

/** Sets an own property; `__proto__` is defined, never assigned, so it cannot change a prototype. */
export function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
