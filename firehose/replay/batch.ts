/**
 * One Lambda batch on its way to wherever the handler runs (this thread or a worker thread), and what
 * comes back, in a compact form: every record's bytes in one buffer with end offsets, the Ok records'
 * output bytes in one buffer likewise. Its buffers can be transferred to a worker thread instead of
 * structured-cloning a Firehose event of a thousand objects both ways, and the per-record work
 * (base64, building the event, the handler, Firehose's rules, decoding the response) happens where the
 * handler runs: the main thread only reads, batches and delivers.
 *
 * `runAttempt` is the same function in this thread and in a worker, so every object is the same for
 * any number of workers.
 */
import { Buffer } from 'node:buffer';
import type { Context, FirehoseTransformationEvent, FirehoseTransformationEventRecord } from 'aws-lambda';
import type { HandlerLogger, HandlerOverrides } from '../../blueprints/handler/index.js';
import { interpretResponse } from './contract.js';
import { memoryReingestSink } from './memoryReingestSink.js';

/** The records of one batch: data bytes back to back, and what Firehose puts beside each. */
export interface PackedBatch {
  /** Every record's data, concatenated (its own ArrayBuffer, so it can be transferred). */
  readonly bytes: Uint8Array;
  /** End offset of each record's data in `bytes`. */
  readonly ends: Uint32Array;
  /** approximateArrivalTimestamp of each record. */
  readonly arrivals: Float64Array;
  readonly recordIds: readonly string[];
  /** Kinesis source: each record's shard and partition key (its sequence number is its recordId). */
  readonly kinesis?: { readonly shardIds: readonly string[]; readonly partitionKeys: readonly string[] };
}

/** What every event of a run carries besides its records. */
export interface EventFrame {
  readonly deliveryStreamArn: string;
  readonly region: string;
  readonly sourceKinesisStreamArn?: string;
  /** The function's ARN, for the Lambda-like context. */
  readonly lambdaArn: string;
}

export const OUTCOME_OK = 0;
export const OUTCOME_DROPPED = 1;
export const OUTCOME_FAILED = 2;

/** Firehose's verdict on every record of a batch, in input order. */
export interface PackedOutcomes {
  /** OUTCOME_OK, OUTCOME_DROPPED or OUTCOME_FAILED per record. */
  readonly kinds: Uint8Array;
  /** The Ok records' output bytes, concatenated (its own ArrayBuffer). */
  readonly data: Uint8Array;
  /** End offset of each record's output in `data` (a record that is not Ok ends where the previous one does). */
  readonly dataEnds: Uint32Array;
  /** The failed records, with Firehose's error code and message. */
  readonly failures: readonly { readonly index: number; readonly errorCode: string; readonly errorMessage: string }[];
  /** Ok records with metadata.partitionKeys. */
  readonly partitionKeys: readonly { readonly index: number; readonly keys: Readonly<Record<string, string>> }[];
}

/** What one attempt (one invocation) of a batch gave. */
export interface AttemptResult {
  /** Set when the invocation failed (threw, timed out, answered over 6 MB): the reason, without record content. It is retried. */
  readonly functionError?: string;
  /** Set when a response came back: every record's outcome under Firehose's rules. */
  readonly outcomes?: PackedOutcomes;
  /** What the handler re-ingested during the attempt. */
  readonly reingested: readonly { readonly recordId: string; readonly data: Uint8Array }[];
  /** recordId → error class, from the blueprint's 'record failed' log lines. */
  readonly failureClasses: Readonly<Record<string, string>>;
}

/** The handler as the replay calls it: a Lambda handler's signature, the response left for the rules to judge. */
export type ReplayHandler = (event: FirehoseTransformationEvent, context: Context) => Promise<unknown>;

/** Packs records (data, arrival, recordId, Kinesis metadata) into a batch with buffers of its own. */
export function packBatch(
  records: readonly { readonly data: Uint8Array; readonly arrival: number; readonly recordId: string; readonly kinesis?: { readonly shardId: string; readonly partitionKey: string } }[],
): PackedBatch {
  let total = 0;
  for (const r of records) total += r.data.byteLength;
  const bytes = new Uint8Array(total);
  const ends = new Uint32Array(records.length);
  const arrivals = new Float64Array(records.length);
  const recordIds: string[] = [];
  let offset = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    bytes.set(r.data, offset);
    offset += r.data.byteLength;
    ends[i] = offset;
    arrivals[i] = r.arrival;
    recordIds.push(r.recordId);
  }
  const kinesis = records.length > 0 && records[0]!.kinesis !== undefined ? { shardIds: records.map((r) => r.kinesis!.shardId), partitionKeys: records.map((r) => r.kinesis!.partitionKey) } : undefined;
  return { bytes, ends, arrivals, recordIds, ...(kinesis === undefined ? {} : { kinesis }) };
}

/** The buffers of a batch, for postMessage's transfer list. */
export const batchTransfer = (batch: PackedBatch): ArrayBuffer[] => [batch.bytes.buffer as ArrayBuffer, batch.ends.buffer as ArrayBuffer, batch.arrivals.buffer as ArrayBuffer];

/** The buffers of an attempt's result, for postMessage's transfer list. */
export const resultTransfer = (result: AttemptResult): ArrayBuffer[] =>
  result.outcomes === undefined ? [] : [result.outcomes.kinds.buffer as ArrayBuffer, result.outcomes.data.buffer as ArrayBuffer, result.outcomes.dataEnds.buffer as ArrayBuffer];

