/**
 * Sends producer records into a real delivery stream with PutRecordBatch, for data beyond what one
 * machine replays: Firehose itself then runs the blueprint Lambda, conversion and delivery. Calls hold at
 * most 500 records and 4 MiB; rejected entries are retried with backoff (see blueprints/handler/reingest.ts).
 */
import type { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import type { ReingestProblem, ReingestRecord, ReingestSink } from '../blueprints/handler/index.js';
import { awsReingestSink, type AwsReingestSinkOptions } from './reingestSink.js';
import type { ProducerRecord } from '../firehose/sources/index.js';
import { MAX_RECORD_BYTES } from '../limits/index.js';

export interface SendToFirehoseOptions {
  readonly records: AsyncIterable<ProducerRecord>;
  /** `arn:aws:firehose:<region>:<account>:deliverystream/<name>`. */
  readonly deliveryStreamArn: string;
  /** Turns a line into the record's bytes (gzip for CloudWatch Logs-shaped input). */
  readonly encodeRecord?: (line: Buffer) => Buffer;
  /** Where records go; default PutRecordBatch through the AWS SDK. */
  readonly sink?: ReingestSink;
  /** Options of the default AWS sink (endpoint, credentials, request timeout, backoff timer). */
  readonly aws?: AwsReingestSinkOptions;
  /** Records handed to the sink at once (it splits them into API calls). Default 5,000. */
  readonly chunkRecords?: number;
}

export interface SendSummary {
  sent: number;
  /** Input lines of records still rejected after every retry. */
  failedLines: number[];
  /** Input lines over 1,000 KiB, which PutRecordBatch refuses. */
  refusedLines: number[];
  /** Why records were rejected: each AWS error code once, with its message and the fix. */
  problems: ReingestProblem[];
  /**
   * Set when a whole call failed in a way that cannot succeed on a second try (missing permission,
   * missing stream, no credentials): sending stopped there, and the lines not yet read were not sent.
   */
  stoppedBy?: ReingestProblem;
  seconds: number;
}

export async function sendToFirehose(options: SendToFirehoseOptions): Promise<SendSummary> {
  const started = performance.now();
  const sink = options.sink ?? awsReingestSink(options.aws);
  const chunkRecords = options.chunkRecords ?? 5_000;
  const target = { kind: 'firehose' as const, deliveryStreamArn: options.deliveryStreamArn };
  const summary: SendSummary = { sent: 0, failedLines: [], refusedLines: [], problems: [], seconds: 0 };
  const seen = new Set<string>();
  const onProblem = (problem: ReingestProblem): void => {
    if (!seen.has(problem.code)) summary.problems.push(problem);
    seen.add(problem.code);
    // A whole call refused for a reason that cannot pass stops the run: the next calls would fail alike.
    if (!problem.retryable && problem.scope === 'call') summary.stoppedBy ??= problem;
  };
  let chunk: ReingestRecord[] = [];
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const sending = chunk;
    chunk = [];
    const failed = await sink.reingest(target, sending, { onProblem });
    for (const record of sending) {
      if (failed.has(record.recordId)) summary.failedLines.push(Number(record.recordId));
      else summary.sent++;
    }
  };
  for await (const record of options.records) {
    const data = options.encodeRecord === undefined ? record.data : options.encodeRecord(record.data);
    // `refused`: the reader skipped a line over the limit without keeping it.
    if (record.refused === true || data.byteLength > MAX_RECORD_BYTES) {
      summary.refusedLines.push(record.line);
      continue;
    }
    chunk.push({ recordId: String(record.line), data, partitionKey: String(record.line) });
    if (chunk.length >= chunkRecords) await flush();
    if (summary.stoppedBy !== undefined) break;
  }
  if (summary.stoppedBy === undefined) await flush();
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
