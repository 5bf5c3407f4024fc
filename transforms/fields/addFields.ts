import { checkOneOf, checkOptionKeys } from '../core/index.js';
import { RecordFieldError, TransformOptionError } from '../core/index.js';
import { fail, isOutcome } from '../core/index.js';
import { requireObject } from '../core/index.js';
import type { FailedOutcome, JsonObject, JsonValue, RecordContext } from '../core/index.js';

/** A value to add: a constant, or a function of the record and its context. */
export type FieldValue = JsonValue | ((record: JsonObject, ctx: RecordContext) => JsonValue);

export interface AddFieldsOptions {
  /** The record already has the field: `'overwrite'` it (default), `'keep'` the record's value, or `'fail'`. */
  readonly onExisting?: 'overwrite' | 'keep' | 'fail';
}

const NAME = 'addFields';

/** Ready-made values from the record's context, for use with `addFields`. */
export const fromContext = {
  /** The Firehose record id. */
  recordId: (_record: JsonObject, ctx: RecordContext): JsonValue => ctx.recordId,
  /** Firehose's arrival time as ISO-8601 UTC with milliseconds. */
  arrivalTime: (_record: JsonObject, ctx: RecordContext): JsonValue => new Date(ctx.arrivalTimestamp).toISOString(),
  /** Firehose's arrival time in epoch milliseconds. */
  arrivalTimestamp: (_record: JsonObject, ctx: RecordContext): JsonValue => ctx.arrivalTimestamp,
  /** The Kinesis partition key for Kinesis-sourced streams, null otherwise. */
  kinesisPartitionKey: (_record: JsonObject, ctx: RecordContext): JsonValue => ctx.source.kinesis?.partitionKey ?? null,
} as const;

const FORBIDDEN = new Set(['__proto__']);

/** Adds top-level fields: `addFields({ received_at: fromContext.arrivalTime, source: 'web' })`. */
export function addFields(fields: Readonly<Record<string, FieldValue>>, options: AddFieldsOptions = {}): (input: JsonValue, ctx: RecordContext) => JsonObject | FailedOutcome {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields) || Object.keys(fields).length === 0) {
    throw new TransformOptionError(NAME, 'fields', 'must be a non-empty object of { name: value }', 'Example: addFields({ received_at: fromContext.arrivalTime }).');
  }
  checkOptionKeys(NAME, options, ['onExisting']);
  const onExisting = checkOneOf(NAME, 'onExisting', options.onExisting ?? 'overwrite', ['overwrite', 'keep', 'fail'] as const);
  const entries = Object.entries(fields).map(([name, value]) => {
    if (name === '' || FORBIDDEN.has(name)) {
      throw new TransformOptionError(NAME, 'fields', `has the field name ${JSON.stringify(name)}`, 'Use a non-empty name other than __proto__.');
    }
    if (value === undefined) throw new TransformOptionError(NAME, 'fields', `gives no value for '${name}'`, 'Give a JSON value or a function (record, ctx) => value.');
    return [name, value] as const;
  });

  return function addFieldsRecord(input, ctx) {
    const record = requireObject(NAME, input);
    if (isOutcome(record)) return record;
    const result: JsonObject = { ...record };
    for (const [name, value] of entries) {
      if (Object.hasOwn(record, name)) {
        if (onExisting === 'keep') continue;
        if (onExisting === 'fail') return fail(new RecordFieldError(`${NAME}: the record already has a field '${name}'; use addFields(…, { onExisting: 'overwrite' }) or 'keep'`));
      }
      result[name] = typeof value === 'function' ? value(record, ctx) : value;
    }
    return result;
  };
}

export const examples = [
  {
    title: 'a constant field',
    options: { fields: { source: 'web' } },
    input: { id: 1 },
    output: { id: 1, source: 'web' },
  },
] as const;
