/**
 * A producer record: what one PutRecord would send to Firehose, with where it came from. Inputs are read
 * by inputRecords.ts; `readProducerRecords` is the one-file shorthand.
 */
import type { Buffer } from 'node:buffer';
import { readInputs } from './inputRecords.js';

export interface ProducerRecord {
  /** 1-based line number (or element / record index) in its input. */
  readonly line: number;
  readonly data: Buffer;
  /** Arrival time (epoch ms) when the input gives one (`--arrival-field`, captured events). */
  readonly arrivalTimestamp?: number;
  /** The producer API would refuse this record (over 1,000 KiB); `data` is then empty. */
  readonly refused?: boolean;
}

/** Every non-empty line of one file (or `-`, stdin; gzip detected) as a producer record. */
export async function* readProducerRecords(path: string, onEmptyLine: (line: number) => void = () => undefined): AsyncGenerator<ProducerRecord> {
  for await (const { input: _input, ...record } of readInputs([path], { onEmptyLine })) yield record;
}
