/**
 * Every blueprint environment variable, declared once: its kind, allowed values, default and whether it
 * is a secret. `npm run deploy-template -- --help` and `npm run transform -- --help` list them, `npm run
 * docs` renders them into the README, deploy/ refuses secrets in plain text, and a test checks each
 * declaration against what the blueprint's cold start accepts and refuses (test/blueprints/environment.test.ts).
 */
import { DETECTOR_NAMES } from '../transforms/pii/index.js';

export interface EnvVariable {
  readonly kind: 'enum' | 'boolean' | 'integer' | 'list' | 'text';
  /** The allowed values of an enum (a boolean's are true and false). */
  readonly allowed?: readonly string[];
  /** The default as text; absent when there is none. */
  readonly default?: string;
  /** A secret: never written into a template; read from Secrets Manager or SSM at cold start. */
  readonly secret?: boolean;
  /** Read only when these other variables have these values (e.g. PII_* only with REDACT_PII=true). */
  readonly when?: Readonly<Record<string, string>>;
  readonly summary: string;
}

/** `variables` with `extra` inserted after `after` (keeps --help in the order the blueprint reads them). */
function withAfter(variables: Readonly<Record<string, EnvVariable>>, after: string, extra: Readonly<Record<string, EnvVariable>>): Record<string, EnvVariable> {
  const out: Record<string, EnvVariable> = {};
  for (const [name, v] of Object.entries(variables)) {
    out[name] = v;
    if (name === after) Object.assign(out, extra);
  }
  return out;
}

const onlyWhen = (variables: Readonly<Record<string, EnvVariable>>, when: Readonly<Record<string, string>>): Record<string, EnvVariable> =>
  Object.fromEntries(Object.entries(variables).map(([name, v]) => [name, { ...v, when }]));

const bool = (summary: string, fallback: 'true' | 'false'): EnvVariable => ({ kind: 'boolean', allowed: ['true', 'false'], default: fallback, summary });
const oneOf = (summary: string, allowed: readonly string[], fallback: string): EnvVariable => ({ kind: 'enum', allowed, default: fallback, summary });

/** Read by every blueprint (blueprints/handler/handlerEnv.ts). */
export const HANDLER_VARIABLES = {
  NEWLINE: bool('append "\\n" to each output record that lacks one', 'true'),
  MAX_RESPONSE_BYTES: { kind: 'integer', default: '6000000', summary: 'response budget in bytes, 1000 to 6291456' },
  REINGEST: oneOf('records past the budget: PutRecordBatch / PutRecords then Dropped, or ProcessingFailed', ['auto', 'off'], 'auto'),
  LOG_ERROR_MESSAGES: bool("log the messages of errors that are not firehose-kit's own (they may quote record content)", 'false'),
} as const satisfies Record<string, EnvVariable>;

const PII_VARIABLES = {
  PII_DETECTORS: { kind: 'list', default: 'all', summary: `detectors to run, "all" or "none": ${DETECTOR_NAMES.join(', ')}` },
  PII_MODE: oneOf('replacement where nothing more specific is set', ['mask', 'partial', 'hash', 'remove'], 'mask'),
  PII_DETECTOR_MODES: { kind: 'list', summary: 'per-detector replacement as detector:mode pairs, e.g. creditCard:partial,email:hash' },
  PII_REDACT_FIELDS: { kind: 'list', summary: 'field patterns whose whole value is redacted, or "none" (default: password, secret, *token, authorization, cookie, api keys…)' },
  PII_ALLOW_FIELDS: { kind: 'list', summary: 'field patterns never scanned' },
  PII_MASK_TEMPLATE: { kind: 'text', default: '[REDACTED:{label}]', summary: 'mask text; {label} is the detector label' },
  PII_HASH_TEMPLATE: { kind: 'text', default: '[{label}:{hash}]', summary: 'hash token; must contain {hash}' },
  PII_HASH_KEY: { kind: 'text', secret: true, summary: 'HMAC key for mode hash, at least 16 characters (a secret: --secret PII_HASH_KEY=…)' },
} as const satisfies Record<string, EnvVariable>;

