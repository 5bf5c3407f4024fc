/**
 * The Firehose record-transformation contract around a transform pipeline. Firehose invokes the Lambda
 * with a batch of base64 records and expects every recordId back exactly once, in any order (we keep
 * input order), with result Ok | Dropped | ProcessingFailed, base64 data and, for dynamic partitioning,
 * metadata.partitionKeys. See the Firehose developer guide, "Transform source data in Amazon Data
 * Firehose" (data-transformation.html), for the contract and Lambda's 6 MB synchronous response limit.
 */
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import type { Context, FirehoseTransformationEvent } from 'aws-lambda';
import { LAMBDA_RESPONSE_LIMIT_BYTES } from '../../limits/index.js';
import { FirehoseKitError, isOutcome, RecordSplitRequiredError, TransformThrewError, type RecordContext, type RecordPipeline } from '../../transforms/core/index.js';
import { BlueprintConfigError, FirehoseEventError, OutputTooLargeError, ReingestError } from './errors.js';
import { decodeRecordData, readFirehoseEvent, type DataField, type EventRecord, type ReadEvent } from './firehoseEvent.js';
import { createDefaultLogger, type HandlerLogger } from './logger.js';
import { defaultReingestSink, problemText, realSleep, type ReingestProblem, type ReingestRecord, type ReingestSink, type ReingestTarget, type Sleep } from './reingest.js';
import { planResponse, type BudgetDecision } from './responseBudget.js';
import { jsonBytes, RESPONSE_ENVELOPE_BYTES, responseEntryBytes } from './responseSize.js';

export interface FirehoseHandlerOptions {
  /** Append "\n" to Ok output that does not already end with one (Firehose adds no delimiter). Default true. */
  readonly newline?: boolean;
  /**
   * Response size budget in bytes. Lambda's synchronous response limit is 6 MB (6,291,456 bytes); the
   * default 6,000,000 leaves a margin. Records whose output does not fit are re-ingested; room is kept
   * for them to come back as ProcessingFailed with their original bytes, so the budget holds whatever
   * re-ingestion does.
   */
  readonly maxResponseBytes?: number;
  /**
   * What to do with records that do not fit in the budget: `'auto'` (default) sends their original bytes
   * back with the sink set by `setDefaultReingestSink` (the package entry point and the Lambda entries set
   * the AWS one: PutRecordBatch, or PutRecords to the source Kinesis stream) and marks them Dropped; `'off'`
   * marks them ProcessingFailed with their original bytes; or a custom `ReingestSink`.
   */
  readonly reingest?: 'auto' | 'off' | ReingestSink;
  /** Where the per-failure and per-batch log lines go. Default: Powertools Logger (JSON to stdout). */
  readonly logger?: HandlerLogger;
  /**
   * Log the messages of errors that are not firehose-kit's own (a step that throws, V8's JSON errors):
   * such messages may quote record content. Default false: their class is logged, their message withheld.
   */
  readonly logErrorMessages?: boolean;
  /**
   * Milliseconds re-ingestion may take when the handler is called without a Lambda context (the offline
   * CLI, tests). With a context, the deadline is the time Lambda has left minus a margin for answering.
   * Default 60,000.
   */
  readonly reingestTimeoutMs?: number;
  /** The timer behind the re-ingestion deadline (injected by tests). */
  readonly deadlineTimer?: Sleep;
}

