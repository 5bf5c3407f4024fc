/**
 * One delivery stream configuration for both jobs: `npm run transform -- --config stream.json` replays
 * what the stream would deliver, and `npm run deploy-template` (ship-it issue) writes the stack from the
 * same file, so the two agree. The JSON Schema carries Firehose's ranges (API reference: BufferingHints,
 * ProcessorParameter, ExtendedS3DestinationConfiguration) and rules that span fields (record format
 * conversion needs a buffer of at least 64 MiB and UNCOMPRESSED); `resolveStreamConfig` fills the
 * defaults, which are Firehose's own, and checks the prefixes with Firehose's semantic rules.
 */
import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import { FirehoseKitError } from '../../transforms/core/index.js';
import { checkPrefixes, compileJqQuery, COMPRESSION_FORMATS, PrefixExpressionError, JqQueryError, type CheckedPrefixes, type CompiledJqQuery, type CompressionFormat } from '../delivery/index.js';

/** A stream configuration file that is not JSON, breaks the schema or Firehose's rules. */
export class StreamConfigError extends FirehoseKitError {}

export const STREAM_CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:firehose-kit:stream-config',
  title: 'firehose-kit delivery stream configuration',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    streamName: { type: 'string', pattern: '^[a-zA-Z0-9_.-]{1,64}$', description: 'DeliveryStreamName. Default firehose-kit-replay.' },
    source: {
      type: 'object',
      additionalProperties: false,
      properties: { kind: { enum: ['direct-put', 'kinesis'] }, shards: { type: 'integer', minimum: 1, maximum: 500 } },
      description: 'Direct PUT (default) or a Kinesis data stream source.',
    },
    blueprint: { type: 'string', minLength: 1, description: 'The blueprint the Lambda runs. Default process-record.' },
    env: { type: 'object', additionalProperties: { type: 'string' }, description: "The Lambda's environment variables." },
    processing: {
      type: 'object',
      additionalProperties: false,
      properties: {
        bufferSizeMB: { type: 'number', minimum: 0.2, maximum: 3, description: 'ProcessorParameter BufferSizeInMBs. Default 1.' },
        bufferIntervalSeconds: { type: 'integer', minimum: 0, maximum: 900, description: 'ProcessorParameter BufferIntervalInSeconds. Default 60.' },
        retries: { type: 'integer', minimum: 0, maximum: 300, description: 'ProcessorParameter NumberOfRetries. Default 3.' },
        timeoutSeconds: { type: 'integer', minimum: 1, maximum: 300, description: "The Lambda's timeout (Firehose allows up to 5 minutes). Default 60." },
      },
    },
    buffering: {
      type: 'object',
      additionalProperties: false,
      properties: {
        sizeMB: { type: 'integer', minimum: 1, maximum: 128, description: 'BufferingHints SizeInMBs. Default 5; 128 with format conversion, which needs at least 64.' },
        intervalSeconds: { type: 'integer', minimum: 0, maximum: 900, description: 'BufferingHints IntervalInSeconds. Default 300.' },
      },
    },
    prefix: { type: 'string', maxLength: 1024, description: 'Prefix, with Firehose expressions.' },
    errorOutputPrefix: { type: 'string', maxLength: 1024, description: 'ErrorOutputPrefix, with Firehose expressions.' },
    customTimeZone: { type: 'string', maxLength: 50, pattern: '^$|^[a-zA-Z/_]+$', description: 'CustomTimeZone. Default UTC.' },
    fileExtension: { type: 'string', maxLength: 128, pattern: "^$|^\\.[0-9a-z!\\-_.*'()]+$", description: 'FileExtension: replaces the default extension.' },
    compression: { enum: [...COMPRESSION_FORMATS], description: 'CompressionFormat. Default UNCOMPRESSED.' },
    appendDelimiter: { type: 'boolean', description: 'The AppendDelimiterToRecord processor. Default false.' },
    dynamicPartitioning: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled'],
      properties: {
        enabled: { type: 'boolean' },
        query: { type: 'string', minLength: 1, maxLength: 5120, description: 'MetadataExtractionQuery (the jq subset firehose-kit evaluates).' },
        deaggregation: {
          oneOf: [
            { const: 'JSON' },
            { type: 'object', additionalProperties: false, required: ['delimiter'], properties: { delimiter: { type: 'string', pattern: '^[A-Za-z0-9+/]+={0,2}$', description: 'Base64 of the delimiter.' } } },
          ],
        },
      },
    },
    format: {
      type: 'object',
      additionalProperties: false,
      required: ['kind'],
      properties: {
        kind: { enum: ['json', 'parquet', 'orc'], description: 'json: records as written; parquet/orc: record format conversion.' },
        schema: { type: 'string', minLength: 1, description: 'A Glue table file (glue-schemas/*.json or aws glue get-table output).' },
        serde: { enum: ['openx', 'hive'], description: 'The JSON deserializer. Default openx.' },
        serdeOptions: { type: 'object', additionalProperties: { type: ['string', 'boolean'] } },
        serializerOptions: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
      },
      if: { properties: { kind: { enum: ['parquet', 'orc'] } } },
      then: { required: ['kind', 'schema'] },
    },
  },
  if: { required: ['format'], properties: { format: { properties: { kind: { enum: ['parquet', 'orc'] } } } } },
  then: {
    properties: {
      buffering: { properties: { sizeMB: { minimum: 64 } } },
      compression: { const: 'UNCOMPRESSED' },
    },
  },
} as const;

