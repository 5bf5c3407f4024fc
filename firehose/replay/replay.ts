/**
 * The offline emulation of a delivery stream with a transformation Lambda, on a simulated arrival clock:
 * - records are grouped into Lambda events by the processing buffer hints (size, and interval on the
 *   arrival clock), within Lambda's 6 MB request limit;
 * - the handler is invoked with a Lambda-like context; an invocation that throws, times out or answers
 *   more than 6 MB is retried (`retries`, default 3) and then fails every record of the batch with
 *   `Lambda.FunctionError`; a response that breaks Firehose's rules fails only the records concerned
 *   (contract.ts); nothing aborts the run;
 * - Ok records go to the delivery, failed ones become processing-failed records, Dropped ones are
 *   counted; records the blueprint re-ingested come back as new records at the invocation's time.
 * Invocation times are simulated, so every object and error record is the same for the same input.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DEFAULT_LAMBDA_BUFFER_BYTES, LAMBDA_REQUEST_LIMIT_BYTES, MAX_RECORD_BYTES, PLACEHOLDER_ACCOUNT_ID } from '../../limits/index.js';
import type { HandlerOverrides } from '../../blueprints/handler/index.js';
import { firehoseSequenceNumber, processingFailedRecord, type Delivery } from '../delivery/index.js';
import type { ProducerRecord } from '../sources/index.js';
import { attemptRunner, OUTCOME_DROPPED, OUTCOME_OK, packBatch, type AttemptResult, type EventFrame, type PackedBatch, type ReplayHandler } from './batch.js';

/** A record re-ingested this many times in a row fails instead of looping (a blueprint bug). */
const MAX_REINGEST_GENERATIONS = 10;
/** Firehose's default number of retries of a failed invocation (data-transformation-failure-handling.html). */
export const DEFAULT_LAMBDA_RETRIES = 3;
/** Firehose's default Lambda buffering interval: 60 seconds (data-transformation.html). */
export const DEFAULT_LAMBDA_BUFFER_SECONDS = 60;
/** Firehose supports a Lambda invocation time of up to 5 minutes (data-transformation.html). */
export const MAX_LAMBDA_TIMEOUT_MS = 5 * 60 * 1000;

export type { ReplayHandler } from './batch.js';

export interface ReplayOptions {
  /** Creates the handler with the given overrides (logger, re-ingestion sink, response budget). */
  readonly createHandler: (overrides: HandlerOverrides) => ReplayHandler;
  readonly records: AsyncIterable<ProducerRecord>;
  /** Turns a producer line into the bytes Firehose receives (gzip for CloudWatch Logs subscriptions). */
  readonly encodeRecord?: (line: Buffer) => Buffer;
  readonly delivery: Delivery;
  readonly streamName: string;
  readonly region: string;
  readonly lambdaArn: string;
  /** Lambda buffering size hint in bytes of record data. Default 1 MiB. */
  readonly lambdaBufferBytes?: number;
  /** Lambda buffering interval hint in seconds (0–900). Default 60. */
  readonly lambdaBufferSeconds?: number;
  /** Arrival time of the first record (epoch ms) when records carry none. */
  readonly startTime: number;
  /** Records per second on the simulated clock, for records without an arrival time. Default 1000. */
  readonly rate?: number;
  /** Retries of a failed invocation (Firehose's NumberOfRetries). Default 3. */
  readonly retries?: number;
  /** The Lambda's timeout in ms (at most 5 minutes). Default 60,000. */
  readonly timeoutMs?: number;
  /** The handler's response budget, passed to firehose-kit blueprints. */
  readonly maxResponseBytes?: number;
  /**
   * Direct PUT (default), or a Kinesis data stream source: the event then names the stream and every
   * record carries its shard, partition key and sequence number.
   */
  readonly source?: { readonly kind: 'direct-put' } | { readonly kind: 'kinesis'; readonly shards: number; readonly streamName: string };
  /**
   * Runs invocations elsewhere (worker threads): up to its `concurrency` at once. Without it the handler
   * from `createHandler` runs in this thread, and so does a run's only batch when the input ends before
   * a second is formed (no worker need start). The output is the same either way (see PIPELINE_DEPTH).
   */
  readonly invoker?: ReplayInvoker;
  /** Stops reading input when aborted (SIGINT); what was read is still delivered. */
  readonly signal?: AbortSignal;
  /** Called after each invocation (progress). */
  readonly onBatch?: (summary: ReplaySummary) => void;
}

