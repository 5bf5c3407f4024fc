import { checkInteger, checkOneOf, checkOptionKeys } from '../core/index.js';
import { describeType, RecordFieldError, TransformOptionError, UnsafeRecordError } from '../core/index.js';
import { checkSeparator, isPlainObject, printablePath, setOwn } from './flatKeys.js';
import { fail, isOutcome, stringifyJson } from '../core/index.js';
import { requireObject } from '../core/index.js';
import type { FailedOutcome, JsonObject, JsonValue, RecordContext } from '../core/index.js';

export interface FlattenRecordOptions {
  /** Joins the keys of a path: one ASCII punctuation character. Default `'_'` (Glue-friendly); `.` and others allowed. */
  readonly separator?: string;
  /**
   * Arrays: `'keep'` them as values (default; for Glue `array<…>` columns, elements untouched),
   * `'index'` them (`tags_0`, `items_1_sku`; empty arrays stay `[]`), or `'stringify'` them as JSON text.
   */
  readonly arrays?: 'keep' | 'index' | 'stringify';
  /** Empty objects: `'keep'` as `{}` values (default, so unflattening restores them) or `'drop'`. */
  readonly emptyObjects?: 'keep' | 'drop';
  /** Deepest nesting flattened; deeper records fail instead of overflowing the stack. Default 100, at most 1,000. */
  readonly maxDepth?: number;
  /**
   * Two paths that flatten to one key (a literal `a_b` beside nested `a.b`): `'suffix'` (default) keeps
   * the key for the path with fewer keys (the literal one), ties going to the smaller path in code-unit
   * order, numbers the others `_2`, `_3`… and reports each in `collisionReportField`; `'fail'` fails the record.
   */
  readonly onKeyCollision?: 'suffix' | 'fail';
  /** Root field listing renames as "a.b -> a_b_2" (appended to an existing list). Default `'key_collisions'`; `null` for none. */
  readonly collisionReportField?: string | null;
}

const NAME = 'flattenRecord';
const JOIN_CACHE_LIMIT = 20_000;
const OPTION_KEYS = ['separator', 'arrays', 'emptyObjects', 'maxDepth', 'onKeyCollision', 'collisionReportField'] as const;

class RecordProblem extends Error {
  constructor(readonly error: Error) {
    super(error.message);
  }
}

/** A flattened key seen twice: the fast path stops and the careful path resolves every collision. */
class CollisionSeen extends Error {}

interface Leaf {
  readonly key: string;
  readonly path: readonly string[];
  readonly value: JsonValue;
}

/**
 * Flattens nested objects into one level of keys joined by `separator` (`{ user: { id: 1 } }` →
 * `{ user_id: 1 }`), the shape Glue tables and CSV-minded tools want. Arrays are kept, indexed or
 * stringified. Key collisions are detected and resolved by a documented rule; depth is limited.
 */
