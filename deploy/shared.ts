/**
 * Facts both renderers (CloudFormation and Terraform) use, so the two outputs cannot drift: Hive storage
 * formats per output format, the API Gateway request mapping templates, and the names of the
 * environment variables through which a Lambda finds its secrets.
 */
import type { OutputFormat } from './options.js';

export interface StorageFormat {
  readonly classification: string;
  readonly inputFormat: string;
  readonly outputFormat: string;
  readonly serializationLibrary: string;
}

/** Hive classes Athena and Glue expect for each output (documented in the Athena SerDe reference). */
export const STORAGE_FORMATS: Readonly<Record<OutputFormat, StorageFormat>> = {
  json: {
    classification: 'json',
    inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
  },
  parquet: {
    classification: 'parquet',
    inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
  },
  orc: {
    classification: 'orc',
    inputFormat: 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat',
    serializationLibrary: 'org.apache.hadoop.hive.ql.io.orc.OrcSerde',
  },
};

/**
 * The variable that tells the Lambda where secret NAME lives: NAME_SECRET_ARN (Secrets Manager) or
 * NAME_SSM_PARAMETER (Parameter Store). aws/secretEnvironment.ts reads it at cold start.
 */
export function secretEnvironmentName(name: string, kind: 'secretsmanager' | 'ssm'): string {
  return `${name}${kind === 'ssm' ? '_SSM_PARAMETER' : '_SECRET_ARN'}`;
}

/**
 * The API Gateway request mapping template (Velocity) that turns a request body into one PutRecord call;
 * `streamExpression` is the target stream's name as the template language writes it. The body is
 * base64-encoded because both APIs take the record's bytes as base64 (documented in their API references).
 */
export function apiGatewayRequestTemplate(target: 'firehose' | 'kinesis', streamExpression: string): string {
  return target === 'firehose'
    ? `{"DeliveryStreamName":"${streamExpression}","Record":{"Data":"$util.base64Encode($input.body)"}}`
    : `{"StreamName":"${streamExpression}","Data":"$util.base64Encode($input.body)","PartitionKey":"$context.requestId"}`;
}
