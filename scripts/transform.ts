/**
 * npm run transform -- FILE [--blueprint NAME] [--out DIR] [options]
 *
 * Replays a file of producer records (one per line) through a blueprint as Firehose would, and writes
 * what Firehose would deliver to S3 into DIR. Argument parsing, progress and exit codes only; the work
 * is done by firehose/replay/replay.ts.
 */
import { PLACEHOLDER_ACCOUNT_ID } from '../limits/index.js';
import { gzipSync } from 'node:zlib';
import { basename, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { blueprints } from '../blueprints/registry.js';
import { HANDLER_ENV } from '../blueprints/handler/handlerEnv.js';
import { LocalFolderSink } from '../firehose/sinks/localFolderSink.js';
import { parquetDelivery, rawDelivery, type DeliveryStats } from '../firehose/delivery/delivery.js';
import { orcDelivery } from '../firehose/delivery/orcDelivery.js';
import { InputFileError } from '../firehose/sources/errors.js';
import type { JsonSerDe } from '../formats/serde/deserializeJson.js';
import { GlueSchemaError } from '../formats/glue/errors.js';
import { loadGlueTable } from '../firehose/sources/glueTableFile.js';
import type { ParquetSerDeOptions } from '../formats/parquet/writeParquet.js';
import type { OrcSerDeOptions } from '../formats/orc/writeOrc.js';
import { parseEnvPairs, parseOrcOptions, parseParquetOptions, parseSerde, plural, UsageError } from './cliOptions.js';
import { readProducerRecords } from '../firehose/sources/producerRecords.js';
import { replay, type ReplaySummary } from '../firehose/replay/replay.js';
import { sendToFirehose } from '../aws/sendToFirehose.js';

const USAGE = `usage: npm run transform -- FILE [options]

Replays FILE (one producer record per line: JSON lines, or text lines for log blueprints) through a
blueprint exactly as Firehose would, and writes what Firehose would deliver to S3.

options:
  --blueprint NAME     blueprint to run (default process-record): ${Object.keys(blueprints).join(', ')}
  --out DIR            output folder, the stand-in for the S3 bucket (default out/<blueprint>)
  --env NAME=VALUE     set a blueprint environment variable (repeatable; the process environment is read too)
  --stream-name NAME   delivery stream name used in object names (default: the input file's base name)
  --lambda-buffer-mb N Lambda buffering hint in MB (default 1, Firehose's default; 0.2 to 3)
  --s3-buffer-mb N     S3 buffering hint in MB (default 5, Firehose's default)
  --start-time ISO     arrival time of the first record (default: now)
  --schema FILE        a Glue table (glue-schemas/*.json, or \`aws glue get-table\` output): checks every
                       delivered record against it, or drives --format parquet|orc
  --format FORMAT      json (default: records as the blueprint wrote them), parquet or orc (Firehose's
                       record format conversion with --schema; records that do not convert go to
                       format-conversion-failed/)
  --serde NAME         deserializer for --format parquet|orc: openx (default, OpenXJsonSerDe) or hive
  --serde-option N=V   OpenXJsonSerDe / HiveJsonSerDe option with Firehose's name (repeatable):
                       CaseInsensitive=true, ConvertDotsInJsonKeysToUnderscores=true,
                       ColumnToJsonKeyMappings=column:key, TimestampFormats=pattern
  --parquet N=V        ParquetSerDe option with Firehose's name (repeatable): Compression=SNAPPY|GZIP|
                       UNCOMPRESSED, BlockSizeBytes=N, PageSizeBytes=N, EnableDictionaryCompression=true,
                       WriterVersion=V1|V2, TimestampEncoding=INT64_MICROS|INT96
  --orc N=V            OrcSerDe option with Firehose's name (repeatable): Compression=SNAPPY|ZLIB|NONE,
                       StripeSizeBytes=N, BlockSizeBytes=N, RowIndexStride=N, EnablePadding=true,
                       PaddingTolerance=0.05, DictionaryKeyThreshold=0.8, BloomFilterColumns=a,b,
                       BloomFilterFalsePositiveProbability=0.05, FormatVersion=V0_11|V0_12
  --to-firehose NAME   send the records into a real delivery stream (name or ARN) with PutRecordBatch
                       instead of replaying them here; Firehose then runs the Lambda and delivery. Uses
                       the AWS SDK's default credentials; --region (or AWS_REGION) with a bare name
  --region REGION      region of --to-firehose NAME
  --help               this text

Common blueprint environment variables:
${Object.entries(HANDLER_ENV).map(([k, v]) => `  ${k.padEnd(20)} ${v}`).join('\n')}`;

interface CliArgs {
  file: string;
  blueprint: string;
  out: string;
  env: Record<string, string>;
  streamName: string;
  lambdaBufferBytes: number;
  s3BufferBytes: number;
  startTime: number;
  schema: string | undefined;
  format: 'json' | 'parquet' | 'orc';
  serde: JsonSerDe;
  parquet: ParquetSerDeOptions;
  orc: OrcSerDeOptions;
  /** Delivery stream ARN to send the records to, instead of replaying them. */
  toFirehose: string | undefined;
}

function parseCli(argv: string[]): CliArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        blueprint: { type: 'string', default: 'process-record' },
        out: { type: 'string' },
        env: { type: 'string', multiple: true, default: [] },
        'stream-name': { type: 'string' },
        'lambda-buffer-mb': { type: 'string', default: '1' },
        's3-buffer-mb': { type: 'string', default: '5' },
        'start-time': { type: 'string' },
        schema: { type: 'string' },
        format: { type: 'string', default: 'json' },
        serde: { type: 'string', default: 'openx' },
        'serde-option': { type: 'string', multiple: true, default: [] },
        parquet: { type: 'string', multiple: true, default: [] },
        orc: { type: 'string', multiple: true, default: [] },
        'to-firehose': { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the input FILE' : `give one input FILE, got ${positionals.length}`);
  const file = positionals[0]!;
  const blueprint = values.blueprint;
  if (!(blueprint in blueprints)) throw new UsageError(`--blueprint ${blueprint} is not known; use one of: ${Object.keys(blueprints).join(', ')}`);
  const env = parseEnvPairs(values.env);
  const megabytes = (name: string, text: string, min: number, max: number): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} ${text}: give a number of MB from ${min} to ${max}`);
    return Math.round(n * 1024 * 1024);
  };
  let startTime = Date.now();
  if (values['start-time'] !== undefined) {
    startTime = Date.parse(values['start-time']);
    if (!Number.isFinite(startTime)) throw new UsageError(`--start-time ${values['start-time']}: give an ISO-8601 time such as 2025-01-31T12:00:00Z`);
  }
  const format = values.format;
  if (format !== 'json' && format !== 'parquet' && format !== 'orc') throw new UsageError(`--format ${format}: use json, parquet or orc`);
  if (format !== 'json' && values.schema === undefined) throw new UsageError(`--format ${format} needs --schema FILE (the Glue table that drives the conversion)`);
  let toFirehose: string | undefined;
  if (values['to-firehose'] !== undefined) {
    const stream = values['to-firehose'];
    const region = values.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'];
    if (stream.startsWith('arn:')) toFirehose = stream;
    else if (region === undefined || region === '') throw new UsageError(`--to-firehose ${stream}: give --region (or set AWS_REGION), or the stream's ARN`);
    else if (!/^[a-zA-Z0-9_.-]{1,64}$/.test(stream)) throw new UsageError(`--to-firehose ${stream}: a delivery stream name has 1-64 letters, digits, _ . or -`);
    // The account part of the ARN is not used to address the stream; the name and region are.
    else toFirehose = `arn:aws:firehose:${region}:000000000000:deliverystream/${stream}`;
    if (values.format !== 'json' || values.schema !== undefined) throw new UsageError('--to-firehose sends records as they are; --schema and --format belong to the local replay');
  }
  return {
    toFirehose,
    schema: values.schema,
    format,
    serde: parseSerde(values.serde, values['serde-option']),
    parquet: parseParquetOptions(values.parquet),
    orc: parseOrcOptions(values.orc),
    file,
    blueprint,
    out: values.out ?? `out/${blueprint}`,
    env,
    streamName: values['stream-name'] ?? (basename(file, extname(file)).replace(/[^a-zA-Z0-9_.-]/g, '-') || 'stream'),
    lambdaBufferBytes: megabytes('lambda-buffer-mb', values['lambda-buffer-mb'], 0.2, 3),
    s3BufferBytes: megabytes('s3-buffer-mb', values['s3-buffer-mb'], 1, 128),
    startTime,
  };
}

