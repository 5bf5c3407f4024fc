import { checkOptionKeys } from '../core/index.js';
import { describeType, RecordFieldError, TransformOptionError } from '../core/index.js';
import { compilePath, formatPath, getPath, type CompiledPath, type FieldPath } from './fieldPath.js';
import { fail, isOutcome, JsonNumber, ok } from '../core/index.js';
import { requireObject } from '../core/index.js';
import type { FailedOutcome, JsonObject, JsonValue, OkOutcome, RecordContext } from '../core/index.js';

/** How a partition key gets its value: a field path, or a function of the record and its context. */
export type PartitionKeySource = FieldPath | ((record: JsonObject, ctx: RecordContext) => JsonValue | undefined);

export interface PartitionByOptions {
  /**
   * A key whose value is missing, null or an empty string: `'fail'` the record (default; Firehose would
   * send it to the error prefix) or use `{ default: 'unknown' }`.
   */
  readonly onMissing?: 'fail' | { readonly default: string };
}

const NAME = 'partitionBy';
const KEY_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Sets Firehose dynamic-partitioning keys (`metadata.partitionKeys`). Give field paths (the key is the
 * last segment: `"customer.id"` → `id`) or an object of `{ keyName: path | function }`. Numbers and
 * booleans become strings; objects and arrays fail the record.
 */
export function partitionBy(keys: readonly string[] | Readonly<Record<string, PartitionKeySource>>, options: PartitionByOptions = {}): (input: JsonValue, ctx: RecordContext) => OkOutcome<JsonObject> | FailedOutcome {
  checkOptionKeys(NAME, options, ['onMissing']);
  const onMissing = options.onMissing ?? 'fail';
  if (onMissing !== 'fail' && (typeof onMissing !== 'object' || onMissing === null || typeof onMissing.default !== 'string' || onMissing.default === '')) {
    throw new TransformOptionError(NAME, 'onMissing', `is ${JSON.stringify(onMissing)}`, "Use 'fail' or { default: 'some-value' } with a non-empty string.");
  }
  const entries: { name: string; path?: CompiledPath; compute?: (record: JsonObject, ctx: RecordContext) => JsonValue | undefined }[] = [];
  if (Array.isArray(keys)) {
    for (const key of keys as readonly string[]) {
      const path = compilePath(NAME, 'keys', key);
      entries.push({ name: path[path.length - 1]!, path });
    }
  } else if (typeof keys === 'object' && keys !== null) {
    for (const [name, source] of Object.entries(keys as Readonly<Record<string, PartitionKeySource>>)) {
      if (typeof source === 'function') entries.push({ name, compute: source });
      else entries.push({ name, path: compilePath(NAME, 'keys', source) });
    }
  }
  if (entries.length === 0) {
    throw new TransformOptionError(NAME, 'keys', 'names no partition key', 'Example: partitionBy(["customer_id"]) or partitionBy({ year: (r, ctx) => … }).');
  }
  for (const { name } of entries) {
    if (!KEY_NAME.test(name)) {
      throw new TransformOptionError(NAME, 'keys', `has the key name ${JSON.stringify(name)}`, 'Use 1-128 letters, digits, _ or - so that the name works in !{partitionKeyFromLambda:name}.');
    }
  }
  if (new Set(entries.map((e) => e.name)).size !== entries.length) {
    throw new TransformOptionError(NAME, 'keys', 'names the same partition key twice', 'Give every key its own name.');
  }

  return function partitionByRecord(input, ctx) {
    const record = requireObject(NAME, input);
    if (isOutcome(record)) return record;
    const partitionKeys: Record<string, string> = {};
    for (const entry of entries) {
      const raw = entry.compute !== undefined ? entry.compute(record, ctx) : getPath(record, entry.path!);
      const where = entry.path !== undefined ? `field '${formatPath(entry.path)}'` : 'its function';
      if (raw === undefined || raw === null || raw === '') {
        if (onMissing === 'fail') return fail(new RecordFieldError(`${NAME}: partition key '${entry.name}' has no value (${where} is ${raw === '' ? 'empty' : 'missing'}); use partitionBy(…, { onMissing: { default: 'unknown' } }) to allow that`));
        partitionKeys[entry.name] = onMissing.default;
      } else if (typeof raw === 'string') {
        partitionKeys[entry.name] = raw;
      } else if (typeof raw === 'number' && Number.isFinite(raw)) {
        partitionKeys[entry.name] = String(raw);
      } else if (raw instanceof JsonNumber) {
        // The number's exact text, as the record (and toJsonLine's output) has it.
        partitionKeys[entry.name] = raw.text;
      } else if (typeof raw === 'boolean') {
        partitionKeys[entry.name] = raw ? 'true' : 'false';
      } else {
        return fail(new RecordFieldError(`${NAME}: partition key '${entry.name}' from ${where} is ${describeType(raw)}; partition keys need a string, number or boolean`));
      }
    }
    return ok(record, partitionKeys);
  };
}

export const examples = [
  {
    title: 'partition by a field',
    options: { keys: ['customer.id'] },
    input: { customer: { id: 42 }, amount: 3 },
    output: { customer: { id: 42 }, amount: 3 },
    partitionKeys: { id: '42' },
  },
] as const;