const NORMALIZE_VARIABLES = {
  KEY_STYLE: oneOf('key style', ['snake_case', 'camelCase', 'unchanged'], 'snake_case'),
  TRIM_STRINGS: bool('trim white space around strings', 'true'),
  EMPTY_STRING_TO_NULL: bool('empty strings become null', 'false'),
  BOOLEAN_FIELDS: { kind: 'list', summary: 'field patterns whose "true"/"false"/"yes"/"no"/"1"/"0" strings become booleans' },
  NUMBER_FIELDS: { kind: 'list', summary: 'field patterns whose numeric strings become numbers' },
  TIMESTAMP_FIELDS: { kind: 'list', summary: 'field patterns parsed as timestamps' },
  DETECT_TIMESTAMP_FIELDS: bool('also parse fields named like timestamps (created_at, updatedAt, time, ts, date…)', 'false'),
  TIMESTAMP_FORMAT: oneOf('parsed timestamps written as', ['iso8601', 'epochMillis', 'hiveTimestamp'], 'iso8601'),
  EPOCH_UNIT: oneOf('unit of epoch numbers', ['auto', 'seconds', 'milliseconds', 'microseconds', 'nanoseconds'], 'auto'),
  INVALID_TIMESTAMP: oneOf('a timestamp that cannot be parsed', ['fail', 'null'], 'fail'),
  KEY_COLLISION: oneOf('keys that normalise or flatten to the same key', ['suffix', 'fail'], 'suffix'),
  FLATTEN: bool('flatten nested objects', 'true'),
  FLATTEN_SEPARATOR: { kind: 'text', default: '_', summary: 'separator of flattened keys: one ASCII punctuation character' },
  FLATTEN_ARRAYS: oneOf('arrays when flattening', ['keep', 'index', 'stringify'], 'keep'),
  FLATTEN_EMPTY_OBJECTS: oneOf('empty objects when flattening', ['keep', 'drop'], 'keep'),
} as const satisfies Record<string, EnvVariable>;

const CSV_VARIABLES = {
  OUTPUT_FORMAT: oneOf('one JSON object per line, or CSV (RFC 4180)', ['json', 'csv'], 'json'),
  CSV_COLUMNS: { kind: 'list', summary: 'csv only: output fields, in order (default: every field)' },
  CSV_DELIMITER: { kind: 'text', default: ',', summary: 'csv only: one field separator character, or "tab"' },
  CSV_NULL: { kind: 'text', default: '', summary: 'csv only: text written for null fields' },
  CSV_HEADER: bool('csv only: a header line before every record', 'false'),
} as const satisfies Record<string, EnvVariable>;

const APACHE_VARIABLES = {
  LOG_FORMAT: { kind: 'text', default: 'auto', summary: 'auto (combined, then common), a format name (common, combined, vhost_combined, …) or an Apache LogFormat string' },
  FIELD_NAMES: oneOf('output field names', ['standard', 'aws-blueprint'], 'standard'),
  BYTES_DASH: oneOf("what a '-' byte count becomes", ['zero', 'null'], 'zero'),
  TRAILING_TEXT: oneOf('text after the last field of the format', ['ignore', 'keep', 'fail'], 'ignore'),
  INVALID_UTF8: oneOf('lines that are not valid UTF-8', ['fail', 'replace'], 'fail'),
} as const satisfies Record<string, EnvVariable>;

const CLOUDWATCH_VARIABLES = {
  OUTPUT: oneOf('each log event as a JSON object, or the raw message', ['json', 'message'], 'json'),
  PARSE_JSON_MESSAGES: bool('json output: messages that are JSON become JSON values', 'false'),
  TIMESTAMP_FORMAT: oneOf('timestamps written as', ['epoch-millis', 'iso'], 'epoch-millis'),
  COMPRESSION: oneOf('record compression', ['auto', 'gzip', 'zlib', 'none'], 'auto'),
  MAX_DECOMPRESSED_BYTES: { kind: 'integer', default: '16777216', summary: 'largest decompressed record accepted, 1024 to 268435456' },
  REDACT_PII: bool('redact PII in every log event (the PII_* variables)', 'false'),
} as const satisfies Record<string, EnvVariable>;

/** Each blueprint's own variables (besides HANDLER_VARIABLES), in the order --help lists them. */
const SYSLOG_VARIABLES = {
  SYSLOG_FORMAT: oneOf('per line RFC 5424 when it starts with <PRI>VERSION, else RFC 3164; or one format', ['auto', 'rfc5424', 'rfc3164'], 'auto'),
  SYSLOG_TIME_ZONE: { kind: 'text', default: 'UTC', summary: 'zone of RFC 3164 timestamps: UTC, an offset such as +05:30, or an IANA zone' },
  UNPARSED_LINES: oneOf('lines in neither format', ['fail', 'keep'], 'fail'),
  SYSLOG_STRICT: bool('read the RFCs only (true), or also what senders write: a tag without colon, a space after PRI, a colon after the time, loose structured data (false)', 'false'),
  SYSLOG_MISSING_PRIORITY: { kind: 'integer', summary: 'PRI given to lines without one, 0 to 191, e.g. 13 (user.notice, RFC 3164 §4.3.3); unset: null' },
} as const satisfies Record<string, EnvVariable>;

