/**
 * The offline emulation of a delivery stream with a transformation Lambda: producer records are grouped
 * into Lambda events by the Lambda buffering size (1 MB by default, as in Firehose), the blueprint is
 * invoked, every response is checked against the record-transformation contract, Ok records go to the
 * destination, ProcessingFailed ones to `processing-failed/` as Firehose's error records, and records the
 * blueprint re-ingested come back as new records in later events, as they would in Firehose.
 */
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { DEFAULT_LAMBDA_BUFFER_BYTES, LAMBDA_REQUEST_LIMIT_BYTES, MAX_RECORD_BYTES, PLACEHOLDER_ACCOUNT_ID } from '../../limits/index.js';
import type { FirehoseTransformationEvent, FirehoseTransformationEventRecord } from 'aws-lambda';
import type { FirehoseKitHandler } from '../../blueprints/handler/index.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../blueprints/handler/index.js';
import type { HandlerLogger } from '../../blueprints/handler/index.js';
import type { HandlerOverrides } from '../../blueprints/handler/index.js';
import { assertFirehoseResponse } from './contract.js';
import type { Delivery } from '../delivery/index.js';
import { processingFailedRecord } from '../delivery/index.js';
import { memoryReingestSink } from './memoryReingestSink.js';
import type { ProducerRecord } from '../sources/index.js';

/** A record re-ingested this many times in a row is reported as a blueprint bug instead of looping. */
const MAX_REINGEST_GENERATIONS = 10;

export interface ReplayOptions {
  /** Creates the blueprint's handler with the given overrides (logger, re-ingestion sink). */
  readonly createHandler: (overrides: HandlerOverrides) => FirehoseKitHandler;
  readonly records: AsyncIterable<ProducerRecord>;
  /** Turns a producer line into the bytes Firehose receives (gzip for CloudWatch Logs subscriptions). */
  readonly encodeRecord?: (line: Buffer) => Buffer;
  /** Where Ok records and `processing-failed/` error records go (see firehose/delivery/delivery.ts). */
  readonly delivery: Delivery;
  readonly streamName: string;
  readonly region: string;
  readonly lambdaArn: string;
  /** Lambda buffering hint in bytes of raw record data. Default 1 MiB. */
  readonly lambdaBufferBytes?: number;
  /** Arrival time of the first record (epoch ms); later records arrive 1 ms apart. */
  readonly startTime: number;
  readonly maxResponseBytes?: number;
  /** Called after each Lambda invocation (progress). */
  readonly onBatch?: (summary: ReplaySummary) => void;
}

export interface ReplaySummary {
  recordsIn: number;
  ok: number;
  dropped: number;
  processingFailed: number;
  reingested: number;
  /** Lines Firehose would have refused at the producer API (over 1,000 KiB), by line number. */
  rejectedByProducerApi: number[];
  emptyLines: number;
  invocations: number;
  bytesIn: number;
  bytesOut: number;
  seconds: number;
  /** ProcessingFailed counts by error class, from the blueprint's own failure log lines. */
  failureClasses: Record<string, number>;
  /** Input lines of the first ProcessingFailed records (up to 20). */
  processingFailedLines: number[];
}

interface Pending {
  readonly data: Buffer;
  readonly arrival: number;
  readonly generation: number;
  readonly line: number;
}

interface FailureNote {
  errorClass: string;
  errorMessage: string;
}

