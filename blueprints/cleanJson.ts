/**
 * Blueprint `clean-json`: parse each record as JSON, normalise it (Glue-safe keys, trimmed NFC strings,
 * timestamps, booleans, numbers), redact PII, flatten it, and write it back as one JSON line: records
 * ready for a Glue table and Firehose's Parquet/ORC conversion.
 *
 * Environment: CLEAN_JSON_VARIABLES and HANDLER_VARIABLES (blueprints/environment.ts), all checked at
 * cold start; a bad value stops the Lambda with a message naming the variable and the allowed values.
 */
import { flattenRecord, type FlattenRecordOptions } from '../transforms/shape/index.js';
import { normalizeRecord, type NormalizeRecordOptions } from '../transforms/shape/index.js';
import { parseJson } from '../transforms/json/index.js';
import { pipe } from '../transforms/core/index.js';
import { redactPii, type RedactPiiOptions } from '../transforms/pii/index.js';
import { toJsonLine } from '../transforms/json/index.js';
import type { RecordPipeline } from '../transforms/core/index.js';
import { readDeclaredEnv, type Env } from './handler/index.js';
import { firehoseHandler, type FirehoseKitHandler } from './handler/index.js';
import { handlerOptionsFromEnv, type HandlerOverrides } from './handler/index.js';
import { piiOptionsFromEnv } from './piiRedaction.js';
import { buildFromEnv } from './buildFromEnv.js';
import { checkBlueprintEnv, CLEAN_JSON_VARIABLES } from './environment.js';

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
  const values = readDeclaredEnv(CLEAN_JSON_VARIABLES, env);
  const keyCollision = values.KEY_COLLISION;
  const keyStyle = values.KEY_STYLE;
  const normalize: NormalizeRecordOptions = {
    keyStyle,
    trimStrings: values.TRIM_STRINGS,
    emptyStringToNull: values.EMPTY_STRING_TO_NULL,
    booleanFields: values.BOOLEAN_FIELDS ?? [],
    numberFields: values.NUMBER_FIELDS ?? [],
    timestampFields: values.TIMESTAMP_FIELDS ?? [],
    detectTimestampFields: values.DETECT_TIMESTAMP_FIELDS,
    timestampFormat: values.TIMESTAMP_FORMAT,
    epochUnit: values.EPOCH_UNIT,
    onInvalidTimestamp: values.INVALID_TIMESTAMP,
    onKeyCollision: keyCollision,
  };
  const redact = values.REDACT_PII ? piiOptionsFromEnv(env) : undefined;
  const flatten: FlattenRecordOptions | undefined = values.FLATTEN
    ? {
        separator: values.FLATTEN_SEPARATOR,
        arrays: values.FLATTEN_ARRAYS,
        emptyObjects: values.FLATTEN_EMPTY_OBJECTS,
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
  checkBlueprintEnv('clean-json', env);
  return firehoseHandler(cleanJsonPipeline(cleanJsonConfigFromEnv(env)), handlerOptionsFromEnv(env, overrides));
}
