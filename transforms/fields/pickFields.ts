import { checkOneOf, checkOptionKeys } from '../core/index.js';
import { RecordFieldError, TransformOptionError } from '../core/index.js';
import { compilePath, formatPath, getPath, setPath, type FieldPath } from './fieldPath.js';
import { fail, isOutcome } from '../core/index.js';
import { requireObject } from '../core/index.js';
import type { FailedOutcome, JsonObject, JsonValue, RecordContext } from '../core/index.js';

export interface PickFieldsOptions {
  /** A listed field the record lacks: `'skip'` it (default), write `'null'`, or `'fail'` the record. */
  readonly onMissing?: 'skip' | 'null' | 'fail';
}

const NAME = 'pickFields';

/** Keeps only the listed fields (paths keep their nesting: `"user.id"` → `{ user: { id } }`). */
export function pickFields(fields: readonly FieldPath[], options: PickFieldsOptions = {}): (input: JsonValue, ctx: RecordContext) => JsonObject | FailedOutcome {
  if (!Array.isArray(fields) || fields.length === 0) {
    throw new TransformOptionError(NAME, 'fields', 'must be a non-empty array of field paths', 'Example: pickFields(["id", "user.name"]).');
  }
  checkOptionKeys(NAME, options, ['onMissing']);
  const onMissing = checkOneOf(NAME, 'onMissing', options.onMissing ?? 'skip', ['skip', 'null', 'fail'] as const);
  const paths = fields.map((field) => compilePath(NAME, 'fields', field));

  return function pickFieldsRecord(input) {
    const record = requireObject(NAME, input);
    if (isOutcome(record)) return record;
    let picked: JsonObject = {};
    for (const path of paths) {
      const value = getPath(record, path);
      if (value !== undefined) {
        picked = setPath(picked, path, value);
      } else if (onMissing === 'null') {
        picked = setPath(picked, path, null);
      } else if (onMissing === 'fail') {
        return fail(new RecordFieldError(`${NAME}: the record has no field '${formatPath(path)}'; use pickFields(…, { onMissing: 'skip' }) to allow that`));
      }
    }
    return picked;
  };
}

export const examples = [
  {
    title: 'keep a few fields, nested paths keep their nesting',
    options: { fields: ['id', 'user.name'] },
    input: { id: 1, user: { name: 'ana', email: 'ana@example.com' }, debug: true },
    output: { id: 1, user: { name: 'ana' } },
  },
] as const;
