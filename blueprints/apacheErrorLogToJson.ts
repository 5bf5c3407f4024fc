/**
 * Blueprint `apache-error-log-to-json`: each record is one Apache httpd error-log line, as httpd 2.2
 * writes it (`[Wed Oct 11 14:32:52 2000] [error] [client 192.0.2.1] …`) or httpd 2.4's default
 * ErrorLogFormat does (`[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 123:tid 456] [client
 * 192.0.2.1:5678] AH00124: …`); it becomes one JSON line (or, with OUTPUT_FORMAT=csv, one CSV line).
 *
 * Environment: APACHE_ERROR_LOG_TO_JSON_VARIABLES and HANDLER_VARIABLES (blueprints/environment.ts), all
 * checked at cold start.
 */
import { decodeText } from '../transforms/json/index.js';
import { APACHE_ERROR_LOG_FIELDS, parseApacheErrorLog, type ParseApacheErrorLogOptions } from '../transforms/logs/index.js';
import { pipe } from '../transforms/core/index.js';
import type { JsonValue, RecordContext, RecordPipeline, Transform } from '../transforms/core/index.js';
import { firehoseHandler, handlerOptionsFromEnv, readDeclaredEnv, type Env, type FirehoseKitHandler, type HandlerOverrides } from './handler/index.js';
import { logOutputFromEnv, logOutputStep, type LogOutputConfig } from './apacheLogToJson.js';
import { buildFromEnv } from './buildFromEnv.js';
import { APACHE_ERROR_LOG_TO_JSON_VARIABLES, checkBlueprintEnv } from './environment.js';

export interface ApacheErrorLogConfig {
  readonly parse: ParseApacheErrorLogOptions;
  readonly invalidUtf8: 'fail' | 'replace';
  readonly output: LogOutputConfig;
}

const PARSE_VARIABLES = { format: 'ERROR_LOG_FORMAT', timeZone: 'ERROR_LOG_TIME_ZONE' } as const;

export function apacheErrorLogConfigFromEnv(env: Env): ApacheErrorLogConfig {
  const values = readDeclaredEnv(APACHE_ERROR_LOG_TO_JSON_VARIABLES, env);
  return {
    parse: { format: values.ERROR_LOG_FORMAT, timeZone: values.ERROR_LOG_TIME_ZONE },
    invalidUtf8: values.INVALID_UTF8,
    output: logOutputFromEnv(values, APACHE_ERROR_LOG_FIELDS),
  };
}

export function apacheErrorLogPipeline(config: ApacheErrorLogConfig): RecordPipeline {
  const parse = buildFromEnv(PARSE_VARIABLES, () => parseApacheErrorLog(config.parse));
  // Lines are decoded first so that INVALID_UTF8=replace can keep lines with stray bytes.
  const decode = decodeText({ invalidUtf8: config.invalidUtf8 });
  return pipe(decode, parse as Transform<string, JsonValue>, logOutputStep(config.output)) as (input: Uint8Array, ctx: RecordContext) => string;
}

export function createApacheErrorLogToJsonHandler(env: Env, overrides: HandlerOverrides = {}): FirehoseKitHandler {
  checkBlueprintEnv('apache-error-log-to-json', env);
  return firehoseHandler(apacheErrorLogPipeline(apacheErrorLogConfigFromEnv(env)), handlerOptionsFromEnv(env, overrides));
}
