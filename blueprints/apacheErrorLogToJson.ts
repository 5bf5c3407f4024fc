/**
 * Blueprint `apache-error-log-to-json`: each record is one Apache httpd error-log line, as httpd 2.2
 * writes it (`[Wed Oct 11 14:32:52 2000] [error] [client 192.0.2.1] …`) or httpd 2.4's default
 * ErrorLogFormat does (`[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 123:tid 456] [client
 * 192.0.2.1:5678] AH00124: …`); it becomes one JSON line (or, with OUTPUT_FORMAT=csv, one CSV line).
 *
 * Environment: APACHE_ERROR_LOG_ENV and LOG_OUTPUT_ENV below, plus NEWLINE, MAX_RESPONSE_BYTES and
 * REINGEST. Every value is validated at cold start.
 */
import { decodeText } from '../transforms/json/index.js';
import { APACHE_ERROR_LOG_FIELDS, parseApacheErrorLog, type ParseApacheErrorLogOptions } from '../transforms/logs/index.js';
import { pipe } from '../transforms/core/index.js';
import type { JsonValue, RecordContext, RecordPipeline, Transform } from '../transforms/core/index.js';
import { firehoseHandler, handlerOptionsFromEnv, readEnvEnum, readEnvString, type Env, type FirehoseKitHandler, type HandlerOverrides } from './handler/index.js';
import { LOG_OUTPUT_ENV, logOutputFromEnv, logOutputStep, type LogOutputConfig } from './apacheLogToJson.js';
import { buildFromEnv } from './piiRedaction.js';

export const APACHE_ERROR_LOG_ENV = {
  ERROR_LOG_FORMAT: 'auto (default: per line, 2.4 when the level bracket holds module:level, else 2.2), 2.2 or 2.4 (lines of the other layout fail)',
  ERROR_LOG_TIME_ZONE: 'zone of the timestamps, which carry none: UTC (default), an offset such as +05:30, or an IANA zone such as Europe/Paris',
  INVALID_UTF8: 'lines that are not valid UTF-8: fail (default) or replace (invalid bytes become U+FFFD)',
} as const;

export const APACHE_ERROR_LOG_TO_JSON_ENV = { ...APACHE_ERROR_LOG_ENV, ...LOG_OUTPUT_ENV } as const;

export interface ApacheErrorLogConfig {
  readonly parse: ParseApacheErrorLogOptions;
  readonly invalidUtf8: 'fail' | 'replace';
  readonly output: LogOutputConfig;
}

const PARSE_VARIABLES = { format: 'ERROR_LOG_FORMAT', timeZone: 'ERROR_LOG_TIME_ZONE' } as const;

export function apacheErrorLogConfigFromEnv(env: Env): ApacheErrorLogConfig {
  return {
    parse: {
      format: readEnvEnum(env, 'ERROR_LOG_FORMAT', ['auto', '2.2', '2.4'] as const, 'auto'),
      timeZone: readEnvString(env, 'ERROR_LOG_TIME_ZONE', 'UTC'),
    },
    invalidUtf8: readEnvEnum(env, 'INVALID_UTF8', ['fail', 'replace'] as const, 'fail'),
    output: logOutputFromEnv(env, APACHE_ERROR_LOG_FIELDS),
  };
}

export function apacheErrorLogPipeline(config: ApacheErrorLogConfig): RecordPipeline {
  const parse = buildFromEnv(PARSE_VARIABLES, () => parseApacheErrorLog(config.parse));
  // Lines are decoded first so that INVALID_UTF8=replace can keep lines with stray bytes.
  const decode = decodeText({ invalidUtf8: config.invalidUtf8 });
  return pipe(decode, parse as Transform<string, JsonValue>, logOutputStep(config.output)) as (input: Uint8Array, ctx: RecordContext) => string;
}

export function createApacheErrorLogToJsonHandler(env: Env, overrides: HandlerOverrides = {}): FirehoseKitHandler {
  return firehoseHandler(apacheErrorLogPipeline(apacheErrorLogConfigFromEnv(env)), handlerOptionsFromEnv(env, overrides));
}
