import { TransformOptionError } from '../core/index.js';
import { compilePath, deletePath, type FieldPath } from './fieldPath.js';
import { isOutcome } from '../core/index.js';
import { requireObject } from '../core/index.js';
import type { FailedOutcome, JsonObject, JsonValue, RecordContext } from '../core/index.js';

const NAME = 'omitFields';

/** Removes the listed fields (absent fields are ignored). */
export function omitFields(fields: readonly FieldPath[]): (input: JsonValue, ctx: RecordContext) => JsonObject | FailedOutcome {
  if (!Array.isArray(fields) || fields.length === 0) {
    throw new TransformOptionError(NAME, 'fields', 'must be a non-empty array of field paths', 'Example: omitFields(["password", "debug.trace"]).');
  }
  const paths = fields.map((field) => compilePath(NAME, 'fields', field));
  return function omitFieldsRecord(input) {
    const record = requireObject(NAME, input);
    if (isOutcome(record)) return record;
    let result = record;
    for (const path of paths) result = deletePath(result, path);
    return result;
  };
}

export const examples = [
  {
    title: 'drop secrets and debug data',
    options: { fields: ['password', 'debug.trace'] },
    input: { user: 'ana', password: 'hunter2', debug: { trace: 'x', level: 2 } },
    output: { user: 'ana', debug: { level: 2 } },
  },
] as const;