/** The configuration as written (every field optional, as the schema allows). */
export interface StreamConfig {
  readonly streamName?: string;
  readonly source?: { readonly kind?: 'direct-put' | 'kinesis'; readonly shards?: number };
  readonly blueprint?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly processing?: { readonly bufferSizeMB?: number; readonly bufferIntervalSeconds?: number; readonly retries?: number; readonly timeoutSeconds?: number };
  readonly buffering?: { readonly sizeMB?: number; readonly intervalSeconds?: number };
  readonly prefix?: string;
  readonly errorOutputPrefix?: string;
  readonly customTimeZone?: string;
  readonly fileExtension?: string;
  readonly compression?: CompressionFormat;
  readonly appendDelimiter?: boolean;
  readonly dynamicPartitioning?: { readonly enabled: boolean; readonly query?: string; readonly deaggregation?: 'JSON' | { readonly delimiter: string } };
  readonly format?: { readonly kind: 'json' | 'parquet' | 'orc'; readonly schema?: string; readonly serde?: 'openx' | 'hive'; readonly serdeOptions?: Readonly<Record<string, string | boolean>>; readonly serializerOptions?: Readonly<Record<string, string | number | boolean>> };
}

/** Firehose's defaults, shared by the replay and the deployed stack. */
export const STREAM_CONFIG_DEFAULTS = {
  streamName: 'firehose-kit-replay',
  source: { kind: 'direct-put', shards: 1 },
  blueprint: 'process-record',
  processing: { bufferSizeMB: 1, bufferIntervalSeconds: 60, retries: 3, timeoutSeconds: 60 },
  buffering: { sizeMB: 5, intervalSeconds: 300, convertedSizeMB: 128 },
  compression: 'UNCOMPRESSED',
  appendDelimiter: false,
  format: 'json',
} as const;

/** A configuration with every default filled and its prefixes and query checked. */
export interface ResolvedStreamConfig {
  readonly streamName: string;
  readonly source: { readonly kind: 'direct-put' | 'kinesis'; readonly shards: number };
  readonly blueprint: string;
  readonly env: Readonly<Record<string, string>>;
  readonly processing: { readonly bufferSizeMB: number; readonly bufferIntervalSeconds: number; readonly retries: number; readonly timeoutSeconds: number };
  readonly buffering: { readonly sizeMB: number; readonly intervalSeconds: number };
  readonly prefixes: CheckedPrefixes;
  readonly fileExtension: string | undefined;
  readonly compression: CompressionFormat;
  readonly appendDelimiter: boolean;
  readonly dynamicPartitioning: { readonly query?: CompiledJqQuery; readonly deaggregation?: 'JSON' | { readonly delimiter: string } } | undefined;
  readonly format: { readonly kind: 'json' | 'parquet' | 'orc'; readonly schema?: string; readonly serde: 'openx' | 'hive'; readonly serdeOptions: Readonly<Record<string, string | boolean>>; readonly serializerOptions: Readonly<Record<string, string | number | boolean>> };
}

let validator: ReturnType<Ajv['compile']> | undefined;

