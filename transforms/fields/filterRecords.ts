import { checkOptionKeys } from '../core/index.js';
import { TransformOptionError } from '../core/index.js';
import { drop } from '../core/index.js';
import type { DroppedOutcome, RecordContext } from '../core/index.js';

export interface FilterRecordsOptions {
  /** The reason counted and logged for dropped records. Default `'filtered out'`. */
  readonly reason?: string;
}

/** Keeps records for which `keep` returns true; the others become Firehose `Dropped` records. */
export function filterRecords<T>(keep: (record: T, ctx: RecordContext) => boolean, options: FilterRecordsOptions = {}): (input: T, ctx: RecordContext) => T | DroppedOutcome {
  if (typeof keep !== 'function') {
    throw new TransformOptionError('filterRecords', 'keep', 'must be a function (record, ctx) => boolean', 'Example: filterRecords((r) => r.level !== "debug").');
  }
  checkOptionKeys('filterRecords', options, ['reason']);
  const reason = options.reason ?? 'filtered out';
  if (typeof reason !== 'string' || reason === '') {
    throw new TransformOptionError('filterRecords', 'reason', 'must be a non-empty string', 'Example: { reason: "debug log" }.');
  }
  const dropped = drop(reason);
  return function filterRecordsRecord(input, ctx) {
    return keep(input, ctx) === true ? input : dropped;
  };
}