/** A Firehose transformation handler that may also be called directly (tests, the offline CLI). */
export type FirehoseKitHandler = (event: FirehoseTransformationEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<FirehoseKitResponse>;

/** One answer to Firehose; MSK-sourced streams name the data field `kafkaRecordValue`. */
export interface FirehoseKitResponseRecord {
  readonly recordId: string;
  readonly result: 'Ok' | 'Dropped' | 'ProcessingFailed';
  readonly data?: string;
  readonly kafkaRecordValue?: string;
  readonly metadata?: { readonly partitionKeys: Readonly<Record<string, string>> };
}
export interface FirehoseKitResponse {
  readonly records: FirehoseKitResponseRecord[];
}

/** Counts of one batch, as logged in the summary line. */
export interface BatchSummary {
  readonly invocationId: string;
  readonly records: number;
  readonly ok: number;
  readonly dropped: number;
  readonly processingFailed: number;
  readonly reingested: number;
  /** Records replaced by parts re-ingested as new records (RecordSplitRequiredError). */
  readonly split: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly responseBytes: number;
  readonly durationMs: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 6_000_000;
export const DEFAULT_REINGEST_TIMEOUT_MS = 60_000;
/** Time kept, out of what Lambda has left, for building and returning the response after re-ingestion. */
export const RESPOND_MARGIN_MS = 1_500;

const EMPTY_KEYS: Readonly<Record<string, string>> = Object.freeze({});
const NEWLINE = Buffer.from('\n');

type Result = FirehoseKitResponseRecord['result'];

/** What the pipeline made of one record, before the response budget is applied. */
interface Processed {
  readonly record: EventRecord;
  /** Unique among the batch's records (recordIds may repeat in test events): used to match re-ingestion results. */
  readonly key: string;
  readonly idJsonBytes: number;
  /** The record's data as a failure answers it: its original bytes in canonical base64 ('' when unusable). */
  original: string;
  /** The record's own fields are unusable (no data, not base64, no arrival time): it fails and is never re-ingested. */
  unusable?: boolean;
  result: Result;
  data: string;
  partitionKeys?: Record<string, string>;
  partitionKeysJsonBytes?: number;
  outBytes: number;
  /** New records that replace this one (RecordSplitRequiredError): re-ingested, then this one is Dropped. */
  split?: RecordSplitRequiredError;
}

const KNOWN_OPTIONS = ['newline', 'maxResponseBytes', 'reingest', 'logger', 'logErrorMessages', 'reingestTimeoutMs', 'deadlineTimer'];

export function firehoseHandler(pipeline: RecordPipeline, options: FirehoseHandlerOptions = {}): FirehoseKitHandler {
  if (typeof pipeline !== 'function') {
    throw new BlueprintConfigError('firehoseHandler: the pipeline must be a transform function, e.g. pipe(parseJson(), toJsonLine())');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.includes(key)) throw new BlueprintConfigError(`firehoseHandler: option '${key}' is not known; known options: ${KNOWN_OPTIONS.join(', ')}`);
  }
  const newline = options.newline ?? true;
  if (typeof newline !== 'boolean') throw new BlueprintConfigError(`firehoseHandler: option 'newline' must be true or false, got ${typeof newline}`);
  const budget = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isInteger(budget) || budget < 1_000 || budget > LAMBDA_RESPONSE_LIMIT_BYTES) {
    throw new BlueprintConfigError(`firehoseHandler: option 'maxResponseBytes' must be an integer from 1000 to ${LAMBDA_RESPONSE_LIMIT_BYTES} (Lambda's limit), got ${String(budget)}`);
  }
  const reingestOption = options.reingest ?? 'auto';
  if (reingestOption !== 'auto' && reingestOption !== 'off' && (typeof reingestOption !== 'object' || typeof reingestOption.reingest !== 'function')) {
    throw new BlueprintConfigError("firehoseHandler: option 'reingest' must be 'auto', 'off' or an object with a reingest(target, records) method");
  }
  const logErrorMessages = options.logErrorMessages ?? false;
  if (typeof logErrorMessages !== 'boolean') throw new BlueprintConfigError(`firehoseHandler: option 'logErrorMessages' must be true or false, got ${typeof logErrorMessages}`);
  const timeoutMs = options.reingestTimeoutMs ?? DEFAULT_REINGEST_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
    throw new BlueprintConfigError(`firehoseHandler: option 'reingestTimeoutMs' must be a positive number of milliseconds, got ${String(timeoutMs)}`);
  }
  const deadlineTimer = options.deadlineTimer ?? realSleep;
  let sink: ReingestSink | undefined = typeof reingestOption === 'object' ? reingestOption : undefined;
  const logger = options.logger ?? createDefaultLogger();
  const logFailure = (recordId: string, error: Error): void => logger.error('record failed', failureAttributes(recordId, error, logErrorMessages));

  return async function handleFirehoseTransformation(event, context) {
    const started = performance.now();
    const read = readFirehoseEvent(event);
    const { source, records } = read;
    if (read.repeatedIds > 0) {
      logger.warn('the event repeats recordIds; each record is answered once, in order (Firehose itself gives every record its own id)', { records: read.repeatedIds, invocationId: source.invocationId });
    }
    const { processed, bytesIn } = runPipeline(pipeline, read, newline, logFailure);

    for (const p of processed) {
      // An output that could not fit even in a response of its own would come back forever if it were
      // re-ingested; it fails instead, keeping the original bytes.
      if (p.result === 'Ok' && RESPONSE_ENVELOPE_BYTES + entrySize(p, read.dataField) > budget) {
        markFailedOriginal(p);
        logFailure(p.record.recordId, new OutputTooLargeError(`the record's output (${p.outBytes} bytes) is larger than the response budget of ${budget} bytes on its own`));
      }
    }
    const plan = planResponse(processed.map((p) => budgetItem(p, read.dataField)), budget);
    const toSend: Array<{ p: Processed; decision: BudgetDecision }> = [];
    plan.decisions.forEach((decision, i) => {
      if (decision !== 'keep') toSend.push({ p: processed[i]!, decision });
    });

    let reingested = 0;
    let split = 0;
    let requiredFailed = 0;
    if (toSend.length > 0) {
      const target = reingestTarget(read);
      let failedKeys: ReadonlySet<string> | 'all';
      sink ??= reingestOption === 'auto' ? defaultReingestSink() : undefined;
      if (reingestOption !== 'off' && target !== undefined && sink !== undefined) {
        failedKeys = await sendBack(sink, target, toSend.map(({ p }) => p), deadlineMs(context, timeoutMs), deadlineTimer, logger);
      } else {
        failedKeys = 'all';
        logger.warn('records to re-ingest returned as ProcessingFailed with their original bytes', {
          records: toSend.length,
          reason: reingestOption === 'off' ? 'reingest is off' : target === undefined ? noTargetReason(read) : 'no re-ingestion sink is set: pass the handler reingest: <a ReingestSink>, or import it from the firehose-kit entry point, which sets the AWS one',
        });
      }
      let notSent = 0;
      for (const { p, decision } of toSend) {
        const isSplit = p.split !== undefined;
        const failed = failedKeys === 'all' || (isSplit ? p.split!.parts.some((_, index) => failedKeys.has(partKey(p, index))) : failedKeys.has(p.key));
        if (failed) {
          // A split record whose parts did not all go through fails whole (parts that did go through may
          // then be delivered twice: duplicates, never loss).
          if (isSplit) logFailure(p.record.recordId, failedKeys === 'all' ? p.split! : new ReingestError('the record had to be split, and its parts could not all be re-ingested'));
          markFailedOriginal(p);
          notSent++;
          if (decision === 'reingest-required') requiredFailed++;
        } else {
          p.result = 'Dropped';
          p.data = '';
          delete p.partitionKeys;
          delete p.partitionKeysJsonBytes;
          if (isSplit) split++;
          else reingested++;
          delete p.split;
        }
      }
      if (notSent > 0 && failedKeys !== 'all') {
        logger.error('records not re-ingested; returned as ProcessingFailed with their original bytes', { records: notSent, target: target?.kind });
      }
    }

    const response: FirehoseKitResponseRecord[] = new Array(processed.length);
    let responseBytes = RESPONSE_ENVELOPE_BYTES;
    let ok = 0;
    let dropped = 0;
    let failed = 0;
    let bytesOut = 0;
    for (let i = 0; i < processed.length; i++) {
      const p = processed[i]!;
      if (p.result === 'Ok') {
        ok++;
        bytesOut += p.outBytes;
      } else if (p.result === 'Dropped') dropped++;
      else failed++;
      responseBytes += entrySize(p, read.dataField) + (i > 0 ? 1 : 0);
      const entry: { recordId: string; result: Result; data?: string; kafkaRecordValue?: string; metadata?: { partitionKeys: Record<string, string> } } = { recordId: p.record.recordId, result: p.result };
      entry[read.dataField] = p.data;
      if (p.partitionKeys !== undefined && p.result === 'Ok') entry.metadata = { partitionKeys: p.partitionKeys };
      response[i] = entry;
    }
    if (responseBytes > budget) {
      const attributes = { responseBytes, budget, lambdaLimit: LAMBDA_RESPONSE_LIMIT_BYTES, recordsNotReingested: requiredFailed };
      if (responseBytes > LAMBDA_RESPONSE_LIMIT_BYTES) {
        // Lambda would refuse this response; failing the invocation says why, and Firehose retries the batch.
        logger.error('the records cannot be answered within Lambda\'s response limit: their original bytes alone do not fit and re-ingestion failed', attributes);
        throw new ReingestError(`the response would be ${responseBytes} bytes, over Lambda's limit of ${LAMBDA_RESPONSE_LIMIT_BYTES}: the records' original bytes alone do not fit and ${requiredFailed} of them could not be re-ingested; Firehose retries the invocation (see the re-ingestion error logged before)`);
      }
      logger.warn('the response exceeds the budget: the records\' original bytes alone do not fit in it and re-ingestion failed (still within Lambda\'s limit)', attributes);
    }
    const summary: BatchSummary = {
      invocationId: source.invocationId,
      records: records.length,
      ok,
      dropped: dropped - reingested - split,
      processingFailed: failed,
      reingested,
      split,
      bytesIn,
      bytesOut,
      responseBytes,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    };
    logger.info('batch processed', { ...summary });
    return { records: response };
  };
}