export function flattenRecord(options: FlattenRecordOptions = {}): (input: JsonValue, ctx: RecordContext) => JsonObject | FailedOutcome {
  checkOptionKeys(NAME, options, OPTION_KEYS);
  const separator = checkSeparator(NAME, options.separator ?? '_');
  const arrays = checkOneOf(NAME, 'arrays', options.arrays ?? 'keep', ['keep', 'index', 'stringify'] as const);
  const emptyObjects = checkOneOf(NAME, 'emptyObjects', options.emptyObjects ?? 'keep', ['keep', 'drop'] as const);
  const maxDepth = checkInteger(NAME, 'maxDepth', options.maxDepth ?? 100, 1, 1_000);
  const onKeyCollision = checkOneOf(NAME, 'onKeyCollision', options.onKeyCollision ?? 'suffix', ['suffix', 'fail'] as const);
  const reportField = options.collisionReportField === undefined ? 'key_collisions' : options.collisionReportField;
  if (reportField !== null && (typeof reportField !== 'string' || reportField === '')) {
    throw new TransformOptionError(NAME, 'collisionReportField', `is ${JSON.stringify(reportField)}`, 'Use null or a non-empty key, e.g. "key_collisions".');
  }

  const tooDeep = (): RecordProblem =>
    new RecordProblem(new UnsafeRecordError(`${NAME}: the record nests objects/arrays deeper than maxDepth ${maxDepth}; raise flattenRecord({ maxDepth }) (at most 1,000) if such records are expected`));

  /**
   * Walks the record and hands every flattened entry to `emit`. `path` is only maintained when
   * `withPaths` (the careful pass); the fast pass needs keys only.
   */
  const walk = (record: JsonObject, prefix: string | undefined, depth: number, path: string[], withPaths: boolean, emit: (key: string, value: JsonValue, path: readonly string[]) => void): void => {
    for (const key of Object.keys(record)) {
      const flatKey = prefix === undefined ? key : prefix + separator + key;
      if (withPaths) path.push(key);
      walkValue(record[key]!, flatKey, depth, path, withPaths, emit);
      if (withPaths) path.pop();
    }
  };

  const walkValue = (value: JsonValue, flatKey: string, depth: number, path: string[], withPaths: boolean, emit: (key: string, value: JsonValue, path: readonly string[]) => void): void => {
    if (isPlainObject(value)) {
      if (depth + 1 > maxDepth) throw tooDeep();
      let empty = true;
      for (const _ in value) {
        empty = false;
        break;
      }
      if (empty) {
        if (emptyObjects === 'keep') emit(flatKey, {}, path);
        return;
      }
      walk(value, flatKey, depth + 1, path, withPaths, emit);
      return;
    }
    if (!Array.isArray(value) || arrays === 'keep') {
      emit(flatKey, value, path);
      return;
    }
    if (arrays === 'stringify') {
      // JSON.stringify recurses: check the depth first so that a deep array fails instead of overflowing.
      if (nestingDepth(value, maxDepth - depth) > maxDepth - depth) throw tooDeep();
      emit(flatKey, stringifyJson(value), path);
      return;
    }
    if (value.length === 0) {
      emit(flatKey, [], path);
      return;
    }
    if (depth + 1 > maxDepth) throw tooDeep();
    for (let index = 0; index < value.length; index++) {
      if (withPaths) path.push(String(index));
      walkValue(value[index]!, flatKey + separator + String(index), depth + 1, path, withPaths, emit);
      if (withPaths) path.pop();
    }
  };

  // Records of a stream share their shape: joined keys are remembered (a bounded cache), so that each
  // record reuses the same key strings instead of concatenating and hashing new ones.
  const joined = new Map<string, Map<string, string>>();
  let joinedCount = 0;
  const join = (prefix: string, key: string): string => {
    let byKey = joined.get(prefix);
    if (byKey === undefined) {
      if (joinedCount >= JOIN_CACHE_LIMIT) {
        joined.clear();
        joinedCount = 0;
      }
      byKey = new Map();
      joined.set(prefix, byKey);
    }
    let flatKey = byKey.get(key);
    if (flatKey === undefined) {
      flatKey = prefix + separator + key;
      byKey.set(key, flatKey);
      joinedCount++;
    }
    return flatKey;
  };

  /**
   * The fast pass: writes straight into `out` (no path bookkeeping, no callback) and stops at the first
   * key seen twice, leaving the rest to the careful pass. Same traversal order as `walk`.
   */
  const fastWalk = (record: JsonObject, prefix: string | undefined, depth: number, out: JsonObject): void => {
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      fastValue(record[key]!, prefix === undefined ? key : join(prefix, key), depth, out);
    }
  };
  const fastValue = (value: JsonValue, flatKey: string, depth: number, out: JsonObject): void => {
    if (isPlainObject(value) || (Array.isArray(value) && arrays === 'index')) {
      if (Array.isArray(value)) {
        if (value.length > 0) {
          if (depth + 1 > maxDepth) throw tooDeep();
          for (let index = 0; index < value.length; index++) fastValue(value[index]!, join(flatKey, String(index)), depth + 1, out);
          return;
        }
      } else {
        let empty = true;
        for (const _ in value) {
          empty = false;
          break;
        }
        if (!empty) {
          if (depth + 1 > maxDepth) throw tooDeep();
          fastWalk(value, flatKey, depth + 1, out);
          return;
        }
        if (emptyObjects === 'drop') return;
        value = {};
      }
    } else if (arrays === 'stringify' && Array.isArray(value)) {
      if (nestingDepth(value, maxDepth - depth) > maxDepth - depth) throw tooDeep();
      value = stringifyJson(value);
    }
    if (Object.hasOwn(out, flatKey)) throw new CollisionSeen();
    setOwn(out, flatKey, value);
  };
  const fastFlatten = (record: JsonObject): JsonObject => {
    const out: JsonObject = {};
    fastWalk(record, undefined, 0, out);
    return out;
  };

  const carefulFlatten = (record: JsonObject, report: string[]): JsonObject => {
    const leaves: Leaf[] = [];
    const groups = new Map<string, number[]>();
    walk(record, undefined, 0, [], true, (key, value, path) => {
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [leaves.length]);
      else group.push(leaves.length);
      leaves.push({ key, path: [...path], value });
    });
    const names = leaves.map((leaf) => leaf.key);
    const taken = new Set(names);
    for (const [key, group] of groups) {
      if (group.length < 2) continue;
      const ordered = [...group].sort((a, b) => comparePaths(leaves[a]!.path, leaves[b]!.path));
      if (onKeyCollision === 'fail') {
        throw new RecordProblem(
          new RecordFieldError(`${NAME}: paths ${ordered.map((index) => `'${printablePath(leaves[index]!.path)}'`).join(' and ')} all flatten to '${clip(key)}'; rename one upstream or set onKeyCollision: 'suffix'`),
        );
      }
      let counter = 2;
      for (const index of ordered.slice(1)) {
        let candidate = `${key}_${counter}`;
        while (taken.has(candidate)) candidate = `${key}_${++counter}`;
        counter++;
        taken.add(candidate);
        names[index] = candidate;
        report.push(`${printablePath(leaves[index]!.path)} -> ${candidate}`);
      }
    }
    const out: JsonObject = {};
    leaves.forEach((leaf, index) => setOwn(out, names[index]!, leaf.value));
    return out;
  };

  return function flattenRecordRecord(input) {
    const record = requireObject(NAME, input);
    if (isOutcome(record)) return record;
    const report: string[] = [];
    let out: JsonObject;
    try {
      try {
        out = fastFlatten(record);
      } catch (error) {
        if (!(error instanceof CollisionSeen)) throw error;
        out = carefulFlatten(record, report);
      }
    } catch (error) {
      if (error instanceof RecordProblem) return fail(error.error);
      throw error;
    }
    if (report.length === 0 || reportField === null) return out;
    const existing = Object.hasOwn(out, reportField) ? out[reportField] : undefined;
    if (existing !== undefined && !(Array.isArray(existing) && existing.every((item) => typeof item === 'string'))) {
      return fail(new RecordFieldError(`${NAME}: the record already has a field '${reportField}' (${describeType(existing)}) where key renames are reported; rename it upstream or set collisionReportField`));
    }
    setOwn(out, reportField, [...((existing as string[] | undefined) ?? []), ...report]);
    return out;
  };
}

