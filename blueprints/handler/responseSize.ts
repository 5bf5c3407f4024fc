/**
 * Exact byte sizes of the JSON the Lambda runtime sends back to Firehose, computed without serialising
 * record data (base64 text is ASCII, so its length is its size). The entry shape and key order are
 * the ones the handler builds: { recordId, result, data, metadata? }.
 */
import { Buffer } from 'node:buffer';

/** `{"records":[` + `]}` */
export const RESPONSE_ENVELOPE_BYTES = '{"records":[]}'.length;

/** Size of one serialised entry, without the comma that separates it from the previous one. */
export function responseEntryBytes(
  recordIdJsonBytes: number,
  result: 'Ok' | 'Dropped' | 'ProcessingFailed',
  base64Length: number,
  partitionKeysJsonBytes?: number,
  dataField: 'data' | 'kafkaRecordValue' = 'data',
): number {
  // {"recordId":<id>,"result":"<result>","data":"<data>"}  and optionally ,"metadata":{"partitionKeys":<keys>}
  // (MSK-sourced streams name the data field kafkaRecordValue)
  let size = 12 + recordIdJsonBytes + 11 + result.length + 6 + dataField.length + base64Length + 1 + 1;
  if (partitionKeysJsonBytes !== undefined) size += 29 + partitionKeysJsonBytes + 1;
  return size;
}

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/** Length of the base64 text for `byteLength` bytes (with padding). */
export function base64Length(byteLength: number): number {
  return 4 * Math.ceil(byteLength / 3);
}
