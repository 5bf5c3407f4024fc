/**
 * Blueprint `syslog-to-json`: each record is one syslog message (RFC 5424 or BSD / RFC 3164, detected per
 * line); it becomes one JSON line (or, with OUTPUT_FORMAT=csv, one CSV line). The replacement for AWS's
 * `kinesis-firehose-syslog-to-json` blueprint, which reads BSD lines only and loses PRI, year and zone.
 *
 * Environment: SYSLOG_TO_JSON_VARIABLES and HANDLER_VARIABLES (blueprints/environment.ts), all checked at
 * cold start.
 */
import { parseSyslog, type ParseSyslogOptions } from '../transforms/logs/index.js';
import { pipe } from '../transforms/core/index.js';
import type { JsonValue, RecordPipeline, Transform } from '../transforms/core/index.js';
import { readDeclaredEnv, type Env } from './handler/index.js';
import { firehoseHandler, type FirehoseKitHandler } from './handler/index.js';
import { handlerOptionsFromEnv, type HandlerOverrides } from './handler/index.js';
import { buildFromEnv } from './buildFromEnv.js';
import { logOutputFromEnv, logOutputStep, type LogOutputConfig } from './apacheLogToJson.js';
import { checkBlueprintEnv, SYSLOG_TO_CSV_VARIABLES, SYSLOG_TO_JSON_VARIABLES } from './environment.js';

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

/** syslog-to-json's settings, or syslog-to-csv's with its declarations (OUTPUT_FORMAT defaults to csv). */
export function syslogConfigFromEnv(env: Env, variables: typeof SYSLOG_TO_JSON_VARIABLES | typeof SYSLOG_TO_CSV_VARIABLES = SYSLOG_TO_JSON_VARIABLES): SyslogConfig {
  const values = readDeclaredEnv(variables, env);
  return {
    parse: {
      format: values.SYSLOG_FORMAT,
      timeZone: values.SYSLOG_TIME_ZONE,
      unparsed: values.UNPARSED_LINES,
      strict: values.SYSLOG_STRICT,
      missingPriority: values.SYSLOG_MISSING_PRIORITY ?? null,
    },
    output: logOutputFromEnv(values, SYSLOG_FIELDS),
  };
}

export function syslogPipeline(config: SyslogConfig): RecordPipeline {
  // parseSyslog reads the bytes itself: text that is not UTF-8 is read as ISO-8859-1, so nothing is lost.
  const parse = buildFromEnv(PARSE_VARIABLES, () => parseSyslog(config.parse));
  return pipe(parse as Transform<Uint8Array, JsonValue>, logOutputStep(config.output));
}

export function createSyslogToJsonHandler(env: Env, overrides: HandlerOverrides = {}): FirehoseKitHandler {
  checkBlueprintEnv('syslog-to-json', env);
  return firehoseHandler(syslogPipeline(syslogConfigFromEnv(env)), handlerOptionsFromEnv(env, overrides));
}
