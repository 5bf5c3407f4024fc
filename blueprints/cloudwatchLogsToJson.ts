/**
 * Blueprint `cloudwatch-logs-to-json`: records written by a CloudWatch Logs subscription filter (gzip
 * JSON, or zlib for account-level subscription policies) become one line per log event: a JSON object
 * `{ id, timestamp, message, logGroup, logStream, owner }`, or the raw message. CONTROL_MESSAGE records
 * are dropped. The replacement for AWS's `kinesis-firehose-cloudwatch-logs-processor` blueprint.
 *
 * A record whose output would not fit in the Lambda response on its own is split: its log events are
 * divided into two halves, each gzip-compressed as a CloudWatch payload and re-ingested (PutRecordBatch
 * to the delivery stream, or PutRecords to the source Kinesis stream) as a new record, and the record is
 * Dropped (firehoseHandler does this for any RecordSplitRequiredError). If re-ingestion fails the record is
 * returned ProcessingFailed with its original bytes, so nothing is lost.
 *
 * Environment: CLOUDWATCH_LOGS_ENV below (PII_* variables when REDACT_PII=true), plus NEWLINE,
 * MAX_RESPONSE_BYTES and REINGEST (see handlerEnv.ts).
 */
import { processCloudWatchLogs, type ProcessCloudWatchLogsOptions } from '../transforms/logs/index.js';
import { redactPii } from '../transforms/pii/index.js';
import type { RecordPipeline } from '../transforms/core/index.js';
import { readEnvBoolean, readEnvEnum, readEnvInt, type Env } from './handler/index.js';
import { DEFAULT_MAX_RESPONSE_BYTES, firehoseHandler, type FirehoseKitHandler } from './handler/index.js';
import { handlerOptionsFromEnv, type HandlerOverrides } from './handler/index.js';
import { buildFromEnv, PII_ENV, piiOptionsFromEnv } from './piiRedaction.js';

export const CLOUDWATCH_LOGS_ENV = {
  OUTPUT: 'what each log event becomes: json (default; {id, timestamp, message, logGroup, logStream, owner}) or message (the raw message)',
  PARSE_JSON_MESSAGES: 'json output: messages that are JSON objects or arrays become JSON values: true or false (default)',
  TIMESTAMP_FORMAT: 'json output: timestamp as epoch-millis (default) or iso',
  COMPRESSION: 'auto (default: gzip or zlib by header, else plain JSON), gzip, zlib or none',
  MAX_DECOMPRESSED_BYTES: 'largest decompressed record accepted, 1024 to 268435456 (default 16777216)',
  REDACT_PII: 'redact PII in every log event (configured by the PII_* variables): true or false (default)',
} as const;

export const CLOUDWATCH_LOGS_ALL_ENV = { ...CLOUDWATCH_LOGS_ENV, ...PII_ENV } as const;

export interface CloudWatchLogsConfig {
  readonly transform: Omit<ProcessCloudWatchLogsOptions, 'maxOutputBytes'>;
}

export function cloudWatchLogsConfigFromEnv(env: Env): CloudWatchLogsConfig {
  const output = readEnvEnum(env, 'OUTPUT', ['json', 'message'] as const, 'json');
  const parseJsonMessages = readEnvBoolean(env, 'PARSE_JSON_MESSAGES', false);
  const redact = readEnvBoolean(env, 'REDACT_PII', false);
  return {
    transform: {
      output,
      ...(parseJsonMessages ? { parseJsonMessages } : {}),
      timestampFormat: readEnvEnum(env, 'TIMESTAMP_FORMAT', ['epoch-millis', 'iso'] as const, 'epoch-millis'),
      compression: readEnvEnum(env, 'COMPRESSION', ['auto', 'gzip', 'zlib', 'none'] as const, 'auto'),
      maxDecompressedBytes: readEnvInt(env, 'MAX_DECOMPRESSED_BYTES', { min: 1024, max: 256 * 1024 * 1024, fallback: 16 * 1024 * 1024 }),
      ...(redact ? { eachEvent: buildFromEnv({}, () => redactPii(piiOptionsFromEnv(env))) } : {}),
    },
  };
}

/**
 * The largest output that fits, base64-encoded with its newline and response framing, in a response of
 * `budget` bytes on its own; larger outputs are split.
 */
export function maxOutputBytesFor(budget: number): number {
  return Math.max(1, Math.floor(((budget - 1_000) * 3) / 4) - 1);
}

const VARIABLES = { output: 'OUTPUT', parseJsonMessages: 'PARSE_JSON_MESSAGES', timestampFormat: 'TIMESTAMP_FORMAT', compression: 'COMPRESSION', maxDecompressedBytes: 'MAX_DECOMPRESSED_BYTES' } as const;

export function createCloudWatchLogsToJsonHandler(env: Env, overrides: HandlerOverrides = {}): FirehoseKitHandler {
  const config = cloudWatchLogsConfigFromEnv(env);
  const handlerOptions = handlerOptionsFromEnv(env, overrides);
  const budget = handlerOptions.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // Records whose output would not fit fail with RecordSplitRequiredError; the handler re-ingests the halves.
  const pipeline: RecordPipeline = buildFromEnv(VARIABLES, () => processCloudWatchLogs({ ...config.transform, maxOutputBytes: maxOutputBytesFor(budget) }));
  return firehoseHandler(pipeline, handlerOptions);
}
