import { createHmac } from 'node:crypto';
import { checkInteger, checkOneOf, checkOptionKeys } from '../core/index.js';
import { TransformOptionError, UnsafeRecordError } from '../core/index.js';
import { compileFieldPatterns, type PatternState } from '../fields/index.js';
import { drop, fail, JsonNumber, stringifyJson } from '../core/index.js';
import {
  containsAccessKey,
  DETECTOR_LABELS,
  DETECTOR_NAMES,
  detectorIndex,
  findPii,
  hashInput,
  HINT_NEAR_ACCESS_KEY,
  HINT_SECRET,
  HINT_SSN,
  isCardNumber,
  isCardNumberText,
  isSecretShaped,
  PARTIAL_DETECTORS,
  partialReplacement,
  type CompiledDetectors,
  type DetectorName,
} from './piiDetectors.js';
import { checkCustomPattern } from './safeRegex.js';
import type { DroppedOutcome, FailedOutcome, JsonObject, JsonValue, RecordContext } from '../core/index.js';

export { DETECTOR_NAMES, type DetectorName };

/** What replaces a detected value or a redacted field. */
export type RedactionMode = 'mask' | 'partial' | 'hash' | 'remove';

/**
 * A mode, or a mask with its own text. `partial` keeps a harmless part: the last 4 digits of a card or
 * SSN, the last 2 of a phone number, the domain of an email, the first two octets of an IPv4 address,
 * the first three groups of an IPv6 address, the country and last 4 characters of an IBAN, the prefix
 * and last 4 characters of an access key id. `hash` writes an HMAC-SHA256 token (same value, same
 * token, so joins still work). `remove` drops the whole field (an array element is removed).
 */
export type Replacement = RedactionMode | { readonly mode: 'mask'; readonly text: string };

export interface CustomPattern {
  /** Names the pattern; its upper-cased snake form is the label (`employeeId` → `EMPLOYEE_ID`). */
  readonly name: string;
  /**
   * A regular expression (flags i, m, s, u allowed). It runs on JavaScript's backtracking engine:
   * nested quantifiers such as `(a+)+` are refused at start-up, but keep patterns simple and bounded.
   */
  readonly pattern: string | RegExp;
  /** Default: the `mode` option (`partial` falls back to `mask`, as a custom value has no safe part). */
  readonly replacement?: Replacement;
}

export interface FieldRule {
  /** A field pattern: `password`, `*.ssn`, `headers.authorization`, `*token*` (case-insensitive). */
  readonly path: string;
  /** Default: the `mode` option. `partial` keeps a part only when a detector recognises the value. */
  readonly replacement?: Replacement;
  /** Label in masks and hash tokens. Default: the pattern's last segment upper-cased, else `FIELD`. */
  readonly label?: string;
}

export interface RedactPiiOptions {
  /** Built-in detectors that scan text. Default: all of them (`DETECTOR_NAMES`); `[]` runs none. */
  readonly detectors?: readonly DetectorName[];
  /** Replacement used where no more specific one is set. Default `'mask'`. */
  readonly mode?: RedactionMode;
  /** Replacement per built-in detector, e.g. `{ creditCard: 'partial', email: 'hash' }`. Default: `mode`. */
  readonly detectorModes?: Partial<Readonly<Record<DetectorName, Replacement>>>;
  /** Extra named patterns scanned like the built-in detectors; they win overlaps. Default `[]`. */
  readonly customPatterns?: readonly CustomPattern[];
  /** Fields whose whole value is redacted, whatever it holds (patterns or rules). Default `[]`. */
  readonly fields?: readonly (string | FieldRule)[];
  /**
   * Fields whose text is never scanned by detectors (e.g. `request_id`, `user_agent`). A field that is
   * also matched by `fields` is still redacted (fail-safe). Default `[]`.
   */
  readonly allowFields?: readonly string[];
  /** Mask text; `{label}` becomes the detector's or rule's label. Default `'[REDACTED:{label}]'`. */
  readonly maskTemplate?: string;
  /** Hash token; must contain `{hash}` (64 hex digits), may contain `{label}`. Default `'[{label}:{hash}]'`. */
  readonly hashTemplate?: string;
  /** Secret key of `hash`, at least 16 characters. No default: `hash` without a key stops start-up. */
  readonly hashKey?: string;
  /** Name of an environment variable holding the key, read once at start-up (instead of `hashKey`). */
  readonly hashKeyEnv?: string;
  /** Environment read for `hashKeyEnv`. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Deepest nesting of objects and arrays walked; deeper records fail. Default 100, at most 1,000. */
  readonly maxDepth?: number;
}

