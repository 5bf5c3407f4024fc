/** Errors of the blueprints module: bad events, bad configuration, re-ingestion failures. */
import { FirehoseKitError } from '../../transforms/core/index.js';

/** The Lambda was invoked with something that is not a Firehose record-transformation event. */
export class FirehoseEventError extends FirehoseKitError {
  static readonly errorName: string = 'FirehoseEventError';
}

/** A blueprint's environment variable or a handler option has a value it cannot use (cold start). */
export class BlueprintConfigError extends FirehoseKitError {
  static readonly errorName: string = 'BlueprintConfigError';
}

/** Records could not be sent back to the delivery stream or the source Kinesis stream. */
export class ReingestError extends FirehoseKitError {
  static readonly errorName: string = 'ReingestError';
}

/** A record's transformed output cannot fit in a Lambda response even on its own. */
export class OutputTooLargeError extends FirehoseKitError {
  static readonly errorName: string = 'OutputTooLargeError';
}
