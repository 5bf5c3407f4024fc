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

/**
 * Why records could not be re-ingested, as the sink understood it: the service's error code and message
 * (never record content), what to do about it, and whether trying again could help.
 */
export interface ReingestProblem {
  /** The service's error code (`AccessDeniedException`, `ResourceNotFoundException`…) or the error's class. */
  readonly code: string;
  /** The service's own message, or ours; it names requests and resources, never record content. */
  readonly message: string;
  /** What to change so that the next attempt succeeds. */
  readonly fix: string;
  /** False when repeating the same call cannot succeed (permissions, missing stream, bad credentials). */
  readonly retryable: boolean;
  /** Records this problem affected in the call where it was seen. */
  readonly records: number;
  /** `call`: the whole call failed (it threw); `entry`: the service rejected some entries of a call. */
  readonly scope: 'call' | 'entry';
}

export interface ReingestCallOptions {
  /** Aborted when the handler's re-ingestion deadline passes: stop retrying and cancel calls in flight. */
  readonly signal?: AbortSignal;
  /** Called once per distinct problem code, so that the caller can log or print it. */
  readonly onProblem?: (problem: ReingestProblem) => void;
}

/** Sends records back; resolves to the ids of records that could not be sent after all retries. */
export interface ReingestSink {
  reingest(target: ReingestTarget, records: readonly ReingestRecord[], options?: ReingestCallOptions): Promise<ReadonlySet<string>>;
}

/** One API call's answer: for each entry of the call, an error code, or undefined when it was accepted. */
export type PutBatch = (target: ReingestTarget, records: readonly ReingestRecord[], signal?: AbortSignal) => Promise<readonly (string | undefined)[]>;

/** Turns what a call threw, or an entry's error code, into a problem; the default retries everything. */
export type DescribeReingestError = (failure: { readonly thrown: unknown } | { readonly entryCode: string }, target: ReingestTarget) => Omit<ReingestProblem, 'records' | 'scope'>;

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

/** Waits `ms` milliseconds, or until the signal aborts. Injected so that tests never sleep. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (aborted(signal)) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

function aborted(signal: AbortSignal | undefined): boolean {
  return signal !== undefined && signal.aborted;
}

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

const RETRY_EVERYTHING: DescribeReingestError = (failure) =>
  'thrown' in failure
    ? { code: failure.thrown instanceof Error ? failure.thrown.name : typeof failure.thrown, message: 'the call failed', fix: 'see the error code', retryable: true }
    : { code: failure.entryCode, message: 'the service rejected the entry', fix: 'see the error code', retryable: true };

export interface BatchingSinkOptions {
  readonly limits?: ReingestLimits;
  readonly sleep?: Sleep;
  /** Classifies failures; without it every failure is retried up to maxAttempts. */
  readonly describe?: DescribeReingestError;
  /** Random numbers in [0, 1) for the backoff jitter (injected for tests). */
  readonly random?: () => number;
}

/**
 * A sink built on one batch-put call: chunks records, retries the entries a call rejected (and whole
 * calls that threw, such as throttling) with exponential backoff, up to `maxAttempts` per record. A
 * failure that `describe` calls not retryable (missing permission, missing stream, bad credentials)
 * is not repeated: its records fail at once. An aborted signal stops the loop; what is not sent fails.
 */
export function batchingSink(putBatch: PutBatch, options: BatchingSinkOptions = {}): ReingestSink {
  const limits = options.limits ?? DEFAULT_REINGEST_LIMITS;
  const sleep = options.sleep ?? realSleep;
  const describe = options.describe ?? RETRY_EVERYTHING;
  const random = options.random ?? Math.random;
  return {
    async reingest(target, records, call = {}) {
      const { signal, onProblem } = call;
      const reported = new Set<string>();
      const report = (problem: Omit<ReingestProblem, 'records' | 'scope'>, count: number, scope: ReingestProblem['scope']): void => {
        if (reported.has(problem.code)) return;
        reported.add(problem.code);
        onProblem?.({ ...problem, records: count, scope });
      };
      const failed = new Set<string>();
      let pending = [...records];
      for (let attempt = 1; attempt <= limits.maxAttempts && pending.length > 0; attempt++) {
        if (attempt > 1) {
          const ceiling = Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** (attempt - 2));
          await sleep(random() * ceiling, signal);
        }
        if (aborted(signal)) break;
        const retry: ReingestRecord[] = [];
        for (const chunk of chunkForCalls(pending, limits)) {
          if (aborted(signal)) {
            retry.push(...chunk);
            continue;
          }
          let codes: readonly (string | undefined)[];
          try {
            codes = await putBatch(target, chunk, signal);
          } catch (error) {
            const problem = describe({ thrown: error }, target);
            report(problem, chunk.length, 'call');
            for (const record of chunk) {
              if (problem.retryable) retry.push(record);
              else failed.add(record.recordId);
            }
            continue;
          }
          const rejectedByCode = new Map<string, number>();
          chunk.forEach((record, index) => {
            // An answer shorter than the call is treated as a rejection of the missing entries.
            const code = index >= codes.length ? 'MissingEntry' : codes[index];
            if (code === undefined) return;
            const problem = describe({ entryCode: code }, target);
            rejectedByCode.set(code, (rejectedByCode.get(code) ?? 0) + 1);
            if (problem.retryable) retry.push(record);
            else failed.add(record.recordId);
          });
          for (const [code, count] of rejectedByCode) report(describe({ entryCode: code }, target), count, 'entry');
        }
        pending = retry;
      }
      for (const record of pending) failed.add(record.recordId);
      return failed;
    },
  };
}

/** A problem as one log or console line: code, message, fix. */
export function problemText(problem: ReingestProblem): string {
  return `${problem.code}: ${problem.message} (${problem.records} record${problem.records === 1 ? '' : 's'}${problem.retryable ? '' : ', not retried: it cannot succeed as is'}); fix: ${problem.fix}`;
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
