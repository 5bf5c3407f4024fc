/**
 * Blueprint `apache-log-to-json`: each record is one Apache or NGINX access-log line; it becomes one
 * JSON line (or, with OUTPUT_FORMAT=csv, one CSV line). A drop-in replacement for AWS's
 * `kinesis-firehose-apachelog-to-json` blueprint (FIELD_NAMES=aws-blueprint keeps its field names) that
 * also reads IPv6 clients, hostnames, `-` byte counts, escaped quotes and non-HTTP request lines.
 *
 * Environment: APACHE_LOG_TO_JSON_VARIABLES and HANDLER_VARIABLES (blueprints/environment.ts), all
 * checked at cold start.
 */
import { decodeText } from '../transforms/json/index.js';
import { apacheLogFieldNames, parseApacheLog, type ParseApacheLogOptions } from '../transforms/logs/index.js';
import { pipe } from '../transforms/core/index.js';
import { toCsvLine } from '../transforms/logs/index.js';
import { toJsonLine } from '../transforms/json/index.js';
import type { JsonValue, RecordContext, RecordPipeline, Transform } from '../transforms/core/index.js';
import { readDeclaredEnv, type Env } from './handler/index.js';
import { BlueprintConfigError } from './handler/index.js';
import { firehoseHandler, type FirehoseKitHandler } from './handler/index.js';
import { handlerOptionsFromEnv, type HandlerOverrides } from './handler/index.js';
import { buildFromEnv } from './buildFromEnv.js';
import { APACHE_LOG_TO_CSV_VARIABLES, APACHE_LOG_TO_JSON_VARIABLES, checkBlueprintEnv } from './environment.js';

export interface LogOutputConfig {
  readonly format: 'json' | 'csv';
  readonly columns: readonly string[];
  readonly delimiter: string;
  readonly nullValue: string;
  readonly header: boolean;
}

/** The OUTPUT_FORMAT and CSV_* values (declared in blueprints/environment.ts). */
export interface LogOutputValues {
  readonly OUTPUT_FORMAT: 'json' | 'csv';
  readonly CSV_COLUMNS: readonly string[] | undefined;
  readonly CSV_DELIMITER: string;
  readonly CSV_NULL: string;
  readonly CSV_HEADER: boolean;
}

/** Output settings from the OUTPUT_FORMAT and CSV_* values; `fields` are the fields the parser writes (the default columns). */
export function logOutputFromEnv(values: LogOutputValues, fields: readonly string[]): LogOutputConfig {
  const columns = values.CSV_COLUMNS ?? fields;
  const unknown = columns.filter((column) => !fields.includes(column));
  if (unknown.length > 0) {
    throw new BlueprintConfigError(`environment variable CSV_COLUMNS names ${unknown.map((c) => JSON.stringify(c)).join(', ')}, which the parser does not write; use some of: ${fields.join(', ')}`);
  }
  return {
    format: values.OUTPUT_FORMAT,
    columns,
    delimiter: values.CSV_DELIMITER === 'tab' ? '\t' : values.CSV_DELIMITER,
    nullValue: values.CSV_NULL,
    header: values.CSV_HEADER,
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

/** apache-log-to-json's settings, or apache-log-to-csv's with its declarations (OUTPUT_FORMAT defaults to csv). */
export function apacheLogConfigFromEnv(env: Env, variables: typeof APACHE_LOG_TO_JSON_VARIABLES | typeof APACHE_LOG_TO_CSV_VARIABLES = APACHE_LOG_TO_JSON_VARIABLES): ApacheLogConfig {
  const values = readDeclaredEnv(variables, env);
  const parse: ParseApacheLogOptions = { format: values.LOG_FORMAT, fieldNames: values.FIELD_NAMES, bytesDash: values.BYTES_DASH, trailingText: values.TRAILING_TEXT };
  const fields = buildFromEnv(PARSE_VARIABLES, () => apacheLogFieldNames(parse));
  return { parse, invalidUtf8: values.INVALID_UTF8, output: logOutputFromEnv(values, fields) };
}

export function apacheLogPipeline(config: ApacheLogConfig): RecordPipeline {
  const parse = buildFromEnv(PARSE_VARIABLES, () => parseApacheLog(config.parse));
  const output = logOutputStep(config.output);
  // Lines are decoded first so that INVALID_UTF8=replace can keep lines with stray bytes.
  const decode = decodeText({ invalidUtf8: config.invalidUtf8 });
  return pipe(decode, parse as Transform<string, JsonValue>, output) as (input: Uint8Array, ctx: RecordContext) => string;
}

export function createApacheLogToJsonHandler(env: Env, overrides: HandlerOverrides = {}): FirehoseKitHandler {
  checkBlueprintEnv('apache-log-to-json', env);
  return firehoseHandler(apacheLogPipeline(apacheLogConfigFromEnv(env)), handlerOptionsFromEnv(env, overrides));
}
