import { describeType, RecordFieldError } from './errors.js';
import { JsonNumber } from './jsonNumber.js';
import { fail } from './outcome.js';
import type { FailedOutcome, JsonObject, JsonValue } from './types.js';

/** The record as a JSON object, or a failed outcome naming the transform and the record's actual type. */
export function requireObject(transform: string, record: JsonValue): JsonObject | FailedOutcome {
  if (isJsonObject(record)) return record;
  return fail(new RecordFieldError(`${transform}: the record is ${describeType(record)}, expected a JSON object; put parseJson() first and filter out non-object records`));
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);
}