export interface ReplaySummary {
  /** Producer records read (including those the producer API would refuse). */
  recordsIn: number;
  /** Records sent to the Lambda: accepted input records plus re-ingested ones. */
  lambdaRecords: number;
  ok: number;
  /** Dropped by the Lambda, re-ingested records included (they come back as new records). */
  dropped: number;
  /** Records in processing-failed, by error code. */
  processingFailed: Record<string, number>;
  reingested: number;
  /** Lines Firehose would have refused at the producer API (over 1,000 KiB), by line number. */
  rejectedByProducerApi: number[];
  emptyLines: number;
  /** Every call of the handler, retries included. */
  invocations: number;
  /** Invocations that were retries of a failed one. */
  retries: number;
  bytesIn: number;
  bytesOut: number;
  seconds: number;
  /** ProcessingFailed counts by error class, from the blueprint's own failure log lines. */
  failureClasses: Record<string, number>;
  /** Input lines of the first failed records (up to 20). */
  processingFailedLines: number[];
  /** True when the run stopped reading input early (interrupt). */
  interrupted: boolean;
}

interface Pending {
  readonly data: Buffer;
  readonly arrival: number;
  readonly generation: number;
  readonly line: number;
  readonly sequenceNumber: string;
  /** Kinesis source: where the record was read from. */
  readonly kinesis?: { readonly shardId: string; readonly partitionKey: string };
}

/**
 * The shard a partition key maps to in a stream of `shards` evenly split shards: Kinesis hashes the key
 * with MD5 into a 128-bit hash key and each shard owns an equal range (Kinesis Data Streams developer
 * guide, "Partition key").
 */
export function shardOf(partitionKey: string, shards: number): number {
  const hash = BigInt(`0x${createHash('md5').update(partitionKey).digest('hex')}`);
  return Number((hash * BigInt(shards)) >> 128n);
}

/**
 * Runs attempts of batches somewhere (this thread, worker threads): builds the event, calls the handler
 * and judges its response under Firehose's rules (batch.ts's `attemptRunner`, the same code everywhere).
 */
export interface ReplayInvoker {
  readonly concurrency: number;
  /** One attempt; the batch's buffers may be transferred (the caller packs a new batch per attempt). */
  invoke(batch: PackedBatch, frame: EventFrame, invocationId: string, timeoutMs: number): Promise<AttemptResult>;
  close(): Promise<void>;
}

/**
 * Batches formed ahead of the one whose results are applied. Records a batch re-ingests join the batches
 * formed after it is applied, so this fixed depth (not the number of workers) decides where they go:
 * the output is the same for any `--workers`.
 */
export const PIPELINE_DEPTH = 4;

/** Records in processing-failed, all error codes together. */
export const totalFailed = (s: ReplaySummary): number => Object.values(s.processingFailed).reduce((a, b) => a + b, 0);

