/**
 * AWS's limits and placeholders, in one place. Each value names the documentation page it comes from;
 * every other file imports them from here.
 */

/**
 * The largest record Firehose accepts from a producer (PutRecord / PutRecordBatch), before base64:
 * 1,000 KiB. Amazon Data Firehose Developer Guide, "Amazon Data Firehose Quota" (limits.html).
 */
export const MAX_RECORD_BYTES = 1_024_000;

/**
 * Lambda's payload limit for a synchronous invocation, request and response each: 6 MB (6,291,456
 * bytes). AWS Lambda Developer Guide, "Lambda quotas" (gettingstarted-limits.html).
 */
export const LAMBDA_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

/** The response half of `LAMBDA_PAYLOAD_LIMIT_BYTES`, as the handler's budget is checked against it. */
export const LAMBDA_RESPONSE_LIMIT_BYTES = LAMBDA_PAYLOAD_LIMIT_BYTES;

/** The request half of `LAMBDA_PAYLOAD_LIMIT_BYTES`: the most a Firehose invocation event may weigh. */
export const LAMBDA_REQUEST_LIMIT_BYTES = LAMBDA_PAYLOAD_LIMIT_BYTES;

/**
 * PutRecordBatch: at most 500 records and 4 MiB per call. Amazon Data Firehose API Reference,
 * "PutRecordBatch" (API_PutRecordBatch.html).
 */
export const PUT_RECORD_BATCH_MAX_RECORDS = 500;
export const PUT_RECORD_BATCH_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Kinesis PutRecords: at most 500 records and 5 MiB (data plus partition keys) per call. Amazon Kinesis
 * Data Streams API Reference, "PutRecords" (API_PutRecords.html). Re-ingestion keeps to the smaller
 * PutRecordBatch limit for both.
 */
export const KINESIS_PUT_RECORDS_MAX_RECORDS = 500;
export const KINESIS_PUT_RECORDS_MAX_BYTES = 5 * 1024 * 1024;

/**
 * Firehose's Lambda processing buffer size hint: 1 MB by default, 0.2 to 3 MB. Amazon Data Firehose
 * Developer Guide, "Transform source data in Amazon Data Firehose" (data-transformation.html).
 */
export const DEFAULT_LAMBDA_BUFFER_BYTES = 1024 * 1024;

/**
 * Firehose's S3 buffering size hint: 5 MiB by default, 1 to 128 MiB. Amazon Data Firehose Developer
 * Guide, "Configure buffering hints" (buffering-hints.html).
 */
export const DEFAULT_S3_BUFFER_BYTES = 5 * 1024 * 1024;

/**
 * The account id AWS's own documentation uses in examples. Offline ARNs (replay, test events, error
 * records) carry it so that nobody mistakes them for a real account.
 */
export const PLACEHOLDER_ACCOUNT_ID = '123456789012';

/**
 * Firehose's ranges for a Lambda processor's parameters: BufferSizeInMBs 0.2–3 (default 1),
 * BufferIntervalInSeconds 60–900 (default 60), NumberOfRetries 0–300 (default 3). Amazon Data Firehose
 * Developer Guide, "Transform source data in Amazon Data Firehose" (data-transformation.html), and the
 * API Reference, "ProcessorParameter" (API_ProcessorParameter.html).
 */
export const LAMBDA_PROCESSOR_RANGES = {
  bufferSizeMb: { min: 0.2, max: 3, default: 1 },
  bufferIntervalSeconds: { min: 60, max: 900, default: 60 },
  numberOfRetries: { min: 0, max: 300, default: 3 },
} as const;

/**
 * S3 buffering hints: SizeInMBs 1–128 (default 5), IntervalInSeconds 0–900 (default 300); at least 64 MB
 * with record format conversion or dynamic partitioning. Amazon Data Firehose API Reference,
 * "BufferingHints" (API_BufferingHints.html); Developer Guide, "Convert input data format"
 * (record-format-conversion.html) and "Dynamic partitioning" (dynamic-partitioning.html).
 */
export const S3_BUFFERING_RANGES = {
  sizeMb: { min: 1, max: 128, default: 5, minWithConversion: 64 },
  intervalSeconds: { min: 0, max: 900, default: 300 },
} as const;

/**
 * How long Firehose waits for a transformation Lambda: the function's timeout may be up to 5 minutes.
 * Amazon Data Firehose Developer Guide, "Transform source data" (data-transformation.html).
 */
export const MAX_TRANSFORM_LAMBDA_TIMEOUT_SECONDS = 300;
