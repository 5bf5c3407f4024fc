/**
 * Re-ingestion: records that do not fit in the Lambda response are sent back to where they came from,
 * so that Firehose hands them to a later invocation. Direct PUT streams get them back through
 * `PutRecordBatch` on the delivery stream; Kinesis-sourced streams through `PutRecords` on the source
 * stream (a delivery stream with a Kinesis source does not accept PutRecordBatch).
 */
import { ReingestError } from './errors.js';

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
  maxRecordsPerCall: 500,
  maxBytesPerCall: 4 * 1024 * 1024,
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

/** The AWS sink: PutRecordBatch / PutRecords through the AWS SDK, region taken from the target ARN. */
export function awsReingestSink(limits: ReingestLimits = DEFAULT_REINGEST_LIMITS): ReingestSink {
  return batchingSink(async (target, records) => {
    if (target.kind === 'firehose') {
      const { FirehoseClient, PutRecordBatchCommand } = await import('@aws-sdk/client-firehose');
      const { region, name } = parseArn(target.deliveryStreamArn, 'deliverystream/');
      const client = cachedClient(`firehose:${region}`, () => new FirehoseClient({ region }));
      const answer = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: records.map((r) => ({ Data: r.data })) }));
      return (answer.RequestResponses ?? []).map((entry) => (entry.ErrorCode !== undefined && entry.ErrorCode !== null ? entry.ErrorCode : undefined));
    }
    const { KinesisClient, PutRecordsCommand } = await import('@aws-sdk/client-kinesis');
    const { region } = parseArn(target.streamArn, 'stream/');
    const client = cachedClient(`kinesis:${region}`, () => new KinesisClient({ region }));
    const answer = await client.send(new PutRecordsCommand({ StreamARN: target.streamArn, Records: records.map((r) => ({ Data: r.data, PartitionKey: r.partitionKey })) }));
    return (answer.Records ?? []).map((entry) => (entry.ErrorCode !== undefined && entry.ErrorCode !== null ? entry.ErrorCode : undefined));
  }, limits);
}

interface Sendable {
  send(command: never): Promise<unknown>;
}
const clients = new Map<string, Sendable>();
function cachedClient<C extends Sendable>(key: string, create: () => C): C {
  let client = clients.get(key) as C | undefined;
  if (client === undefined) {
    client = create();
    clients.set(key, client);
  }
  return client;
}

/** `arn:aws:firehose:us-east-1:123456789012:deliverystream/NAME` → region and NAME. */
export function parseArn(arn: string, resourcePrefix: string): { region: string; name: string } {
  const parts = arn.split(':');
  const resource = parts.slice(5).join(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[3] === '' || !resource.startsWith(resourcePrefix)) {
    throw new ReingestError(`cannot re-ingest: '${arn}' is not an ARN of the form arn:aws:<service>:<region>:<account>:${resourcePrefix}<name>`);
  }
  return { region: parts[3]!, name: resource.slice(resourcePrefix.length) };
}