const NAME = 'redactPii';
const OPTION_KEYS = ['detectors', 'mode', 'detectorModes', 'customPatterns', 'fields', 'allowFields', 'maskTemplate', 'hashTemplate', 'hashKey', 'hashKeyEnv', 'env', 'maxDepth'] as const;
const MODES = ['mask', 'partial', 'hash', 'remove'] as const;
const MIN_KEY_LENGTH = 16;

type Plan =
  | { readonly kind: 'mask'; readonly text: string }
  | { readonly kind: 'partial'; readonly detector: DetectorName }
  | { readonly kind: 'hash'; readonly label: string; readonly detector: DetectorName | undefined }
  | { readonly kind: 'remove' };

interface FieldPlan {
  /** What replaces the value (for `partial`: the mask used when no detector recognises the value). */
  readonly plan: Plan;
  readonly label: string;
  /** Keep a part of the value when a detector recognises all of it. */
  readonly partial: boolean;
}

/** Marks a value that mode `remove` takes out of its parent. */
const REMOVED: unique symbol = Symbol('removed');
type Redacted = JsonValue | typeof REMOVED;

class DepthExceeded extends Error {}

interface KeyInfo {
  readonly lower: string;
  readonly hints: number;
}

const KEY_CACHE_LIMIT = 10_000;

/**
 * Finds personal data and secrets in a JSON record and replaces them: whole fields by name or path,
 * and values inside free text (emails, phone numbers, Luhn-valid cards, SSNs, IP addresses, IBANs, AWS
 * keys, JWTs, credentials in URLs, custom patterns). Keys are never changed. Scanning takes time
 * linear in the record's length.
 */
