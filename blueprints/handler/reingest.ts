/**
 * Re-ingestion: records that do not fit in the Lambda response are sent back to where they came from,
 * so that Firehose hands them to a later invocation. Direct PUT streams get them back through
 * `PutRecordBatch` on the delivery stream; Kinesis-sourced streams through `PutRecords` on the source
 * stream (a delivery stream with a Kinesis source does not accept PutRecordBatch). This file holds the
 * interfaces and the batching; the AWS SDK implementation is aws/reingestSink.ts.
 */
import { PUT_RECORD_BATCH_MAX_BYTES, PUT_RECORD_BATCH_MAX_RECORDS } from '../../limits/index.js';

export interface ReingestRecord {
  readonly recordId: string;
  /** The record's original bytes. */
  readonly data: Uint8Array;
  /** Kinesis partition key (the record's own for Kinesis-sourced streams). */
  readonly partitionKey: string;
}

export type ReingestTarget =
  | { readonly kind: 'firehose'; readonly deliveryStreamArn: string }
  | { readonly kind: 'kinesis'; readonly streamArn: string };

/** Sends records back; resolves to the ids of records that could not be sent after all retries. */
export interface ReingestSink {
  reingest(target: ReingestTarget, records: readonly ReingestRecord[]): Promise<ReadonlySet<string>>;
}

/** One API call's answer: for each entry of the call, an error code, or undefined when it was accepted. */
export type PutBatch = (target: ReingestTarget, records: readonly ReingestRecord[]) => Promise<readonly (string | undefined)[]>;

export interface ReingestLimits {
  /** Records per call: 500 for both PutRecordBatch and PutRecords. */
  readonly maxRecordsPerCall: number;
  /** Bytes per call (data plus partition keys): 4 MiB, PutRecordBatch's limit and below PutRecords' 5 MiB. */
  readonly maxBytesPerCall: number;
  /** Attempts per record, the first included, before it counts as not re-ingested. */
  readonly maxAttempts: number;
  /** Delay before the second attempt; doubled each time, with full jitter. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_REINGEST_LIMITS: ReingestLimits = {
  maxRecordsPerCall: PUT_RECORD_BATCH_MAX_RECORDS,
  maxBytesPerCall: PUT_RECORD_BATCH_MAX_BYTES,
  maxAttempts: 5,
  baseDelayMs: 100,
  maxDelayMs: 2_000,
};

/** Splits records into calls within both limits, keeping their order. */
export function chunkForCalls(records: readonly ReingestRecord[], limits: Pick<ReingestLimits, 'maxRecordsPerCall' | 'maxBytesPerCall'>): ReingestRecord[][] {
  const chunks: ReingestRecord[][] = [];
  let current: ReingestRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = record.data.byteLength + Buffer.byteLength(record.partitionKey);
    if (current.length > 0 && (current.length >= limits.maxRecordsPerCall || bytes + size > limits.maxBytesPerCall)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * A sink built on one batch-put call: chunks records, retries the entries a call rejected (and whole
 * calls that threw, such as throttling) with exponential backoff, up to `maxAttempts` per record.
 */
export function batchingSink(
  putBatch: PutBatch,
  limits: ReingestLimits = DEFAULT_REINGEST_LIMITS,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): ReingestSink {
  return {
    async reingest(target, records) {
      let pending = [...records];
      for (let attempt = 1; attempt <= limits.maxAttempts && pending.length > 0; attempt++) {
        if (attempt > 1) {
          const ceiling = Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** (attempt - 2));
          await sleep(Math.random() * ceiling);
        }
        const retry: ReingestRecord[] = [];
        for (const chunk of chunkForCalls(pending, limits)) {
          let codes: readonly (string | undefined)[];
          try {
            codes = await putBatch(target, chunk);
          } catch {
            retry.push(...chunk);
            continue;
          }
          chunk.forEach((record, index) => {
            // An answer shorter than the call is treated as a rejection of the missing entries.
            if (index >= codes.length || codes[index] !== undefined) retry.push(record);
          });
        }
        pending = retry;
      }
      return new Set(pending.map((r) => r.recordId));
    },
  };
}

let defaultSinkFactory: (() => ReingestSink) | undefined;

/**
 * Sets the sink that `reingest: 'auto'` uses when a handler is not given one. The composition roots
 * (the package entry point and the Lambda entries) set the AWS sink from aws/, so that the handler layer
 * never imports the AWS SDK itself.
 */
export function setDefaultReingestSink(factory: (() => ReingestSink) | undefined): void {
  defaultSinkFactory = factory;
}

/** The sink `'auto'` uses: the one set with `setDefaultReingestSink`, or undefined when none is. */
export function defaultReingestSink(): ReingestSink | undefined {
  return defaultSinkFactory?.();
}
