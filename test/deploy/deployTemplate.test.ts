/**
 * `npm run deploy-template` output: the delivery stream and Glue table resources are checked against
 * AWS's own CloudFormation resource schemas (test/fixtures/cfn), with intrinsic functions resolved to
 * placeholder strings; the wiring between resources is checked by name.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { deployTemplate } from '../../deploy/deployTemplate.js';
import { loadGlueTable } from '../../firehose/sources/glueTableFile.js';
import { runScript } from '../helpers/cli.js';
import { readJsonFixture, repoPath } from '../helpers/fixtures.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const INTRINSICS = ['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split'];
/** Replaces every intrinsic function by the string CloudFormation would put there. */
function resolved(value: Json): Json {
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

const deliveryStreamSchema = validatorFor('test/fixtures/cfn/aws-kinesisfirehose-deliverystream.json');
const glueTableSchema = validatorFor('test/fixtures/cfn/aws-glue-table.json');

interface Resource { Type: string; Properties: Record<string, Json> }
const resourcesOf = (template: Record<string, Json>): Record<string, Resource> => template['Resources'] as unknown as Record<string, Resource>;

describe('deployTemplate', () => {
  it('checks against schemas that do reject a misspelt property (the checks can fail)', () => {
    expect(deliveryStreamSchema({ ExtendedS3DestinationConfiguration: { BucketArn: 'arn:aws:s3:::b', RoleARN: 'arn:aws:iam::1:role/r' } })).toBe(false);
    expect(glueTableSchema({ CatalogId: '1', DatabaseName: 'd', TableInput: { Columns: [] } })).toBe(false);
  });

  it('wires a JSON-lines blueprint: Lambda with its environment, delivery stream invoking it, roles allowing re-ingestion', () => {
    // Act
    const template = deployTemplate({ blueprint: 'process-record', environment: { FIELDS: 'id,user.name' }, streamName: 'clicks', format: 'json' });
    const resources = resourcesOf(template);
    // Assess
    const stream = resources['DeliveryStream']!;
    expect(deliveryStreamSchema(resolved(stream.Properties)), JSON.stringify(deliveryStreamSchema.errors)).toBe(true);
    const destination = stream.Properties['ExtendedS3DestinationConfiguration'] as Record<string, Json>;
    expect(JSON.stringify(destination['ProcessingConfiguration'])).toContain('{"ParameterName":"LambdaArn","ParameterValue":{"Fn::GetAtt":["TransformFunction","Arn"]}}');
    expect(destination['DataFormatConversionConfiguration']).toBeUndefined();
    const fn = resources['TransformFunction']!.Properties;
    expect(fn).toMatchObject({ Runtime: 'nodejs20.x', Handler: 'index.handler', Environment: { Variables: { FIELDS: 'id,user.name' } } });
    expect(JSON.stringify(resources['TransformFunctionRole'])).toContain('firehose:PutRecordBatch');
    expect(JSON.stringify(resources['TransformFunctionRole'])).toContain('deliverystream/clicks');
    expect(JSON.stringify(resources['DeliveryStreamRole'])).toContain('lambda:InvokeFunction');
    expect(resources['GlueTable']).toBeUndefined();
  });

  it('adds the Glue table and Parquet conversion with Firehose names, valid for CloudFormation', async () => {
    // Prepare
    const table = await loadGlueTable(repoPath('glue-schemas/clickstream_events.json'));
    // Act
    const template = deployTemplate({ blueprint: 'process-record', environment: {}, streamName: 'clicks', format: 'parquet', table, serde: { kind: 'openx', caseInsensitive: true }, parquet: { Compression: 'GZIP', EnableDictionaryCompression: true, TimestampEncoding: 'INT96' } });
    const resources = resourcesOf(template);
    // Assess
    const stream = resources['DeliveryStream']!;
    expect(deliveryStreamSchema(resolved(stream.Properties)), JSON.stringify(deliveryStreamSchema.errors)).toBe(true);
    const conversion = (stream.Properties['ExtendedS3DestinationConfiguration'] as Record<string, Json>)['DataFormatConversionConfiguration'];
    expect(conversion).toMatchObject({
      Enabled: true,
      InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: { CaseInsensitive: true } } },
      OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'GZIP', EnableDictionaryCompression: true } } },
    });
    expect(JSON.stringify(conversion)).not.toContain('TimestampEncoding');
    expect((stream.Properties['ExtendedS3DestinationConfiguration'] as { BufferingHints: { SizeInMBs: number } }).BufferingHints.SizeInMBs).toBe(64);
    const glue = resources['GlueTable']!;
    expect(glueTableSchema(resolved(glue.Properties)), JSON.stringify(glueTableSchema.errors)).toBe(true);
    const columns = ((glue.Properties['TableInput'] as Record<string, Json>)['StorageDescriptor'] as { Columns: { Name: string; Type: string }[] }).Columns;
    expect(columns.map((c) => [c.Name, c.Type])).toEqual(table.columns.map((c) => [c.name, c.typeString]));
    expect(JSON.stringify(glue)).toContain('ParquetHiveSerDe');
    expect(JSON.stringify(resources['DeliveryStreamRole'])).toContain('glue:GetTable');
  });
});