export const BLUEPRINT_VARIABLES: Readonly<Record<string, Readonly<Record<string, EnvVariable>>>> = {
  'process-record': { FIELDS: { kind: 'list', summary: 'field paths to keep, e.g. id,user.name (default: every field)' } },
  'pii-redaction': { ...PII_VARIABLES, PII_INPUT: oneOf('how records are read: JSON when it parses else text, JSON only, or text', ['auto', 'json', 'text'], 'auto'), PII_INVALID_UTF8: oneOf('text that is not valid UTF-8: the record fails with its original bytes, or invalid bytes become U+FFFD', ['fail', 'replace'], 'fail') },
  'clean-json': { ...withAfter(NORMALIZE_VARIABLES, 'KEY_COLLISION', { REDACT_PII: bool('redact PII (the PII_* variables)', 'true') }), ...PII_VARIABLES },
  'apache-log-to-json': { ...APACHE_VARIABLES, ...CSV_VARIABLES },
  'apache-log-to-csv': { ...APACHE_VARIABLES, ...CSV_VARIABLES, OUTPUT_FORMAT: oneOf('one JSON object per line, or CSV (RFC 4180)', ['json', 'csv'], 'csv') },
  'syslog-to-json': { ...SYSLOG_VARIABLES, ...CSV_VARIABLES },
  'syslog-to-csv': { ...SYSLOG_VARIABLES, ...CSV_VARIABLES, OUTPUT_FORMAT: oneOf('one JSON object per line, or CSV (RFC 4180)', ['json', 'csv'], 'csv') },
  'apache-error-log-to-json': {
    ERROR_LOG_FORMAT: oneOf('per line 2.4 when the level bracket holds module:level, else 2.2; or one layout', ['auto', '2.2', '2.4'], 'auto'),
    ERROR_LOG_TIME_ZONE: { kind: 'text', default: 'UTC', summary: 'zone of the timestamps, which carry none: UTC, an offset such as +05:30, or an IANA zone' },
    INVALID_UTF8: oneOf('lines that are not valid UTF-8', ['fail', 'replace'], 'fail'),
    ...CSV_VARIABLES,
  },
  'cloudwatch-logs-to-json': { ...CLOUDWATCH_VARIABLES, ...onlyWhen(PII_VARIABLES, { REDACT_PII: 'true' }) },
};

/** All variables of a blueprint, its own and the handler's. */
export function blueprintVariables(blueprint: string): Readonly<Record<string, EnvVariable>> {
  return { ...(BLUEPRINT_VARIABLES[blueprint] ?? {}), ...HANDLER_VARIABLES };
}

/** Names of a blueprint's secret variables. */
export function secretVariables(blueprint: string): string[] {
  return Object.entries(blueprintVariables(blueprint)).filter(([, v]) => v.secret === true).map(([name]) => name);
}

/** Variable → one-line description (values, default, summary): the registry's `env`, used by --help texts. */
export function describeEnv(blueprint: string): Record<string, string> {
  return Object.fromEntries(Object.entries(BLUEPRINT_VARIABLES[blueprint] ?? {}).map(([name, v]) => [name, describeVariables({ [name]: v })[0]!.slice(name.length + 2)]));
}

/** One line per variable: name, allowed values or kind, default, summary (for --help and the README). */
export function describeVariables(variables: Readonly<Record<string, EnvVariable>>): string[] {
  const width = Math.max(...Object.keys(variables).map((name) => name.length));
  return Object.entries(variables).map(([name, v]) => {
    const values = v.allowed !== undefined ? v.allowed.join('|') : v.kind;
    const fallback = v.secret === true ? 'secret, no default' : v.default === undefined ? 'no default' : `default ${v.default === '' ? '""' : v.default}`;
    const when = v.when === undefined ? '' : ` (read when ${Object.entries(v.when).map(([k, value]) => `${k}=${value}`).join(', ')})`;
    return `${name.padEnd(width)}  ${values} (${fallback}): ${v.summary}${when}`;
  });
}
