/**
 * Core types of firehose-kit's transforms: the per-record context, the outcome values, and the
 * `Transform` function type. Nothing here knows about Firehose's wire format; the handler in
 * `blueprints/` turns outcomes into `{ recordId, result, data }`.
 */
import type { JsonNumber } from './jsonNumber.js';

/**
 * A JSON value as `parseJson` produces it: what `JSON.parse` gives, except that a number a float64 would
 * not give back exactly (a 64-bit id, `1e400`, `1.50`) is a `JsonNumber` holding its text.
 */
export type JsonValue = string | number | boolean | null | JsonNumber | JsonValue[] | JsonObject;
/** A JSON object. Transforms treat it as read-only and build new objects instead of mutating. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Source metadata of a record that Firehose read from a Kinesis data stream. */
export interface KinesisSourceMetadata {
  readonly shardId: string;
  readonly partitionKey: string;
  readonly sequenceNumber: string;
  /** Firehose sends a number or a string; it is kept as a string. */
  readonly subsequenceNumber: string;
  /** Epoch milliseconds of the record's arrival in the Kinesis stream. */
  readonly approximateArrivalTimestamp: number;
}

/** Source metadata of a record that Firehose read from an Amazon MSK topic. */
export interface MskSourceMetadata {
  readonly offset: string;
  readonly partitionId: string;
  /** Epoch milliseconds of the record's arrival in the topic. */
  readonly approximateArrivalTimestamp: number;
}

/** What a transform may know about the record it works on, besides its data. */
export interface RecordContext {
  readonly recordId: string;
  /** Epoch milliseconds at which Firehose received the record. */
  readonly arrivalTimestamp: number;
  /** Partition keys set by earlier steps of the pipeline (values are always strings). */
  readonly partitionKeys: Readonly<Record<string, string>>;
  /** The delivery stream and, for Kinesis-sourced streams, the record's Kinesis metadata. */
  readonly source: RecordSource;
}

export interface RecordSource {
  readonly deliveryStreamArn: string;
  readonly region: string;
  readonly invocationId: string;
  readonly sourceKinesisStreamArn?: string;
  /** For MSK-sourced delivery streams: the cluster's ARN (`sourceMSKArn` in the event). */
  readonly sourceMskArn?: string;
  /** For Kinesis Data Analytics input preprocessing events: the application's ARN. */
  readonly kinesisAnalyticsApplicationArn?: string;
  readonly kinesis?: KinesisSourceMetadata;
  readonly msk?: MskSourceMetadata;
}

/**
 * Outcomes are tagged with a symbol so that they can never be confused with a record value:
 * no JSON value, and no value parsed from a record, carries a symbol-keyed property.
 */
export const OUTCOME: unique symbol = Symbol.for('firehose-kit.outcome');

export interface OkOutcome<T> {
  readonly [OUTCOME]: 'ok';
  readonly value: T;
  /** Partition keys to add to the record's context (and to `metadata.partitionKeys`). */
  readonly partitionKeys?: Readonly<Record<string, string>>;
}
export interface DroppedOutcome {
  readonly [OUTCOME]: 'dropped';
  /** Why the record was dropped; counted and logged, never sent to Firehose. */
  readonly reason: string;
}
export interface FailedOutcome {
  readonly [OUTCOME]: 'failed';
  /** Why the record failed. Its message is logged: it must not contain record content. */
  readonly error: Error;
}
export type Outcome<T> = OkOutcome<T> | DroppedOutcome | FailedOutcome;

/**
 * A record transform: pure and synchronous. It returns the new value directly, or an outcome when it
 * drops the record, fails it, or sets partition keys. It never mutates its input or the context.
 */
export type Transform<I, O> = (input: I, ctx: RecordContext) => O | Outcome<O>;

/** The bytes Firehose hands to a pipeline, and what a pipeline may hand back to it. */
export type RecordBytes = Uint8Array;
export type RecordOutput = Uint8Array | string;

/** A whole pipeline as the Firehose handler runs it: bytes in, bytes or text out. */
export type RecordPipeline = Transform<RecordBytes, RecordOutput>;
