/** Errors of the offline Firehose emulation. */
import { FirehoseKitError } from '../../transforms/core/index.js';

/** A Lambda response breaks Firehose's record-transformation contract. */
export class FirehoseContractError extends FirehoseKitError {
  constructor(
    /** The rule broken, e.g. `record-order` (see CONTRACT_RULES). */
    readonly rule: string,
    /** The record concerned, when the rule is about one record. */
    readonly recordId: string | undefined,
    message: string,
  ) {
    super(`Firehose contract broken (${rule})${recordId === undefined ? '' : ` for recordId ${recordId}`}: ${message}`);
  }
}