/** Decode → run: what the pipeline made of each record. */
function runPipeline(pipeline: RecordPipeline, read: ReadEvent, newline: boolean, logFailure: (recordId: string, error: Error) => void): { processed: Processed[]; bytesIn: number } {
  const { source, records } = read;
  const processed: Processed[] = new Array(records.length);
  const keys = new Set<string>();
  let bytesIn = 0;
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const key = keys.has(record.recordId) ? `${record.recordId}#${i}` : record.recordId;
    keys.add(key);
    const entry: Processed = { record, key, idJsonBytes: jsonBytes(record.recordId), original: '', result: 'ProcessingFailed', data: '', outBytes: 0 };
    processed[i] = entry;
    const decoded = decodeRecordData(record.data, read.dataField);
    // Data that is not base64 cannot be given back as the record's bytes; the answer then carries none.
    if (!('problem' in decoded)) {
      entry.original = decoded.original;
      entry.data = decoded.original;
    }
    const problem = record.problem ?? ('problem' in decoded ? decoded.problem : undefined);
    if (problem !== undefined || 'problem' in decoded) {
      entry.unusable = true;
      logFailure(record.recordId, new FirehoseEventError(problem ?? 'the record is unusable'));
      continue;
    }
    const input = decoded.bytes;
    bytesIn += input.byteLength;
    const recordSource = record.kinesis !== undefined ? { ...source, kinesis: record.kinesis } : record.msk !== undefined ? { ...source, msk: record.msk } : source;
    const ctx: RecordContext = { recordId: record.recordId, arrivalTimestamp: record.arrivalTimestamp, partitionKeys: EMPTY_KEYS, source: recordSource };
    let result: unknown;
    try {
      result = pipeline(input, ctx);
    } catch (error) {
      logFailure(record.recordId, error instanceof Error ? new TransformThrewError(`the pipeline threw ${error.name}`, { cause: error }) : new TransformThrewError(`the pipeline threw a non-Error ${typeof error}`));
      continue;
    }
    let output: unknown = result;
    if (isOutcome(result)) {
      if ('reason' in result) {
        entry.result = 'Dropped';
        entry.data = '';
        continue;
      }
      if ('error' in result) {
        if (result.error instanceof RecordSplitRequiredError && result.error.parts.length > 0) entry.split = result.error;
        else logFailure(record.recordId, result.error);
        continue;
      }
      output = result.value;
      const partitionKeys = result.partitionKeys;
      if (partitionKeys !== undefined && Object.keys(partitionKeys).length > 0) {
        entry.partitionKeys = { ...partitionKeys };
        entry.partitionKeysJsonBytes = jsonBytes(entry.partitionKeys);
      }
    }
    const encoded = encodeOutput(output, newline);
    if (encoded === undefined) {
      logFailure(record.recordId, new TransformThrewError(`pipeline returned ${output === null ? 'null' : typeof output}; a pipeline must end with text or bytes (for example with toJsonLine())`));
      delete entry.partitionKeys;
      delete entry.partitionKeysJsonBytes;
      continue;
    }
    entry.result = 'Ok';
    entry.data = encoded.toString('base64');
    entry.outBytes = encoded.byteLength;
  }
  return { processed, bytesIn };
}

