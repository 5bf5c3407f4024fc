/**
 * The Firehose record-transformation contract around a transform pipeline. Firehose invokes the Lambda
 * with a batch of base64 records and expects every recordId back exactly once, in any order (we keep
 * input order), with result Ok | Dropped | ProcessingFailed, base64 data and, for dynamic partitioning,
 * metadata.partitionKeys. See the Firehose developer guide, "Transform source data in Amazon Data
 * Firehose" (data-transformation.html), for the contract and Lambda's 6 MB synchronous response limit.
 */
import { Buffer } from 'node:buffer';
import { LAMBDA_RESPONSE_LIMIT_BYTES } from '../../limits/index.js';
import { performance } from 'node:perf_hooks';
import type { Context, FirehoseTransformationEvent, FirehoseTransformationResult, FirehoseTransformationResultRecord } from 'aws-lambda';
import { RecordSplitRequiredError, TransformThrewError } from '../../transforms/core/index.js';
import { isOutcome } from '../../transforms/core/index.js';
import type { RecordContext, RecordPipeline } from '../../transforms/core/index.js';
import { BlueprintConfigError, OutputTooLargeError, ReingestError } from './errors.js';
import { readFirehoseEvent, type EventRecord } from './firehoseEvent.js';
import { createDefaultLogger, type HandlerLogger } from './logger.js';
import { defaultReingestSink, type ReingestRecord, type ReingestSink, type ReingestTarget } from './reingest.js';
import { jsonBytes, RESPONSE_ENVELOPE_BYTES, responseEntryBytes } from './responseSize.js';

export interface FirehoseHandlerOptions {
  /** Append "\n" to Ok output that does not already end with one (Firehose adds no delimiter). Default true. */
  readonly newline?: boolean;
  /**
   * Response size budget in bytes. Lambda's synchronous response limit is 6 MB (6,291,456 bytes); the
   * default 6,000,000 leaves room for the runtime's own framing. Records past it are re-ingested.
   */
  readonly maxResponseBytes?: number;
  /**
   * What to do with records that do not fit in the budget: `'auto'` (default) sends their original bytes
   * back with PutRecordBatch (or PutRecords to the source Kinesis stream) and marks them Dropped; `'off'`
   * marks them ProcessingFailed with their original bytes; or a custom `ReingestSink`.
   */
  readonly reingest?: 'auto' | 'off' | ReingestSink;
  /** Where the per-failure and per-batch log lines go. Default: Powertools Logger (JSON to stdout). */
  readonly logger?: HandlerLogger;
}

/** A Firehose transformation handler that may also be called directly (tests, the offline CLI). */
export type FirehoseKitHandler = (event: FirehoseTransformationEvent, context?: Context) => Promise<FirehoseTransformationResult>;

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

const EMPTY_KEYS: Readonly<Record<string, string>> = Object.freeze({});
const NEWLINE = Buffer.from('\n');

type Result = FirehoseTransformationResultRecord['result'];

/** What the pipeline made of one record, before the response budget is applied. */
interface Processed {
  readonly record: EventRecord;
  readonly idJsonBytes: number;
  result: Result;
  data: string;
  partitionKeys?: Record<string, string>;
  partitionKeysJsonBytes?: number;
  outBytes: number;
  /** New records that replace this one (RecordSplitRequiredError): re-ingested, then this one is Dropped. */
  split?: RecordSplitRequiredError;
}

