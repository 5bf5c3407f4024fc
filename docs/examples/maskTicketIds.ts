import { fail, isJsonObject, TransformOptionError, type FailedOutcome, type JsonObject, type JsonValue, type RecordContext } from 'firehose-kit';

export interface MaskTicketIdsOptions {
  /** Field holding the ticket id (default "ticket"). */
  readonly field?: string;
  /** Characters kept at the end (default 4, 0 to 16). */
  readonly keep?: number;
}

/** Replaces all but the last `keep` characters of a ticket id with "*". Options are checked once. */
export function maskTicketIds(options: MaskTicketIdsOptions = {}): (input: JsonValue, ctx: RecordContext) => JsonObject | FailedOutcome {
  const field = options.field ?? 'ticket';
  const keep = options.keep ?? 4;
  if (!Number.isInteger(keep) || keep < 0 || keep > 16) {
    throw new TransformOptionError('maskTicketIds', 'keep', `must be a whole number from 0 to 16, got ${String(keep)}`, 'Example: maskTicketIds({ keep: 4 }).');
  }
  return (input) => {
    // isJsonObject: a plain object (not an array, null, or an exact number from parseJson()).
    if (!isJsonObject(input)) return fail('maskTicketIds: the record is not a JSON object');
    const value = input[field];
    if (typeof value !== 'string') return { ...input };
    // A new object: the input is never changed.
    return { ...input, [field]: '*'.repeat(Math.max(0, value.length - keep)) + value.slice(value.length - keep) };
  };
}
