/**
 * Blueprint `syslog-to-csv`: each record is one syslog message (RFC 5424 or BSD / RFC 3164, detected per
 * line); it becomes one CSV line (RFC 4180: a field holding the delimiter, a quote or a line break is
 * quoted, quotes are doubled; null fields are empty). The replacement for AWS's
 * `kinesis-firehose-syslog-to-csv` blueprint, whose JavaScript version appends `,undefined` to every
 * line and quotes nothing.
 *
 * Columns, in this order unless CSV_COLUMNS picks others: SYSLOG_CSV_COLUMNS below (the fields of
 * parseSyslog; structuredData is written as JSON text). Environment: the same as syslog-to-json (SYSLOG_ENV,
 * LOG_OUTPUT_ENV) with OUTPUT_FORMAT defaulting to csv; plus NEWLINE, MAX_RESPONSE_BYTES and REINGEST.
 */
import { firehoseHandler, handlerOptionsFromEnv, type Env, type FirehoseKitHandler, type HandlerOverrides } from './handler/index.js';
import { LOG_OUTPUT_ENV } from './apacheLogToJson.js';
import { SYSLOG_ENV, SYSLOG_FIELDS, syslogConfigFromEnv, syslogPipeline } from './syslogToJson.js';

/** The default column order of syslog-to-csv. */
export const SYSLOG_CSV_COLUMNS: readonly string[] = SYSLOG_FIELDS;

export const SYSLOG_TO_CSV_ENV = {
  ...SYSLOG_ENV,
  ...LOG_OUTPUT_ENV,
  OUTPUT_FORMAT: 'csv (default: RFC 4180) or json',
} as const;

export function createSyslogToCsvHandler(env: Env, overrides: HandlerOverrides = {}): FirehoseKitHandler {
  return firehoseHandler(syslogPipeline(syslogConfigFromEnv(env, 'csv')), handlerOptionsFromEnv(env, overrides));
}
