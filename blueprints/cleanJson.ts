/**
 * Blueprint `clean-json`: parse each record as JSON, normalise it (Glue-safe keys, trimmed NFC strings,
 * timestamps, booleans, numbers), redact PII, flatten it, and write it back as one JSON line: records
 * ready for a Glue table and Firehose's Parquet/ORC conversion.
 *
 * Environment: CLEAN_JSON_ENV and PII_ENV below, plus NEWLINE, MAX_RESPONSE_BYTES and REINGEST (see
 * handlerEnv.ts). Every value is validated at cold start; a bad one stops the Lambda with a message
 * naming the variable and the allowed values.
 */
import { flattenRecord, type FlattenRecordOptions } from '../transforms/shape/index.js';
import { normalizeRecord, type NormalizeRecordOptions } from '../transforms/shape/index.js';
import { parseJson } from '../transforms/json/index.js';
import { pipe } from '../transforms/core/index.js';
import { redactPii, type RedactPiiOptions } from '../transforms/pii/index.js';
import { toJsonLine } from '../transforms/json/index.js';
import type { RecordPipeline } from '../transforms/core/index.js';
import { readEnvBoolean, readEnvEnum, readEnvList, readEnvString, type Env } from './handler/index.js';
import { firehoseHandler, type FirehoseKitHandler } from './handler/index.js';
import { handlerOptionsFromEnv, type HandlerOverrides } from './handler/index.js';
import { buildFromEnv, PII_ENV, piiOptionsFromEnv } from './piiRedaction.js';

export const CLEAN_JSON_ENV = {
  KEY_STYLE: 'key style: snake_case (default), camelCase, unchanged',
  TRIM_STRINGS: 'trim white space around strings: true (default) or false',
  EMPTY_STRING_TO_NULL: 'empty strings become null: true or false (default)',
  BOOLEAN_FIELDS: 'comma-separated field patterns whose "true"/"false"/"yes"/"no"/"1"/"0" strings become booleans (default none)',
  NUMBER_FIELDS: 'comma-separated field patterns whose numeric strings become numbers (default none)',
  TIMESTAMP_FIELDS: 'comma-separated field patterns parsed as timestamps (default none)',
  DETECT_TIMESTAMP_FIELDS: 'also parse fields named like timestamps (created_at, updatedAt, time, ts, date…): true or false (default)',
  TIMESTAMP_FORMAT: 'timestamp output: iso8601 (default), epochMillis, hiveTimestamp',
  EPOCH_UNIT: 'unit of epoch numbers: auto (default), seconds, milliseconds, microseconds, nanoseconds',
  INVALID_TIMESTAMP: 'a timestamp that cannot be parsed: fail (default; the record fails) or null',
  KEY_COLLISION: 'keys that normalise or flatten to the same key: suffix (default; numbered and reported in key_collisions) or fail',
  REDACT_PII: 'redact PII between normalising and flattening: true (default) or false',
  FLATTEN: 'flatten nested objects: true (default) or false',
  FLATTEN_SEPARATOR: 'separator of flattened keys: one ASCII punctuation character (default _)',
  FLATTEN_ARRAYS: 'arrays when flattening: keep (default, for Glue array<> columns), index, stringify',
  FLATTEN_EMPTY_OBJECTS: 'empty objects when flattening: keep (default) or drop',
} as const;

export const CLEAN_JSON_ALL_ENV = { ...CLEAN_JSON_ENV, ...PII_ENV } as const;

export interface CleanJsonConfig {
  readonly normalize: NormalizeRecordOptions;
  readonly redact: RedactPiiOptions | undefined;
  readonly flatten: FlattenRecordOptions | undefined;
}

