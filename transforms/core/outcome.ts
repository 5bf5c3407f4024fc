import {
  OUTCOME,
  type DroppedOutcome,
  type FailedOutcome,
  type OkOutcome,
  type Outcome,
} from './types.js';

/** The record goes on with `value`; `partitionKeys` are merged into the record's context. */
export function ok<T>(value: T, partitionKeys?: Readonly<Record<string, string>>): OkOutcome<T> {
  return partitionKeys === undefined ? { [OUTCOME]: 'ok', value } : { [OUTCOME]: 'ok', value, partitionKeys };
}

/** The record is dropped on purpose (Firehose result `Dropped`). */
export function drop(reason: string): DroppedOutcome {
  return { [OUTCOME]: 'dropped', reason };
}

/** The record failed (Firehose result `ProcessingFailed`, original bytes kept). */
export function fail(error: Error | string): FailedOutcome {
  return { [OUTCOME]: 'failed', error: typeof error === 'string' ? new Error(error) : error };
}

/** True when `value` is an outcome made by `ok`, `drop` or `fail` rather than a plain record value. */
export function isOutcome(value: unknown): value is Outcome<unknown> {
  return typeof value === 'object' && value !== null && OUTCOME in value;
}

/** Turns whatever a transform returned into an outcome. */
export function toOutcome<T>(result: T | Outcome<T>): Outcome<T> {
  return isOutcome(result) ? (result as Outcome<T>) : ok(result as T);
}
