/**
 * What a rendered stack contains: one plain object, so that a stream configuration file, command-line
 * flags or a caller's code all map onto it field by field. `planDeployment` checks it once and fills
 * every default; the CloudFormation and Terraform renderers read only the plan.
 */
import type { GlueTable } from '../formats/glue/index.js';
import type { JsonSerDe } from '../formats/serde/index.js';
import { LAMBDA_PROCESSOR_RANGES as P, MAX_TRANSFORM_LAMBDA_TIMEOUT_SECONDS, S3_BUFFERING_RANGES as S3 } from '../limits/index.js';
import { DeployOptionError } from './errors.js';
import { partitionLayout, type PartitionLayout } from './partitioning.js';

/** Where a secret environment variable comes from at cold start; its value never enters the template. */
export type SecretSource =
  /** A Secrets Manager secret created by the stack with a random value. */
  | { readonly kind: 'generate' }
  /** An existing Secrets Manager secret (its ARN); the Lambda reads SecretString. */
  | { readonly kind: 'secretsmanager'; readonly arn: string }
  /** An existing SSM Parameter Store SecureString (its name, starting with `/`). */
  | { readonly kind: 'ssm'; readonly name: string };

export type DeploySource = 'direct-put' | 'kinesis';
/** Firehose's CompressionFormat values (API reference, ExtendedS3DestinationConfiguration). */
export const RAW_COMPRESSIONS = ['UNCOMPRESSED', 'GZIP', 'ZIP', 'Snappy', 'HADOOP_SNAPPY'] as const;
export type RawCompression = (typeof RAW_COMPRESSIONS)[number];
export type OutputFormat = 'json' | 'parquet' | 'orc';

export interface ApiGatewayOptions {
  /** The AWS service the REST API writes to: Firehose PutRecord (direct-put) or Kinesis PutRecord. */
  readonly target: 'firehose' | 'kinesis';
  /** AWS_IAM (signed requests, default) or an API key with a usage plan. */
  readonly authorization?: 'iam' | 'api-key';
  /** Steady requests per second (default 100) and burst (default 200) on the stage. */
  readonly rateLimit?: number;
  readonly burstLimit?: number;
}

export interface DeployOptions {
  readonly blueprint: string;
  /** Blueprint environment variables (not secrets). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Secret environment variables by name, e.g. `{ PII_HASH_KEY: { kind: 'generate' } }`. */
  readonly secrets?: Readonly<Record<string, SecretSource>>;
  /** Names of the blueprint's variables that are secrets: refused in `environment`. */
  readonly secretVariables?: readonly string[];
  /** Delivery stream name (default `firehose-kit-<blueprint>`). */
  readonly streamName?: string;
  /** The S3 bucket the stack creates (default: a template parameter with no default). */
  readonly bucketName?: string;
  /** The Glue table over the delivered data; required for parquet and orc. */
  readonly table?: GlueTable;
  /** Glue database created for the table (default: the table's own database, else `firehose_kit`). */
  readonly databaseName?: string;
  readonly format?: OutputFormat;
  readonly serde?: JsonSerDe;
  /** ParquetSerDe / OrcSerDe properties with Firehose's names. */
  readonly serializer?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
  /** Lambda processor: BufferSizeInMBs (0.2–3, default 1), BufferIntervalInSeconds (60–900, default 60), NumberOfRetries (0–300, default 3). */
  readonly processing?: { readonly bufferSizeMb?: number; readonly bufferIntervalSeconds?: number; readonly numberOfRetries?: number };
  /** S3 buffering: SizeInMBs (1–128; default 5, at least 64 with conversion or dynamic partitioning), IntervalInSeconds (0–900, default 300). */
  readonly buffering?: { readonly sizeMb?: number; readonly intervalSeconds?: number };
  /** CompressionFormat of raw output (default GZIP; UNCOMPRESSED, forced, with conversion). */
  readonly compression?: string;
  /** Add Firehose's AppendDelimiterToRecord processor (a newline after each record). */
  readonly appendDelimiter?: boolean;
  readonly source?: DeploySource;
  readonly apiGateway?: ApiGatewayOptions;
  /** A CloudWatch Logs subscription filter into the stream (default on for cloudwatch-logs-to-json). */
  readonly subscriptionFilter?: boolean | { readonly filterPattern?: string };
  /** Grant the Lambda PutRecordBatch / PutRecords for re-ingestion (default: unless REINGEST=off). */
  readonly reingest?: boolean;
  /** Lambda runtime (default nodejs22.x; nodejs22.x or newer). */
  readonly runtime?: string;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
  /** Retention of the Lambda's and the stream's log groups in days (default 30). */
  readonly logRetentionDays?: number;
  readonly dataPrefix?: string;
  readonly errorPrefix?: string;
}

