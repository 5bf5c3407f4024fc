/**
 * npm run deploy-template -- --blueprint NAME [--env NAME=VALUE]... [--schema FILE [--format parquet]] [--out FILE]
 *
 * Writes a CloudFormation template (JSON) that deploys a blueprint as a Firehose transformation Lambda
 * with its delivery stream (see deploy/deployTemplate.ts). The blueprint's environment is validated
 * here, as at the Lambda's cold start, so a bad value never reaches a deployment.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { silentLogger } from '../blueprints/handler/logger.js';
import { blueprints } from '../blueprints/registry.js';
import { deployTemplate } from '../deploy/deployTemplate.js';
import { GlueSchemaError } from '../formats/glue/errors.js';
import { loadGlueTable } from '../firehose/sources/glueTableFile.js';
import { createParquetWriter } from '../formats/parquet/writeParquet.js';
import { createOrcWriter } from '../formats/orc/writeOrc.js';
import { parseEnvPairs, parseOrcOptions, parseParquetOptions, parseSerde, UsageError } from './cliOptions.js';

const USAGE = `usage: npm run deploy-template -- [options]

Writes a CloudFormation template that deploys a blueprint: its Lambda (code from the zipped dist/<name>/ of
npm run build, in an S3 bucket you name at deploy time), a Direct PUT delivery stream to your S3 bucket that
invokes it, the IAM roles, and with --schema the Glue table (and Parquet conversion with --format parquet).

options:
  --blueprint NAME     ${Object.keys(blueprints).join(', ')} (default process-record)
  --env NAME=VALUE     blueprint environment variable for the Lambda (repeatable; checked now)
  --stream-name NAME   delivery stream name (default firehose-kit-<blueprint>)
  --schema FILE        Glue table (glue-schemas/*.json) to create for the delivered data
  --format FORMAT      json (default), parquet or orc (Firehose record format conversion; needs --schema)
  --serde NAME, --serde-option N=V, --parquet N=V, --orc N=V   as for npm run transform
  --lambda-buffer-mb N Lambda buffering hint (default 1)
  --s3-buffer-mb N     S3 buffering hint (default 5; at least 64 with --format parquet)
  --out FILE           write the template there (default: standard output)
  --help               this text`;

export async function main(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        blueprint: { type: 'string', default: 'process-record' },
        env: { type: 'string', multiple: true, default: [] },
        'stream-name': { type: 'string' },
        schema: { type: 'string' },
        format: { type: 'string', default: 'json' },
        serde: { type: 'string', default: 'openx' },
        'serde-option': { type: 'string', multiple: true, default: [] },
        parquet: { type: 'string', multiple: true, default: [] },
        orc: { type: 'string', multiple: true, default: [] },
        'lambda-buffer-mb': { type: 'string', default: '1' },
        's3-buffer-mb': { type: 'string', default: '5' },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
    void positionals;
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const definition = blueprints[values.blueprint];
    if (definition === undefined) throw new UsageError(`--blueprint ${values.blueprint} is not known; use one of: ${Object.keys(blueprints).join(', ')}`);
    const format = values.format;
    if (format !== 'json' && format !== 'parquet' && format !== 'orc') throw new UsageError(`--format ${format}: use json, parquet or orc`);
    if (format !== 'json' && values.schema === undefined) throw new UsageError(`--format ${format} needs --schema FILE`);
    const lambdaBufferMb = Number(values['lambda-buffer-mb']);
    if (!(lambdaBufferMb >= 0.2 && lambdaBufferMb <= 3)) throw new UsageError(`--lambda-buffer-mb ${values['lambda-buffer-mb']}: give 0.2 to 3 (Firehose's range)`);
    const s3BufferMb = Number(values['s3-buffer-mb']);
    if (!Number.isInteger(s3BufferMb) || s3BufferMb < 1 || s3BufferMb > 128) throw new UsageError(`--s3-buffer-mb ${values['s3-buffer-mb']}: give a whole number from 1 to 128`);
    const streamName = values['stream-name'] ?? `firehose-kit-${values.blueprint}`;
    if (!/^[a-zA-Z0-9_.-]{1,64}$/.test(streamName)) throw new UsageError(`--stream-name ${streamName}: use 1-64 letters, digits, _ . or -`);
    const environment = parseEnvPairs(values.env);
    const serde = parseSerde(values.serde, values['serde-option']);
    const parquet = parseParquetOptions(values.parquet);
    const orc = parseOrcOptions(values.orc);
    // Validate now what the Lambda would validate at cold start, and the Parquet options Firehose would get.
    definition.create(environment, { logger: silentLogger, reingest: 'off' });
    const table = values.schema === undefined ? undefined : await loadGlueTable(values.schema);
    if (format === 'parquet') createParquetWriter(table!.columns, parquet);
    if (format === 'orc') createOrcWriter(table!.columns, orc);
    const template = deployTemplate({ blueprint: values.blueprint, environment, streamName, format, serde, parquet, orc, lambdaBufferMb, s3BufferMb, ...(table === undefined ? {} : { table }) });
    const text = `${JSON.stringify(template, null, 2)}\n`;
    if (values.out === undefined) process.stdout.write(text);
    else {
      await writeFile(values.out, text);
      process.stdout.write(`wrote ${values.out}: deploy with aws cloudformation deploy --template-file ${values.out} --stack-name ${streamName} --capabilities CAPABILITY_IAM --parameter-overrides DestinationBucketArn=… CodeBucket=…\n`);
    }
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof UsageError || (error instanceof TypeError && 'code' in error);
    process.stderr.write(`deploy-template: ${message}\n${usage ? `${USAGE}\n` : ''}`);
    return usage || error instanceof GlueSchemaError ? 2 : 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
