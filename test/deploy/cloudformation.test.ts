/**
 * Rendered CloudFormation: every variant passes cfn-lint (run here; the test fails when cfn-lint is
 * missing), the Firehose, Glue and Logs resources validate against AWS's published resource schemas, the
 * S3 prefixes agree with the Glue table's partition projection for any arrival time, secrets never appear
 * as values, and each role allows only what its resource does.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../scripts/deployTemplate.js';
import { DEFAULT_RUNTIME, DeployOptionError, planDeployment, renderCloudFormation, renderGlueTableTemplate, type CfnTemplate, type CfnValue, type DeployOptions } from '../../deploy/index.js';
import { loadGlueTable } from '../../firehose/sources/index.js';
import type { GlueTable } from '../../formats/glue/index.js';
import { byCustomer } from './tables.js';
import { runScript } from '../helpers/cli.js';
import { readJsonFixture, repoPath } from '../helpers/fixtures.js';

const run = promisify(execFile);

const INTRINSICS = ['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split'];
/** Replaces every intrinsic function by a string, as CloudFormation would before the schema applies. */
function resolved(value: CfnValue): CfnValue {
  if (Array.isArray(value)) return value.map(resolved);
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    if (keys.length === 1 && INTRINSICS.includes(keys[0]!)) return 'arn:aws:resolved:us-east-1:123456789012:placeholder';
    return Object.fromEntries(keys.map((k) => [k, resolved(value[k]!)]));
  }
  return value;
}

function validatorFor(file: string): ValidateFunction {
  const schema = readJsonFixture<Record<string, unknown>>(file);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
  return ajv.compile({ ...schema, $schema: undefined, required: schema['required'] ?? [] });
}

const SCHEMAS: Readonly<Record<string, ValidateFunction>> = {
  'AWS::KinesisFirehose::DeliveryStream': validatorFor('test/fixtures/cfn/aws-kinesisfirehose-deliverystream.json'),
  'AWS::Glue::Table': validatorFor('test/fixtures/cfn/aws-glue-table.json'),
  'AWS::Glue::Database': validatorFor('test/fixtures/cfn/aws-glue-database.json'),
  'AWS::Logs::SubscriptionFilter': validatorFor('test/fixtures/cfn/aws-logs-subscriptionfilter.json'),
};

interface Resource { readonly Type: string; readonly Properties: Record<string, CfnValue> }
const resourcesOf = (template: CfnTemplate): Record<string, Resource> => template['Resources'] as unknown as Record<string, Resource>;
const text = (value: unknown): string => JSON.stringify(value);

let webLogs: GlueTable;
let clickstream: GlueTable;

