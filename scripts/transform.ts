/**
 * npm run transform -- FILE... [options]
 *
 * Replays producer records through a blueprint (or your own handler) as Firehose would, and writes what
 * Firehose would deliver to S3, error outputs included. Argument parsing, progress, the report and exit
 * codes only; the work is done by firehose/replay, firehose/delivery and firehose/sources.
 */
import { Buffer } from 'node:buffer';
import { availableParallelism, cpus } from 'node:os';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { PLACEHOLDER_ACCOUNT_ID } from '../limits/index.js';
import { blueprints } from '../blueprints/registry.js';
import { HANDLER_ENV } from '../blueprints/handler/handlerEnv.js';
import { LocalFolderSink } from '../firehose/sinks/localFolderSink.js';
import type { ObjectSink } from '../firehose/sinks/index.js';
import { parquetDelivery, rawDelivery, type Deaggregation, type Delivery } from '../firehose/delivery/delivery.js';
import { orcDelivery } from '../firehose/delivery/orcDelivery.js';
import type { OrcSerDeOptions } from '../formats/orc/index.js';
import { COMPRESSION_FORMATS, type CompressionFormat } from '../firehose/delivery/compression.js';
import { compileJqQuery, JqQueryError, type CompiledJqQuery } from '../firehose/delivery/partitionQuery.js';
import { checkPrefixes, PrefixExpressionError, type CheckedPrefixes } from '../firehose/delivery/prefixExpression.js';
import { InputFileError } from '../firehose/sources/errors.js';
import { checkInputs, INPUT_FORMATS, readInputs, type InputFormat } from '../firehose/sources/inputRecords.js';
import { expandInputPatterns } from '../firehose/sources/inputPatterns.js';
import type { JsonSerDe } from '../formats/serde/deserializeJson.js';
import { GlueSchemaError } from '../formats/glue/errors.js';
import { loadGlueTable } from '../firehose/sources/glueTableFile.js';
import type { ParquetSerDeOptions } from '../formats/parquet/writeParquet.js';
import { parseEnvPairs, parseOrcOptions, parseParquetOptions, parseSerde, plural, UsageError } from './cliOptions.js';
import { replay, totalFailed, type ReplayHandler, type ReplayInvoker, type ReplaySummary } from '../firehose/replay/replay.js';
import { workerInvoker } from '../firehose/replay/workerInvoker.js';
import { sendToFirehose } from '../aws/sendToFirehose.js';
import { problemText } from '../blueprints/handler/index.js';
import { editDistance } from '../blueprints/index.js';
import { startProgress } from './transformProgress.js';
import { parseS3Url, s3ObjectSink } from '../aws/s3ObjectSink.js';
import { getGlueTable, parseGlueTableName } from '../aws/glueCatalog.js';
import { loadStreamConfig, StreamConfigError, type StreamConfig } from '../firehose/config/index.js';

/** Firehose's S3 buffering size with record format conversion: at least 64 MiB, 128 MiB by default (record-format-conversion.html). */
const CONVERSION_MIN_BUFFER_MB = 64;
const CONVERSION_DEFAULT_BUFFER_MB = 128;
export const REPORT_OBJECT = '_replay-report.json';
const FAIL_ON = ['any-error', 'processing-failed', 'format-conversion-failed', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];

/** `--workers` by default: one per core this process may use (availableParallelism; cpus() on older Node), at most 64. */
export const DEFAULT_WORKERS = Math.max(1, Math.min(64, typeof availableParallelism === 'function' ? availableParallelism() : cpus().length));