export function redactPii(options: RedactPiiOptions = {}): (input: JsonValue, ctx: RecordContext) => JsonValue | DroppedOutcome | FailedOutcome {
  checkOptionKeys(NAME, options, OPTION_KEYS);
  const mode = checkOneOf(NAME, 'mode', options.mode ?? 'mask', MODES);
  const maxDepth = checkInteger(NAME, 'maxDepth', options.maxDepth ?? 100, 1, 1_000);
  const maskTemplate = checkTemplate('maskTemplate', options.maskTemplate ?? '[REDACTED:{label}]', false);
  const hashTemplate = checkTemplate('hashTemplate', options.hashTemplate ?? '[{label}:{hash}]', true);

  const enabledNames = checkDetectors(options.detectors);
  const custom = checkCustomPatterns(options.customPatterns);
  const detectorModes = checkDetectorModes(options.detectorModes);
  const fieldRules = checkFieldRules(options.fields);
  const fieldPatterns = compileFieldPatterns(NAME, 'fields', fieldRules.map((rule) => rule.path));
  const allowPatterns = compileFieldPatterns(NAME, 'allowFields', options.allowFields);

  const mask = (label: string, text?: string): Plan => ({ kind: 'mask', text: text ?? maskTemplate.replaceAll('{label}', label) });
  const planFor = (replacement: Replacement | undefined, label: string, detector: DetectorName | undefined, option: string): Plan => {
    const chosen = replacement ?? mode;
    if (typeof chosen === 'object') return mask(label, chosen.text);
    switch (chosen) {
      case 'mask':
        return mask(label);
      case 'partial':
        if (detector !== undefined && PARTIAL_DETECTORS.has(detector)) return { kind: 'partial', detector };
        if (replacement !== undefined && option !== 'fields') {
          throw new TransformOptionError(NAME, option, `asks for 'partial' where no part of the value is safe to keep (${label})`, "Use 'mask', 'hash' or 'remove' there; 'partial' applies to email, phone, creditCard, ssn, ipv4, ipv6, iban and awsAccessKey.");
        }
        return mask(label);
      case 'hash':
        return { kind: 'hash', label, detector };
      case 'remove':
        return { kind: 'remove' };
    }
  };

  const detectorPlans: Plan[] = DETECTOR_NAMES.map((name) => planFor(detectorModes[name], DETECTOR_LABELS[name], name, `detectorModes.${name}`));
  for (const pattern of custom) detectorPlans.push(planFor(pattern.replacement, pattern.label, undefined, `customPatterns.${pattern.name}`));
  const fieldPlans: FieldPlan[] = fieldRules.map((rule) => ({ plan: planFor(rule.replacement, rule.label, undefined, 'fields'), label: rule.label, partial: (rule.replacement ?? mode) === 'partial' }));

  const usesHash = detectorPlans.some((plan, index) => plan.kind === 'hash' && (index >= DETECTOR_NAMES.length || enabledNames.has(DETECTOR_NAMES[index]!))) || fieldPlans.some((field) => field.plan.kind === 'hash');
  const hashKey = resolveHashKey(options, usesHash);

  const detectors: CompiledDetectors = {
    enabled: DETECTOR_NAMES.map((name) => enabledNames.has(name)),
    custom: custom.map((pattern) => pattern.regex),
  };
  const detectorNameAt = (index: number): DetectorName | undefined => DETECTOR_NAMES[index];
  const partialDetectors: CompiledDetectors = { enabled: DETECTOR_NAMES.map((name) => PARTIAL_DETECTORS.has(name)), custom: [] };
  // Keys repeat from record to record: their lower-case form and hints are computed once.
  const keyInfoCache = new Map<string, KeyInfo>();
  const keyInfo = (key: string): KeyInfo => {
    let info = keyInfoCache.get(key);
    if (info === undefined) {
      const lower = key.toLowerCase();
      info = { lower, hints: keyHints(lower, scanningOn) };
      if (keyInfoCache.size >= KEY_CACHE_LIMIT) keyInfoCache.clear();
      keyInfoCache.set(key, info);
    }
    return info;
  };
  const cardsOn = enabledNames.has('creditCard');
  const secretsOn = enabledNames.has('awsSecretKey');
  const scanningOn = enabledNames.size > 0 || custom.length > 0;
  const creditCardPlan = detectorPlans[detectorIndex('creditCard')]!;

  const token = (label: string, detector: DetectorName | undefined, value: string): string => {
    const digest = createHmac('sha256', hashKey!).update(hashInput(detector, value)).digest('hex');
    return hashTemplate.replaceAll('{label}', label).replaceAll('{hash}', digest);
  };

  const applyPlan = (plan: Plan, value: string): string | typeof REMOVED => {
    switch (plan.kind) {
      case 'mask':
        return plan.text;
      case 'partial':
        return partialReplacement(plan.detector, value);
      case 'hash':
        return token(plan.label, plan.detector, value);
      case 'remove':
        return REMOVED;
    }
  };

  const redactText = (text: string, hints: number): string | typeof REMOVED => {
    const spans = findPii(text, detectors, hints);
    if (spans.length === 0) return text;
    let out = '';
    let last = 0;
    for (const span of spans) {
      const replaced = applyPlan(detectorPlans[span.detector]!, text.slice(span.start, span.end));
      if (replaced === REMOVED) return REMOVED;
      out += text.slice(last, span.start) + replaced;
      last = span.end;
    }
    return out + text.slice(last);
  };

  const redactField = (field: FieldPlan, value: JsonValue): Redacted => {
    const text = typeof value === 'string' ? value : stringifyJson(value);
    if (!field.partial) return applyPlan(field.plan, text);
    // `partial` on a field keeps a part only when the whole value is something a detector knows.
    if (typeof value === 'string' || typeof value === 'number' || value instanceof JsonNumber) {
      const spans = findPii(text, partialDetectors, HINT_SSN);
      const only = spans.length === 1 ? spans[0]! : undefined;
      const name = only === undefined ? undefined : detectorNameAt(only.detector);
      if (only !== undefined && name !== undefined && only.start === 0 && only.end === text.length) return partialReplacement(name, text);
    }
    return maskTemplate.replaceAll('{label}', field.label);
  };

  const visit = (value: JsonValue, fieldState: PatternState, allowState: PatternState, scan: boolean, hints: number, depth: number): Redacted => {
    if (typeof value === 'string') return scan && scanningOn ? redactText(value, hints) : value;
    if (typeof value === 'number') {
      if (scan && cardsOn && isCardNumber(value)) return applyPlan(creditCardPlan, String(value));
      return value;
    }
    if (value instanceof JsonNumber) {
      // A card number past 2^53 (16-19 digits) reaches here with its exact digits (parseJson's exact numbers).
      if (scan && cardsOn && isCardNumberText(value.text)) return applyPlan(creditCardPlan, value.text);
      return value;
    }
    if (value === null || typeof value !== 'object') return value;
    if (!scan && fieldPatterns.isEmpty) return value;
    if (depth >= maxDepth) throw new DepthExceeded();
    if (Array.isArray(value)) {
      let out: JsonValue[] | undefined;
      for (let index = 0; index < value.length; index++) {
        const item = value[index]!;
        const redacted = visit(item, fieldState, allowState, scan, hints & ~HINT_NEAR_ACCESS_KEY, depth + 1);
        if (out === undefined && redacted !== item) out = value.slice(0, index);
        if (out !== undefined && redacted !== REMOVED) out.push(redacted);
      }
      return out ?? value;
    }
    return visitObject(value, fieldState, allowState, scan, hints, depth);
  };

  const visitObject = (record: JsonObject, fieldState: PatternState, allowState: PatternState, scan: boolean, hints: number, depth: number): JsonObject => {
    const keys = Object.keys(record);
    const inherited = hints & ~HINT_NEAR_ACCESS_KEY;
    let out: JsonObject | undefined;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      const child = record[key]!;
      const { lower, hints: ownHints } = keyInfo(key);
      let redacted: Redacted;
      const fieldStep = fieldPatterns.isEmpty ? undefined : fieldPatterns.step(fieldState, lower);
      if (fieldStep !== undefined && fieldStep.match >= 0) {
        redacted = redactField(fieldPlans[fieldStep.match]!, child);
      } else {
        const allowStep = allowPatterns.isEmpty ? undefined : allowPatterns.step(allowState, lower);
        const childScan = scan && (allowStep === undefined || allowStep.match < 0);
        // A value that is wholly a secret key counts as one when a sibling holds an access key id.
        const siblingHint = childScan && secretsOn && typeof child === 'string' && isSecretShaped(child) && hasAccessKeyValue(record, keys) ? HINT_NEAR_ACCESS_KEY : 0;
        redacted = visit(child, fieldStep?.next ?? fieldState, allowStep?.next ?? allowState, childScan, inherited | siblingHint | ownHints, depth + 1);
      }
      if (out === undefined && redacted !== child) out = copyKeys(record, keys, index);
      if (out !== undefined && redacted !== REMOVED) setOwn(out, key, redacted);
    }
    return out ?? record;
  };

  return function redactPiiRecord(input) {
    let result: Redacted;
    try {
      result = visit(input, fieldPatterns.root, allowPatterns.root, true, 0, 0);
    } catch (error) {
      if (error instanceof DepthExceeded) {
        return fail(new UnsafeRecordError(`${NAME}: the record nests objects/arrays deeper than maxDepth ${maxDepth}; raise redactPii({ maxDepth }) (at most 1,000) if such records are expected`));
      }
      throw error;
    }
    if (result === REMOVED) return drop(`${NAME}: the whole record was redacted with mode 'remove'`);
    return result;
  };
}