export interface DeployPlan {
  readonly blueprint: string;
  readonly streamName: string;
  readonly functionName: string;
  readonly bucketName: string | undefined;
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, SecretSource>>;
  readonly table: GlueTable | undefined;
  readonly databaseName: string;
  readonly format: OutputFormat;
  readonly serde: JsonSerDe;
  readonly serializer: Readonly<Record<string, string | number | boolean | readonly string[]>>;
  readonly processing: { readonly bufferSizeMb: number; readonly bufferIntervalSeconds: number; readonly numberOfRetries: number };
  readonly buffering: { readonly sizeMb: number; readonly intervalSeconds: number };
  readonly appendDelimiter: boolean;
  readonly compression: RawCompression;
  readonly source: DeploySource;
  readonly apiGateway: Required<ApiGatewayOptions> | undefined;
  readonly subscriptionFilter: { readonly filterPattern: string } | undefined;
  readonly reingest: boolean;
  readonly runtime: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly logRetentionDays: number;
  readonly layout: PartitionLayout;
}

/** The runtime rendered unless told otherwise: the oldest Node runtime cfn-lint accepts for creation today. */
export const DEFAULT_RUNTIME = 'nodejs22.x';
/** CloudWatch Logs' allowed retention values (AWS::Logs::LogGroup RetentionInDays). */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
const KNOWN_OPTIONS = new Set(['blueprint', 'environment', 'secrets', 'secretVariables', 'streamName', 'bucketName', 'table', 'databaseName', 'format', 'serde', 'serializer', 'processing', 'buffering', 'compression', 'appendDelimiter', 'source', 'apiGateway', 'subscriptionFilter', 'reingest', 'runtime', 'memoryMb', 'timeoutSeconds', 'logRetentionDays', 'dataPrefix', 'errorPrefix']);