const USAGE = `usage: npm run transform -- FILE... [options]

Replays producer records through a blueprint (or your own handler) exactly as Firehose would, and writes
what Firehose would deliver to S3: data objects, keys, processing-failed and format-conversion-failed
error records. FILE is a file, several files, a glob pattern ('logs/*.jsonl.gz', '**' for any depth), a named pipe, or - for
stdin; gzip input is detected.

input:
  --input-format F        lines (default: one record per line), json-array (each element a record),
                          event (a captured Firehose transformation event, replayed as is)
                          e.g. --input-format json-array
  --start ISO             arrival time of the first record (default: now), e.g. --start 2025-01-31T23:00:00Z
  --rate N                records per second on the simulated clock (default 1000), e.g. --rate 50
  --arrival-field NAME    take each record's arrival time from this JSON field (ISO text or epoch), e.g. --arrival-field ts
  --source KIND           direct-put (default) or kinesis: records come from a Kinesis data stream, with
                          shard, partition key and sequence numbers, e.g. --source kinesis --shards 4
  --shards N              shards of the --source kinesis stream, 1 to 500 (default 1), e.g. --shards 4
the Lambda:
  --blueprint NAME        blueprint to run (default process-record), e.g. --blueprint clean-json; one of:
                          ${Object.keys(blueprints).join(', ')}
  --handler PATH          your own handler instead: a .ts/.js/.mjs module exporting handler, or a built
                          bundle (dist/<name>/index.mjs), e.g. --handler dist/clean-json/index.mjs
  --env NAME=VALUE        a blueprint environment variable (repeatable), e.g. --env FIELDS=id,ts
  --lambda-buffer-mb N    processing buffer size, 0.2 to 3 (default 1), e.g. --lambda-buffer-mb 3
  --lambda-buffer-seconds N  processing buffer interval, 0 to 900 (default 60), e.g. --lambda-buffer-seconds 0
  --retries N             retries of a failed invocation, 0 to 300 (default 3), e.g. --retries 0
  --timeout SECONDS       the Lambda's timeout, at most 300 (default 60), e.g. --timeout 10
  --workers N             run the handler on N worker threads, 1 to 64 (default: the number of cores,
                          ${DEFAULT_WORKERS} here); the output is the same for any N; 1 runs it in this thread
                          (a run of one batch does too, starting no worker), e.g. --workers 1
delivery:
  --out DIR|s3://B/P      output folder, the stand-in for the S3 bucket (default out/<blueprint>), or a real
                          bucket and prefix (AWS SDK credentials; AWS_ENDPOINT_URL for a stand-in),
                          e.g. --out out/replay
  --stream NAME           delivery stream name in object names (default firehose-kit-replay), e.g. --stream clicks
  --stream-version N      delivery stream version in object names (default 1), e.g. --stream-version 4
  --buffer-mb N           S3 buffer size, 1 to 128 (default 5; with --format parquet|orc 64 to 128, default 128),
                          e.g. --buffer-mb 64
  --buffer-seconds N      S3 buffer interval, 0 to 900 (default 300), e.g. --buffer-seconds 60
  --prefix P              Firehose Prefix, e.g. --prefix 'year=!{timestamp:yyyy}/month=!{timestamp:MM}/'
  --error-prefix P        Firehose ErrorOutputPrefix, e.g. --error-prefix 'errors/!{firehose:error-output-type}/'
  --custom-time-zone TZ   time zone of timestamps in keys (default UTC), e.g. --custom-time-zone Asia/Tokyo
  --file-extension EXT    replaces the default extension, e.g. --file-extension .json.gz
  --compression C         ${COMPRESSION_FORMATS.join(', ')} (default UNCOMPRESSED), e.g. --compression GZIP
  --append-delimiter      AppendDelimiterToRecord: a newline between records in each object
  --dynamic-partitioning  enable dynamic partitioning (keys from !{partitionKeyFromLambda:k} and
                          !{partitionKeyFromQuery:k} in --prefix; needs --error-prefix)
  --partition-query Q     inline jq query for partitionKeyFromQuery,
                          e.g. --partition-query '{customer: .customer.id}'
  --deaggregation D       multi-record deaggregation before partitioning: json, or delimited:BASE64,
                          e.g. --deaggregation delimited:IyMjIw==
  --format FORMAT         json (default: records as the blueprint wrote them), parquet or orc (record format
                          conversion with --schema; records that do not convert go to format-conversion-failed),
                          e.g. --format parquet --schema glue-schemas/clickstream_events.json
  --schema FILE           a Glue table (glue-schemas/*.json, or aws glue get-table output),
                          e.g. --schema glue-schemas/clickstream_events.json
  --glue-table DB.TABLE   read the table from the Glue Data Catalog instead (GetTable, AWS SDK credentials and
                          AWS_REGION), e.g. --glue-table analytics.clickstream_events
  --serde NAME            deserializer for --format parquet|orc: openx (default) or hive, e.g. --serde hive
  --serde-option N=V      OpenXJsonSerDe / HiveJsonSerDe option (repeatable), e.g. --serde-option CaseInsensitive=true
  --parquet N=V           ParquetSerDe option (repeatable), e.g. --parquet Compression=GZIP
  --orc N=V               OrcSerDe option (repeatable), e.g. --orc Compression=ZLIB --orc BloomFilterColumns=event_id
run:
  --config FILE           a stream configuration (JSON, checked against firehose-kit's published schema
                          stream-config.schema.json); flags given as well override it, e.g. --config stream.json
  --fail-on WHAT          exit 1 when records land in: any-error (default), processing-failed,
                          format-conversion-failed, or never, e.g. --fail-on never
  --quiet                 no progress bar (shown only on a terminal)
  --to-firehose NAME      send the records into a real delivery stream (name or ARN) with PutRecordBatch
                          instead of replaying them here, e.g. --to-firehose my-stream --region eu-west-1
  --region REGION         region of --to-firehose NAME, e.g. --region eu-west-1
  --help                  this text
exit codes: 0 all delivered; 1 records in error outputs (see --fail-on); 2 bad command line or input;
            3 the run is incomplete (interrupted, or the output could not be written)

examples:
  npm run transform -- samples/clickstream.jsonl --fail-on never
  npm run transform -- samples/clickstream.jsonl --schema glue-schemas/clickstream_events.json --format parquet
  zcat day.jsonl.gz | npm run transform -- - --blueprint clean-json --prefix 'year=!{timestamp:yyyy}/' \
    --error-prefix 'errors/!{firehose:error-output-type}/' --out out/day

Common blueprint environment variables:
${Object.entries(HANDLER_ENV).map(([k, v]) => `  ${k.padEnd(20)} ${v}`).join('\n')}`;

