/**
 * Blueprint `apache-log-to-csv`: each record is one Apache or NGINX access-log line; it becomes one CSV
 * line (RFC 4180: fields with the delimiter, quotes or line breaks are quoted, quotes doubled). The
 * replacement for AWS's `kinesis-firehose-apachelog-to-csv` blueprint.
 *
 * Environment: the same as apache-log-to-json (APACHE_LOG_ENV, LOG_OUTPUT_ENV), with OUTPUT_FORMAT
 * defaulting to csv; plus NEWLINE, MAX_RESPONSE_BYTES and REINGEST (see handlerEnv.ts).
 */
import type { Env } from './handler/index.js';
import { firehoseHandler, type FirehoseKitHandler } from './handler/index.js';
import { handlerOptionsFromEnv, type HandlerOverrides } from './handler/index.js';
import { apacheLogConfigFromEnv, apacheLogPipeline, APACHE_LOG_ENV, LOG_OUTPUT_ENV } from './apacheLogToJson.js';

export const APACHE_LOG_TO_CSV_ENV = {
  ...APACHE_LOG_ENV,
  ...LOG_OUTPUT_ENV,
  OUTPUT_FORMAT: 'csv (default: RFC 4180) or json',
} as const;

export function createApacheLogToCsvHandler(env: Env, overrides: HandlerOverrides = {}): FirehoseKitHandler {
  return firehoseHandler(apacheLogPipeline(apacheLogConfigFromEnv(env, 'csv')), handlerOptionsFromEnv(env, overrides));
}
