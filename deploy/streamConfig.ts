/**
 * From the stream configuration file (`--config stream.json`, defined with the replay in firehose/config)
 * to deployment options, so `npm run transform` and `npm run deploy-template` read one file. The type is
 * structural — the fields a deployment reads — so deploy/ does not depend on the file's loader. Fields a
 * stack cannot honour yet are refused by name, never dropped silently.
 */
import type { GlueTable } from '../formats/glue/index.js';
import { serdeFromFirehoseDeserializer } from '../formats/serde/index.js';
import { DeployOptionError } from './errors.js';
import type { DeployOptions } from './options.js';
import { partitionLayout } from './partitioning.js';

export interface StreamConfigFields {
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
  readonly compression?: string;
  readonly appendDelimiter?: boolean;
  readonly dynamicPartitioning?: { readonly enabled: boolean; readonly query?: string };
  readonly format?: { readonly kind: 'json' | 'parquet' | 'orc'; readonly schema?: string; readonly serde?: 'openx' | 'hive'; readonly serdeOptions?: Readonly<Record<string, unknown>>; readonly serializerOptions?: Readonly<Record<string, string | number | boolean>> };
}

/**
 * Deployment options for a configuration; `table` is the Glue table its `format.schema` names (loaded by
 * the caller), `overrides` are the command line's flags, which win.
 */
export function deployOptionsFromStreamConfig(config: StreamConfigFields, table: GlueTable | undefined, overrides: Partial<DeployOptions> = {}): DeployOptions {
  if (config.customTimeZone !== undefined && config.customTimeZone !== '' && config.customTimeZone !== 'UTC') {
    throw new DeployOptionError(`customTimeZone ${config.customTimeZone}: the stack's partition projection assumes UTC prefixes; remove customTimeZone from the configuration to deploy it`);
  }
  if (config.fileExtension !== undefined && config.fileExtension !== '') throw new DeployOptionError('fileExtension is not rendered into the stack yet; remove it from the configuration to deploy it');
  if (config.dynamicPartitioning?.enabled === true && config.dynamicPartitioning.query !== undefined) {
    throw new DeployOptionError('dynamicPartitioning.query (a jq MetadataExtractionQuery) is not rendered into the stack yet; return partition keys from the Lambda instead (partitionBy) and name them as the Glue table\'s partition keys');
  }
  // The stack derives Prefix from the table so that Athena's projection finds every object; a configured
  // prefix must be that one.
  const layout = partitionLayout(table?.partitionKeys ?? []);
  for (const [field, given, derived] of [['prefix', config.prefix, layout.prefix], ['errorOutputPrefix', config.errorOutputPrefix, layout.errorOutputPrefix]] as const) {
    if (given !== undefined && given !== derived) throw new DeployOptionError(`${field} ${JSON.stringify(given)}: the stack writes ${JSON.stringify(derived)}, derived from the Glue table's partition keys so Athena finds the data; remove ${field} from the configuration or make it that`);
  }
  const format = config.format;
  const options: DeployOptions = {
    blueprint: config.blueprint ?? 'process-record',
    ...(config.streamName === undefined ? {} : { streamName: config.streamName }),
    ...(config.env === undefined ? {} : { environment: config.env }),
    ...(config.source?.kind === undefined ? {} : { source: config.source.kind }),
    processing: {
      ...(config.processing?.bufferSizeMB === undefined ? {} : { bufferSizeMb: config.processing.bufferSizeMB }),
      ...(config.processing?.bufferIntervalSeconds === undefined ? {} : { bufferIntervalSeconds: config.processing.bufferIntervalSeconds }),
      ...(config.processing?.retries === undefined ? {} : { numberOfRetries: config.processing.retries }),
    },
    ...(config.processing?.timeoutSeconds === undefined ? {} : { timeoutSeconds: config.processing.timeoutSeconds }),
    buffering: {
      ...(config.buffering?.sizeMB === undefined ? {} : { sizeMb: config.buffering.sizeMB }),
      ...(config.buffering?.intervalSeconds === undefined ? {} : { intervalSeconds: config.buffering.intervalSeconds }),
    },
    ...(config.compression === undefined ? {} : { compression: config.compression }),
    ...(config.appendDelimiter === undefined ? {} : { appendDelimiter: config.appendDelimiter }),
    ...(format === undefined ? {} : { format: format.kind }),
    ...(format?.serde === undefined && format?.serdeOptions === undefined ? {} : { serde: serdeFromFirehoseDeserializer({ [format.serde === 'hive' ? 'HiveJsonSerDe' : 'OpenXJsonSerDe']: format.serdeOptions ?? {} }) }),
    ...(format?.serializerOptions === undefined ? {} : { serializer: format.serializerOptions }),
    ...(table === undefined ? {} : { table }),
  };
  return { ...options, ...overrides };
}