describe('deployTemplate with ORC', () => {
  it('renders Firehose\'s OrcSerDe and an ORC Glue table, valid for CloudFormation', async () => {
    const table = await loadGlueTable(repoPath('glue-schemas/clickstream_events.json'));
    const orc = { Compression: 'ZLIB', StripeSizeBytes: 8_388_608, BloomFilterColumns: ['event_id'], FormatVersion: 'V0_12' } as const;
    const template = deployTemplate({ blueprint: 'process-record', environment: {}, streamName: 'clicks', format: 'orc', table, orc });
    const resources = resourcesOf(template);
    const stream = resources['DeliveryStream']!;
    expect(deliveryStreamSchema(resolved(stream.Properties)), JSON.stringify(deliveryStreamSchema.errors)).toBe(true);
    const conversion = (stream.Properties['ExtendedS3DestinationConfiguration'] as Record<string, Json>)['DataFormatConversionConfiguration'];
    expect(conversion).toMatchObject({ Enabled: true, OutputFormatConfiguration: { Serializer: { OrcSerDe: { Compression: 'ZLIB', StripeSizeBytes: 8_388_608, BloomFilterColumns: ['event_id'], FormatVersion: 'V0_12' } } } });
    const glue = resources['GlueTable']!;
    expect(glueTableSchema(resolved(glue.Properties)), JSON.stringify(glueTableSchema.errors)).toBe(true);
    expect(JSON.stringify(glue)).toContain('org.apache.hadoop.hive.ql.io.orc.OrcSerde');
    expect(JSON.stringify(glue)).toContain('"classification":"orc"');
  });
});

describe('npm run deploy-template', () => {
  it('prints a template for a blueprint', async () => {
    const { code, stdout } = await runScript('deployTemplate', ['--blueprint', 'apache-log-to-json', '--schema', 'glue-schemas/web_access_logs.json']);
    expect(code).toBe(0);
    const template = JSON.parse(stdout) as Record<string, Json>;
    expect(Object.keys(resourcesOf(template)).sort()).toEqual(['DeliveryStream', 'DeliveryStreamRole', 'GlueTable', 'TransformFunction', 'TransformFunctionRole']);
  });

  it.each([
    ['a bad blueprint variable (checked as at cold start)', ['--env', 'NEWLINE=maybe'], 1, /environment variable NEWLINE="maybe" is not a boolean/],
    ['parquet without a schema', ['--format', 'parquet'], 2, /--format parquet needs --schema FILE/],
    ['a bad Parquet option', ['--schema', 'glue-schemas/clickstream_events.json', '--format', 'parquet', '--parquet', 'WriterVersion=V3'], 1, /WriterVersion/],
    ['an ORC option outside Firehose\'s range', ['--schema', 'glue-schemas/clickstream_events.json', '--format', 'orc', '--orc', 'RowIndexStride=10'], 1, /RowIndexStride.*1000/],
    ['an unknown blueprint', ['--blueprint', 'nope'], 2, /--blueprint nope is not known/],
  ])('refuses %s', async (_name, args, exitCode, message) => {
    const { code, stderr } = await runScript('deployTemplate', args);
    expect(code).toBe(exitCode);
    expect(stderr).toMatch(message);
  });
});