/** Fewer keys first, then segment by segment in code-unit order. */
function comparePaths(a: readonly string[], b: readonly string[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let index = 0; index < a.length; index++) {
    if (a[index]! < b[index]!) return -1;
    if (a[index]! > b[index]!) return 1;
  }
  return 0;
}

/** Nesting depth of `value` (arrays and objects), counting at most to `limit + 1`; iterative. */
function nestingDepth(value: JsonValue, limit: number): number {
  let deepest = 0;
  const stack: [JsonValue, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (!Array.isArray(current) && !isPlainObject(current)) continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function clip(key: string): string {
  return key.length > 64 ? `${key.slice(0, 64)}…` : key;
}

export const examples = [
  {
    title: 'nested objects become one level of keys joined by "_"; arrays are kept for Glue array<> columns',
    options: {},
    input: { id: 7, user: { name: 'ana', address: { city: 'Lyon' } }, tags: ['a', 'b'], extra: {} },
    output: { id: 7, user_name: 'ana', user_address_city: 'Lyon', tags: ['a', 'b'], extra: {} },
  },
  {
    title: 'arrays indexed, "." as separator, empty objects dropped',
    options: { separator: '.', arrays: 'index', emptyObjects: 'drop' },
    input: { items: [{ sku: 'x1', qty: 2 }, { sku: 'y2', qty: 1 }], meta: {} },
    output: { 'items.0.sku': 'x1', 'items.0.qty': 2, 'items.1.sku': 'y2', 'items.1.qty': 1 },
  },
  {
    title: 'arrays as JSON text',
    options: { arrays: 'stringify' },
    input: { event: { ids: [1, 2, 3] } },
    output: { event_ids: '[1,2,3]' },
  },
  {
    title: 'a literal a_b beside nested a.b: the literal key keeps its name, the nested one is numbered and reported',
    options: {},
    input: { a: { b: 1 }, a_b: 2 },
    output: { a_b_2: 1, a_b: 2, key_collisions: ['a.b -> a_b_2'] },
  },
] as const;
