/** Errors of the offline Firehose emulation. */
import { FirehoseKitError } from '../../transforms/core/index.js';

/** A Lambda response breaks Firehose's record-transformation rules or firehose-kit's stricter promises. */
export class FirehoseContractError extends FirehoseKitError {
  constructor(
    /** The rule broken, e.g. `missing-record-id` (see FIREHOSE_RULES and KIT_PROMISES). */
    readonly rule: string,
    /** The record concerned, when the rule is about one record. */
    readonly recordId: string | undefined,
    message: string,
    /** The error code Firehose writes for this violation; undefined for firehose-kit's own promises. */
    readonly errorCode?: string,
    /** Whether Firehose fails only the records concerned or the whole batch; undefined for our promises. */
    readonly scope?: 'record' | 'batch',
  ) {
    super(`${errorCode === undefined ? 'firehose-kit promise broken' : `Firehose rule broken (${errorCode})`} (${rule})${recordId === undefined ? '' : ` for recordId ${recordId}`}: ${message}`);
  }
}
