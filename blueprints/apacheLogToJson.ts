/**
 * Blueprint `apache-log-to-json`: each record is one Apache or NGINX access-log line; it becomes one
 * JSON line (or, with OUTPUT_FORMAT=csv, one CSV line). A drop-in replacement for AWS's
 * `kinesis-firehose-apachelog-to-json` blueprint (FIELD_NAMES=aws-blueprint keeps its field names) that
 * also reads IPv6 clients, hostnames, `-` byte counts, escaped quotes and non-HTTP request lines.
 *
 * Environment: APACHE_LOG_ENV and LOG_OUTPUT_ENV below, plus NEWLINE, MAX_RESPONSE_BYTES and REINGEST
 * (see handlerEnv.ts). Every value is validated at cold start.
 */
import { decodeText } from '../transforms/json/index.js';
import { apacheLogFieldNames, parseApacheLog, type ParseApacheLogOptions } from '../transforms/logs/index.js';
import { pipe } from '../transforms/core/index.js';
import { toCsvLine } from '../transforms/logs/index.js';
import { toJsonLine } from '../transforms/json/index.js';
import type { JsonValue, RecordContext, RecordPipeline, Transform } from '../transforms/core/index.js';
import { readEnvBoolean, readEnvEnum, readEnvList, readEnvString, type Env } from './handler/index.js';
import { BlueprintConfigError } from './handler/index.js';
import { firehoseHandler, type FirehoseKitHandler } from './handler/index.js';
import { handlerOptionsFromEnv, type HandlerOverrides } from './handler/index.js';
import { buildFromEnv } from './piiRedaction.js';

export const APACHE_LOG_ENV = {
  LOG_FORMAT:
    "the server's log format: auto (default: combined, then common), common, combined, vhost_common, vhost_combined, combinedio, combined_duration_us, combined_duration_s, or an Apache LogFormat string such as %h %l %u %t \"%r\" %>s %b %D",
  FIELD_NAMES: "output field names: standard (default) or aws-blueprint (those of AWS's kinesis-firehose-apachelog-to-json blueprint)",
  BYTES_DASH: "what a '-' byte count (no body) becomes: zero (default) or null",
  TRAILING_TEXT: 'text after the last field of the format: ignore (default), keep (in the field "trailing") or fail',
  INVALID_UTF8: 'lines that are not valid UTF-8: fail (default) or replace (invalid bytes become U+FFFD)',
} as const;

/** Output settings shared by the log blueprints. */
export const LOG_OUTPUT_ENV = {
  OUTPUT_FORMAT: 'json (default: one JSON object per line) or csv (RFC 4180)',
  CSV_COLUMNS: 'csv only: comma-separated output fields, in order (default: every field of the format)',
  CSV_DELIMITER: 'csv only: one field separator character, or "tab" (default ,)',
  CSV_NULL: 'csv only: text written for null fields (default: empty)',
  CSV_HEADER: 'csv only: put the header line before every record: false (default; Firehose concatenates records, so define columns in the table instead) or true',
} as const;

export interface LogOutputConfig {
  readonly format: 'json' | 'csv';
  readonly columns: readonly string[];
  readonly delimiter: string;
  readonly nullValue: string;
  readonly header: boolean;
}

/** OUTPUT_FORMAT and CSV_* settings; `fields` are the fields the parser writes (the default columns). */
export function logOutputFromEnv(env: Env, fields: readonly string[], defaultFormat: 'json' | 'csv' = 'json'): LogOutputConfig {
  const format = readEnvEnum(env, 'OUTPUT_FORMAT', ['json', 'csv'] as const, defaultFormat);
  const columns = readEnvList(env, 'CSV_COLUMNS', fields);
  const unknown = columns.filter((column) => !fields.includes(column));
  if (unknown.length > 0) {
    throw new BlueprintConfigError(`environment variable CSV_COLUMNS names ${unknown.map((c) => JSON.stringify(c)).join(', ')}, which the parser does not write; use some of: ${fields.join(', ')}`);
  }
  const delimiterText = readEnvString(env, 'CSV_DELIMITER', ',');
  return {
    format,
    columns,
    delimiter: delimiterText === 'tab' ? '\t' : delimiterText,
    nullValue: env['CSV_NULL'] ?? '',
    header: readEnvBoolean(env, 'CSV_HEADER', false),
  };
}

/** The last step of a log pipeline: a JSON line or a CSV line. */
export function logOutputStep(output: LogOutputConfig): Transform<JsonValue, string> {
  if (output.format === 'json') return toJsonLine();
  return buildFromEnv({ columns: 'CSV_COLUMNS', delimiter: 'CSV_DELIMITER', nullValue: 'CSV_NULL', includeHeader: 'CSV_HEADER' }, () =>
    toCsvLine({ columns: output.columns, delimiter: output.delimiter, nullValue: output.nullValue, includeHeader: output.header }),
  );
}

export interface ApacheLogConfig {
  readonly parse: ParseApacheLogOptions;
  readonly invalidUtf8: 'fail' | 'replace';
  readonly output: LogOutputConfig;
}

const PARSE_VARIABLES = { format: 'LOG_FORMAT', fieldNames: 'FIELD_NAMES', bytesDash: 'BYTES_DASH', trailingText: 'TRAILING_TEXT' } as const;

export function apacheLogConfigFromEnv(env: Env, defaultOutput: 'json' | 'csv' = 'json'): ApacheLogConfig {
  const parse: ParseApacheLogOptions = {
    format: readEnvString(env, 'LOG_FORMAT', 'auto'),
    fieldNames: readEnvEnum(env, 'FIELD_NAMES', ['standard', 'aws-blueprint'] as const, 'standard'),
    bytesDash: readEnvEnum(env, 'BYTES_DASH', ['zero', 'null'] as const, 'zero'),
    trailingText: readEnvEnum(env, 'TRAILING_TEXT', ['ignore', 'keep', 'fail'] as const, 'ignore'),
  };
  const fields = buildFromEnv(PARSE_VARIABLES, () => apacheLogFieldNames(parse));
  return {
    parse,
    invalidUtf8: readEnvEnum(env, 'INVALID_UTF8', ['fail', 'replace'] as const, 'fail'),
    output: logOutputFromEnv(env, fields, defaultOutput),
  };
}

export function apacheLogPipeline(config: ApacheLogConfig): RecordPipeline {
  const parse = buildFromEnv(PARSE_VARIABLES, () => parseApacheLog(config.parse));
  const output = logOutputStep(config.output);
  // Lines are decoded first so that INVALID_UTF8=replace can keep lines with stray bytes.
  const decode = decodeText({ invalidUtf8: config.invalidUtf8 });
  return pipe(decode, parse as Transform<string, JsonValue>, output) as (input: Uint8Array, ctx: RecordContext) => string;
}

export function createApacheLogToJsonHandler(env: Env, overrides: HandlerOverrides = {}): FirehoseKitHandler {
  return firehoseHandler(apacheLogPipeline(apacheLogConfigFromEnv(env, 'json')), handlerOptionsFromEnv(env, overrides));
}