export async function replay(options: ReplayOptions): Promise<ReplaySummary> {
  const started = performance.now();
  const summary: ReplaySummary = {
    recordsIn: 0, ok: 0, dropped: 0, processingFailed: 0, reingested: 0, rejectedByProducerApi: [], emptyLines: 0, invocations: 0, bytesIn: 0, bytesOut: 0, seconds: 0, failureClasses: {}, processingFailedLines: [],
  };
  const failures = new Map<string, FailureNote>();
  const logger: HandlerLogger = {
    info: () => undefined,
    warn: () => undefined,
    error: (message, attributes) => {
      if (message === 'record failed' && typeof attributes['recordId'] === 'string') {
        failures.set(attributes['recordId'], { errorClass: String(attributes['errorClass']), errorMessage: String(attributes['errorMessage']) });
      }
    },
  };
  const sink = memoryReingestSink();
  const handler = options.createHandler({ logger, reingest: sink, ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }) });
  const bufferBytes = options.lambdaBufferBytes ?? DEFAULT_LAMBDA_BUFFER_BYTES;
  const deliveryStreamArn = `arn:aws:firehose:${options.region}:${PLACEHOLDER_ACCOUNT_ID}:deliverystream/${options.streamName}`;
  let clock = options.startTime;
  let nextId = 0;
  const generations = new Map<string, number>();
  const lines = new Map<string, number>();

  let batch: Pending[] = [];
  let batchBytes = 0;

  const invoke = async (pending: Pending[]): Promise<void> => {
    const records: FirehoseTransformationEventRecord[] = pending.map((p) => {
      const recordId = `${String(nextId++).padStart(20, '0')}${options.streamName.length}`;
      generations.set(recordId, p.generation);
      lines.set(recordId, p.line);
      return { recordId, approximateArrivalTimestamp: p.arrival, data: p.data.toString('base64') };
    });
    const event: FirehoseTransformationEvent = { invocationId: `replay-${summary.invocations}`, deliveryStreamArn, region: options.region, records };
    const response = await handler(event);
    summary.invocations++;
    assertFirehoseResponse(event, response, { maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES });
    const attemptEnd = clock;
    for (let i = 0; i < response.records.length; i++) {
      const out = response.records[i]!;
      const input = records[i]!;
      if (out.result === 'Ok') {
        const data = Buffer.from(out.data ?? '', 'base64');
        summary.ok++;
        summary.bytesOut += data.byteLength;
        await options.delivery.deliver({
          data,
          arrivalTimestamp: input.approximateArrivalTimestamp,
          recordId: input.recordId,
          line: lines.get(input.recordId) ?? 0,
          ...(out.metadata?.partitionKeys === undefined ? {} : { partitionKeys: out.metadata.partitionKeys }),
        });
      } else if (out.result === 'Dropped') {
        summary.dropped++;
      } else {
        summary.processingFailed++;
        if (summary.processingFailedLines.length < 20) summary.processingFailedLines.push(lines.get(input.recordId) ?? 0);
        const note = failures.get(input.recordId);
        if (note !== undefined) summary.failureClasses[note.errorClass] = (summary.failureClasses[note.errorClass] ?? 0) + 1;
        const errorRecord = processingFailedRecord({
          arrivalTimestamp: input.approximateArrivalTimestamp,
          attemptEndingTimestamp: attemptEnd,
          rawData: input.data,
          lambdaArn: options.lambdaArn,
          ...(note === undefined ? {} : { failure: note }),
        });
        await options.delivery.processingFailed(errorRecord, input.approximateArrivalTimestamp);
      }
    }
    failures.clear();
    // Re-ingested records are new records to Firehose: they arrive now and join a later event.
    for (const { record } of sink.drain()) {
      const generation = (generations.get(record.recordId) ?? 0) + 1;
      if (generation > MAX_REINGEST_GENERATIONS) {
        throw new Error(`record ${record.recordId} was re-ingested ${MAX_REINGEST_GENERATIONS} times in a row; the blueprint's output for it never fits the response budget`);
      }
      summary.reingested++;
      summary.dropped--;
      queue.push({ data: Buffer.from(record.data), arrival: clock++, generation, line: lines.get(record.recordId) ?? 0 });
    }
    for (const id of records) {
      generations.delete(id.recordId);
      lines.delete(id.recordId);
    }
  };

  const queue: Pending[] = [];
  // Firehose also keeps each event under Lambda's 6 MB request limit; estimate an entry as its base64
  // data plus the record id, arrival time and JSON punctuation.
  let eventBytes = 0;
  const entryBytes = (p: Pending): number => 4 * Math.ceil(p.data.byteLength / 3) + 120;
  const addToBatch = async (p: Pending): Promise<void> => {
    if (batch.length > 0 && (batchBytes + p.data.byteLength > bufferBytes || eventBytes + entryBytes(p) > LAMBDA_REQUEST_LIMIT_BYTES)) {
      const full = batch;
      batch = [];
      batchBytes = 0;
      eventBytes = 0;
      await invoke(full);
    }
    batch.push(p);
    batchBytes += p.data.byteLength;
    eventBytes += entryBytes(p);
  };

  for await (const record of options.records) {
    summary.recordsIn++;
    const data = options.encodeRecord === undefined ? record.data : options.encodeRecord(record.data);
    if (data.byteLength > MAX_RECORD_BYTES) {
      summary.rejectedByProducerApi.push(record.line);
      continue;
    }
    summary.bytesIn += data.byteLength;
    await addToBatch({ data, arrival: clock++, generation: 0, line: record.line });
    while (queue.length > 0) await addToBatch(queue.shift()!);
  }
  while (batch.length > 0 || queue.length > 0) {
    while (queue.length > 0) await addToBatch(queue.shift()!);
    if (batch.length > 0) {
      const last = batch;
      batch = [];
      batchBytes = 0;
      eventBytes = 0;
      await invoke(last);
    }
  }
  await options.delivery.close();
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
