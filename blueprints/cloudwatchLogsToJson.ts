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
 * Environment: CLOUDWATCH_LOGS_TO_JSON_VARIABLES (PII_* read when REDACT_PII=true) and HANDLER_VARIABLES
 * (blueprints/environment.ts), all checked at cold start.
 */
import { processCloudWatchLogs, type ProcessCloudWatchLogsOptions } from '../transforms/logs/index.js';
import { redactPii } from '../transforms/pii/index.js';
import type { RecordPipeline } from '../transforms/core/index.js';
import { readDeclaredEnv, type Env } from './handler/index.js';
import { DEFAULT_MAX_RESPONSE_BYTES, firehoseHandler, type FirehoseKitHandler } from './handler/index.js';
import { handlerOptionsFromEnv, type HandlerOverrides } from './handler/index.js';
import { piiOptionsFromEnv } from './piiRedaction.js';
import { buildFromEnv } from './buildFromEnv.js';
import { checkBlueprintEnv, CLOUDWATCH_LOGS_TO_JSON_VARIABLES } from './environment.js';

export interface CloudWatchLogsConfig {
  readonly transform: Omit<ProcessCloudWatchLogsOptions, 'maxOutputBytes'>;
}

export function cloudWatchLogsConfigFromEnv(env: Env): CloudWatchLogsConfig {
  const values = readDeclaredEnv(CLOUDWATCH_LOGS_TO_JSON_VARIABLES, env);
  return {
    transform: {
      output: values.OUTPUT,
      ...(values.PARSE_JSON_MESSAGES ? { parseJsonMessages: true } : {}),
      timestampFormat: values.TIMESTAMP_FORMAT,
      compression: values.COMPRESSION,
      maxDecompressedBytes: values.MAX_DECOMPRESSED_BYTES,
      ...(values.REDACT_PII ? { eachEvent: buildFromEnv({}, () => redactPii(piiOptionsFromEnv(env))) } : {}),
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
  checkBlueprintEnv('cloudwatch-logs-to-json', env);
  const config = cloudWatchLogsConfigFromEnv(env);
  const handlerOptions = handlerOptionsFromEnv(env, overrides);
  const budget = handlerOptions.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // Records whose output would not fit fail with RecordSplitRequiredError; the handler re-ingests the halves.
  const pipeline: RecordPipeline = buildFromEnv(VARIABLES, () => processCloudWatchLogs({ ...config.transform, maxOutputBytes: maxOutputBytesFor(budget) }));
  return firehoseHandler(pipeline, handlerOptions);
}