/** The variants users can ask for: each seed pipeline, each output format, secrets, authorisation. */
function variants(): Record<string, DeployOptions> {
  return {
    'json-direct-put': { blueprint: 'process-record', environment: { FIELDS: 'id' } },
    'parquet-hourly-partitions': { blueprint: 'apache-log-to-json', table: webLogs, format: 'parquet', serializer: { Compression: 'SNAPPY' }, bucketName: 'my-logs' },
    'orc-daily-partition': { blueprint: 'clean-json', table: clickstream, format: 'orc', serializer: { Compression: 'ZLIB' }, secrets: { PII_HASH_KEY: { kind: 'ssm', name: '/firehose-kit/pii-hash-key' } }, secretVariables: ['PII_HASH_KEY'] },
    'kinesis-source-api-kinesis-api-key': { blueprint: 'pii-redaction', environment: { PII_MODE: 'hash' }, secrets: { PII_HASH_KEY: { kind: 'generate' } }, secretVariables: ['PII_HASH_KEY'], source: 'kinesis', apiGateway: { target: 'kinesis', authorization: 'api-key' } },
    'api-firehose-iam': { blueprint: 'syslog-to-json', apiGateway: { target: 'firehose' }, appendDelimiter: true, runtime: 'nodejs24.x' },
    'cloudwatch-subscription': { blueprint: 'cloudwatch-logs-to-json', table: webLogs, format: 'parquet', environment: { REINGEST: 'off' } },
    'lambda-partition-keys-dynamic-partitioning': { blueprint: 'process-record', table: byCustomer(), format: 'parquet' },
    'cloudwatch-subscription-kinesis': { blueprint: 'cloudwatch-logs-to-json', source: 'kinesis', secrets: { TOKEN: { kind: 'secretsmanager', arn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:token-AbCdEf' } } },
  };
}

beforeAll(async () => {
  webLogs = await loadGlueTable(repoPath('glue-schemas/web_access_logs.json'));
  clickstream = await loadGlueTable(repoPath('glue-schemas/clickstream_events.json'));
});

describe('cfn-lint', () => {
  let dir = '';
  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('passes every variant, and reports the deprecated runtime it must reject', async () => {
    // Prepare: every variant, plus one template broken on purpose (nodejs20.x can no longer be created)
    dir = await mkdtemp(join(tmpdir(), 'fhk-cfn-'));
    const files: string[] = [];
    for (const [name, options] of Object.entries(variants())) {
      const file = join(dir, `${name}.json`);
      await writeFile(file, JSON.stringify(renderCloudFormation(planDeployment(options)), null, 2));
      files.push(file);
    }
    const glueOnly = join(dir, 'schema-cfn-glue-table.json');
    await writeFile(glueOnly, JSON.stringify(renderGlueTableTemplate(clickstream, 'orc'), null, 2));
    files.push(glueOnly);
    const broken = renderCloudFormation(planDeployment({ blueprint: 'process-record' }));
    (resourcesOf(broken)['TransformFunction']!.Properties as Record<string, CfnValue>)['Runtime'] = 'nodejs20.x';
    const brokenFile = join(dir, 'broken-runtime.json');
    await writeFile(brokenFile, JSON.stringify(broken, null, 2));
    // Act: one cfn-lint process for all files (it exits non-zero when it finds anything)
    const result = await run('cfn-lint', ['--format', 'json', '--', ...files, brokenFile], { maxBuffer: 16 * 1024 * 1024 }).catch((error: NodeJS.ErrnoException & { stdout?: string }) => {
      if (error.code === 'ENOENT') throw new Error('cfn-lint is not installed: pip install cfn-lint (the template tests need it)');
      return { stdout: error.stdout ?? '' };
    });
    // Assess
    const findings = JSON.parse(result.stdout) as { Rule: { Id: string }; Filename: string; Message: string }[];
    expect(findings.filter((f) => f.Filename !== brokenFile).map((f) => `${f.Filename}: ${f.Rule.Id} ${f.Message}`)).toEqual([]);
    expect(findings.filter((f) => f.Filename === brokenFile).map((f) => f.Rule.Id)).toContain('E2533');
  }, 120_000);
});

describe('renderCloudFormation', () => {
  it('validates each Firehose, Glue and Logs resource against AWS resource schemas that do reject a misspelt property', () => {
    for (const validate of Object.values(SCHEMAS)) expect(validate({ NoSuchProperty: true })).toBe(false);
    for (const [name, options] of Object.entries(variants())) {
      for (const [logical, resource] of Object.entries(resourcesOf(renderCloudFormation(planDeployment(options))))) {
        const validate = SCHEMAS[resource.Type];
        if (validate !== undefined) expect(validate(resolved(resource.Properties)), `${name} ${logical}: ${text(validate.errors)}`).toBe(true);
      }
    }
  });

  it('runs the Lambda from the zip on nodejs22.x with source maps, its own log group and retention', () => {
    const resources = resourcesOf(renderCloudFormation(planDeployment({ blueprint: 'process-record', logRetentionDays: 14 })));
    expect(DEFAULT_RUNTIME).toBe('nodejs22.x');
    expect(resources['TransformFunction']!.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Code: { S3Bucket: { Ref: 'CodeBucket' }, S3Key: { Ref: 'CodeKey' } },
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
      LoggingConfig: { LogGroup: { Ref: 'TransformFunctionLogGroup' } },
    });
    expect(resources['TransformFunctionLogGroup']!.Properties).toMatchObject({ RetentionInDays: 14, LogGroupName: '/aws/lambda/firehose-kit-process-record-transform' });
  });

  it('creates an encrypted bucket with public access blocked and TLS enforced', () => {
    const resources = resourcesOf(renderCloudFormation(planDeployment({ blueprint: 'process-record' })));
    expect(resources['Bucket']!.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    expect(text(resources['BucketPolicy'])).toContain('"aws:SecureTransport":"false"');
  });

  it('grants re-ingestion only when it is on, and only into the stream the records came from', () => {
    const role = (options: DeployOptions): string => text(resourcesOf(renderCloudFormation(planDeployment(options)))['TransformFunctionRole']);
    expect(role({ blueprint: 'process-record' })).toContain('"firehose:PutRecordBatch"');
    expect(role({ blueprint: 'process-record', environment: { REINGEST: 'off' } })).not.toContain('PutRecord');
    const kinesisRole = role({ blueprint: 'process-record', source: 'kinesis' });
    expect(kinesisRole).toContain('"Action":["kinesis:PutRecords"],"Resource":{"Fn::GetAtt":["SourceStream","Arn"]}');
    expect(kinesisRole).not.toContain('firehose:');
    // No role statement anywhere allows every resource.
    for (const options of Object.values(variants())) expect(text(renderCloudFormation(planDeployment(options)))).not.toMatch(/"Resource":"\*"/);
  });

  it('never writes a secret value: a secret variable in the environment is refused, the Lambda gets where to read it', () => {
    expect(() => planDeployment({ blueprint: 'pii-redaction', environment: { PII_HASH_KEY: 'k'.repeat(32) }, secretVariables: ['PII_HASH_KEY'] })).toThrow(new DeployOptionError('PII_HASH_KEY is a secret and would be stored in plain text in the template; pass it as a secret instead (--secret PII_HASH_KEY=generate, =ssm:/parameter/name or =secretsmanager:ARN)'));
    const generated = resourcesOf(renderCloudFormation(planDeployment({ blueprint: 'pii-redaction', secrets: { PII_HASH_KEY: { kind: 'generate' } }, secretVariables: ['PII_HASH_KEY'] })));
    expect(generated['SecretPIIHASHKEY']!.Properties).toMatchObject({ GenerateSecretString: { PasswordLength: 48 } });
    expect((generated['TransformFunction']!.Properties['Environment'] as { Variables: Record<string, CfnValue> }).Variables['PII_HASH_KEY_SECRET_ARN']).toEqual({ Ref: 'SecretPIIHASHKEY' });
    expect(text(generated['TransformFunctionRole'])).toContain('{"Effect":"Allow","Action":["secretsmanager:GetSecretValue"],"Resource":{"Ref":"SecretPIIHASHKEY"}}');
    const ssm = resourcesOf(renderCloudFormation(planDeployment({ blueprint: 'pii-redaction', secrets: { PII_HASH_KEY: { kind: 'ssm', name: '/app/key' } } })));
    expect((ssm['TransformFunction']!.Properties['Environment'] as { Variables: Record<string, CfnValue> }).Variables['PII_HASH_KEY_SSM_PARAMETER']).toBe('/app/key');
    expect(text(ssm['TransformFunctionRole'])).toContain('parameter/app/key');
  });

  it('makes the Glue database and a table whose location and partition projection match the stream prefix', () => {
    const resources = resourcesOf(renderCloudFormation(planDeployment({ blueprint: 'apache-log-to-json', table: webLogs, format: 'parquet' })));
    const destination = resources['DeliveryStream']!.Properties['ExtendedS3DestinationConfiguration'] as Record<string, CfnValue>;
    expect(destination['Prefix']).toBe('data/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/');
    expect(destination['ErrorOutputPrefix']).toMatch(/^errors\/!\{firehose:error-output-type\}\//);
    expect(resources['GlueDatabase']!.Properties).toMatchObject({ DatabaseInput: { Name: webLogs.databaseName || 'firehose_kit' } });
    const input = resources['GlueTable']!.Properties['TableInput'] as { Parameters: Record<string, string>; StorageDescriptor: { Location: CfnValue }; PartitionKeys: { Name: string }[] };
    expect(input.StorageDescriptor.Location).toEqual({ 'Fn::Sub': 's3://${Bucket}/data/' });
    expect(input.PartitionKeys.map((k) => k.Name)).toEqual(['year', 'month', 'day', 'hour']);
    expect(input.Parameters).toMatchObject({ 'projection.enabled': 'true', 'projection.month.type': 'integer', 'projection.month.digits': '2', 'projection.hour.range': '0,23' });
    expect(destination['DataFormatConversionConfiguration']).toMatchObject({ SchemaConfiguration: { DatabaseName: { Ref: 'GlueDatabase' }, TableName: { Ref: 'GlueTable' } } });
  });

  it('projects exactly the partition Firehose writes an object to, for any arrival time', () => {
    for (const table of [webLogs, clickstream]) {
      const plan = planDeployment({ blueprint: 'process-record', table, format: 'parquet' });
      fc.assert(
        fc.property(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }), (arrival) => {
          const key = renderTimestampPrefix(plan.layout.prefix, arrival);
          expect(key.startsWith(plan.layout.dataPrefix)).toBe(true);
          const pairs = key.slice(plan.layout.dataPrefix.length).split('/').filter((p) => p !== '').map((p) => p.split('='));
          expect(pairs.map(([name]) => name)).toEqual(table.partitionKeys.map((k) => k.name));
          for (const [name, value] of pairs) expect(projects(plan.layout.projection, name!, value!), `${name}=${value}`).toBe(true);
        }),
        { numRuns: 200 },
      );
    }
  });

  it('turns on dynamic partitioning for a key the Lambda returns, projected as injected', () => {
    const resources = resourcesOf(renderCloudFormation(planDeployment({ blueprint: 'process-record', table: byCustomer(), format: 'parquet' })));
    const destination = resources['DeliveryStream']!.Properties['ExtendedS3DestinationConfiguration'] as Record<string, CfnValue>;
    expect(destination['Prefix']).toBe('data/customer_id=!{partitionKeyFromLambda:customer_id}/dt=!{timestamp:yyyy-MM-dd}/');
    expect(destination['DynamicPartitioningConfiguration']).toEqual({ Enabled: true, RetryOptions: { DurationInSeconds: 300 } });
    expect((resources['GlueTable']!.Properties['TableInput'] as { Parameters: Record<string, string> }).Parameters).toMatchObject({ 'projection.customer_id.type': 'injected', 'projection.dt.type': 'date' });
  });

  it('wires the seed pipelines: Kinesis source, API Gateway front door, CloudWatch Logs subscription filter', () => {
    const kinesis = resourcesOf(renderCloudFormation(planDeployment({ blueprint: 'process-record', source: 'kinesis', apiGateway: { target: 'kinesis', authorization: 'api-key' } })));
    expect(kinesis['SourceStream']!.Properties).toMatchObject({ StreamEncryption: { EncryptionType: 'KMS' } });
    expect(kinesis['DeliveryStream']!.Properties).toMatchObject({ DeliveryStreamType: 'KinesisStreamAsSource', KinesisStreamSourceConfiguration: { KinesisStreamARN: { 'Fn::GetAtt': ['SourceStream', 'Arn'] } } });
    const method = kinesis['ApiPostEvents']!.Properties as { ApiKeyRequired: boolean; AuthorizationType: string; Integration: { Uri: CfnValue; RequestTemplates: Record<string, CfnValue> } };
    expect(method.ApiKeyRequired).toBe(true);
    expect(text(method.Integration.Uri)).toContain(':kinesis:action/PutRecord');
    expect(text(method.Integration.RequestTemplates)).toContain('$util.base64Encode($input.body)');
    expect(kinesis['ApiUsagePlanKey']).toBeDefined();
    expect(kinesis['ApiStage']!.Properties).toMatchObject({ MethodSettings: [{ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 }] });
    const direct = resourcesOf(renderCloudFormation(planDeployment({ blueprint: 'process-record', apiGateway: { target: 'firehose' } })));
    expect((direct['ApiPostEvents']!.Properties as { AuthorizationType: string }).AuthorizationType).toBe('AWS_IAM');
    expect(text(direct['ApiRole'])).toContain('"Action":["firehose:PutRecord"],"Resource":{"Fn::GetAtt":["DeliveryStream","Arn"]}');
    const logs = resourcesOf(renderCloudFormation(planDeployment({ blueprint: 'cloudwatch-logs-to-json' })));
    expect(logs['LogsSubscriptionFilter']!.Properties).toMatchObject({ DestinationArn: { 'Fn::GetAtt': ['DeliveryStream', 'Arn'] }, RoleArn: { 'Fn::GetAtt': ['LogsToStreamRole', 'Arn'] } });
    expect(text(logs['LogsToStreamRole'])).toContain('logs.amazonaws.com');
    expect(resourcesOf(renderCloudFormation(planDeployment({ blueprint: 'process-record' })))['LogsSubscriptionFilter']).toBeUndefined();
  });

  it.each([
    ['an old runtime', { runtime: 'nodejs20.x' }, /runtime "nodejs20.x": use nodejs22.x or newer/],
    ['conversion without a table', { format: 'parquet' }, /format parquet needs a Glue table/],
    ['a Lambda buffer outside Firehose range', { processing: { bufferSizeMb: 4 } }, /processing.bufferSizeMb 4: give a number from 0.2 to 3/],
    ['an S3 buffer below Firehose range', { buffering: { sizeMb: 0 } }, /buffering.sizeMb 0: give a whole number from 1 to 128/],
    ['API Gateway to Kinesis without a Kinesis source', { apiGateway: { target: 'kinesis' } }, /add source kinesis/],
    ['a bucket name S3 refuses', { bucketName: 'My_Bucket' }, /bucketName "My_Bucket"/],
    ['a log retention CloudWatch does not offer', { logRetentionDays: 2 }, /logRetentionDays 2: use one of/],
    ['an unknown option', { bucket: 'x' } as unknown as DeployOptions, /unknown deploy option bucket/],
  ] as [string, Partial<DeployOptions>, RegExp][])('refuses %s, naming the option and the fix', (_name, options, message) => {
    expect(() => planDeployment({ blueprint: 'process-record', ...options })).toThrow(message);
  });
});

describe('npm run deploy-template', () => {
  /** Runs the command in this process (as `npm run deploy-template` does in its own), capturing its output. */
  async function deployTemplate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
    try {
      return { code: await main(args), stdout: stdout.join(''), stderr: stderr.join('') };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }

  it('prints a CloudFormation template for a blueprint with a Glue table', async () => {
    const { code, stdout } = await deployTemplate(['--blueprint', 'apache-log-to-json', '--schema', 'glue-schemas/web_access_logs.json', '--format', 'parquet', '--bucket', 'my-logs']);
    expect(code).toBe(0);
    const resources = resourcesOf(JSON.parse(stdout) as CfnTemplate);
    expect(Object.keys(resources)).toEqual(expect.arrayContaining(['Bucket', 'DeliveryStream', 'GlueDatabase', 'GlueTable', 'TransformFunction']));
  });

  it('reads the stream configuration file, with flags over it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fhk-config-'));
    try {
      const file = join(dir, 'stream.json');
      await writeFile(file, JSON.stringify({ streamName: 'from-file', blueprint: 'apache-log-to-json', processing: { bufferSizeMB: 2, retries: 7 }, format: { kind: 'parquet', schema: 'glue-schemas/web_access_logs.json' }, buffering: { sizeMB: 100 } }));
      const { code, stdout, stderr } = await deployTemplate(['--config', file, '--stream-name', 'from-flag', '--retries', '9']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const stream = resourcesOf(JSON.parse(stdout) as CfnTemplate)['DeliveryStream']!.Properties;
      expect(stream['DeliveryStreamName']).toBe('from-flag');
      const destination = stream['ExtendedS3DestinationConfiguration'] as { BufferingHints: unknown; ProcessingConfiguration: unknown; DataFormatConversionConfiguration?: unknown };
      expect(destination.BufferingHints).toEqual({ SizeInMBs: 100, IntervalInSeconds: 300 });
      expect(text(destination.ProcessingConfiguration)).toContain('{"ParameterName":"BufferSizeInMBs","ParameterValue":"2"},{"ParameterName":"BufferIntervalInSeconds","ParameterValue":"60"},{"ParameterName":"NumberOfRetries","ParameterValue":"9"}');
      expect(destination.DataFormatConversionConfiguration).toBeDefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs as a script', async () => {
    const { code, stdout } = await runScript('deployTemplate', ['--blueprint', 'syslog-to-json', '--output', 'terraform']);
    expect(code).toBe(0);
    expect(stdout).toContain('resource "aws_kinesis_firehose_delivery_stream" "main" {');
  }, 30_000);

  it.each([
    ['a bad blueprint variable (checked as at cold start)', ['--env', 'NEWLINE=maybe'], 1, /environment variable NEWLINE="maybe" is not a boolean/],
    ['a secret passed as a plain variable', ['--blueprint', 'pii-redaction', '--env', 'PII_HASH_KEY=0123456789abcdef0123'], 2, /PII_HASH_KEY is a secret/],
    ['parquet without a schema', ['--format', 'parquet'], 2, /--format parquet needs --schema FILE/],
    ['an unknown source', ['--source', 'kafka'], 2, /--source kafka: use direct-put or kinesis/],
    ['an unknown blueprint', ['--blueprint', 'nope'], 2, /--blueprint nope is not known/],
  ])('refuses %s in one line', async (_name, args, exitCode, message) => {
    const { code, stderr } = await deployTemplate(args);
    expect(code).toBe(exitCode);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

/** Firehose's `!{timestamp:PATTERN}` for the patterns deploy/ writes (yyyy, MM, dd, HH and literals), in UTC. */
function renderTimestampPrefix(prefix: string, time: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return prefix.replace(/!\{timestamp:([^}]*)\}/g, (_all, pattern: string) =>
    pattern.replace(/yyyy|MM|dd|HH/g, (token) => (token === 'yyyy' ? String(time.getUTCFullYear()) : token === 'MM' ? pad(time.getUTCMonth() + 1) : token === 'dd' ? pad(time.getUTCDate()) : pad(time.getUTCHours()))),
  );
}

/** Whether Athena's projection for `column` enumerates `value` (integer: range and digits; date: pattern and range). */
function projects(projection: Readonly<Record<string, string>>, column: string, value: string): boolean {
  if (projection['projection.enabled'] !== 'true') return false;
  const type = projection[`projection.${column}.type`];
  if (type === 'integer') {
    const [low, high] = projection[`projection.${column}.range`]!.split(',').map(Number) as [number, number];
    const digits = Number(projection[`projection.${column}.digits`] ?? '1');
    const n = Number(value);
    return Number.isInteger(n) && n >= low && n <= high && value === String(n).padStart(digits, '0');
  }
  if (type === 'date') {
    const format = projection[`projection.${column}.format`]!;
    const [start] = projection[`projection.${column}.range`]!.split(',');
    const shape = new RegExp(`^${format.replace(/yyyy/, '\\d{4}').replace(/MM|dd|HH/g, '\\d{2}')}$`);
    return shape.test(value) && value >= start! && format.length === value.length;
  }
  return false;
}
