/**
 * Blueprint `pii-redaction`: redact personal data and secrets in each record and write it back as one
 * JSON line (or, for records that are not JSON, the redacted text line).
 *
 * Environment: PII_REDACTION_VARIABLES and HANDLER_VARIABLES (blueprints/environment.ts), all checked at
 * cold start; a bad value stops the Lambda with a message naming the variable and the allowed values.
 */
import { decodeText } from '../transforms/json/index.js';
import { isOutcome } from '../transforms/core/index.js';
import { parseJson } from '../transforms/json/index.js';
import { pipe } from '../transforms/core/index.js';
import { DETECTOR_NAMES, redactPii, type DetectorName, type RedactionMode, type RedactPiiOptions, type Replacement } from '../transforms/pii/index.js';
import { toJsonLine } from '../transforms/json/index.js';
import type { JsonValue, RecordPipeline } from '../transforms/core/index.js';
import { readDeclaredEnv, type Env } from './handler/index.js';
import { BlueprintConfigError } from './handler/index.js';
import { firehoseHandler, type FirehoseKitHandler } from './handler/index.js';
import { handlerOptionsFromEnv, type HandlerOverrides } from './handler/index.js';
import { buildFromEnv } from './buildFromEnv.js';
import { checkBlueprintEnv, PII_REDACTION_VARIABLES, PII_VARIABLES } from './environment.js';

const MODES: readonly RedactionMode[] = ['mask', 'partial', 'hash', 'remove'];

export { DEFAULT_REDACT_FIELDS } from './environment.js';

export interface PiiRedactionConfig {
  readonly redact: RedactPiiOptions;
  readonly input: 'auto' | 'json' | 'text';
  /** Bytes that are not valid UTF-8: fail the record (default; its original bytes kept) or replace them with U+FFFD. */
  readonly invalidUtf8?: 'fail' | 'replace';
}

/** redactPii options from the PII_* variables (declared in blueprints/environment.ts). */
export function piiOptionsFromEnv(env: Env): RedactPiiOptions {
  const values = readDeclaredEnv(PII_VARIABLES, env);
  const detectorsList = values.PII_DETECTORS;
  let detectors: DetectorName[];
  if (detectorsList.length === 1 && detectorsList[0] === 'all') detectors = [...DETECTOR_NAMES];
  else if (detectorsList.length === 1 && detectorsList[0] === 'none') detectors = [];
  else detectors = detectorsList.map((name) => checkName(name, 'PII_DETECTORS', DETECTOR_NAMES));
  const detectorModes: Partial<Record<DetectorName, Replacement>> = {};
  for (const pair of values.PII_DETECTOR_MODES ?? []) {
    const [name, mode, ...rest] = pair.split(':').map((part) => part.trim());
    if (name === undefined || mode === undefined || rest.length > 0) {
      throw new BlueprintConfigError(`environment variable PII_DETECTOR_MODES has ${JSON.stringify(pair)}, not detector:mode; write e.g. "creditCard:partial,email:hash"`);
    }
    detectorModes[checkName(name, 'PII_DETECTOR_MODES', DETECTOR_NAMES)] = checkName(mode, 'PII_DETECTOR_MODES', MODES);
  }
  const fields = values.PII_REDACT_FIELDS;
  return {
    detectors,
    mode: values.PII_MODE,
    detectorModes,
    fields: fields.length === 1 && fields[0] === 'none' ? [] : fields,
    allowFields: values.PII_ALLOW_FIELDS ?? [],
    maskTemplate: values.PII_MASK_TEMPLATE,
    hashTemplate: values.PII_HASH_TEMPLATE,
    // The key is read from the environment by name, once; it is never a default in code.
    hashKeyEnv: 'PII_HASH_KEY',
    env,
  };
}

function checkName<T extends string>(value: string, variable: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new BlueprintConfigError(`environment variable ${variable} names ${JSON.stringify(value)}, which is not allowed; use any of: ${allowed.join(', ')}`);
}

export function piiRedactionConfigFromEnv(env: Env): PiiRedactionConfig {
  const values = readDeclaredEnv(PII_REDACTION_VARIABLES, env);
  return { redact: piiOptionsFromEnv(env), input: values.PII_INPUT, invalidUtf8: values.PII_INVALID_UTF8 };
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
  checkBlueprintEnv('pii-redaction', env);
  return firehoseHandler(piiRedactionPipeline(piiRedactionConfigFromEnv(env)), handlerOptionsFromEnv(env, overrides));
}