/** Whether a value of the object holds an AWS access key id. */
function hasAccessKeyValue(record: JsonObject, keys: readonly string[]): boolean {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && containsAccessKey(value)) return true;
  }
  return false;
}

/** Hints a key gives about its value: `ssn`-like keys admit bare 9-digit SSNs, `secret` keys admit secret keys. */
function keyHints(lowerKey: string, scanning: boolean): number {
  if (!scanning) return 0;
  let hints = 0;
  if (lowerKey.includes('ssn') || lowerKey.includes('social')) hints |= HINT_SSN;
  if (lowerKey.includes('secret')) hints |= HINT_SECRET;
  return hints;
}

function copyKeys(record: JsonObject, keys: readonly string[], count: number): JsonObject {
  const out: JsonObject = {};
  for (let index = 0; index < count; index++) setOwn(out, keys[index]!, record[keys[index]!]!);
  return out;
}

/** Sets an own property; `__proto__` is defined, never assigned, so it cannot change a prototype. */
function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

// ---------------------------------------------------------------------------------------------------
// Option checks (start-up only).

function checkTemplate(option: string, template: unknown, needsHash: boolean): string {
  if (typeof template !== 'string' || template.length === 0 || template.length > 200) {
    throw new TransformOptionError(NAME, option, 'must be a non-empty string of at most 200 characters', option === 'maskTemplate' ? "Example: '[REDACTED:{label}]'." : "Example: '[{label}:{hash}]'.");
  }
  if (needsHash && !template.includes('{hash}')) {
    throw new TransformOptionError(NAME, option, 'has no {hash} placeholder', "Include {hash}, e.g. '{hash}' or '[{label}:{hash}]'.");
  }
  return template;
}

