/**
 * Blueprint `syslog-to-csv`: each record is one syslog message (RFC 5424 or BSD / RFC 3164, detected per
 * line); it becomes one CSV line (RFC 4180: a field holding the delimiter, a quote or a line break is
 * quoted, quotes are doubled; null fields are empty). The replacement for AWS's
 * `kinesis-firehose-syslog-to-csv` blueprint, whose JavaScript version appends `,undefined` to every
 * line and quotes nothing.
 *
 * Columns, in this order unless CSV_COLUMNS picks others: SYSLOG_CSV_COLUMNS below (the fields of
 * parseSyslog; structuredData is written as JSON text). Environment: SYSLOG_TO_CSV_VARIABLES (syslog-to-json's
 * with OUTPUT_FORMAT defaulting to csv) and HANDLER_VARIABLES (blueprints/environment.ts).
 */
import { firehoseHandler, handlerOptionsFromEnv, type Env, type FirehoseKitHandler, type HandlerOverrides } from './handler/index.js';
import { SYSLOG_FIELDS, syslogConfigFromEnv, syslogPipeline } from './syslogToJson.js';
import { checkBlueprintEnv, SYSLOG_TO_CSV_VARIABLES } from './environment.js';

/** The default column order of syslog-to-csv. */
export const SYSLOG_CSV_COLUMNS: readonly string[] = SYSLOG_FIELDS;

export function createSyslogToCsvHandler(env: Env, overrides: HandlerOverrides = {}): FirehoseKitHandler {
  checkBlueprintEnv('syslog-to-csv', env);
  return firehoseHandler(syslogPipeline(syslogConfigFromEnv(env, SYSLOG_TO_CSV_VARIABLES)), handlerOptionsFromEnv(env, overrides));
}
