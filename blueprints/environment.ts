/**
 * Every blueprint environment variable, declared once: its kind, allowed values, default, range and
 * whether it is a secret. Each blueprint reads its environment through these declarations at cold start
 * (`readDeclaredEnv`, and `checkBlueprintEnv`, which also refuses variables the blueprint does not read);
 * `npm run deploy-template -- --help` and `npm run transform -- --help` list them, `npm run docs` renders
 * them into the README, and deploy/ refuses secrets in plain text.
 */
import { DETECTOR_NAMES } from '../transforms/pii/index.js';
import { BlueprintConfigError, describeVariable, flag, HANDLER_VARIABLES, oneOf, readDeclaredEnv, type Env, type EnvVariable } from './handler/index.js';

export { describeVariables, type EnvVariable, HANDLER_VARIABLES } from './handler/index.js';

/** Field names redacted whole unless PII_REDACT_FIELDS says otherwise. */
export const DEFAULT_REDACT_FIELDS: readonly string[] = ['password', 'passwd', 'secret', 'client_secret', '*token', 'authorization', 'cookie', 'set-cookie', 'api_key', 'apikey', 'x-api-key'];

/** `variables`, each read only when `when` holds. */
function onlyWhen<T extends Readonly<Record<string, EnvVariable>>>(variables: T, when: Readonly<Record<string, string>>): { readonly [K in keyof T]: T[K] & { readonly when: Readonly<Record<string, string>> } } {
  return Object.fromEntries(Object.entries(variables).map(([name, v]) => [name, { ...v, when }])) as { readonly [K in keyof T]: T[K] & { readonly when: Readonly<Record<string, string>> } };
}

export const PII_VARIABLES = {
  PII_DETECTORS: { kind: 'list', default: 'all', summary: `detectors to run, "all" or "none": ${DETECTOR_NAMES.join(', ')}` },
  PII_MODE: /* @__PURE__ */ oneOf('replacement where nothing more specific is set', ['mask', 'partial', 'hash', 'remove'], 'mask'),
  PII_DETECTOR_MODES: { kind: 'list', summary: 'per-detector replacement as detector:mode pairs, e.g. creditCard:partial,email:hash' },
  PII_REDACT_FIELDS: { kind: 'list', default: DEFAULT_REDACT_FIELDS.join(','), summary: 'field patterns whose whole value is redacted, or "none"' },
  PII_ALLOW_FIELDS: { kind: 'list', summary: 'field patterns never scanned' },
  PII_MASK_TEMPLATE: { kind: 'text', default: '[REDACTED:{label}]', summary: 'mask text; {label} is the detector label' },
  PII_HASH_TEMPLATE: { kind: 'text', default: '[{label}:{hash}]', summary: 'hash token; must contain {hash}' },
  PII_HASH_KEY: { kind: 'text', secret: true, summary: 'HMAC key for mode hash, at least 16 characters (a secret: --secret PII_HASH_KEY=…)' },
} as const satisfies Record<string, EnvVariable>;

/** clean-json's normalisation variables before REDACT_PII, then after it (the order --help lists them). */
const NORMALIZE_VARIABLES = {
  KEY_STYLE: /* @__PURE__ */ oneOf('key style', ['snake_case', 'camelCase', 'unchanged'], 'snake_case'),
  TRIM_STRINGS: /* @__PURE__ */ flag('trim white space around strings', 'true'),
  EMPTY_STRING_TO_NULL: /* @__PURE__ */ flag('empty strings become null', 'false'),
  BOOLEAN_FIELDS: { kind: 'list', summary: 'field patterns whose "true"/"false"/"yes"/"no"/"1"/"0" strings become booleans' },
  NUMBER_FIELDS: { kind: 'list', summary: 'field patterns whose numeric strings become numbers' },
  TIMESTAMP_FIELDS: { kind: 'list', summary: 'field patterns parsed as timestamps' },
  DETECT_TIMESTAMP_FIELDS: /* @__PURE__ */ flag('also parse fields named like timestamps (created_at, updatedAt, time, ts, date…)', 'false'),
  TIMESTAMP_FORMAT: /* @__PURE__ */ oneOf('parsed timestamps written as', ['iso8601', 'epochMillis', 'hiveTimestamp'], 'iso8601'),
  EPOCH_UNIT: /* @__PURE__ */ oneOf('unit of epoch numbers', ['auto', 'seconds', 'milliseconds', 'microseconds', 'nanoseconds'], 'auto'),
  INVALID_TIMESTAMP: /* @__PURE__ */ oneOf('a timestamp that cannot be parsed', ['fail', 'null'], 'fail'),
  KEY_COLLISION: /* @__PURE__ */ oneOf('keys that normalise or flatten to the same key', ['suffix', 'fail'], 'suffix'),
} as const satisfies Record<string, EnvVariable>;