interface CliArgs {
  files: string[];
  source: { kind: 'direct-put' } | { kind: 'kinesis'; shards: number; streamName: string };
  inputFormat: InputFormat;
  startTime: number;
  rate: number;
  arrivalField: string | undefined;
  blueprint: string;
  handlerPath: string | undefined;
  env: Record<string, string>;
  lambdaBufferBytes: number;
  lambdaBufferSeconds: number;
  retries: number;
  timeoutMs: number;
  workers: number;
  out: string;
  streamName: string;
  streamVersion: number;
  bufferBytes: number;
  bufferSeconds: number;
  prefixes: CheckedPrefixes;
  fileExtension: string | undefined;
  compression: CompressionFormat;
  appendDelimiter: boolean;
  dynamicPartitioning: { query?: CompiledJqQuery; deaggregation?: Deaggregation } | undefined;
  schema: string | undefined;
  glueTable: { database: string; table: string } | undefined;
  format: 'json' | 'parquet' | 'orc';
  serde: JsonSerDe;
  parquet: ParquetSerDeOptions;
  orc: OrcSerDeOptions;
  failOn: FailOn;
  quiet: boolean;
  toFirehose: string | undefined;
}

function numberOption(name: string, text: string | undefined, min: number, max: number, fallback: number, integer = false): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} ${text}: give ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  }
  return n;
}

