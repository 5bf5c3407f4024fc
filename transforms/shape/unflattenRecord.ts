import { checkInteger, checkOneOf, checkOptionKeys } from '../core/index.js';
import { RecordFieldError, UnsafeRecordError } from '../core/index.js';
import { checkSeparator, isPlainObject, setOwn } from './flatKeys.js';
import { fail, isOutcome } from '../core/index.js';
import { requireObject } from '../core/index.js';
import type { FailedOutcome, JsonObject, JsonValue, RecordContext } from '../core/index.js';

export interface UnflattenRecordOptions {
  /** Splits keys into paths. Default `'_'`; must match the flattening separator. */
  readonly separator?: string;
  /**
   * `'keep'` (default): values are placed as they are. `'index'`: an object built here whose keys are
   * exactly `0`…`n-1` becomes an array (the inverse of flattenRecord's `arrays: 'index'`).
   */
  readonly arrays?: 'keep' | 'index';
  /** Most keys in one path; longer paths fail the record. Default 100, at most 1,000. */
  readonly maxDepth?: number;
  /**
   * A key whose path runs through another key's value (`a` and `a_b`): `'keepFlat'` (default) leaves
   * the longer key flat, as it is, beside the shorter one, whatever the key order; `'fail'` fails the record.
   */
  readonly onKeyCollision?: 'keepFlat' | 'fail';
  /**
   * Keys with an empty segment (leading, trailing or doubled separator): `'split'` them like any other
   * key (default; the exact inverse of flattenRecord, where a `""` key gives such segments), or
   * `'keepFlat'` to leave them as they are (e.g. `_id` with separator `_`).
   */
  readonly emptySegments?: 'split' | 'keepFlat';
}

const NAME = 'unflattenRecord';
const OPTION_KEYS = ['separator', 'arrays', 'maxDepth', 'onKeyCollision', 'emptySegments'] as const;

/**
 * Rebuilds nested objects from keys joined by `separator` (`{ user_id: 1 }` → `{ user: { id: 1 } }`),
 * the inverse of flattenRecord for keys without the separator. Rules, independent of key order:
 * - a key whose path passes through another key's full path stays flat (see `onKeyCollision`);
 * - with `emptySegments: 'keepFlat'`, a key with an empty segment (e.g. `_id`) stays as it is;
 * - values are placed as they are: they are never merged or split.
 * Keys such as `__proto__` become own properties; nothing reaches Object.prototype.
 */