function inRange(option: string, value: number | undefined, fallback: number, min: number, max: number, integer: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new DeployOptionError(`${option} ${String(value)}: give ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  }
  return value;
}

/** Checks the options once and fills the defaults. Throws DeployOptionError naming the option and the fix. */
export function planDeployment(options: DeployOptions): DeployPlan {
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) throw new DeployOptionError(`unknown deploy option ${key}; known options: ${[...KNOWN_OPTIONS].join(', ')}`);
  }
  const streamName = options.streamName ?? `firehose-kit-${options.blueprint}`;
  if (!/^[a-zA-Z0-9_.-]{1,64}$/.test(streamName)) throw new DeployOptionError(`streamName ${JSON.stringify(streamName)}: use 1-64 letters, digits, "_", "." or "-"`);
  // Lambda function names allow 64 characters; keep the stream's name recognisable in it.
  const functionName = `${streamName.slice(0, 54).replaceAll('.', '-')}-transform`;
  if (options.bucketName !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucketName)) {
    throw new DeployOptionError(`bucketName ${JSON.stringify(options.bucketName)}: S3 bucket names are 3-63 lower-case letters, digits, "." or "-", starting and ending with a letter or digit`);
  }
  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'parquet' && format !== 'orc') throw new DeployOptionError(`format ${String(format)}: use json, parquet or orc`);
  const conversion = format !== 'json';
  if (conversion && options.table === undefined) throw new DeployOptionError(`format ${format} needs a Glue table (--schema glue-schemas/TABLE.json): Firehose converts records to the table's columns`);
  const secretVariables = new Set(options.secretVariables ?? []);
  const environment = { ...(options.environment ?? {}) };
  for (const name of Object.keys(environment)) {
    if (secretVariables.has(name)) throw new DeployOptionError(`${name} is a secret and would be stored in plain text in the template; pass it as a secret instead (--secret ${name}=generate, =ssm:/parameter/name or =secretsmanager:ARN)`);
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new DeployOptionError(`environment variable name ${JSON.stringify(name)}: use letters, digits and "_", starting with a letter`);
  }
  const secrets = { ...(options.secrets ?? {}) };
  for (const [name, source] of Object.entries(secrets)) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new DeployOptionError(`secret variable name ${JSON.stringify(name)}: use letters, digits and "_", starting with a letter`);
    if (name in environment) throw new DeployOptionError(`${name} is given both as a secret and as a plain environment variable; give it once, as a secret`);
    if (source.kind === 'ssm' && !/^\/[A-Za-z0-9_.\-/]{1,1010}$/.test(source.name)) throw new DeployOptionError(`secret ${name}: SSM parameter ${JSON.stringify(source.name)} must be a full path like /firehose-kit/pii-hash-key`);
    if (source.kind === 'secretsmanager' && !/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/.test(source.arn)) {
      throw new DeployOptionError(`secret ${name}: ${JSON.stringify(source.arn)} is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)`);
    }
  }
  const layout = partitionLayout(options.table?.partitionKeys ?? [], {
    ...(options.dataPrefix === undefined ? {} : { dataPrefix: options.dataPrefix }),
    ...(options.errorPrefix === undefined ? {} : { errorPrefix: options.errorPrefix }),
  });
  const minimumBuffer = conversion || layout.dynamicPartitioning ? S3.sizeMb.minWithConversion : S3.sizeMb.min;
  const buffering = {
    sizeMb: inRange('buffering.sizeMb', options.buffering?.sizeMb, Math.max(S3.sizeMb.default, minimumBuffer), minimumBuffer, S3.sizeMb.max, true),
    intervalSeconds: inRange('buffering.intervalSeconds', options.buffering?.intervalSeconds, S3.intervalSeconds.default, S3.intervalSeconds.min, S3.intervalSeconds.max, true),
  };
  const processing = {
    bufferSizeMb: inRange('processing.bufferSizeMb', options.processing?.bufferSizeMb, P.bufferSizeMb.default, P.bufferSizeMb.min, P.bufferSizeMb.max, false),
    bufferIntervalSeconds: inRange('processing.bufferIntervalSeconds', options.processing?.bufferIntervalSeconds, P.bufferIntervalSeconds.default, P.bufferIntervalSeconds.min, P.bufferIntervalSeconds.max, true),
    numberOfRetries: inRange('processing.numberOfRetries', options.processing?.numberOfRetries, P.numberOfRetries.default, P.numberOfRetries.min, P.numberOfRetries.max, true),
  };
  // Firehose compresses converted output itself (the serializer's Compression) and requires UNCOMPRESSED
  // there (documented, "Convert input data format"); raw output is gzipped unless told otherwise.
  const compression = (options.compression ?? (conversion ? 'UNCOMPRESSED' : 'GZIP')) as RawCompression;
  if (!(RAW_COMPRESSIONS as readonly string[]).includes(compression)) throw new DeployOptionError(`compression ${String(options.compression)}: use one of ${RAW_COMPRESSIONS.join(', ')}`);
  if (conversion && compression !== 'UNCOMPRESSED') throw new DeployOptionError(`compression ${compression} with format ${format}: Firehose needs UNCOMPRESSED when it converts records; set the serializer's Compression instead`);
  const runtime = options.runtime ?? DEFAULT_RUNTIME;
  const runtimeMatch = /^nodejs(\d+)\.x$/.exec(runtime);
  if (runtimeMatch === null || Number(runtimeMatch[1]) < 22) throw new DeployOptionError(`runtime ${JSON.stringify(runtime)}: use nodejs22.x or newer (nodejs20.x can no longer be created)`);
  const source = options.source ?? 'direct-put';
  if (source !== 'direct-put' && source !== 'kinesis') throw new DeployOptionError(`source ${String(source)}: use direct-put or kinesis`);
  let apiGateway: Required<ApiGatewayOptions> | undefined;
  if (options.apiGateway !== undefined) {
    const { target } = options.apiGateway;
    if (target !== 'firehose' && target !== 'kinesis') throw new DeployOptionError(`apiGateway ${String(target)}: use firehose or kinesis`);
    if (target === 'kinesis' && source !== 'kinesis') throw new DeployOptionError('apiGateway kinesis writes to the Kinesis data stream: add source kinesis (--source kinesis)');
    if (target === 'firehose' && source === 'kinesis') throw new DeployOptionError('apiGateway firehose cannot write to a stream whose source is Kinesis (Firehose refuses PutRecord then); use apiGateway kinesis');
    const authorization = options.apiGateway.authorization ?? 'iam';
    if (authorization !== 'iam' && authorization !== 'api-key') throw new DeployOptionError(`apiGateway authorization ${String(authorization)}: use iam or api-key`);
    apiGateway = {
      target,
      authorization,
      rateLimit: inRange('apiGateway.rateLimit', options.apiGateway.rateLimit, 100, 1, 10000, false),
      burstLimit: inRange('apiGateway.burstLimit', options.apiGateway.burstLimit, 200, 1, 5000, true),
    };
  }
  const filterOption = options.subscriptionFilter ?? options.blueprint === 'cloudwatch-logs-to-json';
  const subscriptionFilter = filterOption === false ? undefined : { filterPattern: typeof filterOption === 'object' ? (filterOption.filterPattern ?? '') : '' };
  const logRetentionDays = options.logRetentionDays ?? 30;
  if (!(RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) throw new DeployOptionError(`logRetentionDays ${logRetentionDays}: use one of CloudWatch Logs' values: ${RETENTION_DAYS.join(', ')}`);
  const databaseName = options.databaseName ?? (options.table?.databaseName || 'firehose_kit');
  if (!/^[a-z0-9_]{1,255}$/.test(databaseName)) throw new DeployOptionError(`databaseName ${JSON.stringify(databaseName)}: use lower-case letters, digits and "_" (Athena's rule for database names)`);
  return {
    blueprint: options.blueprint,
    streamName,
    functionName,
    bucketName: options.bucketName,
    environment,
    secrets,
    table: options.table,
    databaseName,
    format,
    serde: options.serde ?? { kind: 'openx' },
    serializer: { ...(options.serializer ?? {}) },
    processing,
    buffering,
    appendDelimiter: options.appendDelimiter ?? false,
    compression,
    source,
    apiGateway,
    subscriptionFilter,
    reingest: options.reingest ?? environment['REINGEST'] !== 'off',
    runtime,
    memoryMb: inRange('memoryMb', options.memoryMb, 512, 128, 10240, true),
    // Firehose waits up to 5 minutes for a transformation Lambda (documented); a 6 MB batch takes seconds.
    timeoutSeconds: inRange('timeoutSeconds', options.timeoutSeconds, 120, 1, MAX_TRANSFORM_LAMBDA_TIMEOUT_SECONDS, true),
    logRetentionDays,
    layout,
  };
}