/**
 * Re-ingest, within a deadline: what the sink has not confirmed by then counts as not sent (its
 * record fails with its original bytes; if the sink did send it after all, it is delivered twice:
 * a duplicate, never a loss). Returns the keys of records not sent.
 */
async function sendBack(sink: ReingestSink, target: ReingestTarget, sending: readonly Processed[], deadline: number, sleep: Sleep, logger: HandlerLogger): Promise<ReadonlySet<string>> {
  const partitionKey = (p: Processed): string => p.record.kinesis?.partitionKey || p.record.recordId;
  const toSend: ReingestRecord[] = [];
  for (const p of sending) {
    if (p.split !== undefined) p.split.parts.forEach((data, index) => toSend.push({ recordId: partKey(p, index), data, partitionKey: partitionKey(p) }));
    else toSend.push({ recordId: p.key, data: Buffer.from(p.original, 'base64'), partitionKey: partitionKey(p) });
  }
  const all = (): ReadonlySet<string> => new Set(toSend.map((r) => r.recordId));
  const abort = new AbortController();
  const onProblem = (problem: ReingestProblem): void => {
    logger.error('re-ingestion problem', { code: problem.code, message: problem.message, fix: problem.fix, retryable: problem.retryable, records: problem.records, target: target.kind, detail: problemText(problem) });
  };
  const timedOut = Symbol('timed out');
  const timer = new AbortController();
  try {
    const outcome = await Promise.race([
      sink.reingest(target, toSend, { signal: abort.signal, onProblem }),
      sleep(Math.max(0, deadline), timer.signal).then(() => timedOut),
    ]);
    if (outcome === timedOut) {
      abort.abort();
      logger.error('re-ingestion did not finish before its deadline; records not confirmed are returned as ProcessingFailed with their original bytes', { records: toSend.length, deadlineMs: Math.max(0, Math.round(deadline)), target: target.kind });
      return all();
    }
    return outcome as ReadonlySet<string>;
  } catch (error) {
    logger.error('re-ingestion failed', { errorClass: error instanceof Error ? error.name : typeof error, errorMessage: error instanceof FirehoseKitError ? error.message : undefined, records: toSend.length });
    return all();
  } finally {
    timer.abort();
  }
}

