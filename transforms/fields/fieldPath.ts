/**
 * Field paths used by the building-block transforms: `"user.id"` or `["user", "id"]`. Paths are
 * compiled once by the factory; reads use own properties only (never the prototype chain), and
 * writes copy every object along the path, so the input record is never mutated.
 */
import { TransformOptionError } from '../core/index.js';
import { isJsonObject } from '../core/index.js';
import type { JsonObject, JsonValue } from '../core/index.js';

export { isJsonObject };

/** A dotted path (`"detail.user.id"`) or its segments (`["detail", "user.id"]`, for keys with dots). */
export type FieldPath = string | readonly string[];

export type CompiledPath = readonly string[];

// Assigning `obj['__proto__'] = v` replaces the prototype; every other key is an ordinary own property.
const FORBIDDEN_SEGMENTS = new Set(['__proto__']);

export function compilePath(transform: string, option: string, path: FieldPath): CompiledPath {
  const segments = typeof path === 'string' ? path.split('.') : [...path];
  if (segments.length === 0 || segments.some((segment) => typeof segment !== 'string' || segment === '')) {
    throw new TransformOptionError(
      transform,
      option,
      `has an empty field path or segment (${JSON.stringify(path)})`,
      'Write paths as "a.b" or ["a", "b"] with non-empty segments.',
    );
  }
  const forbidden = segments.find((segment) => FORBIDDEN_SEGMENTS.has(segment));
  if (forbidden !== undefined) {
    throw new TransformOptionError(
      transform,
      option,
      `names the segment '${forbidden}', which could reach Object.prototype`,
      'Paths cannot name __proto__; remove such keys with parseJson({ prototypeKeys: "remove" }).',
    );
  }
  return segments;
}


export function hasPath(record: JsonObject, path: CompiledPath): boolean {
  return getPath(record, path) !== undefined;
}

/** The value at `path`, or undefined when any segment is missing or not an object. */
export function getPath(record: JsonObject, path: CompiledPath): JsonValue | undefined {
  let current: JsonValue | undefined = record;
  for (const segment of path) {
    if (!isJsonObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/** A copy of `record` with `value` at `path`; missing or non-object intermediates become objects. */
export function setPath(record: JsonObject, path: CompiledPath, value: JsonValue): JsonObject {
  const [head, ...rest] = path;
  if (head === undefined) return record;
  const copy: JsonObject = { ...record };
  if (rest.length === 0) {
    copy[head] = value;
  } else {
    const child = Object.hasOwn(record, head) ? record[head] : undefined;
    copy[head] = setPath(isJsonObject(child) ? child : {}, rest, value);
  }
  return copy;
}

/** A copy of `record` without the field at `path`; the same object when the field is absent. */
export function deletePath(record: JsonObject, path: CompiledPath): JsonObject {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(record, head)) return record;
  if (rest.length === 0) {
    const copy: JsonObject = { ...record };
    delete copy[head];
    return copy;
  }
  const child = record[head];
  if (!isJsonObject(child)) return record;
  const updated = deletePath(child, rest);
  if (updated === child) return record;
  return { ...record, [head]: updated };
}

export function formatPath(path: CompiledPath): string {
  return path.join('.');
}