export function firehoseHandler(pipeline: RecordPipeline, options: FirehoseHandlerOptions = {}): FirehoseKitHandler {
  if (typeof pipeline !== 'function') {
    throw new BlueprintConfigError('firehoseHandler: the pipeline must be a transform function, e.g. pipe(parseJson(), toJsonLine())');
  }
  const known = ['newline', 'maxResponseBytes', 'reingest', 'logger'];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new BlueprintConfigError(`firehoseHandler: option '${key}' is not known; known options: ${known.join(', ')}`);
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
  let sink: ReingestSink | undefined = typeof reingestOption === 'object' ? reingestOption : undefined;
  const logger = options.logger ?? createDefaultLogger();

  return async function handleFirehoseTransformation(event) {
    const started = performance.now();
    const { source, records } = readFirehoseEvent(event);
    const processed: Processed[] = new Array(records.length);
    let bytesIn = 0;
    let bytesOut = 0;
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const input = Buffer.from(record.data, 'base64');
      bytesIn += input.byteLength;
      const ctx: RecordContext = {
        recordId: record.recordId,
        arrivalTimestamp: record.arrivalTimestamp,
        partitionKeys: EMPTY_KEYS,
        source: record.kinesis === undefined ? source : { ...source, kinesis: record.kinesis },
      };
      const entry: Processed = { record, idJsonBytes: jsonBytes(record.recordId), result: 'ProcessingFailed', data: record.data, outBytes: 0 };
      processed[i] = entry;
      let result: unknown;
      try {
        result = pipeline(input, ctx);
      } catch (error) {
        logFailure(logger, record.recordId, error instanceof Error ? new TransformThrewError(`pipeline threw ${error.name}: ${error.message}`, { cause: error }) : new TransformThrewError('pipeline threw a non-Error value'));
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
          if (result.error instanceof RecordSplitRequiredError && result.error.parts.length > 0) {
            entry.split = result.error;
          } else {
            logFailure(logger, record.recordId, result.error);
          }
          continue;
        }
        output = result.value;
        const keys = result.partitionKeys;
        if (keys !== undefined && Object.keys(keys).length > 0) {
          entry.partitionKeys = { ...keys };
          entry.partitionKeysJsonBytes = jsonBytes(entry.partitionKeys);
        }
      }
      const encoded = encodeOutput(output, newline);
      if (encoded === undefined) {
        logFailure(logger, record.recordId, new TransformThrewError(`pipeline returned ${output === null ? 'null' : typeof output}; a pipeline must end with text or bytes (for example with toJsonLine())`));
        delete entry.partitionKeys;
        delete entry.partitionKeysJsonBytes;
        continue;
      }
      entry.result = 'Ok';
      entry.data = encoded.toString('base64');
      entry.outBytes = encoded.byteLength;
    }

    for (const p of processed) {
      // An output that could not fit even in a response of its own would come back forever if it were
      // re-ingested; it fails instead, keeping the original bytes.
      if (p.result === 'Ok' && RESPONSE_ENVELOPE_BYTES + entrySize(p) > budget) {
        markFailedOriginal(p);
        logFailure(logger, p.record.recordId, new OutputTooLargeError(`the record's output (${p.data.length} base64 characters) is larger than the response budget of ${budget} bytes on its own`));
      }
    }
    const overflow = fitToBudget(processed, budget);
    const splits = processed.filter((p) => p.split !== undefined);
    let reingested = 0;
    let split = 0;
    if (overflow.length > 0 || splits.length > 0) {
      const target = reingestTarget(source.deliveryStreamArn, source.sourceKinesisStreamArn);
      if (reingestOption !== 'off' && target !== undefined) {
        const partitionKey = (p: Processed): string => p.record.kinesis?.partitionKey || p.record.recordId;
        const toSend: ReingestRecord[] = overflow.map((p) => ({ recordId: p.record.recordId, data: Buffer.from(p.record.data, 'base64'), partitionKey: partitionKey(p) }));
        for (const p of splits) {
          p.split!.parts.forEach((data, index) => toSend.push({ recordId: `${p.record.recordId}/part-${index + 1}`, data, partitionKey: partitionKey(p) }));
        }
        let failedIds: ReadonlySet<string>;
        try {
          sink ??= defaultReingestSink();
          if (sink === undefined) throw new ReingestError("no re-ingestion sink is set: pass the handler reingest: <a ReingestSink>, or import it from the firehose-kit entry point, which sets the AWS one");
          failedIds = await sink.reingest(target, toSend);
        } catch (error) {
          logger.error('re-ingestion failed', { errorClass: error instanceof Error ? error.name : typeof error, errorMessage: error instanceof Error ? error.message : '', records: toSend.length });
          failedIds = new Set(toSend.map((r) => r.recordId));
        }
        let notSent = 0;
        for (const p of overflow) {
          if (failedIds.has(p.record.recordId)) {
            markFailedOriginal(p);
            notSent++;
          } else {
            p.result = 'Dropped';
            p.data = '';
            reingested++;
          }
        }
        for (const p of splits) {
          // A part that did not go through would be lost with a Dropped original; the original fails instead
          // (parts that did go through may then be delivered twice: duplicates, never loss).
          if (p.split!.parts.some((_, index) => failedIds.has(`${p.record.recordId}/part-${index + 1}`))) {
            markFailedOriginal(p);
            notSent++;
            logFailure(logger, p.record.recordId, new ReingestError('the record had to be split, and its parts could not all be re-ingested'));
          } else {
            p.result = 'Dropped';
            p.data = '';
            split++;
          }
        }
        if (notSent > 0) logger.error('records not re-ingested; returned as ProcessingFailed with their original bytes', { records: notSent, target: target.kind });
      } else {
        for (const p of splits) logFailure(logger, p.record.recordId, p.split!);
        for (const p of [...overflow, ...splits]) markFailedOriginal(p);
        logger.warn('records to re-ingest returned as ProcessingFailed with their original bytes', {
          records: overflow.length + splits.length,
          reason: reingestOption === 'off' ? 'reingest is off' : 'the event names no delivery stream ARN to re-ingest into',
        });
      }
    }

    const response: FirehoseTransformationResultRecord[] = new Array(processed.length);
    let responseBytes = RESPONSE_ENVELOPE_BYTES;
    let ok = 0;
    let dropped = 0;
    let failed = 0;
    for (let i = 0; i < processed.length; i++) {
      const p = processed[i]!;
      if (p.result === 'Ok') {
        ok++;
        bytesOut += p.outBytes;
      } else if (p.result === 'Dropped') dropped++;
      else failed++;
      responseBytes += entrySize(p) + (i > 0 ? 1 : 0);
      response[i] = p.partitionKeys !== undefined && p.result === 'Ok'
        ? { recordId: p.record.recordId, result: p.result, data: p.data, metadata: { partitionKeys: p.partitionKeys } }
        : { recordId: p.record.recordId, result: p.result, data: p.data };
    }
    if (responseBytes > budget) {
      logger.warn('response exceeds the budget because records that could not be re-ingested keep their original bytes', { responseBytes, budget, lambdaLimit: LAMBDA_RESPONSE_LIMIT_BYTES });
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

function entrySize(p: Processed): number {
  return responseEntryBytes(p.idJsonBytes, p.result, p.data.length, p.result === 'Ok' ? p.partitionKeysJsonBytes : undefined);
}

function markFailedOriginal(p: Processed): void {
  delete p.split;
  p.result = 'ProcessingFailed';
  p.data = p.record.data;
  p.outBytes = 0;
  delete p.partitionKeys;
  delete p.partitionKeysJsonBytes;
}

/**
 * Chooses, in input order, the records whose full entry fits. A record that stays in the response
 * keeps its full entry only if, after it, every later record can still be answered with the smallest
 * possible entry (a Dropped one without data); so whatever is re-ingested, the response stays within
 * the budget. Returns the records to re-ingest (Ok or failed records whose entry did not fit).
 */
function fitToBudget(processed: Processed[], budget: number): Processed[] {
  // Entries after the first are preceded by a comma.
  const comma = (i: number): number => (i > 0 ? 1 : 0);
  const minimal = processed.map((p, i) => responseEntryBytes(p.idJsonBytes, 'Dropped', 0) + comma(i));
  let reserve = minimal.reduce((sum, size) => sum + size, 0);
  let size = RESPONSE_ENVELOPE_BYTES;
  const overflow: Processed[] = [];
  for (let i = 0; i < processed.length; i++) {
    const p = processed[i]!;
    reserve -= minimal[i]!;
    if (p.split !== undefined) {
      // Answered Dropped once its parts are re-ingested.
      size += minimal[i]!;
      continue;
    }
    const entry = entrySize(p);
    // Dropped entries cannot shrink; a failed record too large for any response would be re-ingested
    // forever, so it stays (the response then exceeds the budget by that record alone).
    if (p.result === 'Dropped' || size + entry + comma(i) + reserve <= budget || RESPONSE_ENVELOPE_BYTES + entry > budget) {
      size += entry + comma(i);
    } else {
      overflow.push(p);
      size += minimal[i]!;
    }
  }
  return overflow;
}

function reingestTarget(deliveryStreamArn: string, sourceKinesisStreamArn: string | undefined): ReingestTarget | undefined {
  if (sourceKinesisStreamArn !== undefined && sourceKinesisStreamArn !== '') return { kind: 'kinesis', streamArn: sourceKinesisStreamArn };
  if (deliveryStreamArn.startsWith('arn:')) return { kind: 'firehose', deliveryStreamArn };
  return undefined;
}

function logFailure(logger: HandlerLogger, recordId: string, error: Error): void {
  logger.error('record failed', { recordId, errorClass: error.name, errorMessage: error.message });
}