function parseCli(argv: string[]): CliArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'input-format': { type: 'string' },
        start: { type: 'string' },
        'start-time': { type: 'string' },
        rate: { type: 'string' },
        'arrival-field': { type: 'string' },
        source: { type: 'string' },
        shards: { type: 'string' },
        blueprint: { type: 'string' },
        handler: { type: 'string' },
        env: { type: 'string', multiple: true, default: [] },
        'lambda-buffer-mb': { type: 'string' },
        'lambda-buffer-seconds': { type: 'string' },
        retries: { type: 'string' },
        timeout: { type: 'string' },
        workers: { type: 'string' },
        out: { type: 'string' },
        stream: { type: 'string' },
        'stream-name': { type: 'string' },
        'stream-version': { type: 'string' },
        'buffer-mb': { type: 'string' },
        's3-buffer-mb': { type: 'string' },
        'buffer-seconds': { type: 'string' },
        prefix: { type: 'string' },
        'error-prefix': { type: 'string' },
        'custom-time-zone': { type: 'string' },
        'file-extension': { type: 'string' },
        compression: { type: 'string' },
        'append-delimiter': { type: 'boolean', default: false },
        'dynamic-partitioning': { type: 'boolean', default: false },
        'partition-query': { type: 'string' },
        deaggregation: { type: 'string' },
        schema: { type: 'string' },
        'glue-table': { type: 'string' },
        format: { type: 'string', default: 'json' },
        serde: { type: 'string', default: 'openx' },
        'serde-option': { type: 'string', multiple: true, default: [] },
        parquet: { type: 'string', multiple: true, default: [] },
        orc: { type: 'string', multiple: true, default: [] },
        'fail-on': { type: 'string', default: 'any-error' },
        config: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        'to-firehose': { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    // node's messages name the option; keep the first sentence and point at --help.
    const message = error instanceof Error ? error.message.split('. ')[0]! : String(error);
    throw new UsageError(`${message}; see --help for every option`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('give the input FILE (several files, a named pipe, or - for stdin)');
  const inputFormat = values['input-format'] ?? 'lines';
  if (!(INPUT_FORMATS as readonly string[]).includes(inputFormat)) throw new UsageError(`--input-format ${inputFormat}: use ${INPUT_FORMATS.join(', ')}`);
  if (values.blueprint !== undefined && values.handler !== undefined) throw new UsageError('give --blueprint or --handler, not both');
  const blueprint = values.blueprint ?? 'process-record';
  if (!(blueprint in blueprints)) throw new UsageError(`--blueprint ${blueprint} is not known; use one of: ${Object.keys(blueprints).join(', ')}`);
  const startText = values.start ?? values['start-time'];
  let startTime = Date.now();
  if (startText !== undefined) {
    startTime = Date.parse(startText);
    if (!Number.isFinite(startTime)) throw new UsageError(`--start ${startText}: give an ISO-8601 time such as 2025-01-31T12:00:00Z`);
  }
  const format = values.format;
  if (format !== 'json' && format !== 'parquet' && format !== 'orc') throw new UsageError(`--format ${format}: use json, parquet or orc`);
  if (values.schema !== undefined && values['glue-table'] !== undefined) throw new UsageError('give --schema FILE or --glue-table DB.TABLE, not both');
  const glueTable = values['glue-table'] === undefined ? undefined : parseGlueTableName(values['glue-table']);
  if (values['glue-table'] !== undefined && glueTable === undefined) throw new UsageError(`--glue-table ${values['glue-table']}: write DATABASE.TABLE, e.g. --glue-table analytics.clickstream_events`);
  if (format !== 'json' && values.schema === undefined && glueTable === undefined) throw new UsageError(`--format ${format} needs --schema FILE or --glue-table DB.TABLE (the Glue table that drives the conversion)`);
  const compression = values.compression ?? 'UNCOMPRESSED';
  if (!(COMPRESSION_FORMATS as readonly string[]).includes(compression)) throw new UsageError(`--compression ${compression}: use ${COMPRESSION_FORMATS.join(', ')} (Firehose's names, case as written)`);
  if (format !== 'json' && compression !== 'UNCOMPRESSED') throw new UsageError(`--compression must be UNCOMPRESSED with --format ${format} (the serializer compresses; use --${format} Compression=…)`);
  const fileExtension = values['file-extension'];
  if (fileExtension !== undefined && (fileExtension.length > 128 || !/^$|^\.[0-9a-z!\-_.*'()]+$/.test(fileExtension))) {
    throw new UsageError(`--file-extension ${fileExtension}: start with a period and use 0-9 a-z ! - _ . * ' ( ) only, at most 128 characters (Firehose's FileExtension rule)`);
  }
  const bufferMbText = values['buffer-mb'] ?? values['s3-buffer-mb'];
  const bufferMb = format !== 'json'
    ? numberOption('buffer-mb', bufferMbText, CONVERSION_MIN_BUFFER_MB, 128, CONVERSION_DEFAULT_BUFFER_MB, true)
    : numberOption('buffer-mb', bufferMbText, 1, 128, 5, true);
  const failOn = values['fail-on'];
  if (!(FAIL_ON as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on ${failOn}: use ${FAIL_ON.join(', ')}`);
  let query: CompiledJqQuery | undefined;
  if (values['partition-query'] !== undefined) {
    if (!values['dynamic-partitioning']) throw new UsageError('--partition-query needs --dynamic-partitioning');
    try {
      query = compileJqQuery(values['partition-query']);
    } catch (error) {
      if (error instanceof JqQueryError) throw new UsageError(error.message);
      throw error;
    }
  }
  let deaggregation: Deaggregation | undefined;
  if (values.deaggregation !== undefined) {
    if (!values['dynamic-partitioning']) throw new UsageError('--deaggregation needs --dynamic-partitioning');
    if (values.deaggregation === 'json') deaggregation = { kind: 'JSON' };
    else if (values.deaggregation.startsWith('delimited:') && /^[A-Za-z0-9+/]+={0,2}$/.test(values.deaggregation.slice(10))) deaggregation = { kind: 'Delimited', delimiter: Buffer.from(values.deaggregation.slice(10), 'base64') };
    else throw new UsageError(`--deaggregation ${values.deaggregation}: use json, or delimited:BASE64 (the delimiter base64-encoded, e.g. delimited:IyMjIw== for ####)`);
  }
  let prefixes: CheckedPrefixes;
  try {
    prefixes = checkPrefixes({
      ...(values.prefix === undefined ? {} : { prefix: values.prefix }),
      ...(values['error-prefix'] === undefined ? {} : { errorOutputPrefix: values['error-prefix'] }),
      dynamicPartitioning: values['dynamic-partitioning'],
      queryKeys: query?.keys ?? [],
      ...(values['custom-time-zone'] === undefined ? {} : { customTimeZone: values['custom-time-zone'] }),
    });
  } catch (error) {
    if (error instanceof PrefixExpressionError) throw new UsageError(`${error.field === 'Prefix' ? '--prefix' : error.field === 'ErrorOutputPrefix' ? '--error-prefix' : '--custom-time-zone'}: ${error.message}`);
    throw error;
  }
  const streamName = values.stream ?? values['stream-name'] ?? 'firehose-kit-replay';
  if (!/^[a-zA-Z0-9_.-]{1,64}$/.test(streamName)) throw new UsageError(`--stream ${streamName}: a delivery stream name has 1-64 letters, digits, _ . or -`);
  let toFirehose: string | undefined;
  if (values['to-firehose'] !== undefined) {
    const stream = values['to-firehose'];
    const region = values.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'];
    if (stream.startsWith('arn:')) toFirehose = stream;
    else if (region === undefined || region === '') throw new UsageError(`--to-firehose ${stream}: give --region (or set AWS_REGION), or the stream's ARN`);
    else if (!/^[a-zA-Z0-9_.-]{1,64}$/.test(stream)) throw new UsageError(`--to-firehose ${stream}: a delivery stream name has 1-64 letters, digits, _ . or -`);
    // The account part of the ARN is not used to address the stream; the name and region are.
    else toFirehose = `arn:aws:firehose:${region}:000000000000:deliverystream/${stream}`;
    if (values.format !== 'json' || values.schema !== undefined || values['glue-table'] !== undefined) throw new UsageError('--to-firehose sends records as they are; --schema, --glue-table and --format belong to the local replay');
  }
  const env = parseEnvPairs(values.env);
  if (values.handler === undefined) checkEnvNames(blueprint, env);
  const sourceKind = values.source ?? 'direct-put';
  if (sourceKind !== 'direct-put' && sourceKind !== 'kinesis') throw new UsageError(`--source ${sourceKind}: use direct-put or kinesis`);
  if (values.shards !== undefined && sourceKind !== 'kinesis') throw new UsageError('--shards needs --source kinesis');
  return {
    files: positionals,
    source: sourceKind === 'kinesis' ? { kind: 'kinesis', shards: numberOption('shards', values.shards, 1, 500, 1, true), streamName: `${streamName}-source` } : { kind: 'direct-put' },
    inputFormat: inputFormat as InputFormat,
    startTime,
    rate: numberOption('rate', values.rate, 0.001, 1_000_000, 1000),
    arrivalField: values['arrival-field'],
    blueprint,
    handlerPath: values.handler,
    env,
    lambdaBufferBytes: Math.round(numberOption('lambda-buffer-mb', values['lambda-buffer-mb'], 0.2, 3, 1) * 1024 * 1024),
    lambdaBufferSeconds: numberOption('lambda-buffer-seconds', values['lambda-buffer-seconds'], 0, 900, 60, true),
    retries: numberOption('retries', values.retries, 0, 300, 3, true),
    timeoutMs: numberOption('timeout', values.timeout, 1, 300, 60) * 1000,
    workers: numberOption('workers', values.workers, 1, 64, DEFAULT_WORKERS, true),
    out: values.out ?? `out/${values.handler === undefined ? blueprint : 'handler'}`,
    streamName,
    streamVersion: numberOption('stream-version', values['stream-version'], 1, 1_000_000, 1, true),
    bufferBytes: bufferMb * 1024 * 1024,
    bufferSeconds: numberOption('buffer-seconds', values['buffer-seconds'], 0, 900, 300, true),
    prefixes,
    fileExtension,
    compression: compression as CompressionFormat,
    appendDelimiter: values['append-delimiter'],
    dynamicPartitioning: values['dynamic-partitioning'] ? { ...(query === undefined ? {} : { query }), ...(deaggregation === undefined ? {} : { deaggregation }) } : undefined,
    schema: values.schema ?? (glueTable === undefined ? undefined : values['glue-table']),
    glueTable,
    format,
    serde: parseSerde(values.serde, values['serde-option']),
    parquet: parseParquetOptions(values.parquet),
    orc: parseOrcOptions(values.orc),
    failOn: failOn as FailOn,
    quiet: values.quiet,
    toFirehose,
  };
}

/** A `--env` name the blueprint does not read is a typo: refuse it, suggesting the closest known name. */
function checkEnvNames(blueprint: string, env: Readonly<Record<string, string>>): void {
  const known = [...Object.keys(blueprints[blueprint]!.env), ...Object.keys(HANDLER_ENV)];
  for (const name of Object.keys(env)) {
    if (known.includes(name)) continue;
    const limit = Math.max(2, Math.floor(name.length / 3));
    const closest = known.map((k) => ({ k, d: editDistance(name.toUpperCase(), k, limit) })).sort((a, b) => a.d - b.d)[0];
    const hint = closest !== undefined && closest.d <= limit ? `did you mean ${closest.k}? ` : '';
    throw new UsageError(`--env ${name}: the ${blueprint} blueprint does not read ${name}; ${hint}it reads ${known.join(', ')}`);
  }
}

/** The replay's figures as `_replay-report.json` holds them. */
export interface ReplayReport {
  readonly complete: boolean;
  readonly records: {
    readonly in: number;
    readonly refusedByProducerApi: number;
    readonly emptyLines: number;
    readonly sentToLambda: number;
    readonly ok: number;
    readonly dropped: number;
    readonly reingested: number;
    readonly processingFailed: Record<string, number>;
    readonly formatConversionFailed: number;
    readonly partitioningFailed: Record<string, number>;
    readonly delivered: number;
  };
  readonly invocations: number;
  readonly retries: number;
  readonly objects: Record<string, { objects: number; bytes: number; records: number }>;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly megabytesPerSecond: number;
}

function buildReport(summary: ReplaySummary, delivery: Delivery, complete: boolean): ReplayReport {
  const objects: Record<string, { objects: number; bytes: number; records: number }> = {};
  for (const o of delivery.written) {
    const group = o.kind === 'data' ? 'data' : o.kind;
    const entry = (objects[group] ??= { objects: 0, bytes: 0, records: 0 });
    entry.objects++;
    entry.bytes += o.bytes;
    entry.records += o.records;
  }
  const seconds = summary.seconds;
  return {
    complete,
    records: {
      in: summary.recordsIn,
      refusedByProducerApi: summary.rejectedByProducerApi.length,
      emptyLines: summary.emptyLines,
      sentToLambda: summary.lambdaRecords,
      ok: summary.ok,
      dropped: summary.dropped,
      reingested: summary.reingested,
      processingFailed: summary.processingFailed,
      formatConversionFailed: delivery.stats.formatConversionFailed,
      partitioningFailed: delivery.stats.partitioningFailed,
      delivered: delivery.stats.recordsDelivered,
    },
    invocations: summary.invocations,
    retries: summary.retries,
    objects,
    seconds: Number(seconds.toFixed(3)),
    recordsPerSecond: seconds > 0 ? Math.round(summary.recordsIn / seconds) : summary.recordsIn,
    megabytesPerSecond: seconds > 0 ? Number((summary.bytesIn / 1e6 / seconds).toFixed(2)) : 0,
  };
}

function describeRun(args: CliArgs, summary: ReplaySummary, delivery: Delivery): string {
  const stats = delivery.stats;
  const data = delivery.written.filter((o) => o.kind === 'data');
  const errorObjects = delivery.written.length - data.length;
  const failed = totalFailed(summary);
  const rate = summary.seconds > 0 ? Math.round(summary.recordsIn / summary.seconds) : summary.recordsIn;
  const lines = [
    `${args.handlerPath === undefined ? `blueprint ${args.blueprint}` : `handler ${args.handlerPath}`}: ${summary.recordsIn} records in (${summary.bytesIn} bytes), ${plural(summary.invocations, 'Lambda invocation')}${summary.retries > 0 ? ` (${summary.retries} retries)` : ''}`,
    `  Ok ${summary.ok}  Dropped ${summary.dropped}  ProcessingFailed ${failed}  re-ingested ${summary.reingested}`,
    `  ${summary.bytesOut} bytes out of the Lambda${args.format === 'json' ? `, delivered in ${plural(data.length, 'object')}` : ''}; ${plural(errorObjects, 'error object')}`,
    `  ${summary.seconds.toFixed(2)} s, ${rate} records/s`,
    `  output: ${args.out}`,
  ];
  const codes = Object.entries(summary.processingFailed);
  if (codes.length > 0) lines.push(`  processing-failed by error code: ${codes.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (summary.processingFailedLines.length > 0) lines.push(`  ProcessingFailed input lines: ${summary.processingFailedLines.join(', ')}${failed > summary.processingFailedLines.length ? ', …' : ''}`);
  const classes = Object.entries(summary.failureClasses);
  if (classes.length > 0) lines.push(`  failures by error class: ${classes.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (args.format !== 'json') {
    lines.push(`  ${args.format === 'orc' ? 'ORC' : 'Parquet'}: ${plural(stats.rows, 'row')} in ${plural(stats.objects, 'object')}; ${plural(stats.formatConversionFailed, 'record')} under format-conversion-failed${stats.formatConversionFailedLines.length > 0 ? ` (input lines ${stats.formatConversionFailedLines.join(', ')}${stats.formatConversionFailed > stats.formatConversionFailedLines.length ? ', …' : ''})` : ''}`);
  } else if (args.schema !== undefined) {
    lines.push(`  schema check (${args.schema}): ${plural(stats.schemaMismatches, 'delivered record')} not matching the table`);
    for (const example of stats.schemaMismatchExamples) lines.push(`    ${example}`);
  }
  const partitioning = Object.entries(stats.partitioningFailed);
  if (partitioning.length > 0) lines.push(`  dynamic partitioning failures: ${partitioning.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (summary.emptyLines > 0) lines.push(`  ${summary.emptyLines} empty lines skipped`);
  if (summary.rejectedByProducerApi.length > 0) {
    lines.push(`  ${summary.rejectedByProducerApi.length} records over 1,000 KiB that Firehose would refuse at PutRecord (lines ${summary.rejectedByProducerApi.slice(0, 10).join(', ')}${summary.rejectedByProducerApi.length > 10 ? ', …' : ''})`);
  }
  return lines.join('\n');
}

/** Loads a handler module (TypeScript through tsx, or a built bundle) exporting `handler`. */
async function loadHandlerModule(path: string): Promise<ReplayHandler> {
  let module: { handler?: unknown };
  try {
    module = (await import(pathToFileURL(resolve(path)).href)) as { handler?: unknown };
  } catch (error) {
    throw new InputFileError(`cannot load --handler ${path}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
  }
  if (typeof module.handler !== 'function') throw new InputFileError(`--handler ${path} does not export a function named handler`);
  return module.handler as ReplayHandler;
}

function exitCodeFor(failOn: FailOn, summary: ReplaySummary, delivery: Delivery): number {
  const processing = totalFailed(summary) + Object.values(delivery.stats.partitioningFailed).reduce((a, b) => a + b, 0);
  const conversion = delivery.stats.formatConversionFailed;
  if (failOn === 'never') return 0;
  if (failOn === 'processing-failed') return processing > 0 ? 1 : 0;
  if (failOn === 'format-conversion-failed') return conversion > 0 ? 1 : 0;
  return processing + conversion > 0 ? 1 : 0;
}

/** The flags a stream configuration stands for; flags on the command line come after them and win. */
export function configToArgs(config: StreamConfig): string[] {
  const args: string[] = [];
  const add = (flag: string, value: string | number | boolean | undefined): void => {
    if (value === undefined || value === false) return;
    args.push(`--${flag}`);
    if (value !== true) args.push(String(value));
  };
  add('source', config.source?.kind);
  add('shards', config.source?.shards);
  add('stream', config.streamName);
  add('blueprint', config.blueprint);
  for (const [name, value] of Object.entries(config.env ?? {})) add('env', `${name}=${value}`);
  add('lambda-buffer-mb', config.processing?.bufferSizeMB);
  add('lambda-buffer-seconds', config.processing?.bufferIntervalSeconds);
  add('retries', config.processing?.retries);
  add('timeout', config.processing?.timeoutSeconds);
  add('buffer-mb', config.buffering?.sizeMB);
  add('buffer-seconds', config.buffering?.intervalSeconds);
  add('prefix', config.prefix);
  add('error-prefix', config.errorOutputPrefix);
  add('custom-time-zone', config.customTimeZone);
  add('file-extension', config.fileExtension);
  add('compression', config.compression);
  add('append-delimiter', config.appendDelimiter);
  if (config.dynamicPartitioning?.enabled === true) {
    add('dynamic-partitioning', true);
    add('partition-query', config.dynamicPartitioning.query);
    const d = config.dynamicPartitioning.deaggregation;
    add('deaggregation', d === undefined ? undefined : d === 'JSON' ? 'json' : `delimited:${d.delimiter}`);
  }
  if (config.format !== undefined) {
    add('format', config.format.kind);
    add('schema', config.format.schema);
    add('serde', config.format.serde);
    for (const [name, value] of Object.entries(config.format.serdeOptions ?? {})) add('serde-option', `${name}=${String(value)}`);
    for (const [name, value] of Object.entries(config.format.serializerOptions ?? {})) add(config.format.kind === 'orc' ? 'orc' : 'parquet', `${name}=${String(value)}`);
  }
  return args;
}

/** The command line with a --config file's flags in front (the file is read and checked first). */
async function withConfig(argv: string[]): Promise<string[]> {
  const at = argv.indexOf('--config');
  const inline = argv.find((a) => a.startsWith('--config='));
  const path = at !== -1 ? argv[at + 1] : inline?.slice('--config='.length);
  if (path === undefined) return argv;
  const { config } = await loadStreamConfig(path);
  return [...configToArgs(config), ...argv];
}

export async function main(argv: string[]): Promise<number> {
  let args: CliArgs | 'help';
  try {
    args = parseCli(await withConfig(argv));
  } catch (error) {
    process.stderr.write(`transform: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof UsageError || error instanceof StreamConfigError ? 2 : 1;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    args.files = await expandInputPatterns(args.files);
  } catch (error) {
    process.stderr.write(`transform: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const definition = blueprints[args.blueprint]!;
  const env = { ...process.env, ...args.env };
  const encodeRecord = args.handlerPath === undefined && definition.producerEncoding === 'gzip' ? { encodeRecord: (line: Buffer) => gzipSync(line) } : {};
  const hint = (message: string): void => void process.stderr.write(`transform: hint: ${message}\n`);
  if (args.toFirehose !== undefined) {
    try {
      const sent = await sendToFirehose({ records: readInputs(args.files, { format: args.inputFormat, onHint: hint }), deliveryStreamArn: args.toFirehose, ...encodeRecord });
      process.stdout.write(`sent ${plural(sent.sent, 'record')} to ${streamLabel(args.toFirehose)} in ${sent.seconds.toFixed(2)} s\n`);
      if (sent.refusedLines.length > 0) process.stdout.write(`  ${plural(sent.refusedLines.length, 'line')} over 1,000 KiB not sent (lines ${sent.refusedLines.slice(0, 10).join(', ')})\n`);
      if (sent.failedLines.length > 0) process.stdout.write(`  ${plural(sent.failedLines.length, 'record')} rejected after every retry (lines ${sent.failedLines.slice(0, 10).join(', ')})\n`);
      // The AWS errors behind any failure, each with its code, message and fix (not retried when it cannot succeed).
      if (sent.stoppedBy !== undefined) process.stderr.write(`transform: stopped sending: ${problemText(sent.stoppedBy)}\n`);
      for (const problem of sent.problems) if (problem !== sent.stoppedBy) process.stderr.write(`transform: ${problemText(problem)}\n`);
      return sent.failedLines.length > 0 ? 1 : 0;
    } catch (error) {
      process.stderr.write(`transform: ${error instanceof Error ? error.message : String(error)}\n`);
      return error instanceof InputFileError ? 2 : 1;
    }
  }
  let sink: ObjectSink;
  let delivery: Delivery;
  let createHandler: Parameters<typeof replay>[0]['createHandler'];
  try {
    if (args.handlerPath === undefined) {
      // Build once up front so that a bad environment variable stops the run before any output is written.
      definition.create(env, { reingest: 'off' });
      createHandler = (overrides) => definition.create(env, overrides) as ReplayHandler;
    } else {
      const handler = await loadHandlerModule(args.handlerPath);
      createHandler = () => handler;
    }
    await checkInputs(args.files);
    const table = args.glueTable !== undefined ? await getGlueTable(args.glueTable.database, args.glueTable.table) : args.schema === undefined ? undefined : await loadGlueTable(args.schema);
    const s3 = parseS3Url(args.out);
    if (s3 !== undefined) {
      // An endpoint override means an S3 stand-in (moto, MinIO…), which wants path-style addressing.
      const standIn = (process.env['AWS_ENDPOINT_URL_S3'] ?? process.env['AWS_ENDPOINT_URL'] ?? '') !== '';
      sink = s3ObjectSink({ bucket: s3.bucket, prefix: s3.prefix, client: standIn ? { forcePathStyle: true } : {} });
    } else {
      if (args.out.startsWith('s3://')) throw new UsageError(`--out ${args.out}: write s3://bucket or s3://bucket/prefix with a valid bucket name`);
      sink = await LocalFolderSink.open(resolve(args.out));
    }
    const config = {
      streamName: args.streamName,
      streamVersion: args.streamVersion,
      bufferBytes: args.bufferBytes,
      bufferSeconds: args.bufferSeconds,
      prefixes: args.prefixes,
      ...(args.fileExtension === undefined ? {} : { fileExtension: args.fileExtension }),
      ...(args.dynamicPartitioning === undefined ? {} : { dynamicPartitioning: args.dynamicPartitioning }),
    };
    delivery =
      args.format === 'parquet' && table !== undefined
        ? parquetDelivery(sink, { ...config, table, serde: args.serde, parquet: args.parquet, region: 'us-east-1' })
        : args.format === 'orc' && table !== undefined
          ? orcDelivery(sink, { ...config, table, serde: args.serde, orc: args.orc, region: 'us-east-1' })
          : rawDelivery(sink, { ...config, compression: args.compression, appendDelimiter: args.appendDelimiter, ...(table === undefined ? {} : { schemaCheck: table }) });
  } catch (error) {
    process.stderr.write(`transform: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof InputFileError || error instanceof GlueSchemaError || error instanceof UsageError ? 2 : 1;
  }
  const lambdaArn = `arn:aws:lambda:us-east-1:${PLACEHOLDER_ACCOUNT_ID}:function:${args.handlerPath === undefined ? args.blueprint : 'handler'}`;
  const invoker: ReplayInvoker | undefined =
    args.workers > 1
      ? workerInvoker(args.handlerPath === undefined ? { kind: 'blueprint', name: args.blueprint, env } : { kind: 'module', path: resolve(args.handlerPath) }, args.workers)
      : undefined;
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort();
  process.once('SIGINT', onSigint);
  let emptyLines = 0;
  const progress = await startProgress(args.files, !args.quiet);
  let summary: ReplaySummary | undefined;
  let latest: ReplaySummary | undefined;
  let failure: unknown;
  try {
    summary = await replay({
      createHandler,
      records: readInputs(args.files, { format: args.inputFormat, onEmptyLine: () => emptyLines++, onHint: hint, ...(args.arrivalField === undefined ? {} : { arrivalField: args.arrivalField }) }),
      ...encodeRecord,
      delivery,
      streamName: args.streamName,
      region: 'us-east-1',
      lambdaArn,
      ...(invoker === undefined ? {} : { invoker }),
      lambdaBufferBytes: args.lambdaBufferBytes,
      lambdaBufferSeconds: args.lambdaBufferSeconds,
      startTime: args.startTime,
      rate: args.rate,
      source: args.source,
      retries: args.retries,
      timeoutMs: args.timeoutMs,
      signal: interrupt.signal,
      onBatch: (s: ReplaySummary) => {
        latest = s;
        progress?.update(s);
      },
    });
    summary.emptyLines = emptyLines;
  } catch (error) {
    failure = error;
  } finally {
    await invoker?.close();
    process.removeListener('SIGINT', onSigint);
    // stdin stays open when the run stopped early; let the process end.
    if (args.files.includes('-')) process.stdin.destroy();
    progress?.stop();
  }
  if (failure !== undefined || summary === undefined) {
    const objects = delivery.written;
    process.stderr.write(`transform: ${failure instanceof InputFileError ? '' : 'the run failed: '}${failure instanceof Error ? failure.message : String(failure)}\n`);
    process.stderr.write(`transform: the run is INCOMPLETE; ${plural(objects.length, 'object')} written complete before the failure${objects.length > 0 ? `:\n${objects.map((o) => `  ${o.key}`).join('\n')}` : ''}\n`);
    if (latest !== undefined) await sink.put(REPORT_OBJECT, [Buffer.from(`${JSON.stringify(buildReport(latest, delivery, false), null, 2)}\n`)]).catch(() => undefined);
    return failure instanceof InputFileError ? 2 : 3;
  }
  const complete = !summary.interrupted;
  try {
    await sink.put(REPORT_OBJECT, [Buffer.from(`${JSON.stringify(buildReport(summary, delivery, complete), null, 2)}\n`)]);
  } catch (error) {
    process.stderr.write(`transform: could not write ${REPORT_OBJECT}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.stdout.write(`${describeRun(args, summary, delivery)}\n`);
  if (!complete) {
    process.stderr.write(`transform: interrupted: the run is INCOMPLETE; every object written is complete, but input after record ${summary.recordsIn} was not read\n`);
    return 3;
  }
  return exitCodeFor(args.failOn, summary, delivery);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}

/** A delivery stream ARN as people name it: the stream and its region (a name given alone carries no real account). */
function streamLabel(arn: string): string {
  const match = /^arn:aws[\w-]*:firehose:([^:]*):[^:]*:deliverystream\/(.+)$/.exec(arn);
  return match === null ? arn : `delivery stream ${match[2]} in ${match[1]}`;
}