const FLATTEN_VARIABLES = {
  FLATTEN: /* @__PURE__ */ flag('flatten nested objects', 'true'),
  FLATTEN_SEPARATOR: { kind: 'text', default: '_', summary: 'separator of flattened keys: one ASCII punctuation character' },
  FLATTEN_ARRAYS: /* @__PURE__ */ oneOf('arrays when flattening', ['keep', 'index', 'stringify'], 'keep'),
  FLATTEN_EMPTY_OBJECTS: /* @__PURE__ */ oneOf('empty objects when flattening', ['keep', 'drop'], 'keep'),
} as const satisfies Record<string, EnvVariable>;

const CSV_VARIABLES = {
  OUTPUT_FORMAT: /* @__PURE__ */ oneOf('one JSON object per line, or CSV (RFC 4180)', ['json', 'csv'], 'json'),
  CSV_COLUMNS: { kind: 'list', summary: 'csv only: output fields, in order (default: every field)' },
  CSV_DELIMITER: { kind: 'text', default: ',', summary: 'csv only: one field separator character, or "tab"' },
  CSV_NULL: { kind: 'text', default: '', verbatim: true, summary: 'csv only: text written for null fields (taken as written, spaces included)' },
  CSV_HEADER: /* @__PURE__ */ flag('csv only: a header line before every record', 'false'),
} as const satisfies Record<string, EnvVariable>;

const CSV_OUTPUT_VARIABLES = { ...CSV_VARIABLES, OUTPUT_FORMAT: /* @__PURE__ */ oneOf('one JSON object per line, or CSV (RFC 4180)', ['json', 'csv'], 'csv') } as const satisfies Record<string, EnvVariable>;

const APACHE_VARIABLES = {
  LOG_FORMAT: { kind: 'text', default: 'auto', summary: 'auto (combined, then common), a format name (common, combined, vhost_combined, …) or an Apache LogFormat string' },
  FIELD_NAMES: /* @__PURE__ */ oneOf('output field names', ['standard', 'aws-blueprint'], 'standard'),
  BYTES_DASH: /* @__PURE__ */ oneOf("what a '-' byte count becomes", ['zero', 'null'], 'zero'),
  TRAILING_TEXT: /* @__PURE__ */ oneOf('text after the last field of the format', ['ignore', 'keep', 'fail'], 'ignore'),
  INVALID_UTF8: /* @__PURE__ */ oneOf('lines that are not valid UTF-8', ['fail', 'replace'], 'fail'),
} as const satisfies Record<string, EnvVariable>;

const SYSLOG_VARIABLES = {
  SYSLOG_FORMAT: /* @__PURE__ */ oneOf('per line RFC 5424 when it starts with <PRI>VERSION, else RFC 3164; or one format', ['auto', 'rfc5424', 'rfc3164'], 'auto'),
  SYSLOG_TIME_ZONE: { kind: 'text', default: 'UTC', summary: 'zone of RFC 3164 timestamps: UTC, an offset such as +05:30, or an IANA zone' },
  UNPARSED_LINES: /* @__PURE__ */ oneOf('lines in neither format', ['fail', 'keep'], 'fail'),
  SYSLOG_STRICT: /* @__PURE__ */ flag('read the RFCs only (true), or also what senders write: a tag without colon, a space after PRI, a colon after the time, loose structured data (false)', 'false'),
  SYSLOG_MISSING_PRIORITY: { kind: 'integer', min: 0, max: 191, summary: 'PRI given to lines without one, e.g. 13 (user.notice, RFC 3164 §4.3.3); unset: null' },
} as const satisfies Record<string, EnvVariable>;

