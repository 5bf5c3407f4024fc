/**
 * Rendered Terraform: every variant's resources and arguments fit the AWS provider's schema (a fixture,
 * test/fixtures/terraform), the text is what `terraform fmt` would write (checked with terraform where it
 * is installed, and by the writer's own rules everywhere), and the same plan gives the same resources as
 * the CloudFormation rendering.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDeployment, renderTerraform, terraformBlocks, type DeployOptions } from '../../deploy/index.js';
import { block, attribute, nested, quote, raw, renderHcl } from '../../deploy/hcl.js';
import { loadGlueTable } from '../../firehose/sources/index.js';
import type { GlueTable } from '../../formats/glue/index.js';
import { byCustomer } from './tables.js';
import { readJsonFixture, repoPath } from '../helpers/fixtures.js';
import { checkTerraformBlocks, type ProviderSchema } from './terraformSchema.js';

const run = promisify(execFile);
const fixture = readJsonFixture<{ provider_schemas: Record<string, ProviderSchema> }>('test/fixtures/terraform/aws-provider-5.100.0-schema-subset.json');
const schema = fixture.provider_schemas['registry.terraform.io/hashicorp/aws']!;

let webLogs: GlueTable;
beforeAll(async () => {
  webLogs = await loadGlueTable(repoPath('glue-schemas/web_access_logs.json'));
});

function variants(): Record<string, DeployOptions> {
  return {
    'json-direct-put': { blueprint: 'process-record', bucketName: 'my-data' },
    'parquet-partitioned-api-firehose': { blueprint: 'apache-log-to-json', table: webLogs, format: 'parquet', serializer: { Compression: 'SNAPPY', EnableDictionaryCompression: true }, apiGateway: { target: 'firehose' }, appendDelimiter: true },
    'orc-kinesis-api-key-secrets': { blueprint: 'pii-redaction', table: webLogs, format: 'orc', source: 'kinesis', apiGateway: { target: 'kinesis', authorization: 'api-key' }, secrets: { PII_HASH_KEY: { kind: 'generate' }, OTHER: { kind: 'ssm', name: '/x/y' } }, serde: { kind: 'hive', timestampFormats: ['millis'] } },
    'lambda-partition-keys-dynamic-partitioning': { blueprint: 'process-record', table: byCustomer(), format: 'parquet' },
    'cloudwatch-subscription': { blueprint: 'cloudwatch-logs-to-json' },
  };
}

describe('renderTerraform', () => {
  it('uses only resource types and arguments of the AWS provider schema, which does reject a wrong one', () => {
    // The checker can fail: an unknown argument, a read-only one, a missing required one, an unknown type.
    const wrong = [
      block('resource', ['aws_s3_bucket', 'a'], [attribute('bucket_name', 'x')]),
      block('resource', ['aws_s3_bucket', 'b'], [attribute('arn', 'x')]),
      block('resource', ['aws_cloudwatch_log_stream', 'c'], [attribute('name', 'x')]),
      block('resource', ['aws_no_such_thing', 'd'], []),
      block('resource', ['aws_kinesis_firehose_delivery_stream', 'e'], [attribute('name', 'x'), attribute('destination', 'extended_s3'), nested('extended_s3_configuration', [attribute('bucket_arn', 'a'), attribute('role_arn', 'r'), nested('no_such_block', [])])]),
    ];
    expect(checkTerraformBlocks(wrong, schema)).toEqual([
      'resource.aws_s3_bucket.a: unknown argument bucket_name',
      'resource.aws_s3_bucket.b: arn is read-only (computed)',
      'resource.aws_cloudwatch_log_stream.c: required argument log_group_name is missing',
      'resource.aws_no_such_thing: no such resource type in the provider',
      'resource.aws_kinesis_firehose_delivery_stream.e.extended_s3_configuration: unknown block no_such_block',
    ]);
    for (const [name, options] of Object.entries(variants())) expect(checkTerraformBlocks(terraformBlocks(planDeployment(options)), schema), name).toEqual([]);
  });

  it('renders the same resources as the CloudFormation template', () => {
    const text = renderTerraform(planDeployment({ blueprint: 'apache-log-to-json', table: webLogs, format: 'parquet', source: 'kinesis', apiGateway: { target: 'kinesis' } }));
    for (const expected of [
      'runtime       = "nodejs22.x"',
      'prefix              = "data/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/"',
      '"projection.enabled" = "true"',
      'sse_algorithm = "AES256"',
      'restrict_public_buckets = true',
      'encryption_type  = "KMS"',
      'kinesis_stream_arn = aws_kinesis_stream.source.arn',
      '$util.base64Encode($input.body)',
      'NODE_OPTIONS = "--enable-source-maps"',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('firehose:PutRecordBatch');
  });

  it('escapes literal text so that Terraform does not interpolate it', () => {
    expect(quote('a"b\\c${x}%{y}\n')).toBe('"a\\"b\\\\c$${x}%%{y}\\n"');
    expect(renderHcl([block('locals', [], [attribute('a', 1), attribute('long_name', raw('var.x'))])])).toBe('locals {\n  a         = 1\n  long_name = var.x\n}\n');
  });

  describe('with terraform installed', () => {
    let dir = '';
    afterAll(async () => {
      if (dir !== '') await rm(dir, { recursive: true, force: true });
    });

    it('is formatted as terraform fmt writes it', async () => {
      dir = await mkdtemp(join(tmpdir(), 'fhk-tf-'));
      for (const [name, options] of Object.entries(variants())) await writeFile(join(dir, `${name}.tf`), renderTerraform(planDeployment(options)));
      const result = await run('terraform', ['fmt', '-check', '-list=true', dir]).then(
        () => ({ installed: true, unformatted: '' }),
        (error: NodeJS.ErrnoException & { stdout?: string }) => ({ installed: error.code !== 'ENOENT', unformatted: error.code === 'ENOENT' ? '' : (error.stdout ?? String(error)) }),
      );
      // Where terraform is missing the writer's layout rules are still checked above; here they meet the real tool.
      expect(result.unformatted).toBe('');
      if (result.installed) {
        await writeFile(join(dir, 'bad.tf'), 'locals {\n  a = 1\n  long_name = 2\n}\n');
        const bad = await run('terraform', ['fmt', '-check', '-list=true', dir]).then(() => '', (error: { stdout?: string }) => error.stdout ?? '');
        expect(bad).toContain('bad.tf');
      }
    }, 60_000);
  });
});
