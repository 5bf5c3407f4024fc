import { checkInteger, checkOneOf, checkOptionKeys } from '../core/index.js';
import { describeType, RecordFieldError, TransformOptionError, UnsafeRecordError } from '../core/index.js';
import { checkPattern, FieldPatternSet, NOWHERE, type PatternState } from '../fields/index.js';
import { convertKey, looksLikeTimestampKey, suffixedKey, type KeyStyle } from './keyStyle.js';
import { fail, isJsonObject, JsonNumber } from '../core/index.js';
import { formatTimestamp, isCanonical, parseTimestamp, type EpochUnit, type TimestampFormat } from './parseTimestamp.js';
import type { FailedOutcome, JsonObject, JsonValue, RecordContext } from '../core/index.js';

export type { EpochUnit, KeyStyle, TimestampFormat };

export interface NormalizeRecordOptions {
  /**
   * Key style. Default `'snake_case'`: `[a-z0-9_]`, not starting with a digit, at most 255 characters,
   * safe as Glue/Hive column names. `'camelCase'` keeps capitals (Glue matches column names
   * case-insensitively). `'unchanged'` leaves keys exactly as they are.
   */
  readonly keyStyle?: KeyStyle;
  /** Trim white space around strings. Default `true`. */
  readonly trimStrings?: boolean;
  /** Turn empty strings (after trimming) into `null`. Default `false`. */
  readonly emptyStringToNull?: boolean;
  /** Normalise strings (and converted keys) to Unicode NFC. Default `true`. */
  readonly unicodeNfc?: boolean;
  /** Fields (patterns on output keys) whose "true"/"false"/"yes"/"no"/"1"/"0" strings, any case, become booleans. Default `[]`. */
  readonly booleanFields?: readonly string[];
  /** Fields whose numeric strings become numbers (integers only when exactly representable). Default `[]`. */
  readonly numberFields?: readonly string[];
  /** Fields parsed as timestamps and written in `timestampFormat`. Default `[]`. */
  readonly timestampFields?: readonly string[];
  /** Also parse fields named like timestamps (`timestamp`, `time`, `ts`, `date`, `*_at`, `*_time`, `updatedAt`…). Default `false`. */
  readonly detectTimestampFields?: boolean;
  /**
   * Output of timestamps. Default `'iso8601'` (`2000-10-10T20:55:36.000Z`); `'epochMillis'` (a number);
   * `'hiveTimestamp'` (`2000-10-10 20:55:36.000`, UTC), the text Firehose's Parquet/ORC conversion reads
   * as a Hive timestamp.
   */
  readonly timestampFormat?: TimestampFormat;
  /** Unit of epoch numbers. Default `'auto'` (by magnitude, see parseTimestamp.ts). */
  readonly epochUnit?: EpochUnit;
  /** A timestamp field that cannot be parsed: `'fail'` the record (default) or write `'null'`. */
  readonly onInvalidTimestamp?: 'fail' | 'null';
  /**
   * Two keys of one object that convert to the same key (`userId`, `user_id`): `'suffix'` (default)
   * keeps the name for the key already in the target style, else for the smallest original key
   * (code-unit order), numbers the others `_2`, `_3`… in that order, and reports each rename in
   * `collisionReportField`; `'fail'` fails the record naming the keys.
   */
  readonly onKeyCollision?: 'suffix' | 'fail';
  /**
   * Root field listing renames as "path.userId -> path.user_id_2" (appended to an existing list; its
   * content is never converted). Default `'key_collisions'` (`'keyCollisions'` in camelCase); `null` for none.
   */
  readonly collisionReportField?: string | null;
  /** Deepest nesting of objects and arrays; deeper records fail. Default 100, at most 1,000. */
  readonly maxDepth?: number;
}

const NAME = 'normalizeRecord';
const OPTION_KEYS = [
  'keyStyle',
  'trimStrings',
  'emptyStringToNull',
  'unicodeNfc',
  'booleanFields',
  'numberFields',
  'timestampFields',
  'detectTimestampFields',
  'timestampFormat',
  'epochUnit',
  'onInvalidTimestamp',
  'onKeyCollision',
  'collisionReportField',
  'maxDepth',
] as const;

const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);
// JSON number grammar (RFC 8259 section 6); texts longer than 64 characters are never converted.
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const KEY_CACHE_LIMIT = 10_000;

