/**
 * Blueprint `apache-log-to-csv`: each record is one Apache or NGINX access-log line; it becomes one CSV
 * line (RFC 4180: fields with the delimiter, quotes or line breaks are quoted, quotes doubled). The
 * replacement for AWS's `kinesis-firehose-apachelog-to-csv` blueprint.
 *
 * Environment: APACHE_LOG_TO_CSV_VARIABLES (apache-log-to-json's, with OUTPUT_FORMAT defaulting to csv)
 * and HANDLER_VARIABLES (blueprints/environment.ts), all checked at cold start.
 */
import type { Env } from './handler/index.js';
import { firehoseHandler, type FirehoseKitHandler } from './handler/index.js';
import { handlerOptionsFromEnv, type HandlerOverrides } from './handler/index.js';
import { apacheLogConfigFromEnv, apacheLogPipeline } from './apacheLogToJson.js';
import { APACHE_LOG_TO_CSV_VARIABLES, checkBlueprintEnv } from './environment.js';

export function createApacheLogToCsvHandler(env: Env, overrides: HandlerOverrides = {}): FirehoseKitHandler {
  checkBlueprintEnv('apache-log-to-csv', env);
  return firehoseHandler(apacheLogPipeline(apacheLogConfigFromEnv(env, APACHE_LOG_TO_CSV_VARIABLES)), handlerOptionsFromEnv(env, overrides));
}