function deadlineMs(context: Pick<Context, 'getRemainingTimeInMillis'> | undefined, timeoutMs: number): number {
  const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : undefined;
  if (typeof remaining !== 'number' || !Number.isFinite(remaining)) return timeoutMs;
  return Math.min(timeoutMs, remaining - RESPOND_MARGIN_MS);
}

function partKey(p: Processed, index: number): string {
  return `${p.key}/part-${index + 1}`;
}

/** Log attributes of a failure: ids and classes; messages only when they are firehose-kit's own (or allowed). */
export function failureAttributes(recordId: string, error: Error, logErrorMessages: boolean): Record<string, unknown> {
  const own = error instanceof FirehoseKitError;
  const attributes: Record<string, unknown> = { recordId, errorClass: error.name };
  if (own || logErrorMessages) attributes['errorMessage'] = error.message;
  else attributes['errorMessage'] = `(withheld: ${error.name} is not a firehose-kit error and its message may quote the record; set logErrorMessages: true to log it)`;
  const cause = error.cause;
  if (cause instanceof Error) {
    attributes['causeClass'] = cause.name;
    if (logErrorMessages || cause instanceof FirehoseKitError) attributes['causeMessage'] = cause.message;
  }
  return attributes;
}

function encodeOutput(output: unknown, newline: boolean): Buffer | undefined {
  if (typeof output === 'string') {
    return Buffer.from(newline && !output.endsWith('\n') ? output + '\n' : output, 'utf8');
  }
  if (output instanceof Uint8Array) {
    const bytes = Buffer.isBuffer(output) ? output : Buffer.from(output.buffer, output.byteOffset, output.byteLength);
    return newline && bytes[bytes.byteLength - 1] !== 0x0a ? Buffer.concat([bytes, NEWLINE]) : bytes;
  }
  return undefined;
}

