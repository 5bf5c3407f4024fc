/**
 * Every transform with its one-line summary, how to build it from an example's options, and its
 * documented examples. `test/transforms/examples.test.ts` runs all examples through `make`, and
 * `npm run docs` renders them into the README, so the documentation and the code cannot drift apart.
 */
import * as addFields from './fields/addFields.js';
import * as cloudwatchLogs from './logs/cloudwatchLogs.js';
import * as decodeText from './json/decodeText.js';
import * as flattenRecord from './shape/flattenRecord.js';
import * as normalizeRecord from './shape/normalizeRecord.js';
import * as omitFields from './fields/omitFields.js';
import * as parseApacheErrorLog from './logs/parseApacheErrorLog.js';
import * as parseApacheLog from './logs/parseApacheLog.js';
import * as parseJson from './json/parseJson.js';
import * as parseSyslog from './logs/parseSyslog.js';
import * as partitionBy from './fields/partitionBy.js';
import * as pickFields from './fields/pickFields.js';
import * as redactPii from './pii/redactPii.js';
import * as renameFields from './fields/renameFields.js';
import * as toCsvLine from './logs/toCsvLine.js';
import * as toJsonLine from './json/toJsonLine.js';
import * as unflattenRecord from './shape/unflattenRecord.js';
import type { RecordContext } from './core/index.js';

/** One documented example: a factory's options, an input, and the expected output. */
export interface TransformExample {
  readonly title: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly input: unknown;
  readonly output: unknown;
  /** Partition keys the example's ok outcome carries, if any. */
  readonly partitionKeys?: Readonly<Record<string, string>>;
}

export interface CatalogEntry {
  readonly name: string;
  readonly summary: string;
  /** Builds the transform from an example's options. */
  readonly make: (options: Readonly<Record<string, unknown>>) => (input: never, ctx: RecordContext) => unknown;
  /** How the call reads in code, for the docs. */
  readonly call: (options: Readonly<Record<string, unknown>>) => string;
  readonly examples: readonly TransformExample[];
}

type AnyFactory = (...args: never[]) => (input: never, ctx: RecordContext) => unknown;
const json = (value: unknown): string => JSON.stringify(value);
const withOptions = (name: string) => (options: Readonly<Record<string, unknown>>): string => (Object.keys(options).length === 0 ? `${name}()` : `${name}(${json(options)})`);

/** A transform whose factory takes one options object. */
function optionsEntry(name: string, summary: string, factory: AnyFactory, examples: readonly unknown[]): CatalogEntry {
  return {
    name,
    summary,
    make: (options) => (factory as (o: unknown) => (input: never, ctx: RecordContext) => unknown)(options),
    call: withOptions(name),
    examples: examples as readonly TransformExample[],
  };
}

/** A transform whose factory takes a positional argument (kept under `key` in the example's options). */
function positionalEntry(name: string, summary: string, key: string, factory: AnyFactory, examples: readonly unknown[]): CatalogEntry {
  return {
    name,
    summary,
    make: (options) => (factory as (a: unknown) => (input: never, ctx: RecordContext) => unknown)(options[key]),
    call: (options) => `${name}(${json(options[key])})`,
    examples: examples as readonly TransformExample[],
  };
}

export const catalog: readonly CatalogEntry[] = [
  optionsEntry('parseJson', 'bytes or text → one JSON value; refuses prototype pollution and deep nesting', parseJson.parseJson, parseJson.examples),
  optionsEntry('decodeText', 'bytes → text (invalid UTF-8 fails or is replaced)', decodeText.decodeText, decodeText.examples),
  optionsEntry('toJsonLine', 'JSON value → compact JSON text (the handler adds the newline)', toJsonLine.toJsonLine, toJsonLine.examples),
  positionalEntry('pickFields', 'keeps only the listed fields', 'fields', pickFields.pickFields, pickFields.examples),
  positionalEntry('omitFields', 'removes the listed fields', 'fields', omitFields.omitFields, omitFields.examples),
  positionalEntry('renameFields', 'renames or moves fields, all at once', 'mapping', renameFields.renameFields, renameFields.examples),
  positionalEntry('addFields', 'adds constants or values from the record context', 'fields', addFields.addFields, addFields.examples),
  positionalEntry('partitionBy', 'sets Firehose dynamic-partitioning keys', 'keys', partitionBy.partitionBy, partitionBy.examples),
  optionsEntry('redactPii', 'masks, hashes or removes PII and secrets in JSON or text', redactPii.redactPii, redactPii.examples),
  optionsEntry('normalizeRecord', 'Glue-safe keys, trimmed NFC strings, typed booleans, numbers and timestamps', normalizeRecord.normalizeRecord, normalizeRecord.examples),
  optionsEntry('flattenRecord', 'nested objects → one level of keys', flattenRecord.flattenRecord, flattenRecord.examples),
  optionsEntry('unflattenRecord', 'one level of keys → nested objects', unflattenRecord.unflattenRecord, unflattenRecord.examples),
  optionsEntry('parseApacheLog', 'Apache/NGINX access-log line → JSON object (any LogFormat)', parseApacheLog.parseApacheLog, parseApacheLog.examples),
  optionsEntry('parseApacheErrorLog', 'Apache httpd 2.2 / 2.4 error-log line → JSON object', parseApacheErrorLog.parseApacheErrorLog, parseApacheErrorLog.examples),
  optionsEntry('parseSyslog', 'RFC 5424 / RFC 3164 syslog line → JSON object', parseSyslog.parseSyslog, parseSyslog.examples),
  optionsEntry('processCloudWatchLogs', 'CloudWatch Logs subscription record → one line per log event', cloudwatchLogs.processCloudWatchLogs, cloudwatchLogs.examples),
  optionsEntry('toCsvLine', 'JSON object → one RFC 4180 CSV line', toCsvLine.toCsvLine as AnyFactory, toCsvLine.examples),
];
