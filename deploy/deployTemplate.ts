/**
 * A CloudFormation template that deploys a blueprint the way it runs offline: the bundled Lambda
 * (dist/<name>/, zipped to S3), a Direct PUT delivery stream to an S3 bucket that invokes it, the IAM roles
 * both need (including PutRecordBatch for re-ingestion), and, with a Glue table, the table itself and
 * Firehose's record format conversion to Parquet or ORC. Property names follow the AWS::KinesisFirehose::
 * DeliveryStream, AWS::Lambda::Function, AWS::IAM::Role and AWS::Glue::Table resource schemas.
 */
import type { JsonSerDe } from '../formats/serde/index.js';
import type { GlueColumn } from '../formats/glue/index.js';
import type { GlueTable } from '../formats/glue/index.js';
import type { ParquetSerDeOptions } from '../formats/parquet/index.js';
import type { OrcSerDeOptions } from '../formats/orc/index.js';

export interface DeployTemplateOptions {
  readonly blueprint: string;
  /** The blueprint's environment variables (already validated by creating the handler once). */
  readonly environment: Readonly<Record<string, string>>;
  readonly streamName: string;
  /** A Glue table: created in the template; with `format: 'parquet'` or `'orc'` it drives record format conversion. */
  readonly table?: GlueTable;
  readonly format: 'json' | 'parquet' | 'orc';
  readonly serde?: JsonSerDe;
  readonly parquet?: ParquetSerDeOptions;
  /** OrcSerDe options for `format: 'orc'` (same names as Firehose's API, passed through). */
  readonly orc?: OrcSerDeOptions;
  /** Firehose's Lambda buffering hint (MB, 0.2–3) and S3 buffering hint (MB). */
  readonly lambdaBufferMb?: number;
  readonly s3BufferMb?: number;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const sub = (text: string): Json => ({ 'Fn::Sub': text });
const ref = (name: string): Json => ({ Ref: name });
const getAtt = (resource: string, attribute: string): Json => ({ 'Fn::GetAtt': [resource, attribute] });

const HIVE_PARQUET = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
} as const;
const HIVE_ORC = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat',
  SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.orc.OrcSerde' },
} as const;
const HIVE_JSON = {
  InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
} as const;

function columnsOf(columns: readonly GlueColumn[]): Json[] {
  return columns.map((c): Json => {
    const column: Record<string, Json> = { Name: c.name, Type: c.typeString };
    if (c.comment !== undefined) column['Comment'] = c.comment;
    return column;
  });
}

function deserializerOf(serde: JsonSerDe | undefined): Json {
  if (serde?.kind === 'hive') return { HiveJsonSerDe: serde.timestampFormats === undefined || serde.timestampFormats.length === 0 ? {} : { TimestampFormats: [...serde.timestampFormats] } };
  const openx: Record<string, Json> = {};
  if (serde?.caseInsensitive !== undefined) openx['CaseInsensitive'] = serde.caseInsensitive;
  if (serde?.convertDotsInJsonKeysToUnderscores !== undefined) openx['ConvertDotsInJsonKeysToUnderscores'] = serde.convertDotsInJsonKeysToUnderscores;
  if (serde?.columnToJsonKeyMappings !== undefined) openx['ColumnToJsonKeyMappings'] = { ...serde.columnToJsonKeyMappings };
  return { OpenXJsonSerDe: openx };
}

function parquetSerDeOf(options: ParquetSerDeOptions | undefined): Json {
  // TimestampEncoding is firehose-kit's own option; Firehose always writes its Hive layout.
  const serde: Record<string, Json> = {};
  for (const [key, value] of Object.entries(options ?? {})) {
    if (key !== 'TimestampEncoding' && value !== undefined) serde[key] = value as Json;
  }
  return serde;
}