const CLOUDWATCH_VARIABLES = {
  OUTPUT: /* @__PURE__ */ oneOf('each log event as a JSON object, or the raw message', ['json', 'message'], 'json'),
  PARSE_JSON_MESSAGES: /* @__PURE__ */ flag('json output: messages that are JSON become JSON values', 'false'),
  TIMESTAMP_FORMAT: /* @__PURE__ */ oneOf('timestamps written as', ['epoch-millis', 'iso'], 'epoch-millis'),
  COMPRESSION: /* @__PURE__ */ oneOf('record compression', ['auto', 'gzip', 'zlib', 'none'], 'auto'),
  MAX_DECOMPRESSED_BYTES: { kind: 'integer', min: 1024, max: 268_435_456, default: '16777216', summary: 'largest decompressed record accepted' },
  REDACT_PII: /* @__PURE__ */ flag('redact PII in every log event (the PII_* variables)', 'false'),
} as const satisfies Record<string, EnvVariable>;

/** Each blueprint's own variables (besides HANDLER_VARIABLES), in the order --help lists them. */
export const PROCESS_RECORD_VARIABLES = {
  FIELDS: { kind: 'list', summary: 'field paths to keep, e.g. id,user.name (default: every field)' },
} as const satisfies Record<string, EnvVariable>;

export const PII_REDACTION_VARIABLES = {
  ...PII_VARIABLES,
  PII_INPUT: /* @__PURE__ */ oneOf('how records are read: JSON when it parses else text, JSON only, or text', ['auto', 'json', 'text'], 'auto'),
  PII_INVALID_UTF8: /* @__PURE__ */ oneOf('text that is not valid UTF-8: the record fails with its original bytes, or invalid bytes become U+FFFD', ['fail', 'replace'], 'fail'),
} as const satisfies Record<string, EnvVariable>;

export const CLEAN_JSON_VARIABLES = {
  ...NORMALIZE_VARIABLES,
  REDACT_PII: /* @__PURE__ */ flag('redact PII (the PII_* variables)', 'true'),
  ...FLATTEN_VARIABLES,
  ...PII_VARIABLES,
} as const satisfies Record<string, EnvVariable>;

export const APACHE_LOG_TO_JSON_VARIABLES = { ...APACHE_VARIABLES, ...CSV_VARIABLES } as const satisfies Record<string, EnvVariable>;
export const APACHE_LOG_TO_CSV_VARIABLES = { ...APACHE_VARIABLES, ...CSV_OUTPUT_VARIABLES } as const satisfies Record<string, EnvVariable>;
export const SYSLOG_TO_JSON_VARIABLES = { ...SYSLOG_VARIABLES, ...CSV_VARIABLES } as const satisfies Record<string, EnvVariable>;
export const SYSLOG_TO_CSV_VARIABLES = { ...SYSLOG_VARIABLES, ...CSV_OUTPUT_VARIABLES } as const satisfies Record<string, EnvVariable>;

export const APACHE_ERROR_LOG_TO_JSON_VARIABLES = {
  ERROR_LOG_FORMAT: /* @__PURE__ */ oneOf('per line 2.4 when the level bracket holds module:level, else 2.2; or one layout', ['auto', '2.2', '2.4'], 'auto'),
  ERROR_LOG_TIME_ZONE: { kind: 'text', default: 'UTC', summary: 'zone of the timestamps, which carry none: UTC, an offset such as +05:30, or an IANA zone' },
  INVALID_UTF8: /* @__PURE__ */ oneOf('lines that are not valid UTF-8', ['fail', 'replace'], 'fail'),
  ...CSV_VARIABLES,
} as const satisfies Record<string, EnvVariable>;