function checkDetectors(detectors: unknown): ReadonlySet<DetectorName> {
  if (detectors === undefined) return new Set(DETECTOR_NAMES);
  if (!Array.isArray(detectors)) {
    throw new TransformOptionError(NAME, 'detectors', `must be an array, got ${typeof detectors}`, `Use a list of: ${DETECTOR_NAMES.join(', ')}.`);
  }
  for (const name of detectors) {
    if (typeof name !== 'string' || !(DETECTOR_NAMES as readonly string[]).includes(name)) {
      throw new TransformOptionError(NAME, 'detectors', `names an unknown detector ${JSON.stringify(name)}`, `Use any of: ${DETECTOR_NAMES.join(', ')}.`);
    }
  }
  return new Set(detectors as DetectorName[]);
}

function checkReplacement(option: string, replacement: unknown): Replacement {
  if (typeof replacement === 'string') return checkOneOf(NAME, option, replacement, MODES);
  if (typeof replacement === 'object' && replacement !== null && !Array.isArray(replacement)) {
    const { mode, text, ...rest } = replacement as { mode?: unknown; text?: unknown };
    if (mode === 'mask' && typeof text === 'string' && text.length <= 200 && Object.keys(rest).length === 0) return { mode, text };
  }
  throw new TransformOptionError(NAME, option, `is ${describeOption(replacement)}`, "Use 'mask', 'partial', 'hash', 'remove' or { mode: 'mask', text: '…' } (text at most 200 characters).");
}

function checkDetectorModes(modes: unknown): Partial<Record<DetectorName, Replacement>> {
  if (modes === undefined) return {};
  if (typeof modes !== 'object' || modes === null || Array.isArray(modes)) {
    throw new TransformOptionError(NAME, 'detectorModes', `must be an object, got ${describeOption(modes)}`, "Example: { creditCard: 'partial', email: 'hash' }.");
  }
  const out: Partial<Record<DetectorName, Replacement>> = {};
  for (const [name, replacement] of Object.entries(modes)) {
    if (!(DETECTOR_NAMES as readonly string[]).includes(name)) {
      throw new TransformOptionError(NAME, `detectorModes.${name}`, 'is not a detector', `Use any of: ${DETECTOR_NAMES.join(', ')}.`);
    }
    out[name as DetectorName] = checkReplacement(`detectorModes.${name}`, replacement);
  }
  return out;
}

interface CheckedCustom {
  readonly name: string;
  readonly label: string;
  readonly regex: RegExp;
  readonly replacement: Replacement | undefined;
}