export function deployTemplate(options: DeployTemplateOptions): Record<string, Json> {
  const { blueprint, table, format } = options;
  const conversion = format !== 'json';
  if (conversion && table === undefined) throw new Error(`format ${format} needs a Glue table`);
  const streamArn = sub(`arn:\${AWS::Partition}:firehose:\${AWS::Region}:\${AWS::AccountId}:deliverystream/${options.streamName}`);
  const parameters: Record<string, Json> = {
    DestinationBucketArn: { Type: 'String', Description: 'ARN of the S3 bucket Firehose delivers to (arn:aws:s3:::my-bucket)' },
    CodeBucket: { Type: 'String', Description: `S3 bucket holding the zipped bundle of dist/${blueprint}/ (npm run build)` },
    CodeKey: { Type: 'String', Default: `${blueprint}.zip`, Description: 'S3 key of that zip' },
  };
  if (table !== undefined) {
    parameters['GlueDatabaseName'] = { Type: 'String', Default: table.databaseName === '' ? 'firehose_kit' : table.databaseName, Description: 'An existing Glue database for the table' };
  }
  const resources: Record<string, Json> = {
    TransformFunctionRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        ManagedPolicyArns: [sub('arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')],
        Policies: [
          {
            PolicyName: 'reingest-overflow',
            PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['firehose:PutRecordBatch'], Resource: streamArn }] },
          },
        ],
      },
    },
    TransformFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Description: `firehose-kit blueprint ${blueprint}`,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { S3Bucket: ref('CodeBucket'), S3Key: ref('CodeKey') },
        Role: getAtt('TransformFunctionRole', 'Arn'),
        // Firehose waits up to 5 minutes for a transformation Lambda; a batch of at most 6 MB takes seconds.
        Timeout: 120,
        MemorySize: 512,
        Environment: { Variables: { ...options.environment } },
      },
    },
  };
  const deliveryStatements: Json[] = [
    {
      Effect: 'Allow',
      Action: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject'],
      Resource: [ref('DestinationBucketArn'), sub('${DestinationBucketArn}/*')],
    },
    { Effect: 'Allow', Action: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'], Resource: getAtt('TransformFunction', 'Arn') },
  ];
  if (conversion) {
    deliveryStatements.push({
      Effect: 'Allow',
      Action: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
      Resource: [
        sub('arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:catalog'),
        sub('arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:database/${GlueDatabaseName}'),
        sub(`arn:\${AWS::Partition}:glue:\${AWS::Region}:\${AWS::AccountId}:table/\${GlueDatabaseName}/${table!.name}`),
      ],
    });
  }
  resources['DeliveryStreamRole'] = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'firehose.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': ref('AWS::AccountId') } } }],
      },
      Policies: [{ PolicyName: 'deliver', PolicyDocument: { Version: '2012-10-17', Statement: deliveryStatements } }],
    },
  };
  const destination: Record<string, Json> = {
    BucketARN: ref('DestinationBucketArn'),
    RoleARN: getAtt('DeliveryStreamRole', 'Arn'),
    Prefix: 'data/',
    ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/',
    // Record format conversion needs at least 64 MB of buffer.
    BufferingHints: { SizeInMBs: Math.max(options.s3BufferMb ?? 5, conversion ? 64 : 1), IntervalInSeconds: 300 },
    CompressionFormat: conversion ? 'UNCOMPRESSED' : 'GZIP',
    ProcessingConfiguration: {
      Enabled: true,
      Processors: [
        {
          Type: 'Lambda',
          Parameters: [
            { ParameterName: 'LambdaArn', ParameterValue: getAtt('TransformFunction', 'Arn') },
            { ParameterName: 'BufferSizeInMBs', ParameterValue: String(options.lambdaBufferMb ?? 1) },
            { ParameterName: 'BufferIntervalInSeconds', ParameterValue: '60' },
          ],
        },
      ],
    },
  };
  if (conversion) {
    destination['DataFormatConversionConfiguration'] = {
      Enabled: true,
      InputFormatConfiguration: { Deserializer: deserializerOf(options.serde) },
      OutputFormatConfiguration: { Serializer: format === 'orc' ? { OrcSerDe: { ...(options.orc ?? {}) } as Json } : { ParquetSerDe: parquetSerDeOf(options.parquet) } },
      SchemaConfiguration: { DatabaseName: ref('GlueDatabaseName'), TableName: ref('GlueTable'), Region: ref('AWS::Region'), RoleARN: getAtt('DeliveryStreamRole', 'Arn'), VersionId: 'LATEST' },
    };
  }
  resources['DeliveryStream'] = {
    Type: 'AWS::KinesisFirehose::DeliveryStream',
    Properties: { DeliveryStreamName: options.streamName, DeliveryStreamType: 'DirectPut', ExtendedS3DestinationConfiguration: destination },
  };
  if (table !== undefined) {
    resources['GlueTable'] = {
      Type: 'AWS::Glue::Table',
      Properties: {
        CatalogId: ref('AWS::AccountId'),
        DatabaseName: ref('GlueDatabaseName'),
        TableInput: {
          Name: table.name,
          TableType: 'EXTERNAL_TABLE',
          Parameters: { ...table.parameters, classification: format === 'orc' ? 'orc' : conversion ? 'parquet' : 'json' },
          PartitionKeys: columnsOf(table.partitionKeys),
          StorageDescriptor: {
            Columns: columnsOf(table.columns),
            // The bucket name is the last part of the bucket's ARN (arn:aws:s3:::bucket).
            Location: { 'Fn::Join': ['', ['s3://', { 'Fn::Select': [5, { 'Fn::Split': [':', ref('DestinationBucketArn')] }] }, '/data/']] },
            ...(format === 'orc' ? HIVE_ORC : conversion ? HIVE_PARQUET : HIVE_JSON),
          },
        },
      },
    };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `firehose-kit: blueprint ${blueprint} as a Firehose transformation Lambda, delivering ${format === 'orc' ? 'ORC' : conversion ? 'Parquet' : 'JSON lines'} to S3`,
    Parameters: parameters,
    Resources: resources,
    Outputs: {
      DeliveryStreamName: { Value: ref('DeliveryStream') },
      TransformFunctionArn: { Value: getAtt('TransformFunction', 'Arn') },
    },
  };
}
