/** The only users of the AWS SDK: re-ingestion through PutRecordBatch / PutRecords and the PutRecordBatch sender. */
export { awsReingestSink } from './reingestSink.js';
export { type SendSummary, sendToFirehose, type SendToFirehoseOptions } from './sendToFirehose.js';
export { parseS3Url, S3SinkError, s3ObjectSink, type S3ObjectSinkOptions } from './s3ObjectSink.js';
export { getGlueTable, parseGlueTableName } from './glueCatalog.js';
