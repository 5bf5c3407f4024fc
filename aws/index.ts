/** The only users of the AWS SDK: re-ingestion through PutRecordBatch / PutRecords and the PutRecordBatch sender. */
export { awsReingestSink, type AwsReingestSinkOptions, DEFAULT_REQUEST_TIMEOUT_MS, describeAwsError, parseArn } from './reingestSink.js';
export { type SendSummary, sendToFirehose, type SendToFirehoseOptions } from './sendToFirehose.js';
