/**
 * Blueprint `pii-redaction`: redact personal data and secrets in each record and write it back as one
 * JSON line (or, for records that are not JSON, the redacted text line).
 *
 * Environment (all validated at cold start; a bad value stops the Lambda with a message naming the
 * variable and the allowed values), plus NEWLINE, MAX_RESPONSE_BYTES and REINGEST (see handlerEnv.ts):
 * see PII_REDACTION_ENV below.
 */
import { decodeText } from '../transforms/json/index.js';
import { TransformOptionError } from '../transforms/core/index.js';
import { isOutcome } from '../transforms/core/index.js';
import { parseJson } from '../transforms/json/index.js';
import { pipe } from '../transforms/core/index.js';
import { DETECTOR_NAMES, redactPii, type DetectorName, type RedactionMode, type RedactPiiOptions, type Replacement } from '../transforms/pii/index.js';
import { toJsonLine } from '../transforms/json/index.js';
import type { JsonValue, RecordPipeline } from '../transforms/core/index.js';
import { readEnvEnum, readEnvList, readEnvString, type Env } from './handler/index.js';
import { BlueprintConfigError } from './handler/index.js';
import { firehoseHandler, type FirehoseKitHandler } from './handler/index.js';
import { handlerOptionsFromEnv, type HandlerOverrides } from './handler/index.js';

const MODES: readonly RedactionMode[] = ['mask', 'partial', 'hash', 'remove'];

/** Field names redacted whole unless PII_REDACT_FIELDS says otherwise. */
export const DEFAULT_REDACT_FIELDS: readonly string[] = ['password', 'passwd', 'secret', 'client_secret', '*token', 'authorization', 'cookie', 'set-cookie', 'api_key', 'apikey', 'x-api-key'];

/** The PII_* variables, shared with the clean-json blueprint. */
export const PII_ENV = {
  PII_DETECTORS: `comma-separated detectors to run, or "all" (default) or "none": ${DETECTOR_NAMES.join(', ')}`,
  PII_MODE: 'replacement where nothing more specific is set: mask (default), partial, hash, remove',
  PII_DETECTOR_MODES: 'per-detector replacement as detector:mode pairs, e.g. "creditCard:partial,email:hash" (default none)',
  PII_REDACT_FIELDS: `comma-separated field patterns whose whole value is redacted, or "none" (default: ${DEFAULT_REDACT_FIELDS.join(',')})`,
  PII_ALLOW_FIELDS: 'comma-separated field patterns never scanned, e.g. "request_id,user_agent" (default none)',
  PII_MASK_TEMPLATE: 'mask text, {label} is the detector label (default "[REDACTED:{label}]")',
  PII_HASH_TEMPLATE: 'hash token, must contain {hash} (default "[{label}:{hash}]")',
  PII_HASH_KEY: 'secret HMAC key for mode hash, at least 16 characters; required when hash is used (no default)',
} as const;

export const PII_REDACTION_ENV = {
  ...PII_ENV,
  PII_INPUT: 'how records are read: auto (default; JSON when it parses, else text), json (non-JSON records fail), text (every record is a text line)',
  PII_INVALID_UTF8: 'text that is not valid UTF-8: fail (default; the record fails with its original bytes) or replace (invalid bytes become U+FFFD and the record is delivered)',
} as const;

export interface PiiRedactionConfig {
  readonly redact: RedactPiiOptions;
  readonly input: 'auto' | 'json' | 'text';
  /** Bytes that are not valid UTF-8: fail the record (default; its original bytes kept) or replace them with U+FFFD. */
  readonly invalidUtf8?: 'fail' | 'replace';
}

