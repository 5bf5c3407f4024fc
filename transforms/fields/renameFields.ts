import { checkOneOf, checkOptionKeys } from '../core/index.js';
import { RecordFieldError, TransformOptionError } from '../core/index.js';
import { compilePath, deletePath, formatPath, getPath, setPath, type CompiledPath } from './fieldPath.js';
import { fail, isOutcome } from '../core/index.js';
import { requireObject } from '../core/index.js';
import type { FailedOutcome, JsonObject, JsonValue, RecordContext } from '../core/index.js';

export interface RenameFieldsOptions {
  /** A source field the record lacks: `'skip'` that rename (default) or `'fail'` the record. */
  readonly onMissing?: 'skip' | 'fail';
  /**
   * The target already holds a value that is not itself renamed away: `'fail'` the record (default,
   * so no value is lost silently) or `'overwrite'` it.
   */
  readonly onConflict?: 'fail' | 'overwrite';
}

const NAME = 'renameFields';

/**
 * Renames (or moves) fields: `{ "userId": "user_id", "detail.ip": "client_ip" }`. All renames happen
 * at once, so `{ a: 'b', b: 'a' }` swaps two fields.
 */
export function renameFields(mapping: Readonly<Record<string, string>>, options: RenameFieldsOptions = {}): (input: JsonValue, ctx: RecordContext) => JsonObject | FailedOutcome {
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping) || Object.keys(mapping).length === 0) {
    throw new TransformOptionError(NAME, 'mapping', 'must be a non-empty object of { from: to } paths', 'Example: renameFields({ userId: "user_id" }).');
  }
  checkOptionKeys(NAME, options, ['onMissing', 'onConflict']);
  const onMissing = checkOneOf(NAME, 'onMissing', options.onMissing ?? 'skip', ['skip', 'fail'] as const);
  const onConflict = checkOneOf(NAME, 'onConflict', options.onConflict ?? 'fail', ['fail', 'overwrite'] as const);
  const renames: { from: CompiledPath; to: CompiledPath }[] = Object.entries(mapping).map(([from, to]) => {
    if (typeof to !== 'string') throw new TransformOptionError(NAME, 'mapping', `maps '${from}' to a ${typeof to}`, 'Map each field to its new name as a string.');
    return { from: compilePath(NAME, 'mapping', from), to: compilePath(NAME, 'mapping', to) };
  });
  const targets = new Set(renames.map((r) => formatPath(r.to)));
  if (targets.size !== renames.length) {
    throw new TransformOptionError(NAME, 'mapping', 'renames two fields to the same name', 'Give every field its own target name.');
  }

  return function renameFieldsRecord(input) {
    const record = requireObject(NAME, input);
    if (isOutcome(record)) return record;
    const moves: { to: CompiledPath; value: JsonValue }[] = [];
    let result = record;
    for (const { from, to } of renames) {
      const value = getPath(record, from);
      if (value === undefined) {
        if (onMissing === 'fail') return fail(new RecordFieldError(`${NAME}: the record has no field '${formatPath(from)}' to rename; use renameFields(…, { onMissing: 'skip' }) to allow that`));
        continue;
      }
      moves.push({ to, value });
      result = deletePath(result, from);
    }
    for (const { to, value } of moves) {
      if (onConflict === 'fail' && getPath(result, to) !== undefined) {
        return fail(new RecordFieldError(`${NAME}: target field '${formatPath(to)}' already has a value; use renameFields(…, { onConflict: 'overwrite' }) to replace it`));
      }
      result = setPath(result, to, value);
    }
    return result;
  };
}

export const examples = [
  {
    title: 'rename and move fields',
    options: { mapping: { userId: 'user_id', 'detail.ip': 'client_ip' } },
    input: { userId: 7, detail: { ip: '192.0.2.1', path: '/' } },
    output: { user_id: 7, detail: { path: '/' }, client_ip: '192.0.2.1' },
  },
] as const;