function entrySize(p: Processed, dataField: DataField): number {
  return responseEntryBytes(p.idJsonBytes, p.result, p.data.length, p.result === 'Ok' ? p.partitionKeysJsonBytes : undefined, dataField);
}

function budgetItem(p: Processed, dataField: DataField): { own: number | undefined; failed: number; dropped: number } {
  const failed = responseEntryBytes(p.idJsonBytes, 'ProcessingFailed', p.original.length, undefined, dataField);
  return {
    own: p.split !== undefined ? undefined : entrySize(p, dataField),
    failed,
    // A record whose own fields are unusable is never sent back (there are no bytes to send): it stays.
    dropped: p.unusable ? failed : responseEntryBytes(p.idJsonBytes, 'Dropped', 0, undefined, dataField),
  };
}

function markFailedOriginal(p: Processed): void {
  delete p.split;
  p.result = 'ProcessingFailed';
  p.data = p.original;
  p.outBytes = 0;
  delete p.partitionKeys;
  delete p.partitionKeysJsonBytes;
}

/**
 * Where overflow goes: the source Kinesis stream (PutRecords), else the delivery stream (PutRecordBatch).
 * MSK-sourced streams and Kinesis Data Analytics preprocessing have no place to send records back to
 * (assumed: a delivery stream with an MSK source accepts no PutRecordBatch, as with a Kinesis source).
 */
function reingestTarget(read: ReadEvent): ReingestTarget | undefined {
  if (read.kind !== 'firehose') return undefined;
  const { sourceKinesisStreamArn, deliveryStreamArn } = read.source;
  if (sourceKinesisStreamArn !== undefined && sourceKinesisStreamArn !== '') return { kind: 'kinesis', streamArn: sourceKinesisStreamArn };
  if (/^arn:[^:]+:firehose:[^:]+:[^:]*:deliverystream\/./.test(deliveryStreamArn)) return { kind: 'firehose', deliveryStreamArn };
  return undefined;
}

function noTargetReason(read: ReadEvent): string {
  if (read.kind === 'msk') return 'the stream reads from Amazon MSK, which takes no records back';
  if (read.kind === 'kinesis-analytics') return 'Kinesis Data Analytics preprocessing has no stream to send records back to';
  return 'the event names no delivery stream ARN to re-ingest into';
}
