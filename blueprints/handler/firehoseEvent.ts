/**
 * Reads and checks a Firehose record-transformation event once, before any record is transformed.
 * An event that cannot be answered record by record (no records array, a record without id or data,
 * duplicate ids) is rejected as a whole with a message naming what is missing.
 */
import type { FirehoseTransformationEvent } from 'aws-lambda';
import type { KinesisSourceMetadata, RecordSource } from '../../transforms/core/index.js';
import { FirehoseEventError } from './errors.js';

export interface EventRecord {
  readonly recordId: string;
  /** The record's data as Firehose sent it (base64). */
  readonly data: string;
  readonly arrivalTimestamp: number;
  readonly kinesis?: KinesisSourceMetadata;
}

export interface ReadEvent {
  readonly source: RecordSource;
  readonly records: readonly EventRecord[];
}

const EXPECTED = 'a Firehose record-transformation event looks like { invocationId, deliveryStreamArn, region, records: [{ recordId, approximateArrivalTimestamp, data }] }';

export function readFirehoseEvent(event: FirehoseTransformationEvent | unknown): ReadEvent {
  if (typeof event !== 'object' || event === null) {
    throw new FirehoseEventError(`the event is ${event === null ? 'null' : typeof event}; ${EXPECTED}`);
  }
  const e = event as Record<string, unknown>;
  if (!Array.isArray(e['records'])) {
    throw new FirehoseEventError(`the event has no 'records' array (keys: ${Object.keys(e).slice(0, 10).join(', ') || 'none'}); ${EXPECTED}`);
  }
  const source: RecordSource = {
    deliveryStreamArn: typeof e['deliveryStreamArn'] === 'string' ? e['deliveryStreamArn'] : '',
    region: typeof e['region'] === 'string' ? e['region'] : '',
    invocationId: typeof e['invocationId'] === 'string' ? e['invocationId'] : '',
    ...(typeof e['sourceKinesisStreamArn'] === 'string' ? { sourceKinesisStreamArn: e['sourceKinesisStreamArn'] } : {}),
  };
  const seen = new Set<string>();
  const records = (e['records'] as unknown[]).map((raw, index): EventRecord => {
    if (typeof raw !== 'object' || raw === null) throw new FirehoseEventError(`records[${index}] is ${raw === null ? 'null' : typeof raw}, not a record object; ${EXPECTED}`);
    const r = raw as Record<string, unknown>;
    const recordId = r['recordId'];
    if (typeof recordId !== 'string' || recordId === '') throw new FirehoseEventError(`records[${index}] has no 'recordId' string; ${EXPECTED}`);
    if (seen.has(recordId)) throw new FirehoseEventError(`records[${index}] repeats recordId of an earlier record; every record must have its own id`);
    seen.add(recordId);
    const data = r['data'];
    if (typeof data !== 'string') {
      const hint = 'kafkaRecordValue' in r ? ' (this looks like an MSK-sourced event, whose records carry kafkaRecordValue; firehose-kit handles Direct PUT and Kinesis-sourced events)' : '';
      throw new FirehoseEventError(`records[${index}] (recordId ${recordId}) has no 'data' string${hint}; ${EXPECTED}`);
    }
    const arrivalTimestamp = toEpochMillis(r['approximateArrivalTimestamp']);
    if (arrivalTimestamp === undefined) {
      throw new FirehoseEventError(`records[${index}] (recordId ${recordId}) has no usable 'approximateArrivalTimestamp' (epoch milliseconds); ${EXPECTED}`);
    }
    const kinesis = readKinesisMetadata(r['kinesisRecordMetadata'], index);
    return kinesis === undefined ? { recordId, data, arrivalTimestamp } : { recordId, data, arrivalTimestamp, kinesis };
  });
  return { source, records };
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

function readKinesisMetadata(raw: unknown, index: number): KinesisSourceMetadata | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object') throw new FirehoseEventError(`records[${index}].kinesisRecordMetadata is ${typeof raw}, expected an object`);
  const m = raw as Record<string, unknown>;
  const text = (key: string): string => {
    const v = m[key];
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
  };
  return {
    shardId: text('shardId'),
    partitionKey: text('partitionKey'),
    sequenceNumber: text('sequenceNumber'),
    subsequenceNumber: text('subsequenceNumber'),
    approximateArrivalTimestamp: toEpochMillis(m['approximateArrivalTimestamp']) ?? 0,
  };
}
