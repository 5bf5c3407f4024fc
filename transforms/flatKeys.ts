/**
 * Helpers shared by flattenRecord and unflattenRecord: the separator check, the plain-object test, the
 * printable form of a path for reports and errors, and prototype-safe property writes.
 */
import { TransformOptionError } from './errors.js';
import type { JsonObject, JsonValue } from './types.js';

/** Separators are 1-4 ASCII punctuation characters, so that they can never be part of a word. */
export function checkSeparator(transform: string, separator: unknown): string {
  if (typeof separator === 'string' && /^[!-/:-@[-`{-~]{1,4}$/.test(separator)) return separator;
  throw new TransformOptionError(transform, 'separator', `is ${JSON.stringify(separator)}`, "Use 1-4 ASCII punctuation characters, e.g. '_' (default, Glue-friendly), '.' or '__'.");
}

export function isPlainObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