function report(args: CliArgs, summary: ReplaySummary, objects: { key: string; bytes: number; records: number }[], stats: DeliveryStats): string {
  const delivered = objects.filter((o) => !o.key.startsWith('processing-failed/') && !o.key.startsWith('format-conversion-failed/'));
  const failedObjects = objects.length - delivered.length;
  const rate = summary.seconds > 0 ? Math.round(summary.recordsIn / summary.seconds) : summary.recordsIn;
  const lines = [
    `blueprint ${args.blueprint}: ${summary.recordsIn} records in (${summary.bytesIn} bytes), ${summary.invocations} Lambda invocations`,
    `  Ok ${summary.ok}  Dropped ${summary.dropped}  ProcessingFailed ${summary.processingFailed}  re-ingested ${summary.reingested}`,
    `  ${summary.bytesOut} bytes out of the Lambda${args.format === 'json' ? `, delivered in ${plural(delivered.length, 'object')}` : ''}; ${plural(failedObjects, 'error object')}`,
    `  ${summary.seconds.toFixed(2)} s, ${rate} records/s`,
    `  output: ${args.out}`,
  ];
  if (summary.processingFailedLines.length > 0) lines.push(`  ProcessingFailed input lines: ${summary.processingFailedLines.join(', ')}${summary.processingFailed > summary.processingFailedLines.length ? ', …' : ''}`);
  if (args.format !== 'json') {
    lines.push(`  ${args.format === 'orc' ? 'ORC' : 'Parquet'}: ${plural(stats.rows, 'row')} in ${plural(stats.objects, 'object')}; ${plural(stats.formatConversionFailed, 'record')} under format-conversion-failed/${stats.formatConversionFailedLines.length > 0 ? ` (input lines ${stats.formatConversionFailedLines.join(', ')}${stats.formatConversionFailed > stats.formatConversionFailedLines.length ? ', …' : ''})` : ''}`);
  } else if (args.schema !== undefined) {
    lines.push(`  schema check (${args.schema}): ${plural(stats.schemaMismatches, 'delivered record')} not matching the table`);
    for (const example of stats.schemaMismatchExamples) lines.push(`    ${example}`);
  }
  const classes = Object.entries(summary.failureClasses);
  if (classes.length > 0) lines.push(`  failures by error class: ${classes.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (summary.emptyLines > 0) lines.push(`  ${summary.emptyLines} empty lines skipped`);
  if (summary.rejectedByProducerApi.length > 0) {
    lines.push(`  ${summary.rejectedByProducerApi.length} lines over 1,000 KiB that Firehose would refuse at PutRecord (lines ${summary.rejectedByProducerApi.slice(0, 10).join(', ')}${summary.rejectedByProducerApi.length > 10 ? ', …' : ''})`);
  }
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  let args: CliArgs | 'help';
  try {
    args = parseCli(argv);
  } catch (error) {
    process.stderr.write(`transform: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const definition = blueprints[args.blueprint]!;
  const env = { ...process.env, ...args.env };
  const encodeRecord = definition.producerEncoding === 'gzip' ? { encodeRecord: (line: Buffer) => gzipSync(line) } : {};
  if (args.toFirehose !== undefined) {
    try {
      const sent = await sendToFirehose({ records: readProducerRecords(args.file), deliveryStreamArn: args.toFirehose, ...encodeRecord });
      process.stdout.write(`sent ${plural(sent.sent, 'record')} to ${args.toFirehose} in ${sent.seconds.toFixed(2)} s\n`);
      if (sent.refusedLines.length > 0) process.stdout.write(`  ${plural(sent.refusedLines.length, 'line')} over 1,000 KiB not sent (lines ${sent.refusedLines.slice(0, 10).join(', ')})\n`);
      if (sent.failedLines.length > 0) process.stdout.write(`  ${plural(sent.failedLines.length, 'record')} rejected after every retry (lines ${sent.failedLines.slice(0, 10).join(', ')})\n`);
      return sent.failedLines.length > 0 ? 1 : 0;
    } catch (error) {
      process.stderr.write(`transform: ${error instanceof Error ? error.message : String(error)}\n`);
      return error instanceof InputFileError ? 2 : 1;
    }
  }
  try {
    // Build once up front so that a bad environment variable stops the run before any output is written.
    definition.create(env, { reingest: 'off' });
    const table = args.schema === undefined ? undefined : await loadGlueTable(args.schema);
    const sink = await LocalFolderSink.open(resolve(args.out));
    const delivery =
      args.format === 'parquet' && table !== undefined
        ? parquetDelivery(sink, { table, serde: args.serde, parquet: args.parquet, bufferBytes: args.s3BufferBytes, streamName: args.streamName, region: 'us-east-1' })
        : args.format === 'orc' && table !== undefined
          ? orcDelivery(sink, { table, serde: args.serde, orc: args.orc, bufferBytes: args.s3BufferBytes, streamName: args.streamName, region: 'us-east-1' })
          : rawDelivery(sink, { streamName: args.streamName, bufferBytes: args.s3BufferBytes }, table === undefined ? undefined : { table });
    let emptyLines = 0;
    const summary = await replay({
      createHandler: (overrides) => definition.create(env, overrides),
      records: readProducerRecords(args.file, () => emptyLines++),
      ...encodeRecord,
      delivery,
      streamName: args.streamName,
      region: 'us-east-1',
      lambdaArn: `arn:aws:lambda:us-east-1:${PLACEHOLDER_ACCOUNT_ID}:function:${args.blueprint}`,
      lambdaBufferBytes: args.lambdaBufferBytes,
      startTime: args.startTime,
    });
    summary.emptyLines = emptyLines;
    process.stdout.write(`${report(args, summary, [...delivery.written], delivery.stats)}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`transform: ${message}\n`);
    return error instanceof InputFileError || error instanceof GlueSchemaError ? 2 : 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
