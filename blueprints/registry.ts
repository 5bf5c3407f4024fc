/**
 * The blueprints that `npm run transform -- --blueprint NAME` and the esbuild build know about. Each
 * has an entry file `blueprints/entries/<name>.ts` that exports `handler` for Lambda.
 */
import type { Env } from './handler/index.js';
import type { FirehoseKitHandler } from './handler/index.js';
import type { HandlerOverrides } from './handler/index.js';
import { createProcessRecordHandler } from './processRecord.js';
import { createCleanJsonHandler } from './cleanJson.js';
import { createPiiRedactionHandler } from './piiRedaction.js';
import { createApacheLogToJsonHandler } from './apacheLogToJson.js';
import { createApacheLogToCsvHandler } from './apacheLogToCsv.js';
import { createSyslogToJsonHandler } from './syslogToJson.js';
import { createSyslogToCsvHandler } from './syslogToCsv.js';
import { createApacheErrorLogToJsonHandler } from './apacheErrorLogToJson.js';
import { createCloudWatchLogsToJsonHandler } from './cloudwatchLogsToJson.js';
import { describeEnv } from './environment.js';

export interface BlueprintDefinition {
  readonly description: string;
  readonly create: (env: Env, overrides?: HandlerOverrides) => FirehoseKitHandler;
  /** How a producer record reaches Firehose: as the line's bytes, or gzip-compressed (CloudWatch Logs subscriptions). */
  readonly producerEncoding: 'raw' | 'gzip';
  /** The blueprint's own environment variables (besides NEWLINE, MAX_RESPONSE_BYTES, REINGEST) with one-line descriptions, from blueprints/environment.ts. */
  readonly env: Readonly<Record<string, string>>;
}

export const blueprints: Readonly<Record<string, BlueprintDefinition>> = {
  'process-record': {
    description: 'decode JSON, optionally keep some fields, write JSON lines',
    create: createProcessRecordHandler,
    producerEncoding: 'raw',
    env: describeEnv('process-record'),
  },
  'pii-redaction': {
    description: 'redact PII and secrets (fields by name, detectors in free text), write JSON lines (text lines for non-JSON records)',
    create: createPiiRedactionHandler,
    producerEncoding: 'raw',
    env: describeEnv('pii-redaction'),
  },
  'clean-json': {
    description: 'normalise (Glue-safe keys, timestamps, types), redact PII, flatten, write JSON lines',
    create: createCleanJsonHandler,
    producerEncoding: 'raw',
    env: describeEnv('clean-json'),
  },
  'apache-log-to-json': {
    description: 'parse Apache/NGINX access-log lines (any LogFormat; IPv6, hostnames, escapes, non-HTTP requests) into JSON lines',
    create: createApacheLogToJsonHandler,
    producerEncoding: 'raw',
    env: describeEnv('apache-log-to-json'),
  },
  'apache-log-to-csv': {
    description: 'parse Apache/NGINX access-log lines into CSV lines (RFC 4180)',
    create: createApacheLogToCsvHandler,
    producerEncoding: 'raw',
    env: describeEnv('apache-log-to-csv'),
  },
  'syslog-to-json': {
    description: 'parse syslog lines (RFC 5424 and BSD/RFC 3164, detected per line) into JSON lines',
    create: createSyslogToJsonHandler,
    producerEncoding: 'raw',
    env: describeEnv('syslog-to-json'),
  },
  'syslog-to-csv': {
    description: 'parse syslog lines (RFC 5424 and BSD/RFC 3164) into CSV lines (RFC 4180; columns: format, priority, facility, facilityCode, severity, severityCode, version, timestamp, utcOffset, hostname, appName, procId, msgId, structuredData, message)',
    create: createSyslogToCsvHandler,
    producerEncoding: 'raw',
    env: describeEnv('syslog-to-csv'),
  },
  'apache-error-log-to-json': {
    description: 'parse Apache httpd error-log lines (2.2 and 2.4 formats) into JSON lines',
    create: createApacheErrorLogToJsonHandler,
    producerEncoding: 'raw',
    env: describeEnv('apache-error-log-to-json'),
  },
  'cloudwatch-logs-to-json': {
    description: 'unpack CloudWatch Logs subscription records (gzip) into one JSON line per log event; control messages dropped',
    create: createCloudWatchLogsToJsonHandler,
    producerEncoding: 'gzip',
    env: describeEnv('cloudwatch-logs-to-json'),
  },
};
