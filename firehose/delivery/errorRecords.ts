/**
 * Firehose's error records, built in one place: the JSON objects Firehose writes, one per line, under
 * `processing-failed/` (the Lambda returned ProcessingFailed) and `format-conversion-failed/` (record
 * format conversion could not convert the record). Field names follow the Firehose developer guide
 * ("Data transformation failure handling" and "Record format conversion error handling").
 */
import { Buffer } from 'node:buffer';
import { PLACEHOLDER_ACCOUNT_ID } from '../../limits/index.js';

export interface ProcessingFailedRecord {
  readonly attemptsMade: number;
  readonly arrivalTimestamp: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly attemptEndingTimestamp: number;
  /** The record's original bytes, base64. */
  readonly rawData: string;
  readonly lambdaArn: string;
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

/** A record the Lambda returned as ProcessingFailed. `failure` is the blueprint's logged error class and message. */
export function processingFailedRecord(input: {
  readonly arrivalTimestamp: number;
  readonly attemptEndingTimestamp: number;
  /** Base64 of the original record, as the event carried it. */
  readonly rawData: string;
  readonly lambdaArn: string;
  readonly failure?: { readonly errorClass: string; readonly errorMessage: string };
}): ProcessingFailedRecord {
  return {
    attemptsMade: 1,
    arrivalTimestamp: input.arrivalTimestamp,
    errorCode: 'Lambda.ProcessingFailedStatus',
    errorMessage:
      input.failure === undefined
        ? 'ProcessingFailed status returned by the Lambda'
        : `ProcessingFailed status returned by the Lambda (${input.failure.errorClass}: ${input.failure.errorMessage})`,
    attemptEndingTimestamp: input.attemptEndingTimestamp,
    rawData: input.rawData,
    lambdaArn: input.lambdaArn,
  };
}

/** A record that record format conversion could not convert. */
export function formatConversionFailedRecord(input: {
  readonly arrivalTimestamp: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly data: Uint8Array;
  readonly recordId: string;
  readonly table: { readonly databaseName: string; readonly tableName: string; readonly region: string };
}): FormatConversionFailedRecord {
  return {
    attemptsMade: 1,
    arrivalTimestamp: input.arrivalTimestamp,
    lastErrorCode: input.errorCode,
    lastErrorMessage: input.errorMessage,
    attemptEndingTimestamp: input.arrivalTimestamp,
    rawData: Buffer.from(input.data.buffer, input.data.byteOffset, input.data.byteLength).toString('base64'),
    sequenceNumber: input.recordId,
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
export function errorRecordLine(record: ProcessingFailedRecord | FormatConversionFailedRecord): Buffer {
  return Buffer.from(`${JSON.stringify(record)}\n`);
}