/** The Firehose transformation event of one attempt of a batch. */
export function eventOf(batch: PackedBatch, frame: EventFrame, invocationId: string): FirehoseTransformationEvent {
  const data = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
  const records: FirehoseTransformationEventRecord[] = [];
  let start = 0;
  for (let i = 0; i < batch.recordIds.length; i++) {
    const end = batch.ends[i]!;
    const arrival = batch.arrivals[i]!;
    const record: FirehoseTransformationEventRecord = { recordId: batch.recordIds[i]!, approximateArrivalTimestamp: arrival, data: data.toString('base64', start, end) };
    if (batch.kinesis !== undefined) {
      record.kinesisRecordMetadata = { shardId: batch.kinesis.shardIds[i]!, partitionKey: batch.kinesis.partitionKeys[i]!, approximateArrivalTimestamp: arrival, sequenceNumber: batch.recordIds[i]!, subsequenceNumber: '0' };
    }
    records.push(record);
    start = end;
  }
  return {
    invocationId,
    deliveryStreamArn: frame.deliveryStreamArn,
    ...(frame.sourceKinesisStreamArn === undefined ? {} : { sourceKinesisStreamArn: frame.sourceKinesisStreamArn }),
    region: frame.region,
    records,
  };
}

/** Firehose's verdict on a returned response, packed (see `interpretResponse`); undefined when Lambda itself would refuse it (over 6 MB). */
export function packOutcomes(event: FirehoseTransformationEvent, response: unknown): PackedOutcomes | undefined {
  const interpreted = interpretResponse(event, response);
  // Lambda itself refuses a response over its payload limit: an invocation error, retried (observed).
  if (interpreted.batchError?.errorCode === 'Lambda.FunctionError' && interpreted.sizeExceeded === true) return undefined;
  const n = interpreted.outcomes.length;
  const kinds = new Uint8Array(n);
  const dataEnds = new Uint32Array(n);
  let total = 0;
  for (const outcome of interpreted.outcomes) if (outcome.kind === 'ok') total += outcome.data.byteLength;
  const data = new Uint8Array(total);
  const failures: { index: number; errorCode: string; errorMessage: string }[] = [];
  const partitionKeys: { index: number; keys: Readonly<Record<string, string>> }[] = [];
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const outcome = interpreted.outcomes[i]!;
    if (outcome.kind === 'ok') {
      kinds[i] = OUTCOME_OK;
      data.set(outcome.data, offset);
      offset += outcome.data.byteLength;
      if (outcome.partitionKeys !== undefined) partitionKeys.push({ index: i, keys: outcome.partitionKeys });
    } else if (outcome.kind === 'dropped') {
      kinds[i] = OUTCOME_DROPPED;
    } else {
      kinds[i] = OUTCOME_FAILED;
      failures.push({ index: i, errorCode: outcome.errorCode, errorMessage: outcome.errorMessage });
    }
    dataEnds[i] = offset;
  }
  return { kinds, data, dataEnds, failures, partitionKeys };
}

/** Runs attempts of batches against one handler, capturing what it re-ingests and the failures it logs. */
export interface AttemptRunner {
  /** Settles when the handler is built (or failed to build). */
  readonly ready: Promise<void>;
  run(batch: PackedBatch, frame: EventFrame, invocationId: string, timeoutMs: number): Promise<AttemptResult>;
}

/**
 * The handler built once with a logger that notes failed records and an in-memory re-ingestion sink;
 * each attempt builds its event, calls the handler with a Lambda-like context and a timeout, and
 * judges the response. Used in this thread and in each worker thread alike.
 */
export function attemptRunner(createHandler: (overrides: HandlerOverrides) => ReplayHandler | Promise<ReplayHandler>, maxResponseBytes?: number): AttemptRunner {
  const failures = new Map<string, string>();
  const logger: HandlerLogger = {
    info: () => undefined,
    warn: () => undefined,
    error: (message, attributes) => {
      if (message === 'record failed' && typeof attributes['recordId'] === 'string') failures.set(attributes['recordId'], String(attributes['errorClass']));
    },
  };
  const sink = memoryReingestSink();
  const ready = Promise.resolve(createHandler({ logger, reingest: sink, ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }) }));
  // A failed build is reported by the first attempt, not as an unhandled rejection.
  ready.catch(() => undefined);
  return {
    ready: ready.then(() => undefined, () => undefined),
    async run(batch, frame, invocationId, timeoutMs) {
      failures.clear();
      sink.drain();
      const event = eventOf(batch, frame, invocationId);
      let response: unknown;
      let functionError: string | undefined;
      try {
        // A handler that could not be built (a module that fails to load) fails every invocation, as in Lambda.
        const handler = await ready;
        response = await withTimeout(handler(event, lambdaContext(frame.lambdaArn, invocationId, timeoutMs)), timeoutMs);
      } catch (error) {
        functionError = error instanceof TimeoutError ? timedOut(timeoutMs) : `the function threw ${error instanceof Error ? error.constructor.name : typeof error}`;
      }
      const failureClasses = Object.fromEntries(failures);
      // Copied: a view would carry its whole underlying buffer to the main thread.
      const reingested = sink.drain().map(({ record }) => ({ recordId: record.recordId, data: new Uint8Array(record.data) }));
      if (functionError !== undefined) return { functionError, reingested, failureClasses };
      const outcomes = packOutcomes(event, response);
      if (outcomes === undefined) return { functionError: 'the response exceeded the 6 MB payload limit', reingested, failureClasses };
      return { outcomes, reingested, failureClasses };
    },
  };
}

/** The reason given for an invocation that passed its timeout. */
export const timedOut = (ms: number): string => `Task timed out after ${(ms / 1000).toFixed(2)} seconds`;

class TimeoutError extends Error {}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A Lambda-like context: the deadline is real time (the handler's own timers use it). */
function lambdaContext(lambdaArn: string, requestId: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const functionName = lambdaArn.split(':').at(-1) ?? 'replay';
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: lambdaArn,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'replay',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