const KIND_BOOLEAN = 1;
const KIND_NUMBER = 2;
const KIND_TIMESTAMP = 4;

interface NameInfo {
  readonly lower: string;
  readonly timestamp: boolean;
  /** KIND_* bits when they do not depend on the path (else -1). */
  readonly kinds: number;
}

class RecordProblem extends Error {
  constructor(readonly error: Error) {
    super(error.message);
  }
}

/**
 * Normalises a JSON record for analytics: Glue-safe keys in one style (collisions resolved by a
 * documented rule and reported), trimmed NFC strings, optional empty → null, booleans, numbers and
 * timestamps for the fields asked for. Idempotent: normalising twice equals normalising once.
 */
export function normalizeRecord(options: NormalizeRecordOptions = {}): (input: JsonValue, ctx: RecordContext) => JsonValue | FailedOutcome {
  checkOptionKeys(NAME, options, OPTION_KEYS);
  const keyStyle = checkOneOf(NAME, 'keyStyle', options.keyStyle ?? 'snake_case', ['snake_case', 'camelCase', 'unchanged'] as const);
  const trimStrings = checkBoolean('trimStrings', options.trimStrings ?? true);
  const emptyStringToNull = checkBoolean('emptyStringToNull', options.emptyStringToNull ?? false);
  const unicodeNfc = checkBoolean('unicodeNfc', options.unicodeNfc ?? true);
  const detectTimestampFields = checkBoolean('detectTimestampFields', options.detectTimestampFields ?? false);
  const timestampFormat = checkOneOf(NAME, 'timestampFormat', options.timestampFormat ?? 'iso8601', ['iso8601', 'epochMillis', 'hiveTimestamp'] as const);
  const epochUnit = checkOneOf(NAME, 'epochUnit', options.epochUnit ?? 'auto', ['auto', 'seconds', 'milliseconds', 'microseconds', 'nanoseconds'] as const);
  const onInvalidTimestamp = checkOneOf(NAME, 'onInvalidTimestamp', options.onInvalidTimestamp ?? 'fail', ['fail', 'null'] as const);
  const onKeyCollision = checkOneOf(NAME, 'onKeyCollision', options.onKeyCollision ?? 'suffix', ['suffix', 'fail'] as const);
  const maxDepth = checkInteger(NAME, 'maxDepth', options.maxDepth ?? 100, 1, 1_000);
  const reportField = checkReportField(options.collisionReportField === undefined ? (keyStyle === 'camelCase' ? 'keyCollisions' : 'key_collisions') : options.collisionReportField, keyStyle);

  // Keys repeat from record to record: their conversion is computed once (a bounded cache), and so are
  // the lower-case form of a name (for field patterns) and whether it names a timestamp.
  const keyCache = new Map<string, string>();
  const outputKey = (key: string): string => {
    if (keyStyle === 'unchanged') return key;
    let converted = keyCache.get(key);
    if (converted === undefined) {
      converted = convertKey(unicodeNfc ? key.normalize('NFC') : key, keyStyle);
      if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
      keyCache.set(key, converted);
    }
    return converted;
  };
  const booleanFields = fieldPatterns('booleanFields', options.booleanFields, keyStyle);
  const numberFields = fieldPatterns('numberFields', options.numberFields, keyStyle);
  const timestampFields = fieldPatterns('timestampFields', options.timestampFields, keyStyle);
  const anyFieldRules = !booleanFields.isEmpty || !numberFields.isEmpty || !timestampFields.isEmpty || detectTimestampFields;
  // With single-segment patterns only, what a name asks for does not depend on its path: cache it.
  const pathIndependent = booleanFields.pathIndependent && numberFields.pathIndependent && timestampFields.pathIndependent;

  const nameCache = new Map<string, NameInfo>();
  const nameInfo = (name: string): NameInfo => {
    let info = nameCache.get(name);
    if (info === undefined) {
      const lower = name.toLowerCase();
      const timestamp = detectTimestampFields && looksLikeTimestampKey(name);
      let kinds = -1;
      if (pathIndependent) {
        kinds = 0;
        if (booleanFields.step(NOWHERE, lower).match >= 0) kinds |= KIND_BOOLEAN;
        if (numberFields.step(NOWHERE, lower).match >= 0) kinds |= KIND_NUMBER;
        if (timestamp || timestampFields.step(NOWHERE, lower).match >= 0) kinds |= KIND_TIMESTAMP;
      }
      info = { lower, timestamp, kinds };
      if (nameCache.size >= KEY_CACHE_LIMIT) nameCache.clear();
      nameCache.set(name, info);
    }
    return info;
  };

  interface States {
    readonly booleans: PatternState;
    readonly numbers: PatternState;
    readonly timestamps: PatternState;
  }
  const rootStates: States = { booleans: booleanFields.root, numbers: numberFields.root, timestamps: timestampFields.root };
  const nowhereStates: States = { booleans: NOWHERE, numbers: NOWHERE, timestamps: NOWHERE };

  const normalizeString = (text: string): string => {
    let out = text;
    if (unicodeNfc && hasNonAscii(out)) out = out.normalize('NFC');
    if (trimStrings) out = out.trim();
    return out;
  };

  const convertTimestamp = (value: JsonValue, path: readonly string[]): JsonValue => {
    // A JsonNumber (an epoch in ns past 2^53, say) is read as the float64 JSON.parse would have given.
    const scalar = value instanceof JsonNumber ? Number(value.text) : value;
    if (scalar === null || typeof scalar === 'object') return value;
    const ms = typeof scalar === 'string' || typeof scalar === 'number' ? parseTimestamp(scalar, epochUnit) : undefined;
    if (ms !== undefined) {
      // A value already in the output form is returned as it is (no Date object, no formatting).
      if (typeof value === 'string' && isCanonical(value, timestampFormat)) return value;
      return formatTimestamp(ms, timestampFormat);
    }
    if (onInvalidTimestamp === 'null') return null;
    throw new RecordProblem(
      new RecordFieldError(
        `${NAME}: field '${path.join('.')}' holds a ${describeValue(value)} that is not a timestamp (epoch s/ms/µs, ISO 8601, RFC 2822, Apache, yyyy-MM-dd HH:mm:ss); fix the producer or set onInvalidTimestamp: 'null'`,
      ),
    );
  };

  const convertScalar = (value: JsonValue, kinds: number, path: readonly string[]): JsonValue => {
    let out = value;
    if (typeof out === 'string') {
      out = normalizeString(out);
      if (out === '' && emptyStringToNull) return null;
    }
    if ((kinds & KIND_TIMESTAMP) !== 0) return convertTimestamp(out, path);
    if (typeof out !== 'string') return out;
    if ((kinds & KIND_BOOLEAN) !== 0) {
      const lower = out.toLowerCase();
      if (TRUE_WORDS.has(lower)) return true;
      if (FALSE_WORDS.has(lower)) return false;
    }
    if ((kinds & KIND_NUMBER) !== 0 && out.length <= 64 && JSON_NUMBER.test(out)) {
      const number = Number(out);
      const integerText = !/[.eE]/.test(out);
      if (Number.isFinite(number) && (!integerText || Number.isSafeInteger(number))) return number;
    }
    return out;
  };

  const visit = (value: JsonValue, states: States, kinds: number, path: string[], depth: number, report: string[]): JsonValue => {
    if (value === null || typeof value !== 'object' || value instanceof JsonNumber) return kinds === 0 && typeof value !== 'string' ? value : convertScalar(value, kinds, path);
    if (depth >= maxDepth) {
      throw new RecordProblem(new UnsafeRecordError(`${NAME}: the record nests objects/arrays deeper than maxDepth ${maxDepth}; raise normalizeRecord({ maxDepth }) (at most 1,000) if such records are expected`));
    }
    if (Array.isArray(value)) return value.map((item) => visit(item, states, kinds, path, depth + 1, report));
    return visitObject(value, states, path, depth, report);
  };

  const visitObject = (record: JsonObject, states: States, path: string[], depth: number, report: string[]): JsonObject => {
    const keys = Object.keys(record);
    const reported = report.length;
    // Collisions are rare: build the output directly, and only when a name comes up twice start over
    // with the names resolved (dropping what the first attempt reported below this object).
    const direct = buildObject(record, keys, undefined, states, path, depth, report);
    if (direct !== undefined) return direct;
    report.length = reported;
    const names = resolveCollisions(keys, keys.map(outputKey), path, report);
    return buildObject(record, keys, names, states, path, depth, report)!;
  };

  /** The object with converted keys (or `names`); undefined when two keys convert to one name. */
  const buildObject = (record: JsonObject, keys: readonly string[], names: readonly string[] | undefined, states: States, path: string[], depth: number, report: string[]): JsonObject | undefined => {
    const out: JsonObject = {};
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      const name = names === undefined ? outputKey(key) : names[index]!;
      if (names === undefined && keyStyle !== 'unchanged' && Object.hasOwn(out, name)) return undefined;
      if (depth === 0 && name === reportField) {
        // The report field is reserved: its entries are kept as they are (a second pass must not change them).
        setOwn(out, name, record[key]!);
        continue;
      }
      let kinds = 0;
      let childStates = rootStates;
      if (anyFieldRules && pathIndependent) {
        kinds = nameInfo(name).kinds;
      } else if (anyFieldRules) {
        const { lower, timestamp } = nameInfo(name);
        const booleans = booleanFields.step(states.booleans, lower);
        const numbers = numberFields.step(states.numbers, lower);
        const timestamps = timestampFields.step(states.timestamps, lower);
        if (booleans.match >= 0) kinds |= KIND_BOOLEAN;
        if (numbers.match >= 0) kinds |= KIND_NUMBER;
        if (timestamps.match >= 0 || timestamp) kinds |= KIND_TIMESTAMP;
        childStates = booleans.next === NOWHERE && numbers.next === NOWHERE && timestamps.next === NOWHERE ? nowhereStates : { booleans: booleans.next, numbers: numbers.next, timestamps: timestamps.next };
      }
      path.push(name);
      setOwn(out, name, visit(record[key]!, childStates, kinds, path, depth + 1, report));
      path.pop();
    }
    return out;
  };

  /** Output names for one object's keys; renames are reported (see onKeyCollision). */
  const resolveCollisions = (keys: readonly string[], converted: readonly string[], path: readonly string[], report: string[]): readonly string[] => {
    const byName = new Map<string, number[]>();
    converted.forEach((name, index) => {
      const group = byName.get(name);
      if (group === undefined) byName.set(name, [index]);
      else group.push(index);
    });
    const names = [...converted];
    const taken = new Set(converted);
    const prefix = path.length === 0 ? '' : `${path.join('.')}.`;
    for (const [name, group] of byName) {
      if (group.length < 2) continue;
      // The key already spelled in the target style keeps the name; otherwise the smallest original key.
      const ordered = [...group].sort((a, b) => {
        const aExact = keys[a] === name ? 0 : 1;
        const bExact = keys[b] === name ? 0 : 1;
        return aExact - bExact || (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0);
      });
      if (onKeyCollision === 'fail') {
        throw new RecordProblem(
          new RecordFieldError(`${NAME}: keys ${ordered.map((index) => `'${prefix}${clip(keys[index]!)}'`).join(' and ')} all become '${prefix}${clip(name)}'; rename one upstream or set onKeyCollision: 'suffix'`),
        );
      }
      let counter = 2;
      for (const index of ordered.slice(1)) {
        let candidate = suffixedKey(name, counter, keyStyle);
        while (taken.has(candidate)) candidate = suffixedKey(name, ++counter, keyStyle);
        counter++;
        taken.add(candidate);
        names[index] = candidate;
        report.push(`${prefix}${printableKey(keys[index]!)} -> ${prefix}${candidate}`);
      }
    }
    return names;
  };

  return function normalizeRecordRecord(input) {
    const report: string[] = [];
    let out: JsonValue;
    try {
      out = visit(input, rootStates, 0, [], 0, report);
    } catch (error) {
      if (error instanceof RecordProblem) return fail(error.error);
      throw error;
    }
    if (report.length === 0 || reportField === null || !isJsonObject(out)) return out;
    const existing = Object.hasOwn(out, reportField) ? out[reportField] : undefined;
    if (existing !== undefined && !(Array.isArray(existing) && existing.every((item) => typeof item === 'string'))) {
      return fail(new RecordFieldError(`${NAME}: the record already has a field '${reportField}' (${describeType(existing)}) where key renames are reported; rename it upstream or set collisionReportField`));
    }
    const withReport: JsonObject = { ...out };
    setOwn(withReport, reportField, [...((existing as string[] | undefined) ?? []), ...report]);
    return withReport;
  };
}

