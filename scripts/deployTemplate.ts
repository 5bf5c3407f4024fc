/**
 * npm run deploy-template -- --blueprint NAME [--schema FILE --format parquet|orc] [--bucket B] [options]
 *
 * Renders a stack that deploys a blueprint as it is (deploy/): CloudFormation (default) or Terraform.
 * The blueprint's environment is validated here, as at the Lambda's cold start, so a bad value never
 * reaches a deployment. Flags map one to one onto deploy/'s DeployOptions.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { blueprints, blueprintVariables, describeVariables, secretVariables } from '../blueprints/index.js';
import { silentLogger } from '../blueprints/handler/index.js';
import { deployOptionsFromStreamConfig, DeployOptionError, planDeployment, renderCloudFormation, renderTerraform, type DeployOptions, type SecretSource, type StreamConfigFields } from '../deploy/index.js';
import { GlueSchemaError } from '../formats/glue/index.js';
import { createParquetStreamWriter } from '../formats/parquet/index.js';
import { createOrcStreamWriter } from '../formats/orc/index.js';
import { loadGlueTable } from '../firehose/sources/index.js';
import { parseEnvPairs, parseOrcOptions, parseParquetOptions, parseSerde, splitPair, UsageError } from './cliOptions.js';

export const USAGE = `usage: npm run deploy-template -- --blueprint NAME [options]
       npx firehose-kit deploy-template --blueprint NAME [options]

Renders a stack that deploys a blueprint as it is: the Lambda from dist/<blueprint>.zip (npm run build),
the delivery stream invoking it, an encrypted private S3 bucket, log groups with retention,
least-privilege roles, and with --schema the Glue database and table (partition projection matching the
stream's key=value prefixes, so Athena finds the data with no crawler).

options:
  --config FILE           the stream configuration file npm run transform -- --config reads; flags override it
  --blueprint NAME        ${Object.keys(blueprints).join(', ')} (default process-record)
  --output KIND           cloudformation (default, JSON) or terraform (main.tf)
  --bucket NAME           the S3 bucket the stack creates (default: a parameter / variable to set at deploy time)
  --stream-name NAME      delivery stream name (default firehose-kit-<blueprint>)
  --env NAME=VALUE        blueprint environment variable (repeatable; checked now, as at cold start)
  --secret NAME=SOURCE    secret variable, never written into the template: generate (a new Secrets Manager
                          secret), ssm:/parameter/name (SecureString) or secretsmanager:ARN (repeatable)
  --schema FILE           Glue table (glue-schemas/*.json) created for the delivered data
  --format FORMAT         json (default), parquet or orc (Firehose record format conversion; needs --schema)
  --database NAME         Glue database the stack creates (default: the schema's, else firehose_kit)
  --serde NAME, --serde-option N=V, --parquet N=V      as for npm run transform
  --orc N=V               OrcSerDe option with Firehose's name (repeatable)
  --source KIND           direct-put (default) or kinesis (an encrypted Kinesis data stream feeds the stream)
  --api-gateway TARGET    firehose or kinesis: a REST API, POST /events writes the body as one record
  --api-auth KIND         iam (default) or api-key
  --subscription-filter   add a CloudWatch Logs subscription filter (default on for cloudwatch-logs-to-json)
  --no-subscription-filter
  --filter-pattern TEXT   the subscription filter's pattern (default: every event)
  --lambda-buffer-mb N    Lambda processor BufferSizeInMBs (0.2 to 3, default 1)
  --lambda-buffer-seconds N  BufferIntervalInSeconds (60 to 900, default 60)
  --retries N             NumberOfRetries (0 to 300, default 3)
  --s3-buffer-mb N        S3 SizeInMBs (1 to 128; default 5, at least 64 with conversion)
  --s3-buffer-seconds N   S3 IntervalInSeconds (0 to 900, default 300)
  --compression NAME      raw output's CompressionFormat: GZIP (default), UNCOMPRESSED, ZIP, Snappy, HADOOP_SNAPPY
  --append-delimiter      add Firehose's AppendDelimiterToRecord processor
  --runtime NAME          Lambda runtime (default nodejs22.x; nodejs22.x or newer)
  --log-retention-days N  log group retention (default 30)
  --out FILE              write there (default: standard output)
  --help                  this text

examples:
  npm run deploy-template -- --blueprint apache-log-to-json --schema glue-schemas/web_access_logs.json --format parquet --bucket my-logs
  npm run deploy-template -- --blueprint pii-redaction --env PII_MODE=hash --secret PII_HASH_KEY=generate --source kinesis --api-gateway kinesis
  npm run deploy-template -- --blueprint cloudwatch-logs-to-json --output terraform --out main.tf`;

function numberFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) throw new UsageError(`${flag} ${text}: give a number`);
  return value;
}

function parseSecret(pair: string): [string, SecretSource] {
  const [name, source] = splitPair('--secret', pair);
  if (source === 'generate') return [name, { kind: 'generate' }];
  if (source.startsWith('ssm:')) return [name, { kind: 'ssm', name: source.slice(4) }];
  if (source.startsWith('secretsmanager:')) return [name, { kind: 'secretsmanager', arn: source.slice('secretsmanager:'.length) }];
  throw new UsageError(`--secret ${pair}: the source is generate, ssm:/parameter/name or secretsmanager:ARN`);
}

/** Runs the command line; returns the exit code (0 ok, 1 a bad value, 2 a bad command line or file). */
export async function main(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        blueprint: { type: 'string' },
        config: { type: 'string' },
        compression: { type: 'string' },
        output: { type: 'string', default: 'cloudformation' },
        bucket: { type: 'string' },
        'stream-name': { type: 'string' },
        env: { type: 'string', multiple: true, default: [] },
        secret: { type: 'string', multiple: true, default: [] },
        schema: { type: 'string' },
        format: { type: 'string' },
        database: { type: 'string' },
        serde: { type: 'string' },
        'serde-option': { type: 'string', multiple: true, default: [] },
        parquet: { type: 'string', multiple: true, default: [] },
        orc: { type: 'string', multiple: true, default: [] },
        source: { type: 'string' },
        'api-gateway': { type: 'string' },
        'api-auth': { type: 'string', default: 'iam' },
        'subscription-filter': { type: 'boolean' },
        'no-subscription-filter': { type: 'boolean' },
        'filter-pattern': { type: 'string' },
        'lambda-buffer-mb': { type: 'string' },
        'lambda-buffer-seconds': { type: 'string' },
        retries: { type: 'string' },
        's3-buffer-mb': { type: 'string' },
        's3-buffer-seconds': { type: 'string' },
        'append-delimiter': { type: 'boolean' },
        runtime: { type: 'string' },
        'log-retention-days': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      // With --blueprint, also that blueprint's environment variables (declared in blueprints/environment.ts).
      const named = values.blueprint !== undefined && blueprints[values.blueprint] !== undefined ? values.blueprint : undefined;
      const variables = named !== undefined ? `\n\nenvironment of ${named} (--env NAME=VALUE, --secret for secrets):\n${describeVariables(blueprintVariables(named)).map((line) => `  ${line}`).join('\n')}` : '\n\n(add --blueprint NAME to --help to list that blueprint\'s environment variables)';
      process.stdout.write(`${USAGE}${variables}\n`);
      return 0;
    }
    if (values.output !== 'cloudformation' && values.output !== 'terraform') throw new UsageError(`--output ${values.output}: use cloudformation or terraform`);
    // The stream configuration file (as npm run transform -- --config reads it), then the flags over it.
    const config = values.config === undefined ? undefined : await readConfig(values.config);
    const format = values.format ?? config?.format?.kind ?? 'json';
    if (format !== 'json' && format !== 'parquet' && format !== 'orc') throw new UsageError(`--format ${format}: use json, parquet or orc`);
    const schemaPath = values.schema ?? config?.format?.schema;
    if (format !== 'json' && schemaPath === undefined) throw new UsageError(`--format ${format} needs --schema FILE (the Glue table Firehose converts records to)`);
    const source = values.source;
    if (source !== undefined && source !== 'direct-put' && source !== 'kinesis') throw new UsageError(`--source ${source}: use direct-put or kinesis`);
    const api = values['api-gateway'];
    if (api !== undefined && api !== 'firehose' && api !== 'kinesis') throw new UsageError(`--api-gateway ${api}: use firehose or kinesis`);
    const auth = values['api-auth'];
    if (auth !== 'iam' && auth !== 'api-key') throw new UsageError(`--api-auth ${auth}: use iam or api-key`);
    const table = schemaPath === undefined ? undefined : await loadGlueTable(schemaPath);
    const base: DeployOptions = config === undefined ? { blueprint: 'process-record' } : deployOptionsFromStreamConfig(config, table);
    const blueprint = values.blueprint ?? base.blueprint;
    const definition = blueprints[blueprint];
    if (definition === undefined) throw new UsageError(`--blueprint ${blueprint} is not known; use one of: ${Object.keys(blueprints).join(', ')}`);
    const environment = { ...base.environment, ...parseEnvPairs(values.env) };
    const secrets = Object.fromEntries(values.secret.map(parseSecret));
    const serializerFlags = format === 'orc' ? parseOrcOptions(values.orc) : parseParquetOptions(values.parquet);
    // Validate now what the Lambda validates at cold start (secrets get a stand-in value), and the Parquet options.
    const secretStandIns = Object.fromEntries(Object.keys(secrets).map((name) => [name, 'stand-in-secret-value-for-validation']));
    definition.create({ ...environment, ...secretStandIns }, { logger: silentLogger, reingest: 'off' });
    const serializer = { ...base.serializer, ...serializerFlags } as DeployOptions['serializer'] & object;
    if (format === 'parquet' && table !== undefined) createParquetStreamWriter(table.columns, serializer as never, { write: () => undefined });
    // The ORC writer checks OrcSerDe options against Firehose's ranges, as the Parquet writer checks its own.
    if (format === 'orc' && table !== undefined) createOrcStreamWriter(table.columns, serializer as never, { write: () => undefined });
    const subscription = values['no-subscription-filter'] === true ? false : values['subscription-filter'] === true || values['filter-pattern'] !== undefined ? { ...(values['filter-pattern'] === undefined ? {} : { filterPattern: values['filter-pattern'] }) } : undefined;
    const options: DeployOptions = {
      ...base,
      blueprint,
      environment,
      secrets,
      secretVariables: secretVariables(blueprint),
      ...(values['stream-name'] === undefined ? {} : { streamName: values['stream-name'] }),
      ...(values.bucket === undefined ? {} : { bucketName: values.bucket }),
      ...(table === undefined ? {} : { table }),
      ...(values.database === undefined ? {} : { databaseName: values.database }),
      format,
      ...(values.serde === undefined && values['serde-option'].length === 0 ? {} : { serde: parseSerde(values.serde ?? 'openx', values['serde-option']) }),
      serializer,
      processing: { ...base.processing, ...dropUndefined({ bufferSizeMb: numberFlag('--lambda-buffer-mb', values['lambda-buffer-mb']), bufferIntervalSeconds: numberFlag('--lambda-buffer-seconds', values['lambda-buffer-seconds']), numberOfRetries: numberFlag('--retries', values.retries) }) },
      buffering: { ...base.buffering, ...dropUndefined({ sizeMb: numberFlag('--s3-buffer-mb', values['s3-buffer-mb']), intervalSeconds: numberFlag('--s3-buffer-seconds', values['s3-buffer-seconds']) }) },
      ...(values.compression === undefined ? {} : { compression: values.compression }),
      ...(values['append-delimiter'] === undefined ? {} : { appendDelimiter: values['append-delimiter'] }),
      ...(source === undefined ? {} : { source }),
      ...(api === undefined ? {} : { apiGateway: { target: api, authorization: auth } }),
      ...(subscription === undefined ? {} : { subscriptionFilter: subscription }),
      ...(values.runtime === undefined ? {} : { runtime: values.runtime }),
      ...(values['log-retention-days'] === undefined ? {} : { logRetentionDays: numberFlag('--log-retention-days', values['log-retention-days'])! }),
    };
    const plan = planDeployment(options);
    const text = values.output === 'terraform' ? renderTerraform(plan) : `${JSON.stringify(renderCloudFormation(plan), null, 2)}\n`;
    if (values.out === undefined) process.stdout.write(text);
    else {
      await writeFile(values.out, text);
      const next =
        values.output === 'terraform'
          ? `terraform init && terraform apply -var code_bucket=…${plan.bucketName === undefined ? ' -var bucket_name=…' : ''}`
          : `aws cloudformation deploy --template-file ${values.out} --stack-name ${plan.streamName} --capabilities CAPABILITY_IAM --parameter-overrides CodeBucket=…${plan.bucketName === undefined ? ' BucketName=…' : ''}`;
      process.stdout.write(`wrote ${values.out}; upload dist/${plan.blueprint}.zip to your code bucket, then: ${next}\n`);
    }
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof UsageError || (error instanceof TypeError && 'code' in error);
    process.stderr.write(`deploy-template: ${message}${usage ? ' (npm run deploy-template -- --help)' : ''}\n`);
    return usage || error instanceof GlueSchemaError ? 2 : error instanceof DeployOptionError ? 2 : 1;
  }
}

/** The stream configuration file, as JSON (firehose/config validates it fully where the replay reads it). */
async function readConfig(path: string): Promise<StreamConfigFields> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`--config ${path}: cannot be read`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`--config ${path}: not a JSON object`);
    return value as StreamConfigFields;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--config ${path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function dropUndefined<T extends Record<string, number | undefined>>(value: T): { [K in keyof T]?: number } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: number };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
