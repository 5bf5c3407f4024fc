/** The only users of the AWS SDK: re-ingestion (PutRecordBatch / PutRecords), the PutRecordBatch sender, Glue GetTable, secrets read at cold start. */
export { awsReingestSink, type AwsReingestSinkOptions, DEFAULT_REQUEST_TIMEOUT_MS, describeAwsError, parseArn } from './reingestSink.js';
export { type SendSummary, sendToFirehose, type SendToFirehoseOptions } from './sendToFirehose.js';
export { GlueAccessError, pullGlueTable, type PullGlueTableOptions } from './glueTables.js';
export { awsSecretReader, resolveSecretEnvironment, SecretEnvironmentError, type SecretReader } from './secretEnvironment.js';
export { parseS3Url, S3SinkError, s3ObjectSink, type S3ObjectSinkOptions } from './s3ObjectSink.js';
export { getGlueTable, parseGlueTableName } from './glueCatalog.js';
export { parseS3ObjectUrl, readS3Object, S3ReadError } from './s3Objects.js';