/** Runs the emulation to the end of the input; resolves with the summary, rejects only when delivery fails. */
export async function replay(options: ReplayOptions): Promise<ReplaySummary> {
  const started = performance.now();
  const summary: ReplaySummary = {
    recordsIn: 0, lambdaRecords: 0, ok: 0, dropped: 0, processingFailed: {}, reingested: 0, rejectedByProducerApi: [], emptyLines: 0,
    invocations: 0, retries: 0, bytesIn: 0, bytesOut: 0, seconds: 0, failureClasses: {}, processingFailedLines: [], interrupted: false,
  };
  const bufferBytes = options.lambdaBufferBytes ?? DEFAULT_LAMBDA_BUFFER_BYTES;
  const intervalMs = (options.lambdaBufferSeconds ?? DEFAULT_LAMBDA_BUFFER_SECONDS) * 1000;
  const retries = options.retries ?? DEFAULT_LAMBDA_RETRIES;
  const timeoutMs = Math.min(options.timeoutMs ?? 60_000, MAX_LAMBDA_TIMEOUT_MS);
  const step = 1000 / (options.rate ?? 1000);
  const delivery = options.delivery;
  let nextSequence = 0;
  let nextInvocation = 0;
  const queue: Pending[] = [];
  const source = options.source ?? { kind: 'direct-put' as const };
  const frame: EventFrame = {
    deliveryStreamArn: `arn:aws:firehose:${options.region}:${PLACEHOLDER_ACCOUNT_ID}:deliverystream/${options.streamName}`,
    region: options.region,
    lambdaArn: options.lambdaArn,
    ...(source.kind === 'kinesis' ? { sourceKinesisStreamArn: `arn:aws:kinesis:${options.region}:${PLACEHOLDER_ACCOUNT_ID}:stream/${source.streamName}` } : {}),
  };
  const shardSequences = new Map<number, number>();
  /** Kinesis: the record's partition key (its line, as a producer keyed by record would), shard and sequence number. */
  const kinesisOf = (line: number): { kinesis?: { shardId: string; partitionKey: string }; sequenceNumber: string } => {
    if (source.kind !== 'kinesis') return { sequenceNumber: firehoseSequenceNumber(nextSequence++) };
    const partitionKey = `pk-${line}`;
    const shard = shardOf(partitionKey, source.shards);
    const n = shardSequences.get(shard) ?? 0;
    shardSequences.set(shard, n + 1);
    // Kinesis sequence numbers grow within a shard; 56 digits like the real ones (format assumed).
    const sequenceNumber = `4954${String(shard).padStart(6, '0')}${String(n).padStart(46, '0')}`;
    return { kinesis: { shardId: `shardId-${String(shard).padStart(12, '0')}`, partitionKey }, sequenceNumber };
  };

  /** A record to processing-failed; `rawData` is the base64 Firehose received; `classes` the error classes the handler logged. */
  const fail = async (recordId: string, line: number, arrival: number, rawData: string, errorCode: string, errorMessage: string, attemptsMade: number, at: number, classes: Readonly<Record<string, string>>): Promise<void> => {
    summary.processingFailed[errorCode] = (summary.processingFailed[errorCode] ?? 0) + 1;
    if (summary.processingFailedLines.length < 20) summary.processingFailedLines.push(line);
    const errorClass = classes[recordId];
    if (errorClass !== undefined) summary.failureClasses[errorClass] = (summary.failureClasses[errorClass] ?? 0) + 1;
    await delivery.processingFailed(processingFailedRecord({ attemptsMade, arrivalTimestamp: arrival, attemptEndingTimestamp: at, errorCode, errorMessage, rawData, lambdaArn: options.lambdaArn }), at);
  };

  // In this thread: one handler, called one invocation at a time (results are applied in order).
  let local: ReplayInvoker | undefined;
  const inThisThread = (): ReplayInvoker => {
    if (local === undefined) {
      const runner = attemptRunner(options.createHandler, options.maxResponseBytes);
      local = { concurrency: 1, invoke: (batch, eventFrame, id, ms) => runner.run(batch, eventFrame, id, ms), close: async () => undefined };
    }
    return local;
  };
  const invoker = options.invoker ?? inThisThread();
  /** Batches formed so far; with worker threads the first waits for a second before it starts. */
  let formed = 0;
  let firstJob: Job | undefined;

  interface Attempts {
    readonly result: AttemptResult;
    readonly attempts: number;
  }

  /** Every attempt of one batch: retried while the invocation fails, up to `retries` times. */
  const runAttempts = async (target: ReplayInvoker, pending: readonly Pending[], invocationIds: readonly string[]): Promise<Attempts> => {
    let attempts = 0;
    for (;;) {
      // Each attempt is a new invocation (fresh invocationId) of the same records (observed). A batch is
      // packed per attempt: its buffers go to the worker that runs it.
      const batch = packBatch(pending.map((p) => ({ data: p.data, arrival: p.arrival, recordId: p.sequenceNumber, ...(p.kinesis === undefined ? {} : { kinesis: p.kinesis }) })));
      const result = await target.invoke(batch, frame, invocationIds[attempts]!, timeoutMs);
      attempts++;
      summary.invocations++;
      if (result.functionError === undefined || attempts > retries) return { result, attempts };
      summary.retries++;
    }
  };

  interface Job {
    readonly pending: readonly Pending[];
    readonly at: number;
    readonly invocationIds: readonly string[];
    started?: Promise<Attempts>;
  }
  const jobs: Job[] = [];
  let running = 0;
  const waiting: (() => void)[] = [];
  /** Starts a job's invocations now when the invoker has a free slot (worker threads). */
  const start = (job: Job): Promise<Attempts> => {
    // A run's only batch (the input ended before a second was formed) runs here: no worker starts.
    const target = formed === 1 ? inThisThread() : invoker;
    job.started ??= (async () => {
      while (running >= invoker.concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
      running++;
      try {
        return await runAttempts(target, job.pending, job.invocationIds);
      } finally {
        running--;
        waiting.shift()?.();
      }
    })();
    return job.started;
  };

  // Firehose's recordIds look like sequence numbers (observed in captured events); each record has its own.
  const form = (pending: Pending[], at: number): Job => {
    summary.lambdaRecords += pending.length;
    // Invocation ids are numbered when the batch is formed, so they do not depend on timing.
    const invocationIds = Array.from({ length: retries + 1 }, () => invocationId(options.streamName, nextInvocation++));
    const job: Job = { pending, at, invocationIds };
    formed++;
    if (invoker.concurrency > 1) {
      // Started at once on a free worker; the first only when a second batch shows the run needs workers.
      if (formed === 1) firstJob = job;
      else {
        if (firstJob !== undefined) void start(firstJob).catch(() => undefined);
        firstJob = undefined;
        void start(job).catch(() => undefined);
      }
    }
    return job;
  };

  const apply = async (job: Job): Promise<void> => {
    const { pending, at } = job;
    const { result, attempts } = await start(job);
    const classes = result.failureClasses;
    await delivery.advanceTo(at);
    const outcomes = result.outcomes;
    if (outcomes === undefined) {
      const reason = result.functionError ?? 'no response';
      for (const p of pending) await fail(p.sequenceNumber, p.line, p.arrival, p.data.toString('base64'), 'Lambda.FunctionError', `The Lambda function was invoked ${attempts} times and failed every time: ${reason}`, attempts, at, classes);
    } else {
      const data = Buffer.from(outcomes.data.buffer, outcomes.data.byteOffset, outcomes.data.byteLength);
      let nextFailure = 0;
      let nextKeys = 0;
      let start = 0;
      for (let i = 0; i < pending.length; i++) {
        const p = pending[i]!;
        const kind = outcomes.kinds[i]!;
        const end = outcomes.dataEnds[i]!;
        if (kind === OUTCOME_OK) {
          summary.ok++;
          summary.bytesOut += end - start;
          const keys = outcomes.partitionKeys[nextKeys]?.index === i ? outcomes.partitionKeys[nextKeys++]!.keys : undefined;
          await delivery.deliver(
            { data: data.subarray(start, end), arrivalTimestamp: p.arrival, recordId: p.sequenceNumber, sequenceNumber: p.sequenceNumber, line: p.line, ...(keys === undefined ? {} : { partitionKeys: keys }) },
            at,
          );
        } else if (kind === OUTCOME_DROPPED) {
          summary.dropped++;
        } else {
          const failure = outcomes.failures[nextFailure++]!;
          await fail(p.sequenceNumber, p.line, p.arrival, p.data.toString('base64'), failure.errorCode, failure.errorMessage, 1, at, classes);
        }
        start = end;
      }
      // Re-ingested records are new records to Firehose: they arrive now and join a later event.
      const byId = result.reingested.length === 0 ? undefined : new Map(pending.map((p) => [p.sequenceNumber, p]));
      for (const record of result.reingested) {
        const origin = byId?.get(record.recordId);
        const generation = (origin?.generation ?? 0) + 1;
        const line = origin?.line ?? 0;
        summary.reingested++;
        if (generation > MAX_REINGEST_GENERATIONS) {
          await fail(record.recordId, line, at, Buffer.from(record.data).toString('base64'), 'Lambda.ProcessingFailedStatus', `re-ingested ${MAX_REINGEST_GENERATIONS} times in a row; the blueprint's output for it never fits the response budget`, 1, at, classes);
          summary.lambdaRecords++;
          continue;
        }
        queue.push({ data: Buffer.from(record.data), arrival: at, generation, line, ...kinesisOf(line) });
      }
    }
    options.onBatch?.(summary);
  };

  // The Lambda buffer: fires when the next record would pass the size hint or Lambda's request limit (at
  // the last record's arrival), or when the interval since the buffer opened has passed.
  let batch: Pending[] = [];
  let batchBytes = 0;
  let eventBytes = 0;
  let openedAt = 0;
  const entryBytes = (p: Pending): number => 4 * Math.ceil(p.data.byteLength / 3) + 120;
  const fire = async (at: number): Promise<void> => {
    const full = batch;
    batch = [];
    batchBytes = 0;
    eventBytes = 0;
    jobs.push(form(full, at));
    if (jobs.length >= PIPELINE_DEPTH) await apply(jobs.shift()!);
  };
  const place = async (p: Pending): Promise<void> => {
    if (batch.length > 0 && p.arrival >= openedAt + intervalMs) await fire(openedAt + intervalMs);
    else if (batch.length > 0 && (batchBytes + p.data.byteLength > bufferBytes || eventBytes + entryBytes(p) > LAMBDA_REQUEST_LIMIT_BYTES)) await fire(Math.max(openedAt, batch.at(-1)!.arrival));
    if (batch.length === 0) openedAt = p.arrival;
    batch.push(p);
    batchBytes += p.data.byteLength;
    eventBytes += entryBytes(p);
  };
  const feed = async (p: Pending): Promise<void> => {
    await place(p);
    while (queue.length > 0) await place(queue.shift()!);
  };

  let simulated = 0;
  // An interrupt must not wait for the next record: the input may be a terminal or a pipe that is idle.
  const iterator = options.records[Symbol.asyncIterator]();
  for (;;) {
    const next = await nextOrAbort(iterator, options.signal);
    if (next === 'aborted') {
      summary.interrupted = true;
      // Not awaited: a pending read on an idle input would never settle.
      void iterator.return?.().catch(() => undefined);
      break;
    }
    if (next.done === true) break;
    const record = next.value;
    summary.recordsIn++;
    if (record.refused === true) {
      summary.rejectedByProducerApi.push(record.line);
      continue;
    }
    const data = options.encodeRecord === undefined ? record.data : options.encodeRecord(record.data);
    if (data.byteLength > MAX_RECORD_BYTES) {
      summary.rejectedByProducerApi.push(record.line);
      continue;
    }
    summary.bytesIn += data.byteLength;
    const arrival = record.arrivalTimestamp ?? Math.floor(options.startTime + step * simulated++);
    await feed({ data, arrival, generation: 0, line: record.line, ...kinesisOf(record.line) });
  }
  while (batch.length > 0 || queue.length > 0 || jobs.length > 0) {
    if (batch.length > 0) await fire(openedAt + intervalMs);
    else if (jobs.length > 0) await apply(jobs.shift()!);
    while (queue.length > 0) await place(queue.shift()!);
  }
  await delivery.close();
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

function invocationId(streamName: string, n: number): string {
  const hex = Buffer.from(`${streamName}/${n}`).toString('hex').padEnd(32, '0').slice(-32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The iterator's next result, or 'aborted' as soon as the signal fires (a read on an idle terminal or pipe may
 * never settle). The abort listener is removed when the read settles: racing every read against one
 * long-lived promise instead would keep every record read alive through that promise's reactions (a 2 GB
 * input grew the heap past 6 GB that way).
 */
export function nextOrAbort<T>(iterator: AsyncIterator<T>, signal: AbortSignal | undefined): Promise<IteratorResult<T> | 'aborted'> {
  if (signal === undefined) return iterator.next();
  if (signal.aborted) return Promise.resolve('aborted');
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    iterator.next().then(
      (result) => {
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
