/**
 * Blueprint `syslog-to-json`: each record is one syslog message (RFC 5424 or BSD / RFC 3164, detected per
 * line); it becomes one JSON line (or, with OUTPUT_FORMAT=csv, one CSV line). The replacement for AWS's
 * `kinesis-firehose-syslog-to-json` blueprint, which reads BSD lines only and loses PRI, year and zone.
 *
 * Environment: SYSLOG_ENV and LOG_OUTPUT_ENV below, plus NEWLINE, MAX_RESPONSE_BYTES and REINGEST (see
 * handlerEnv.ts). Every value is validated at cold start.
 */
import { parseSyslog, type ParseSyslogOptions } from '../transforms/logs/index.js';
import { pipe } from '../transforms/core/index.js';
import type { JsonValue, RecordPipeline, Transform } from '../transforms/core/index.js';
import { readEnvBoolean, readEnvEnum, readEnvInt, readEnvString, type Env } from './handler/index.js';
import { firehoseHandler, type FirehoseKitHandler } from './handler/index.js';
import { handlerOptionsFromEnv, type HandlerOverrides } from './handler/index.js';
import { buildFromEnv } from './piiRedaction.js';
import { LOG_OUTPUT_ENV, logOutputFromEnv, logOutputStep, type LogOutputConfig } from './apacheLogToJson.js';

export const SYSLOG_ENV = {
  SYSLOG_FORMAT: 'auto (default: per line, RFC 5424 when the line starts with <PRI>VERSION, else RFC 3164), rfc5424 or rfc3164',
  SYSLOG_TIME_ZONE: 'zone of RFC 3164 timestamps, which carry none: UTC (default), an offset such as +05:30, or an IANA zone such as Europe/Paris',
  UNPARSED_LINES: 'lines in neither format: fail (default) or keep (everything null but message, the line)',
  SYSLOG_STRICT: 'false (default: also read what senders write: a tag without colon, a space after PRI, a colon after the time, loose structured data) or true (the RFCs only)',
  SYSLOG_MISSING_PRIORITY: 'PRI given to lines without one: empty (default: null) or 0-191, e.g. 13 (user.notice, RFC 3164 §4.3.3)',
} as const;

export const SYSLOG_TO_JSON_ENV = { ...SYSLOG_ENV, ...LOG_OUTPUT_ENV } as const;

/** The fields parseSyslog writes, in order: the default CSV columns. */
export const SYSLOG_FIELDS = [
  'format', 'priority', 'facility', 'facilityCode', 'severity', 'severityCode', 'version', 'timestamp', 'utcOffset',
  'hostname', 'appName', 'procId', 'msgId', 'structuredData', 'message',
] as const;

export interface SyslogConfig {
  readonly parse: ParseSyslogOptions;
  readonly output: LogOutputConfig;
}

const PARSE_VARIABLES = { format: 'SYSLOG_FORMAT', timeZone: 'SYSLOG_TIME_ZONE', unparsed: 'UNPARSED_LINES', strict: 'SYSLOG_STRICT', missingPriority: 'SYSLOG_MISSING_PRIORITY' } as const;

export function syslogConfigFromEnv(env: Env, defaultOutput: 'json' | 'csv' = 'json'): SyslogConfig {
  const missing = env['SYSLOG_MISSING_PRIORITY'];
  return {
    parse: {
      format: readEnvEnum(env, 'SYSLOG_FORMAT', ['auto', 'rfc5424', 'rfc3164'] as const, 'auto'),
      timeZone: readEnvString(env, 'SYSLOG_TIME_ZONE', 'UTC'),
      unparsed: readEnvEnum(env, 'UNPARSED_LINES', ['fail', 'keep'] as const, 'fail'),
      strict: readEnvBoolean(env, 'SYSLOG_STRICT', false),
      missingPriority: missing === undefined || missing.trim() === '' ? null : readEnvInt(env, 'SYSLOG_MISSING_PRIORITY', { min: 0, max: 191, fallback: 13 }),
    },
    output: logOutputFromEnv(env, SYSLOG_FIELDS, defaultOutput),
  };
}

export function syslogPipeline(config: SyslogConfig): RecordPipeline {
  // parseSyslog reads the bytes itself: text that is not UTF-8 is read as ISO-8859-1, so nothing is lost.
  const parse = buildFromEnv(PARSE_VARIABLES, () => parseSyslog(config.parse));
  return pipe(parse as Transform<Uint8Array, JsonValue>, logOutputStep(config.output));
}

export function createSyslogToJsonHandler(env: Env, overrides: HandlerOverrides = {}): FirehoseKitHandler {
  return firehoseHandler(syslogPipeline(syslogConfigFromEnv(env)), handlerOptionsFromEnv(env, overrides));
}
