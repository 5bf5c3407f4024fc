/**
 * Firehose's error records, built in one place: the JSON objects Firehose writes, one per line, under
 * `processing-failed/` (the Lambda returned ProcessingFailed) and `format-conversion-failed/` (record
 * format conversion could not convert the record). Field names follow the Firehose developer guide
 * ("Data transformation failure handling" and "Record format conversion error handling").
 */
import { Buffer } from 'node:buffer';
import { PLACEHOLDER_ACCOUNT_ID } from '../../limits/index.js';

/**
 * A processing-failed record. The guide documents the key `lambdaArn`; objects captured from real streams
 * carry `lambdaARN` (observed: floci-io/floci PR #3393, a second emulator's captures), which we follow.
 */
export interface ProcessingFailedRecord {
  readonly attemptsMade: number;
  readonly arrivalTimestamp: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly attemptEndingTimestamp: number;
  /** The record's original bytes, base64. */
  readonly rawData: string;
  readonly lambdaARN: string;
}

/** A record dynamic partitioning could not place (assumed shape: the processing-failed fields without lambdaARN). */
export interface PartitioningFailedRecord {
  readonly attemptsMade: number;
  readonly arrivalTimestamp: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly attemptEndingTimestamp: number;
  readonly rawData: string;
}

export interface FormatConversionFailedRecord {
  readonly attemptsMade: number;
  readonly arrivalTimestamp: number;
  readonly lastErrorCode: string;
  readonly lastErrorMessage: string;
  readonly attemptEndingTimestamp: number;
  readonly rawData: string;
  readonly sequenceNumber: string;
  readonly subSequenceNumber: number;
  readonly dataCatalogTable: {
    readonly catalogId: string;
    readonly databaseName: string;
    readonly tableName: string;
    readonly region: string;
    readonly versionId: string;
    readonly catalogArn: string;
  };
}

/**
 * A record that failed in the Lambda step: its own ProcessingFailed status (`Lambda.ProcessingFailedStatus`,
 * message "ProcessingFailed status set for record", as observed), a response that broke Firehose's
 * rules for it, or an invocation that failed after every retry (`Lambda.FunctionError`).
 */
export function processingFailedRecord(input: {
  readonly attemptsMade: number;
  readonly arrivalTimestamp: number;
  /** When Firehose stopped attempting Lambda invocations for the batch (replay clock). */
  readonly attemptEndingTimestamp: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  /** Base64 of the original record, as the event carried it. */
  readonly rawData: string;
  readonly lambdaArn: string;
}): ProcessingFailedRecord {
  return {
    attemptsMade: input.attemptsMade,
    arrivalTimestamp: input.arrivalTimestamp,
    errorCode: input.errorCode,
    errorMessage: input.errorMessage,
    attemptEndingTimestamp: input.attemptEndingTimestamp,
    rawData: input.rawData,
    lambdaARN: input.lambdaArn,
  };
}

/** A record (or deaggregated part) that dynamic partitioning could not place. */
export function partitioningFailedRecord(input: {
  readonly arrivalTimestamp: number;
  readonly attemptEndingTimestamp: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly data: Uint8Array;
}): PartitioningFailedRecord {
  return {
    attemptsMade: 1,
    arrivalTimestamp: input.arrivalTimestamp,
    errorCode: input.errorCode,
    errorMessage: input.errorMessage,
    attemptEndingTimestamp: input.attemptEndingTimestamp,
    rawData: Buffer.from(input.data.buffer, input.data.byteOffset, input.data.byteLength).toString('base64'),
  };
}

/** A record that record format conversion could not convert. */
export function formatConversionFailedRecord(input: {
  readonly arrivalTimestamp: number;
  /** When conversion was attempted (the record left the Lambda), on the replay clock. */
  readonly attemptEndingTimestamp: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly data: Uint8Array;
  /** Firehose's sequence number of the record (see `firehoseSequenceNumber`). */
  readonly sequenceNumber: string;
  readonly table: { readonly databaseName: string; readonly tableName: string; readonly region: string };
}): FormatConversionFailedRecord {
  return {
    attemptsMade: 1,
    arrivalTimestamp: input.arrivalTimestamp,
    lastErrorCode: input.errorCode,
    lastErrorMessage: input.errorMessage,
    attemptEndingTimestamp: input.attemptEndingTimestamp,
    rawData: Buffer.from(input.data.buffer, input.data.byteOffset, input.data.byteLength).toString('base64'),
    sequenceNumber: input.sequenceNumber,
    subSequenceNumber: 0,
    dataCatalogTable: {
      catalogId: PLACEHOLDER_ACCOUNT_ID,
      databaseName: input.table.databaseName,
      tableName: input.table.tableName,
      region: input.table.region,
      versionId: 'LATEST',
      catalogArn: `arn:aws:glue:${input.table.region}:${PLACEHOLDER_ACCOUNT_ID}:catalog`,
    },
  };
}

/** One error record as its line in an error object. */
export function errorRecordLine(record: ProcessingFailedRecord | FormatConversionFailedRecord | PartitioningFailedRecord): Buffer {
  return Buffer.from(`${JSON.stringify(record)}\n`);
}

/**
 * A Firehose-shaped sequence number for the n-th record a stream received: 56 decimal digits, as in
 * Kinesis and Firehose record metadata (assumed format; Firehose does not document how it numbers
 * Direct PUT records). Deterministic, so replays are reproducible.
 */
export function firehoseSequenceNumber(n: number): string {
  return `4960${String(n).padStart(52, '0')}`;
}
