/**
 * The response budget: which records keep their own answer in the Lambda response and which are
 * re-ingested. The plan holds whatever re-ingestion then does: a record sent back is answered Dropped
 * when it went through, and ProcessingFailed with its original bytes when it did not, so room is
 * reserved for the larger of the two. Lambda's synchronous response limit (6,291,456 bytes) is
 * documented in the Lambda quotas page; Firehose's answer model in "Transform source data in Amazon
 * Data Firehose" (data-transformation.html).
 */
import { RESPONSE_ENVELOPE_BYTES } from './responseSize.js';

/** Sizes of a record's possible answers, each without the comma that precedes entries after the first. */
export interface BudgetItem {
  /** Its own answer (Ok with its output, Dropped, or ProcessingFailed with its original bytes); undefined when it must be re-ingested (split). */
  readonly own: number | undefined;
  /** ProcessingFailed with its original bytes: its answer when re-ingestion fails. */
  readonly failed: number;
  /** Dropped: its answer when re-ingestion succeeds. */
  readonly dropped: number;
}

/**
 * `keep`: answered with its own entry. `reingest`: sent back; whether that works or not, the response
 * stays within the budget. `reingest-required`: sent back because even the records' original bytes do
 * not fit; if that fails, the budget cannot hold (the handler then checks Lambda's own limit).
 */
export type BudgetDecision = 'keep' | 'reingest' | 'reingest-required';

export interface ResponsePlan {
  readonly decisions: BudgetDecision[];
  /** Size of the response if every `reingest` record fails and every `reingest-required` one succeeds. */
  readonly plannedBytes: number;
}

export function planResponse(items: readonly BudgetItem[], budget: number): ResponsePlan {
  const decisions: BudgetDecision[] = new Array(items.length);
  const reserve: number[] = new Array(items.length);
  let size = RESPONSE_ENVELOPE_BYTES;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const comma = i > 0 ? 1 : 0;
    if (item.own === undefined) {
      decisions[i] = 'reingest';
      reserve[i] = item.failed + comma;
    } else if (item.own <= item.failed) {
      // Dropped, ProcessingFailed, or an output no larger than the input: re-ingesting cannot make it smaller.
      decisions[i] = 'keep';
      reserve[i] = item.own + comma;
    } else {
      decisions[i] = 'reingest';
      reserve[i] = item.failed + comma;
    }
    size += reserve[i]!;
  }
  if (size > budget) {
    // Even the original bytes do not fit: records must leave the response, largest saving first (later
    // records first among equals). A record whose answer cannot fit a response of its own stays (sent
    // back, it would return forever).
    const candidates = items
      .map((item, i) => ({ i, saving: reserve[i]! - (item.dropped + (i > 0 ? 1 : 0)) }))
      .filter(({ i, saving }) => saving > 0 && RESPONSE_ENVELOPE_BYTES + reserve[i]! - (i > 0 ? 1 : 0) <= budget)
      .sort((a, b) => b.saving - a.saving || b.i - a.i);
    for (const { i, saving } of candidates) {
      if (size <= budget) break;
      decisions[i] = 'reingest-required';
      reserve[i] = items[i]!.dropped + (i > 0 ? 1 : 0);
      size -= saving;
    }
  }
  // Upgrade, in input order, records whose own answer is larger than their failed answer, while they fit.
  for (let i = 0; i < items.length; i++) {
    const own = items[i]!.own;
    if (decisions[i] !== 'reingest' || own === undefined) continue;
    const grow = own + (i > 0 ? 1 : 0) - reserve[i]!;
    if (size + grow <= budget) {
      decisions[i] = 'keep';
      reserve[i] = own + (i > 0 ? 1 : 0);
      size += grow;
    }
  }
  return { decisions, plannedBytes: size };
}
