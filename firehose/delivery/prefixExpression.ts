/**
 * Firehose's S3 `Prefix` / `ErrorOutputPrefix` expressions (developer guide, "Custom Prefixes for Amazon S3
 * Objects", s3-prefixes.html): `!{namespace:value}` with the namespaces `timestamp` (a Java
 * DateTimeFormatter pattern), `firehose` (`random-string`, `error-output-type`), `partitionKeyFromQuery`
 * and `partitionKeyFromLambda`. `checkPrefixes` applies the guide's "Semantic rules" before any record is
 * read and words each refusal as the guide does; `evaluatePrefix` computes the key prefix of one object.
 */
import { FirehoseKitError } from '../../transforms/core/index.js';
import { compileDateTimePattern, DateTimePatternError, isKnownTimeZone, type CompiledDateTimePattern } from './dateTimeFormat.js';

/** A Prefix, ErrorOutputPrefix or CustomTimeZone that Firehose would refuse when the stream is created. */
export class PrefixExpressionError extends FirehoseKitError {
  constructor(
    /** `Prefix` or `ErrorOutputPrefix` (Firehose's API names), or `CustomTimeZone`. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Firehose's limit on an evaluated prefix (s3-prefixes.html, Semantic rules). */
export const MAX_EVALUATED_PREFIX_CHARS = 512;
/** `!{firehose:random-string}` evaluates to 11 characters (s3-prefixes.html, firehose namespace). */
export const RANDOM_STRING_LENGTH = 11;

export const ERROR_OUTPUT_TYPES = ['processing-failed', 'format-conversion-failed'] as const;
export type ErrorOutputType = (typeof ERROR_OUTPUT_TYPES)[number];

export type PrefixPart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'timestamp'; readonly pattern: CompiledDateTimePattern }
  | { readonly kind: 'random-string' }
  | { readonly kind: 'error-output-type' }
  | { readonly kind: 'partitionKeyFromQuery' | 'partitionKeyFromLambda'; readonly key: string };

export interface CompiledPrefix {
  readonly source: string;
  readonly parts: readonly PrefixPart[];
  readonly hasExpressions: boolean;
  readonly hasTimestamp: boolean;
  readonly hasErrorOutputType: boolean;
  /** Partition keys the prefix names, per namespace. */
  readonly queryKeys: readonly string[];
  readonly lambdaKeys: readonly string[];
}

const NAMESPACES = ['firehose', 'timestamp', 'partitionKeyFromQuery', 'partitionKeyFromLambda'] as const;

/** Parses one prefix; throws PrefixExpressionError (field named) for syntax Firehose refuses. */
export function parsePrefix(field: 'Prefix' | 'ErrorOutputPrefix', source: string): CompiledPrefix {
  const parts: PrefixPart[] = [];
  let literal = '';
  let i = 0;
  while (i < source.length) {
    const start = source.indexOf('!{', i);
    if (start === -1) {
      literal += source.slice(i);
      break;
    }
    literal += source.slice(i, start);
    const end = source.indexOf('}', start + 2);
    const body = end === -1 ? '' : source.slice(start + 2, end);
    const colon = body.indexOf(':');
    if (end === -1 || colon <= 0) {
      throw new PrefixExpressionError(field, `the sequence !{ can only appear in !{namespace:value} expressions (at character ${start + 1})`);
    }
    const namespace = body.slice(0, colon);
    const value = body.slice(colon + 1);
    if (literal !== '') parts.push({ kind: 'literal', text: literal });
    literal = '';
    parts.push(expressionPart(field, namespace, value));
    i = end + 1;
  }
  if (literal !== '') parts.push({ kind: 'literal', text: literal });
  const queryKeys = parts.flatMap((p) => (p.kind === 'partitionKeyFromQuery' ? [p.key] : []));
  const lambdaKeys = parts.flatMap((p) => (p.kind === 'partitionKeyFromLambda' ? [p.key] : []));
  return {
    source,
    parts,
    hasExpressions: parts.some((p) => p.kind !== 'literal'),
    hasTimestamp: parts.some((p) => p.kind === 'timestamp'),
    hasErrorOutputType: parts.some((p) => p.kind === 'error-output-type'),
    queryKeys,
    lambdaKeys,
  };
}

function expressionPart(field: string, namespace: string, value: string): PrefixPart {
  switch (namespace) {
    case 'timestamp':
      try {
        return { kind: 'timestamp', pattern: compileDateTimePattern(value) };
      } catch (error) {
        if (error instanceof DateTimePatternError) throw new PrefixExpressionError(field, `!{timestamp:${value}} is not a valid Java DateTimeFormatter pattern: ${error.message}`);
        throw error;
      }
    case 'firehose':
      if (value === 'random-string') return { kind: 'random-string' };
      if (value === 'error-output-type') return { kind: 'error-output-type' };
      throw new PrefixExpressionError(field, `!{firehose:${value}} is not known; the firehose namespace has error-output-type and random-string`);
    case 'partitionKeyFromQuery':
    case 'partitionKeyFromLambda':
      if (value === '') throw new PrefixExpressionError(field, `!{${namespace}:} names no key; write !{${namespace}:keyName}`);
      return { kind: namespace, key: value };
    default:
      throw new PrefixExpressionError(field, `!{${namespace}:…} uses an unknown namespace; use one of ${NAMESPACES.join(', ')}`);
  }
}

export interface PrefixSettings {
  /** Firehose `Prefix`; undefined or '' = unspecified. */
  readonly prefix?: string;
  readonly errorOutputPrefix?: string;
  readonly dynamicPartitioning: boolean;
  /** Keys the inline query (MetadataExtractionQuery) produces, when there is one. */
  readonly queryKeys?: readonly string[];
  readonly customTimeZone?: string;
}

export interface CheckedPrefixes {
  readonly prefix: CompiledPrefix;
  /** Undefined when unspecified (Firehose then uses `<prefix><error-output-type>/…`). */
  readonly errorOutputPrefix: CompiledPrefix | undefined;
  readonly timeZone: string;
}

/**
 * Firehose's semantic rules for the two prefixes, checked before any record is read. Messages follow
 * the guide's wording (s3-prefixes.html "Semantic rules"; dynamic-partitioning pages).
 */
export function checkPrefixes(settings: PrefixSettings): CheckedPrefixes {
  const timeZone = settings.customTimeZone === undefined || settings.customTimeZone === '' ? 'UTC' : settings.customTimeZone;
  if (!/^[a-zA-Z/_]+$/.test(timeZone) || timeZone.length > 50 || !isKnownTimeZone(timeZone)) {
    throw new PrefixExpressionError('CustomTimeZone', `'${settings.customTimeZone}' is not a supported time zone; use an IANA name such as Asia/Tokyo or America/New_York`);
  }
  const prefix = parsePrefix('Prefix', settings.prefix ?? '');
  const errorSource = settings.errorOutputPrefix;
  const errorOutputPrefix = errorSource === undefined || errorSource === '' ? undefined : parsePrefix('ErrorOutputPrefix', errorSource);
  if (prefix.hasErrorOutputType) throw new PrefixExpressionError('Prefix', "Prefix can't contain !{firehose:error-output-type}");
  if (errorOutputPrefix === undefined && prefix.hasExpressions) throw new PrefixExpressionError('ErrorOutputPrefix', "ErrorOutputPrefix can't be null when Prefix contains expressions");
  if (errorOutputPrefix !== undefined && errorOutputPrefix.hasExpressions && !errorOutputPrefix.hasErrorOutputType) {
    throw new PrefixExpressionError('ErrorOutputPrefix', 'if you specify an expression for ErrorOutputPrefix, you must include at least one instance of !{firehose:error-output-type}');
  }
  if (errorOutputPrefix !== undefined && (errorOutputPrefix.queryKeys.length > 0 || errorOutputPrefix.lambdaKeys.length > 0)) {
    throw new PrefixExpressionError('ErrorOutputPrefix', "ErrorOutputPrefix can't contain partitionKeyFromQuery or partitionKeyFromLambda expressions; records that fail have no partition keys");
  }
  const usesKeys = prefix.queryKeys.length > 0 || prefix.lambdaKeys.length > 0;
  if (usesKeys && !settings.dynamicPartitioning) {
    throw new PrefixExpressionError('Prefix', 'partitionKeyFromQuery and partitionKeyFromLambda expressions need dynamic partitioning enabled (--dynamic-partitioning)');
  }
  if (settings.dynamicPartitioning) {
    if (!usesKeys) throw new PrefixExpressionError('Prefix', 'with dynamic partitioning enabled, Prefix must use at least one !{partitionKeyFromQuery:key} or !{partitionKeyFromLambda:key} expression');
    const known = new Set(settings.queryKeys ?? []);
    for (const key of prefix.queryKeys) {
      if (!known.has(key)) throw new PrefixExpressionError('Prefix', `!{partitionKeyFromQuery:${key}} names a key the partition query does not produce; the query produces ${[...known].join(', ') || 'no keys (give --partition-query)'}`);
    }
  }
  for (const [field, compiled] of [['Prefix', prefix], ['ErrorOutputPrefix', errorOutputPrefix]] as const) {
    if (compiled === undefined) continue;
    // The longest a prefix can be before its partition keys (timestamps at their widest month/day names).
    const sample = evaluatePrefix(compiled, { epochMs: Date.UTC(2000, 8, 27, 23, 59, 59, 999), timeZone, errorOutputType: 'format-conversion-failed', partitionKeys: {}, random: () => 'x'.repeat(RANDOM_STRING_LENGTH) }, true);
    if ('error' in sample) throw new PrefixExpressionError(field, sample.error);
  }
  return { prefix, errorOutputPrefix, timeZone };
}

export interface PrefixContext {
  /** Approximate arrival of the oldest record in the object (epoch ms). */
  readonly epochMs: number;
  readonly timeZone: string;
  readonly errorOutputType?: ErrorOutputType;
  readonly partitionKeys: { readonly query?: Readonly<Record<string, string>>; readonly lambda?: Readonly<Record<string, string>> } | Record<string, never>;
  /** A fresh 11-character string per `!{firehose:random-string}`. */
  readonly random: () => string;
}

/**
 * Evaluates a compiled prefix. Missing partition keys or a result over 512 characters give an error
 * value (the record then goes to the error output), never an exception.
 */
export function evaluatePrefix(compiled: CompiledPrefix, context: PrefixContext, skipKeys = false): { readonly prefix: string } | { readonly error: string } {
  let out = '';
  for (const part of compiled.parts) {
    switch (part.kind) {
      case 'literal':
        out += part.text;
        break;
      case 'timestamp':
        out += part.pattern.format(context.epochMs, context.timeZone);
        break;
      case 'random-string':
        out += context.random();
        break;
      case 'error-output-type':
        out += context.errorOutputType ?? 'processing-failed';
        break;
      case 'partitionKeyFromQuery':
      case 'partitionKeyFromLambda': {
        if (skipKeys) break;
        const keys = part.kind === 'partitionKeyFromQuery' ? ('query' in context.partitionKeys ? context.partitionKeys.query : undefined) : ('lambda' in context.partitionKeys ? context.partitionKeys.lambda : undefined);
        const value = keys === undefined ? undefined : Object.hasOwn(keys, part.key) ? keys[part.key] : undefined;
        if (value === undefined) return { error: `the record has no ${part.kind === 'partitionKeyFromQuery' ? 'query' : 'Lambda'} partition key '${part.key}'` };
        out += value;
        break;
      }
    }
  }
  if (out.length > MAX_EVALUATED_PREFIX_CHARS) return { error: `neither Prefix nor ErrorOutputPrefix can be greater than ${MAX_EVALUATED_PREFIX_CHARS} characters after they're evaluated (this one is ${out.length})` };
  return { prefix: out };
}

/**
 * The full key prefix Firehose uses for delivered data. A Prefix without a timestamp expression gets
 * `yyyy/MM/dd/HH/` appended (documented rule) by plain concatenation (observed; the guide's example inserts
 * a slash), except when it holds partition-key expressions (documented dynamic-partitioning example).
 */
export function dataKeyPrefix(checked: CheckedPrefixes, context: PrefixContext): { readonly prefix: string } | { readonly error: string } {
  const evaluated = evaluatePrefix(checked.prefix, context);
  const p = checked.prefix;
  if ('error' in evaluated || p.hasTimestamp || p.queryKeys.length > 0 || p.lambdaKeys.length > 0) return evaluated;
  return { prefix: `${evaluated.prefix}${DEFAULT_TIME_PREFIX.format(context.epochMs, context.timeZone)}` };
}

/** The key prefix of an error object; without an ErrorOutputPrefix: `<prefix><type>/yyyy/MM/dd/HH/`. */
export function errorKeyPrefix(checked: CheckedPrefixes, context: PrefixContext & { readonly errorOutputType: ErrorOutputType }): { readonly prefix: string } | { readonly error: string } {
  if (checked.errorOutputPrefix !== undefined) {
    const evaluated = evaluatePrefix(checked.errorOutputPrefix, context);
    if ('error' in evaluated || checked.errorOutputPrefix.hasExpressions) return evaluated;
    return { prefix: `${evaluated.prefix}${DEFAULT_TIME_PREFIX.format(context.epochMs, context.timeZone)}` };
  }
  return { prefix: `${checked.prefix.source}${context.errorOutputType}/${DEFAULT_TIME_PREFIX.format(context.epochMs, context.timeZone)}` };
}

const DEFAULT_TIME_PREFIX = compileDateTimePattern('yyyy/MM/dd/HH/');