export const CLOUDWATCH_LOGS_TO_JSON_VARIABLES = { ...CLOUDWATCH_VARIABLES, .../* @__PURE__ */ onlyWhen(PII_VARIABLES, { REDACT_PII: 'true' }) } as const satisfies Record<string, EnvVariable>;

export const BLUEPRINT_VARIABLES: Readonly<Record<string, Readonly<Record<string, EnvVariable>>>> = {
  'process-record': PROCESS_RECORD_VARIABLES,
  'pii-redaction': PII_REDACTION_VARIABLES,
  'clean-json': CLEAN_JSON_VARIABLES,
  'apache-log-to-json': APACHE_LOG_TO_JSON_VARIABLES,
  'apache-log-to-csv': APACHE_LOG_TO_CSV_VARIABLES,
  'syslog-to-json': SYSLOG_TO_JSON_VARIABLES,
  'syslog-to-csv': SYSLOG_TO_CSV_VARIABLES,
  'apache-error-log-to-json': APACHE_ERROR_LOG_TO_JSON_VARIABLES,
  'cloudwatch-logs-to-json': CLOUDWATCH_LOGS_TO_JSON_VARIABLES,
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
  return Object.fromEntries(Object.entries(BLUEPRINT_VARIABLES[blueprint] ?? {}).map(([name, v]) => [name, describeVariable(v)]));
}

/**
 * The edit distance of two names (insertions, deletions, replacements), or `limit + 1` as soon as it is
 * known to exceed `limit` (a row of the Levenshtein table whose smallest entry passes it).
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous: number[] = [];
  let current: number[] = [];
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      current[j] = cost;
      if (cost < best) best = cost;
    }
    if (best > limit) return limit + 1;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[b.length]!, limit + 1);
}

/** Whether two names are at most two edits apart. */
function withinTwoEdits(a: string, b: string): boolean {
  // Cold start runs this for every variable of the Lambda: only names that begin or end alike are compared
  // (a slip in both the first two and the last two letters is not taken for a misspelling).
  if (a.slice(0, 2) !== b.slice(0, 2) && a.slice(-2) !== b.slice(-2)) return false;
  return editDistance(a, b, 2) <= 2;
}

/** Variable name → the blueprints that declare it (built on first use). */
let owners: Map<string, string[]> | undefined;
function ownersOf(name: string): readonly string[] {
  if (owners === undefined) {
    owners = new Map();
    for (const [blueprint, variables] of Object.entries(BLUEPRINT_VARIABLES)) for (const variable of Object.keys(variables)) owners.set(variable, [...(owners.get(variable) ?? []), blueprint]);
  }
  return owners.get(name) ?? [];
}

/**
 * The cold-start check of a blueprint's whole environment, from the declarations: every declared variable
 * that is set must have an allowed value (BlueprintConfigError naming the variable, the allowed values and
 * the default), and a set variable the blueprint does not read is refused when it is another blueprint's
 * (e.g. REDACT_PII on syslog-to-json: nothing would be redacted) or one or two letters from one of its own
 * (PII_MOD for PII_MODE). Other variables (AWS_*, NODE_OPTIONS, the Lambda runtime's) are left alone.
 */
export function checkBlueprintEnv(blueprint: string, env: Env): void {
  const variables = blueprintVariables(blueprint);
  readDeclaredEnv(variables, env);
  const own = Object.keys(variables);
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || own.includes(name)) continue;
    const elsewhere = ownersOf(name);
    // Our names are upper case; lower-case ones (npm_config_*, a shell's) are never a misspelling of them.
    const closest = elsewhere.length > 0 || name.length < 5 || !/^[A-Z][A-Z0-9_]*$/.test(name) ? undefined : own.find((known) => withinTwoEdits(name, known));
    if (elsewhere.length === 0 && closest === undefined) continue;
    const why = elsewhere.length > 0 ? `it is a variable of ${elsewhere.join(', ')}` : `did you mean ${closest}?`;
    throw new BlueprintConfigError(`environment variable ${name} is not read by the ${blueprint} blueprint (${why}); it reads: ${own.join(', ')}`);
  }
}