export function unflattenRecord(options: UnflattenRecordOptions = {}): (input: JsonValue, ctx: RecordContext) => JsonObject | FailedOutcome {
  checkOptionKeys(NAME, options, OPTION_KEYS);
  const separator = checkSeparator(NAME, options.separator ?? '_');
  const arrays = checkOneOf(NAME, 'arrays', options.arrays ?? 'keep', ['keep', 'index'] as const);
  const maxDepth = checkInteger(NAME, 'maxDepth', options.maxDepth ?? 100, 1, 1_000);
  const onKeyCollision = checkOneOf(NAME, 'onKeyCollision', options.onKeyCollision ?? 'keepFlat', ['keepFlat', 'fail'] as const);
  const emptySegments = checkOneOf(NAME, 'emptySegments', options.emptySegments ?? 'split', ['split', 'keepFlat'] as const);

  /** The key's segments, or undefined when it stays as it is (no separator, or an empty segment kept flat). */
  const segmentsOf = (key: string): string[] | undefined => {
    if (!key.includes(separator)) return undefined;
    const segments = key.split(separator);
    return emptySegments === 'keepFlat' && segments.includes('') ? undefined : segments;
  };

  return function unflattenRecordRecord(input) {
    const record = requireObject(NAME, input);
    if (isOutcome(record)) return record;
    const keys = Object.keys(record);
    const split: (string[] | undefined)[] = [];
    for (const key of keys) {
      const segments = segmentsOf(key);
      if (segments !== undefined && segments.length > maxDepth) {
        return fail(new UnsafeRecordError(`${NAME}: a key splits into ${segments.length} segments, more than maxDepth ${maxDepth}; raise unflattenRecord({ maxDepth }) (at most 1,000) if such records are expected`));
      }
      split.push(segments);
    }
    // A path through another key's full path keeps its key flat. The full path of a key is the key
    // itself, so the check is whether a prefix ending before a separator is a key of the record.
    const keepFlat: boolean[] = split.map((segments, index) => {
      if (segments === undefined) return false;
      const key = keys[index]!;
      let end = 0;
      for (let segment = 0; segment < segments.length - 1; segment++) {
        end += segments[segment]!.length;
        if (Object.hasOwn(record, key.slice(0, end))) return true;
        end += separator.length;
      }
      return false;
    });
    if (onKeyCollision === 'fail') {
      const flat = keepFlat.indexOf(true);
      if (flat !== -1) {
        return fail(new RecordFieldError(`${NAME}: key '${clip(keys[flat]!)}' runs through the value of a shorter key; rename one upstream or set onKeyCollision: 'keepFlat'`));
      }
    }
    const built = new Set<JsonObject>();
    const out: JsonObject = {};
    built.add(out);
    keys.forEach((key, index) => {
      const segments = split[index];
      const value = record[key]!;
      if (segments === undefined || keepFlat[index]) {
        setOwn(out, key, value);
        return;
      }
      let node = out;
      for (let segment = 0; segment < segments.length - 1; segment++) {
        const name = segments[segment]!;
        // Only objects built here are descended into; keepFlat guarantees nothing else is in the way.
        let child = Object.hasOwn(node, name) ? node[name] : undefined;
        if (!isPlainObject(child) || !built.has(child)) {
          child = {};
          built.add(child);
          setOwn(node, name, child);
        }
        node = child;
      }
      setOwn(node, segments[segments.length - 1]!, value);
    });
    return arrays === 'index' ? (toArrays(out, built, true) as JsonObject) : out;
  };
}

/**
 * Turns objects built here whose keys are exactly 0…n-1 into arrays, bottom-up (the root stays an
 * object). Integer-like keys come first and ascending in Object.keys, so "exactly 0…n-1" is a check
 * of each key against its position. Depth is bounded by maxDepth.
 */
function toArrays(value: JsonObject, built: ReadonlySet<JsonObject>, isRoot: boolean): JsonValue {
  const keys = Object.keys(value);
  for (const key of keys) {
    const child = value[key]!;
    if (isPlainObject(child) && built.has(child)) setOwn(value, key, toArrays(child, built, false));
  }
  if (isRoot || keys.length === 0 || !keys.every((key, position) => key === String(position))) return value;
  return keys.map((key) => value[key]!);
}

function clip(key: string): string {
  return key.length > 64 ? `${key.slice(0, 64)}…` : key;
}

export const examples = [
  {
    title: 'keys joined by "_" become nested objects again',
    options: {},
    input: { id: 7, user_name: 'ana', user_address_city: 'Lyon', tags: ['a', 'b'] },
    output: { id: 7, user: { name: 'ana', address: { city: 'Lyon' } }, tags: ['a', 'b'] },
  },
  {
    title: 'indexed keys become arrays again with arrays: "index"',
    options: { separator: '.', arrays: 'index' },
    input: { 'items.0.sku': 'x1', 'items.1.sku': 'y2' },
    output: { items: [{ sku: 'x1' }, { sku: 'y2' }] },
  },
  {
    title: 'a key that runs through another key\'s value stays flat; so do _id-style keys with emptySegments: "keepFlat"',
    options: { emptySegments: 'keepFlat' },
    input: { _id: 'k1', a: 1, a_b: 2, c_d: 3 },
    output: { _id: 'k1', a: 1, a_b: 2, c: { d: 3 } },
  },
] as const;