function describeError(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'the configuration' : error.instancePath.slice(1).replace(/\//g, '.');
  if (error.keyword === 'additionalProperties') return `${where} has an unknown field '${String((error.params as { additionalProperty: string }).additionalProperty)}'`;
  if (error.keyword === 'enum') return `${where} must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'const') return `${where} must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)} with format conversion`;
  if (error.keyword === 'minimum' && where === 'buffering.sizeMB') return `${where} ${error.message ?? ''} (record format conversion needs a buffer of at least 64 MiB)`;
  return `${where} ${error.message ?? 'is invalid'}`;
}

/** Validates a parsed configuration against the schema; throws StreamConfigError naming the field. */
export function validateStreamConfig(value: unknown, source = 'the stream configuration'): StreamConfig {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(STREAM_CONFIG_SCHEMA);
  if (!validator(value)) {
    const errors = (validator.errors ?? []).filter((e) => e.keyword !== 'if' && e.keyword !== 'oneOf');
    throw new StreamConfigError(`${source}: ${errors.slice(0, 3).map(describeError).join('; ')}`);
  }
  return value as StreamConfig;
}

/** Fills Firehose's defaults and checks the prefixes and the partition query with Firehose's rules. */
export function resolveStreamConfig(config: StreamConfig, source = 'the stream configuration'): ResolvedStreamConfig {
  const kind = config.format?.kind ?? 'json';
  const converted = kind !== 'json';
  let query: CompiledJqQuery | undefined;
  try {
    if (config.dynamicPartitioning?.query !== undefined) query = compileJqQuery(config.dynamicPartitioning.query);
  } catch (error) {
    if (error instanceof JqQueryError) throw new StreamConfigError(`${source}: dynamicPartitioning.query: ${error.message.replace(/^--partition-query: /, '')}`, { cause: error });
    throw error;
  }
  const enabled = config.dynamicPartitioning?.enabled === true;
  let prefixes: CheckedPrefixes;
  try {
    prefixes = checkPrefixes({
      ...(config.prefix === undefined ? {} : { prefix: config.prefix }),
      ...(config.errorOutputPrefix === undefined ? {} : { errorOutputPrefix: config.errorOutputPrefix }),
      ...(config.customTimeZone === undefined ? {} : { customTimeZone: config.customTimeZone }),
      dynamicPartitioning: enabled,
      queryKeys: query?.keys ?? [],
    });
  } catch (error) {
    if (error instanceof PrefixExpressionError) throw new StreamConfigError(`${source}: ${error.message}`, { cause: error });
    throw error;
  }
  const d = STREAM_CONFIG_DEFAULTS;
  return {
    streamName: config.streamName ?? d.streamName,
    source: { kind: config.source?.kind ?? d.source.kind, shards: config.source?.shards ?? d.source.shards },
    blueprint: config.blueprint ?? d.blueprint,
    env: config.env ?? {},
    processing: { ...d.processing, ...config.processing },
    buffering: { sizeMB: config.buffering?.sizeMB ?? (converted ? d.buffering.convertedSizeMB : d.buffering.sizeMB), intervalSeconds: config.buffering?.intervalSeconds ?? d.buffering.intervalSeconds },
    prefixes,
    fileExtension: config.fileExtension === '' ? undefined : config.fileExtension,
    compression: config.compression ?? d.compression,
    appendDelimiter: config.appendDelimiter ?? d.appendDelimiter,
    dynamicPartitioning: enabled ? { ...(query === undefined ? {} : { query }), ...(config.dynamicPartitioning?.deaggregation === undefined ? {} : { deaggregation: config.dynamicPartitioning.deaggregation }) } : undefined,
    format: { kind, ...(config.format?.schema === undefined ? {} : { schema: config.format.schema }), serde: config.format?.serde ?? 'openx', serdeOptions: config.format?.serdeOptions ?? {}, serializerOptions: config.format?.serializerOptions ?? {} },
  };
}

/** Reads, validates and resolves a stream configuration file. */
export async function loadStreamConfig(path: string): Promise<{ readonly config: StreamConfig; readonly resolved: ResolvedStreamConfig }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new StreamConfigError(`cannot read --config ${path}: ${(error as { code?: string }).code ?? 'unknown error'}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StreamConfigError(`--config ${path} is not JSON (${error instanceof SyntaxError ? error.message.split('\n')[0] : 'unreadable'})`, { cause: error });
  }
  const config = validateStreamConfig(value, path);
  return { config, resolved: resolveStreamConfig(config, path) };
}
