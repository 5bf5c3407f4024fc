/**
 * Reads a Firehose record-transformation event once, before any record is transformed. Every record
 * that carries a recordId is answered: a record whose own fields are unusable (no data, data that is not
 * base64, no arrival time) is marked with a problem and fails alone, and a repeated recordId is answered
 * once per record. Only an event that is not Firehose-shaped at all (no records array, a record without
 * a recordId, which nothing could answer) is rejected as a whole, with a message naming what it got.
 *
 * Shapes read (documented in the Firehose developer guide, "Transform source data in Amazon Data
 * Firehose", and in AWS's own sample events, copied to test/fixtures/firehose-events):
 * - Direct PUT and Kinesis Data Streams sources: `data`, `approximateArrivalTimestamp`, optional
 *   `kinesisRecordMetadata`;
 * - Amazon MSK sources: `kafkaRecordValue` instead of `data`, `mskRecordMetadata`, event key
 *   `sourceMSKArn`; the response carries `kafkaRecordValue` too (documented in "Required parameters for
 *   data transformation", data-transformation-status-model.html);
 * - Kinesis Data Analytics input preprocessing (same output model): arrival time under
 *   `kinesisFirehoseRecordMetadata` or `kinesisStreamRecordMetadata`, event keys `applicationArn`,
 *   `streamArn`.
 */
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { Buffer } from 'node:buffer';
import type { KinesisSourceMetadata, MskSourceMetadata, RecordSource } from '../../transforms/core/index.js';
import { FirehoseEventError } from './errors.js';

export interface EventRecord {
  readonly recordId: string;
  /** The record's data as Firehose sent it (base64); '' when it sent none. */
  readonly data: string;
  readonly arrivalTimestamp: number;
  readonly kinesis?: KinesisSourceMetadata;
  readonly msk?: MskSourceMetadata;
  /** Why the record cannot be processed (its own fields are unusable); it is answered ProcessingFailed. */
  readonly problem?: string;
}

/** Where a record's data sits in the event and in the response: `kafkaRecordValue` for MSK sources. */
export type DataField = 'data' | 'kafkaRecordValue';

export interface ReadEvent {
  readonly source: RecordSource;
  readonly records: readonly EventRecord[];
  readonly dataField: DataField;
  /** What produced the event, for logs and for choosing the re-ingestion target. */
  readonly kind: 'firehose' | 'msk' | 'kinesis-analytics';
  /** Records whose recordId repeats an earlier record's (each is answered once per record). */
  readonly repeatedIds: number;
}

const EXPECTED = 'a Firehose record-transformation event looks like { invocationId, deliveryStreamArn, region, records: [{ recordId, approximateArrivalTimestamp, data }] }';

/** The base64 alphabet with any padding: decodable, though not always as Firehose would write it. */
const BASE64_LENIENT = /^[A-Za-z0-9+/]*={0,3}$/;

export function readFirehoseEvent(event: FirehoseTransformationEvent | unknown): ReadEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new FirehoseEventError(`the event is ${event === null ? 'null' : Array.isArray(event) ? 'an array' : typeof event}; ${EXPECTED}`);
  }
  const e = event as Record<string, unknown>;
  if (!Array.isArray(e['records'])) {
    throw new FirehoseEventError(`the event is not a Firehose record-transformation event: ${describeShape(e)}; ${EXPECTED}`);
  }
  const text = (key: string): string | undefined => (typeof e[key] === 'string' ? (e[key] as string) : undefined);
  const mskArn = text('sourceMSKArn');
  const kind: ReadEvent['kind'] = mskArn !== undefined ? 'msk' : text('applicationArn') !== undefined ? 'kinesis-analytics' : 'firehose';
  const source: RecordSource = {
    deliveryStreamArn: text('deliveryStreamArn') ?? (kind === 'kinesis-analytics' ? (text('streamArn') ?? '') : ''),
    region: text('region') ?? '',
    invocationId: text('invocationId') ?? '',
    ...(text('sourceKinesisStreamArn') !== undefined ? { sourceKinesisStreamArn: text('sourceKinesisStreamArn')! } : {}),
    ...(mskArn !== undefined ? { sourceMskArn: mskArn } : {}),
    ...(kind === 'kinesis-analytics' ? { kinesisAnalyticsApplicationArn: text('applicationArn')! } : {}),
  };
  const dataField: DataField = mskArn !== undefined ? 'kafkaRecordValue' : 'data';
  const seen = new Set<string>();
  let repeatedIds = 0;
  const records = (e['records'] as unknown[]).map((raw, index): EventRecord => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new FirehoseEventError(`records[${index}] is ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}, not a record object, so it cannot be answered; ${EXPECTED}`);
    }
    const r = raw as Record<string, unknown>;
    const recordId = r['recordId'];
    if (typeof recordId !== 'string' || recordId === '') {
      throw new FirehoseEventError(`records[${index}] has no 'recordId' string (keys: ${keysOf(r)}), so it cannot be answered; ${EXPECTED}`);
    }
    if (seen.has(recordId)) repeatedIds++;
    seen.add(recordId);
    const problems: string[] = [];
    const rawData = r[dataField] ?? (dataField === 'data' ? undefined : r['data']);
    let data = '';
    if (typeof rawData !== 'string') problems.push(`has no '${dataField}' string`);
    else data = rawData;
    const arrivalTimestamp = toEpochMillis(r['approximateArrivalTimestamp'])
      ?? toEpochMillis(objectField(r['kinesisFirehoseRecordMetadata'], 'approximateArrivalTimestamp'))
      ?? toEpochMillis(objectField(r['kinesisStreamRecordMetadata'], 'approximateArrivalTimestamp'))
      ?? toEpochMillis(objectField(r['mskRecordMetadata'], 'approximateArrivalTimestamp'));
    if (arrivalTimestamp === undefined) problems.push("has no usable 'approximateArrivalTimestamp' (epoch milliseconds or ISO 8601)");
    const kinesis = readKinesisMetadata(r['kinesisRecordMetadata'] ?? r['kinesisStreamRecordMetadata']);
    const msk = readMskMetadata(r['mskRecordMetadata']);
    return {
      recordId,
      data,
      arrivalTimestamp: arrivalTimestamp ?? 0,
      ...(kinesis !== undefined ? { kinesis } : {}),
      ...(msk !== undefined ? { msk } : {}),
      ...(problems.length > 0 ? { problem: `the record ${problems.join(' and ')}` } : {}),
    };
  });
  return { source, records, dataField, kind, repeatedIds };
}