function checkCustomPatterns(patterns: unknown): CheckedCustom[] {
  if (patterns === undefined) return [];
  if (!Array.isArray(patterns)) {
    throw new TransformOptionError(NAME, 'customPatterns', `must be an array, got ${describeOption(patterns)}`, "Example: [{ name: 'employeeId', pattern: '\\\\bEMP-[0-9]{6}\\\\b' }].");
  }
  const names = new Set<string>();
  return patterns.map((entry: unknown, position): CheckedCustom => {
    const option = `customPatterns[${position}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new TransformOptionError(NAME, option, `is ${describeOption(entry)}`, "Give { name, pattern, replacement? }.");
    }
    const { name, pattern, replacement, ...rest } = entry as { name?: unknown; pattern?: unknown; replacement?: unknown };
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) throw new TransformOptionError(NAME, `${option}.${extra}`, 'is not a known field', 'Known fields: name, pattern, replacement.');
    if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name)) {
      throw new TransformOptionError(NAME, `${option}.name`, `is ${describeOption(name)}`, 'Use a letter then letters, digits or _ (at most 64), e.g. "employeeId".');
    }
    if ((DETECTOR_NAMES as readonly string[]).includes(name) || names.has(name)) {
      throw new TransformOptionError(NAME, `${option}.name`, `repeats the name '${name}'`, 'Give each custom pattern a name of its own, different from the built-in detectors.');
    }
    names.add(name);
    const regex = checkCustomPattern(NAME, `${option}.pattern`, pattern);
    return {
      name,
      label: name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase(),
      regex,
      replacement: replacement === undefined ? undefined : checkReplacement(`${option}.replacement`, replacement),
    };
  });
}

interface CheckedFieldRule {
  readonly path: string;
  readonly label: string;
  readonly replacement: Replacement | undefined;
}

function checkFieldRules(rules: unknown): CheckedFieldRule[] {
  if (rules === undefined) return [];
  if (!Array.isArray(rules)) {
    throw new TransformOptionError(NAME, 'fields', `must be an array, got ${describeOption(rules)}`, "Example: ['password', '*.ssn', { path: 'card', replacement: 'partial' }].");
  }
  return rules.map((rule: unknown, position): CheckedFieldRule => {
    if (typeof rule === 'string') return { path: rule, label: labelFromPattern(rule), replacement: undefined };
    const option = `fields[${position}]`;
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
      throw new TransformOptionError(NAME, option, `is ${describeOption(rule)}`, 'Give a pattern string or { path, replacement?, label? }.');
    }
    const { path, replacement, label, ...rest } = rule as { path?: unknown; replacement?: unknown; label?: unknown };
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) throw new TransformOptionError(NAME, `${option}.${extra}`, 'is not a known field', 'Known fields: path, replacement, label.');
    if (typeof path !== 'string') throw new TransformOptionError(NAME, `${option}.path`, `is ${describeOption(path)}`, 'Give a field pattern such as "password" or "*.ssn".');
    if (label !== undefined && (typeof label !== 'string' || !/^[A-Za-z0-9_]{1,64}$/.test(label))) {
      throw new TransformOptionError(NAME, `${option}.label`, `is ${describeOption(label)}`, 'Use 1-64 letters, digits or _.');
    }
    return { path, label: label ?? labelFromPattern(path), replacement: replacement === undefined ? undefined : checkReplacement(`${option}.replacement`, replacement) };
  });
}

function labelFromPattern(pattern: string): string {
  const last = pattern.split('.').pop() ?? '';
  return /^[A-Za-z0-9_-]{1,64}$/.test(last) ? last.replaceAll('-', '_').toUpperCase() : 'FIELD';
}

function resolveHashKey(options: RedactPiiOptions, needed: boolean): string | undefined {
  const { hashKey, hashKeyEnv } = options;
  if (hashKey !== undefined && hashKeyEnv !== undefined) {
    throw new TransformOptionError(NAME, 'hashKey', 'is given together with hashKeyEnv', 'Give one of them: the key itself, or the name of the environment variable that holds it.');
  }
  let key: string | undefined;
  if (hashKeyEnv !== undefined) {
    if (typeof hashKeyEnv !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(hashKeyEnv)) {
      throw new TransformOptionError(NAME, 'hashKeyEnv', `is ${describeOption(hashKeyEnv)}`, 'Give the name of an environment variable, e.g. "PII_HASH_KEY".');
    }
    const env = options.env ?? process.env;
    key = env[hashKeyEnv];
    if (needed && (key === undefined || key === '')) {
      throw new TransformOptionError(NAME, 'hashKeyEnv', `names the environment variable ${hashKeyEnv}, which is not set`, `Set ${hashKeyEnv} to a random secret of at least ${MIN_KEY_LENGTH} characters (e.g. from AWS Secrets Manager).`);
    }
  } else if (hashKey !== undefined) {
    if (typeof hashKey !== 'string') throw new TransformOptionError(NAME, 'hashKey', `is ${describeOption(hashKey)}`, 'Give the key as a string.');
    key = hashKey;
  }
  if (!needed) return key;
  if (key === undefined) {
    throw new TransformOptionError(NAME, 'hashKey', "is missing, and mode 'hash' needs a secret key", 'Set hashKey, or hashKeyEnv to the name of an environment variable holding the key; there is no default key.');
  }
  if (key.length < MIN_KEY_LENGTH) {
    throw new TransformOptionError(NAME, hashKeyEnv === undefined ? 'hashKey' : 'hashKeyEnv', `gives a key of ${key.length} characters`, `Use a random key of at least ${MIN_KEY_LENGTH} characters.`);
  }
  return key;
}

function describeOption(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

export const examples = [
  {
    title: 'mask PII found inside free text; keys are never changed',
    options: {},
    input: { message: 'refund for jane.doe@example.com, card 4111 1111 1111 1111, from 203.0.113.7' },
    output: { message: 'refund for [REDACTED:EMAIL], card [REDACTED:CREDIT_CARD], from [REDACTED:IPV4]' },
  },
  {
    title: 'near misses are left alone: invalid Luhn, dates, versions, epoch times, order ids',
    options: {},
    input: { note: 'order 4111-1111-1111-1112 on 2024-03-05, v2.14.1, ts 1709632800123, id ORD-2024-000123' },
    output: { note: 'order 4111-1111-1111-1112 on 2024-03-05, v2.14.1, ts 1709632800123, id ORD-2024-000123' },
  },
  {
    title: 'redact whole fields by name or path (case-insensitive, wildcards) and skip allow-listed ones',
    options: { fields: ['password', '*.ssn', 'headers.authorization'], allowFields: ['trace_id'] },
    input: { user: { ssn: '078-05-1120', Password: 'hunter2' }, headers: { Authorization: 'Basic dXNlcjpwYXNz' }, trace_id: '415-555-0123' },
    output: { user: { ssn: '[REDACTED:SSN]', Password: '[REDACTED:PASSWORD]' }, headers: { Authorization: '[REDACTED:AUTHORIZATION]' }, trace_id: '415-555-0123' },
  },
  {
    title: 'partial keeps the last 4 digits of a card and the domain of an email',
    options: { mode: 'partial' },
    input: { card: '5555 5555 5555 4444', contact: 'ana@example.org' },
    output: { card: '**** **** **** 4444', contact: '***@example.org' },
  },
  {
    title: 'credentials in URLs and query strings',
    options: {},
    input: { url: 'https://admin:s3cr3t@db.internal/x?api_key=abc123&page=2' },
    output: { url: 'https://[REDACTED:URL_CREDENTIALS]@db.internal/x?api_key=[REDACTED:URL_CREDENTIALS]&page=2' },
  },
  {
    title: 'remove drops the field; custom patterns have their own label',
    options: { detectorModes: { phone: 'remove' }, customPatterns: [{ name: 'employeeId', pattern: '\\bEMP-[0-9]{6}\\b' }] },
    input: { phone: '+44 20 7946 0958', note: 'ticket by EMP-004211' },
    output: { note: 'ticket by [REDACTED:EMPLOYEE_ID]' },
  },
  {
    title: 'hash gives the same token for the same value (HMAC-SHA256, key from options or environment)',
    options: { mode: 'hash', hashKey: 'example-key-0123456789', hashTemplate: '{label}:{hash}', detectors: ['email'] },
    input: { a: 'Ana@Example.org', b: 'ana@example.org' },
    output: { a: 'EMAIL:fa69aa13f37058eeb991ed7acd7038975a8253709450ba7198a5178d953d71e1', b: 'EMAIL:fa69aa13f37058eeb991ed7acd7038975a8253709450ba7198a5178d953d71e1' },
  },
] as const;
