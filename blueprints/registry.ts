/**
 * The blueprints that `npm run transform -- --blueprint NAME` and the esbuild build know about. Each
 * has an entry file `blueprints/entries/<name>.ts` that exports `handler` for Lambda.
 */
import type { Env } from './handler/index.js';
import type { FirehoseKitHandler } from './handler/index.js';
import type { HandlerOverrides } from './handler/index.js';
import { createProcessRecordHandler, PROCESS_RECORD_ENV } from './processRecord.js';
import { CLEAN_JSON_ALL_ENV, createCleanJsonHandler } from './cleanJson.js';
import { createPiiRedactionHandler, PII_REDACTION_ENV } from './piiRedaction.js';
import { APACHE_LOG_ENV, createApacheLogToJsonHandler, LOG_OUTPUT_ENV } from './apacheLogToJson.js';
import { APACHE_LOG_TO_CSV_ENV, createApacheLogToCsvHandler } from './apacheLogToCsv.js';
import { createSyslogToJsonHandler, SYSLOG_TO_JSON_ENV } from './syslogToJson.js';
import { CLOUDWATCH_LOGS_ALL_ENV, createCloudWatchLogsToJsonHandler } from './cloudwatchLogsToJson.js';

export interface BlueprintDefinition {
  readonly description: string;
  readonly create: (env: Env, overrides?: HandlerOverrides) => FirehoseKitHandler;
  /** How a producer record reaches Firehose: as the line's bytes, or gzip-compressed (CloudWatch Logs subscriptions). */
  readonly producerEncoding: 'raw' | 'gzip';
  /** The blueprint's own environment variables (besides NEWLINE, MAX_RESPONSE_BYTES, REINGEST), for docs and --help. */
  readonly env: Readonly<Record<string, string>>;
}

export const blueprints: Readonly<Record<string, BlueprintDefinition>> = {
  'process-record': {
    description: 'decode JSON, optionally keep some fields, write JSON lines',
    create: createProcessRecordHandler,
    producerEncoding: 'raw',
    env: PROCESS_RECORD_ENV,
  },
  'pii-redaction': {
    description: 'redact PII and secrets (fields by name, detectors in free text), write JSON lines (text lines for non-JSON records)',
    create: createPiiRedactionHandler,
    producerEncoding: 'raw',
    env: PII_REDACTION_ENV,
  },
  'clean-json': {
    description: 'normalise (Glue-safe keys, timestamps, types), redact PII, flatten, write JSON lines',
    create: createCleanJsonHandler,
    producerEncoding: 'raw',
    env: CLEAN_JSON_ALL_ENV,
  },
  'apache-log-to-json': {
    description: 'parse Apache/NGINX access-log lines (any LogFormat; IPv6, hostnames, escapes, non-HTTP requests) into JSON lines',
    create: createApacheLogToJsonHandler,
    producerEncoding: 'raw',
    env: { ...APACHE_LOG_ENV, ...LOG_OUTPUT_ENV },
  },
  'apache-log-to-csv': {
    description: 'parse Apache/NGINX access-log lines into CSV lines (RFC 4180)',
    create: createApacheLogToCsvHandler,
    producerEncoding: 'raw',
    env: APACHE_LOG_TO_CSV_ENV,
  },
  'syslog-to-json': {
    description: 'parse syslog lines (RFC 5424 and BSD/RFC 3164, detected per line) into JSON lines',
    create: createSyslogToJsonHandler,
    producerEncoding: 'raw',
    env: SYSLOG_TO_JSON_ENV,
  },
  'cloudwatch-logs-to-json': {
    description: 'unpack CloudWatch Logs subscription records (gzip) into one JSON line per log event; control messages dropped',
    create: createCloudWatchLogsToJsonHandler,
    producerEncoding: 'gzip',
    env: CLOUDWATCH_LOGS_ALL_ENV,
  },
};