/**
 * A record's bytes, and its data as the answer to a failure carries it (canonical base64). Firehose sends
 * canonical base64, whose length follows from the byte count, so the common case costs no pass beyond the
 * decoding. Hand-written sample events carry mis-padded base64 (AWS's own apache-log test event does): the
 * bytes are clear, so the record is read and a failure answers with them in canonical base64. Data with
 * characters outside the base64 alphabet fails the record.
 */
export function decodeRecordData(data: string, field: DataField): { readonly bytes: Buffer; readonly original: string } | { readonly problem: string } {
  const bytes = Buffer.from(data, 'base64');
  if (data.length === 4 * Math.ceil(bytes.byteLength / 3)) return { bytes, original: data };
  if (BASE64_LENIENT.test(data)) return { bytes, original: bytes.toString('base64') };
  return { problem: `the record has '${field}' that is not base64 (${data.length} characters)` };
}

/** Names the shape of an event that has no records array, so that a wrong test event is recognised. */
function describeShape(e: Record<string, unknown>): string {
  if (Array.isArray(e['Records'])) {
    const first = (e['Records'] as unknown[])[0];
    const from = typeof first === 'object' && first !== null ? ((first as Record<string, unknown>)['eventSource'] ?? Object.keys(first).find((k) => ['kinesis', 'Sns', 's3', 'dynamodb', 'body'].includes(k))) : undefined;
    return `it has 'Records' (capital R${typeof from === 'string' ? `, ${from}` : ''}), the shape of a Kinesis Data Streams, SQS, SNS, S3 or DynamoDB event`;
  }
  if (typeof e['awslogs'] === 'object' && e['awslogs'] !== null) return "it has 'awslogs', the shape of a CloudWatch Logs subscription event sent straight to Lambda";
  if ('records' in e) return `its 'records' is ${e['records'] === null ? 'null' : typeof e['records']}, not an array`;
  return `it has no 'records' array (keys: ${keysOf(e)})`;
}

function keysOf(o: Record<string, unknown>): string {
  // Key names of a malformed event are shown (truncated); values never are.
  const keys = Object.keys(o).slice(0, 10).map((k) => (k.length > 40 ? `${k.slice(0, 40)}…` : k));
  return keys.length === 0 ? 'none' : keys.join(', ');
}

function objectField(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Epoch milliseconds from a number, a numeric string or an ISO-8601 string (seen in some sample events). */
function toEpochMillis(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
    const parsed = Date.parse(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  return undefined;
}

function fieldText(m: Record<string, unknown>, key: string): string {
  const v = m[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function readKinesisMetadata(raw: unknown): KinesisSourceMetadata | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  return {
    shardId: fieldText(m, 'shardId'),
    partitionKey: fieldText(m, 'partitionKey'),
    sequenceNumber: fieldText(m, 'sequenceNumber'),
    subsequenceNumber: fieldText(m, 'subsequenceNumber'),
    approximateArrivalTimestamp: toEpochMillis(m['approximateArrivalTimestamp']) ?? 0,
  };
}

function readMskMetadata(raw: unknown): MskSourceMetadata | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  return {
    offset: fieldText(m, 'offset'),
    partitionId: fieldText(m, 'partitionId'),
    approximateArrivalTimestamp: toEpochMillis(m['approximateArrivalTimestamp']) ?? 0,
  };
}