const NON_ASCII = /[^\x00-\x7f]/;

function hasNonAscii(text: string): boolean {
  // A loop beats a regex call on the short strings most fields hold.
  if (text.length > 64) return NON_ASCII.test(text);
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) > 0x7f) return true;
  return false;
}

/**
 * A key as it appears in the collision report: itself when it is printable ASCII without spaces, else
 * a JSON string with non-ASCII escaped, so that the report survives trimming and NFC unchanged.
 */
function printableKey(key: string): string {
  if (/^[\x21-\x7e]+$/.test(key)) return key;
  return JSON.stringify(key).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function clip(key: string): string {
  return key.length > 64 ? `${key.slice(0, 64)}…` : key;
}

function describeValue(value: JsonValue): string {
  return typeof value === 'string' ? `string of ${value.length} characters` : describeType(value);
}

/** Sets an own property; `__proto__` is defined, never assigned, so it cannot change a prototype. */
function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function checkBoolean(option: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw new TransformOptionError(NAME, option, `is ${JSON.stringify(value)}`, 'Use true or false.');
}

function checkReportField(value: unknown, keyStyle: KeyStyle): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || value === '' || (keyStyle !== 'unchanged' && convertKey(value, keyStyle) !== value)) {
    throw new TransformOptionError(NAME, 'collisionReportField', `is ${JSON.stringify(value)}`, `Use null or a key already in ${keyStyle} style, e.g. ${keyStyle === 'camelCase' ? '"keyCollisions"' : '"key_collisions"'}.`);
  }
  return value;
}