/** redactPii options from the PII_* variables. */
export function piiOptionsFromEnv(env: Env): RedactPiiOptions {
  const detectorsList = readEnvList(env, 'PII_DETECTORS', ['all']);
  let detectors: DetectorName[];
  if (detectorsList.length === 1 && detectorsList[0] === 'all') detectors = [...DETECTOR_NAMES];
  else if (detectorsList.length === 1 && detectorsList[0] === 'none') detectors = [];
  else detectors = detectorsList.map((name) => checkName(name, 'PII_DETECTORS', DETECTOR_NAMES));
  const detectorModes: Partial<Record<DetectorName, Replacement>> = {};
  for (const pair of readEnvList(env, 'PII_DETECTOR_MODES', [])) {
    const [name, mode, ...rest] = pair.split(':').map((part) => part.trim());
    if (name === undefined || mode === undefined || rest.length > 0) {
      throw new BlueprintConfigError(`environment variable PII_DETECTOR_MODES has ${JSON.stringify(pair)}, not detector:mode; write e.g. "creditCard:partial,email:hash"`);
    }
    detectorModes[checkName(name, 'PII_DETECTOR_MODES', DETECTOR_NAMES)] = checkName(mode, 'PII_DETECTOR_MODES', MODES);
  }
  const fields = readEnvList(env, 'PII_REDACT_FIELDS', DEFAULT_REDACT_FIELDS);
  const allowFields = readEnvList(env, 'PII_ALLOW_FIELDS', []);
  return {
    detectors,
    mode: readEnvEnum(env, 'PII_MODE', MODES, 'mask'),
    detectorModes,
    fields: fields.length === 1 && fields[0] === 'none' ? [] : fields,
    allowFields,
    maskTemplate: readEnvString(env, 'PII_MASK_TEMPLATE', '[REDACTED:{label}]'),
    hashTemplate: readEnvString(env, 'PII_HASH_TEMPLATE', '[{label}:{hash}]'),
    // The key is read from the environment by name, once; it is never a default in code.
    hashKeyEnv: 'PII_HASH_KEY',
    env,
  };
}

function checkName<T extends string>(value: string, variable: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new BlueprintConfigError(`environment variable ${variable} names ${JSON.stringify(value)}, which is not allowed; use any of: ${allowed.join(', ')}`);
}

/** Which environment variable sets each redactPii option, for start-up error messages. */
const PII_OPTION_VARIABLES: Readonly<Record<string, string>> = {
  detectors: 'PII_DETECTORS',
  mode: 'PII_MODE',
  detectorModes: 'PII_DETECTOR_MODES',
  fields: 'PII_REDACT_FIELDS',
  allowFields: 'PII_ALLOW_FIELDS',
  maskTemplate: 'PII_MASK_TEMPLATE',
  hashTemplate: 'PII_HASH_TEMPLATE',
  hashKey: 'PII_HASH_KEY',
  hashKeyEnv: 'PII_HASH_KEY',
};

/**
 * Runs a transform factory at cold start, turning its option errors into BlueprintConfigError naming
 * the environment variable behind the option.
 */
export function buildFromEnv<T>(variables: Readonly<Record<string, string>>, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof TransformOptionError) {
      const option = error.option.split(/[.[]/)[0] ?? error.option;
      const variable = variables[option] ?? PII_OPTION_VARIABLES[option];
      throw new BlueprintConfigError(variable === undefined ? error.message : `environment variable ${variable}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

export function piiRedactionConfigFromEnv(env: Env): PiiRedactionConfig {
  return {
    redact: piiOptionsFromEnv(env),
    input: readEnvEnum(env, 'PII_INPUT', ['auto', 'json', 'text'] as const, 'auto'),
    invalidUtf8: readEnvEnum(env, 'PII_INVALID_UTF8', ['fail', 'replace'] as const, 'fail'),
  };
}

/**
 * `json`: parse, redact, write a JSON line. `text`: every record is a line of text. `auto`: JSON when
 * the record parses as JSON, else its text, so that a record that is not JSON is still redacted instead
 * of failing with its original bytes, which would carry the PII to the processing-failed prefix. Bytes
 * that are not valid UTF-8 fail the record (original bytes kept) unless `invalidUtf8: 'replace'`: turning
 * them into U+FFFD silently loses the original bytes.
 */
export function piiRedactionPipeline(config: PiiRedactionConfig): RecordPipeline {
  const redact = buildFromEnv({}, () => redactPii(config.redact));
  const json = parseJson();
  const text = decodeText({ invalidUtf8: config.invalidUtf8 ?? 'fail' });
  const jsonLine = toJsonLine();
  if (config.input === 'json') return pipe(json, redact, jsonLine);
  if (config.input === 'text') return pipe(text, redact, (value: JsonValue) => value as string);
  return function piiRedactionAuto(input, ctx) {
    const parsed = json(input, ctx);
    const isJson = !isOutcome(parsed);
    const value = isJson ? parsed : text(input, ctx);
    if (isOutcome(value)) return value;
    const redacted = redact(value, ctx);
    if (isOutcome(redacted)) return redacted;
    return isJson ? jsonLine(redacted, ctx) : (redacted as string);
  };
}

export function createPiiRedactionHandler(env: Env, overrides: HandlerOverrides = {}): FirehoseKitHandler {
  return firehoseHandler(piiRedactionPipeline(piiRedactionConfigFromEnv(env)), handlerOptionsFromEnv(env, overrides));
}