/** Which environment variable sets each option of normalizeRecord and flattenRecord, for start-up errors. */
const OPTION_VARIABLES: Readonly<Record<string, string>> = {
  keyStyle: 'KEY_STYLE',
  trimStrings: 'TRIM_STRINGS',
  emptyStringToNull: 'EMPTY_STRING_TO_NULL',
  booleanFields: 'BOOLEAN_FIELDS',
  numberFields: 'NUMBER_FIELDS',
  timestampFields: 'TIMESTAMP_FIELDS',
  detectTimestampFields: 'DETECT_TIMESTAMP_FIELDS',
  timestampFormat: 'TIMESTAMP_FORMAT',
  epochUnit: 'EPOCH_UNIT',
  onInvalidTimestamp: 'INVALID_TIMESTAMP',
  onKeyCollision: 'KEY_COLLISION',
  separator: 'FLATTEN_SEPARATOR',
  arrays: 'FLATTEN_ARRAYS',
  emptyObjects: 'FLATTEN_EMPTY_OBJECTS',
};

export function cleanJsonConfigFromEnv(env: Env): CleanJsonConfig {
  const keyCollision = readEnvEnum(env, 'KEY_COLLISION', ['suffix', 'fail'] as const, 'suffix');
  const keyStyle = readEnvEnum(env, 'KEY_STYLE', ['snake_case', 'camelCase', 'unchanged'] as const, 'snake_case');
  const normalize: NormalizeRecordOptions = {
    keyStyle,
    trimStrings: readEnvBoolean(env, 'TRIM_STRINGS', true),
    emptyStringToNull: readEnvBoolean(env, 'EMPTY_STRING_TO_NULL', false),
    booleanFields: readEnvList(env, 'BOOLEAN_FIELDS', []),
    numberFields: readEnvList(env, 'NUMBER_FIELDS', []),
    timestampFields: readEnvList(env, 'TIMESTAMP_FIELDS', []),
    detectTimestampFields: readEnvBoolean(env, 'DETECT_TIMESTAMP_FIELDS', false),
    timestampFormat: readEnvEnum(env, 'TIMESTAMP_FORMAT', ['iso8601', 'epochMillis', 'hiveTimestamp'] as const, 'iso8601'),
    epochUnit: readEnvEnum(env, 'EPOCH_UNIT', ['auto', 'seconds', 'milliseconds', 'microseconds', 'nanoseconds'] as const, 'auto'),
    onInvalidTimestamp: readEnvEnum(env, 'INVALID_TIMESTAMP', ['fail', 'null'] as const, 'fail'),
    onKeyCollision: keyCollision,
  };
  const redact = readEnvBoolean(env, 'REDACT_PII', true) ? piiOptionsFromEnv(env) : undefined;
  const flatten: FlattenRecordOptions | undefined = readEnvBoolean(env, 'FLATTEN', true)
    ? {
        separator: readEnvString(env, 'FLATTEN_SEPARATOR', '_'),
        arrays: readEnvEnum(env, 'FLATTEN_ARRAYS', ['keep', 'index', 'stringify'] as const, 'keep'),
        emptyObjects: readEnvEnum(env, 'FLATTEN_EMPTY_OBJECTS', ['keep', 'drop'] as const, 'keep'),
        onKeyCollision: keyCollision,
        // The report field of normalizeRecord, in the key style chosen, is extended by flattening.
        collisionReportField: keyStyle === 'camelCase' ? 'keyCollisions' : 'key_collisions',
      }
    : undefined;
  return { normalize, redact, flatten };
}

/** parseJson → normalizeRecord → redactPii → flattenRecord → JSON line; steps left out by configuration are skipped. */
export function cleanJsonPipeline(config: CleanJsonConfig): RecordPipeline {
  return buildFromEnv(OPTION_VARIABLES, () => {
    const parse = parseJson();
    const normalize = normalizeRecord(config.normalize);
    const write = toJsonLine();
    const redact = config.redact === undefined ? undefined : redactPii(config.redact);
    const flatten = config.flatten === undefined ? undefined : flattenRecord(config.flatten);
    if (redact !== undefined && flatten !== undefined) return pipe(parse, normalize, redact, flatten, write);
    if (redact !== undefined) return pipe(parse, normalize, redact, write);
    if (flatten !== undefined) return pipe(parse, normalize, flatten, write);
    return pipe(parse, normalize, write);
  });
}

export function createCleanJsonHandler(env: Env, overrides: HandlerOverrides = {}): FirehoseKitHandler {
  return firehoseHandler(cleanJsonPipeline(cleanJsonConfigFromEnv(env)), handlerOptionsFromEnv(env, overrides));
}