/**
 * Field patterns name output keys; a segment without wildcards is converted to the key style first,
 * so `createdAt` and `created_at` both work.
 */
function fieldPatterns(option: string, patterns: unknown, keyStyle: KeyStyle): FieldPatternSet {
  if (patterns === undefined) return new FieldPatternSet([]);
  if (!Array.isArray(patterns)) {
    throw new TransformOptionError(NAME, option, `must be an array of field patterns, got ${typeof patterns}`, 'Example: ["created_at", "*.updated_at"].');
  }
  const converted = patterns.map((pattern: unknown) => {
    checkPattern(NAME, option, pattern);
    return pattern
      .split('.')
      .map((segment) => (segment.includes('*') ? segment : convertKey(segment.normalize('NFC'), keyStyle)))
      .join('.');
  });
  return new FieldPatternSet(converted);
}

export const examples = [
  {
    title: 'snake_case keys safe for Glue, trimmed NFC strings',
    options: {},
    input: { userId: 42, 'First Name': '  Zoe\u0301 ', HTTPStatus: 200, '2fa': true },
    output: { user_id: 42, first_name: 'Zoé', http_status: 200, _2fa: true },
  },
  {
    title: 'colliding keys: the key already in style keeps its name, others are numbered and reported',
    options: {},
    input: { userId: 'a', user_id: 'b' },
    output: { user_id_2: 'a', user_id: 'b', key_collisions: ['userId -> user_id_2'] },
  },
  {
    title: 'booleans, numbers and empty strings for the fields asked for',
    options: { booleanFields: ['active'], numberFields: ['*.amount'], emptyStringToNull: true },
    input: { active: 'Yes', order: { amount: '19.90' }, note: '  ' },
    output: { active: true, order: { amount: 19.9 }, note: null },
  },
  {
    title: 'timestamps in any accepted form become ISO 8601 UTC with milliseconds',
    options: { timestampFields: ['seen', 'logged'], detectTimestampFields: true },
    input: { createdAt: 1700000000, seen: '10/Oct/2000:13:55:36 -0700', logged: 'Tue, 10 Oct 2000 13:55:36 GMT', updated_at: '2024-03-05 08:30:00.5' },
    output: { created_at: '2023-11-14T22:13:20.000Z', seen: '2000-10-10T20:55:36.000Z', logged: '2000-10-10T13:55:36.000Z', updated_at: '2024-03-05T08:30:00.500Z' },
  },
  {
    title: "the yyyy-MM-dd HH:mm:ss.SSS form Firehose's Parquet/ORC conversion reads",
    options: { keyStyle: 'camelCase', timestampFields: ['eventTime'], timestampFormat: 'hiveTimestamp' },
    input: { event_time: '2024-03-05T09:30:00+01:00', event_type: 'click' },
    output: { eventTime: '2024-03-05 08:30:00.000', eventType: 'click' },
  },
] as const;
