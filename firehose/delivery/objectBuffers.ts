/**
 * S3 buffering: records are collected per prefix and written as one object when a buffer reaches the
 * S3 buffering size (Firehose's default is 5 MiB), and at the end of the run.
 */
import type { ObjectSink } from '../sinks/index.js';
import { hourPrefix, objectName } from './objectKeys.js';

export interface DeliveredObject {
  /** The object key, relative to the bucket (the output folder). */
  readonly key: string;
  readonly bytes: number;
  readonly records: number;
}

interface Buffered {
  parts: Uint8Array[];
  bytes: number;
  firstArrival: number;
}

export interface ObjectNaming {
  readonly streamName: string;
  /** Firehose's S3 buffering size, in bytes of record data. */
  readonly bufferBytes: number;
}

export class ObjectBuffers {
  private readonly buffers = new Map<string, Buffered>();
  private sequence = 0;
  /** Objects written so far, in order. */
  readonly written: DeliveredObject[] = [];

  constructor(
    private readonly sink: ObjectSink,
    private readonly naming: ObjectNaming,
  ) {}

  /** Adds one record's bytes under `prefix` (a dynamic-partitioning or error prefix, or ''), at its arrival time. */
  async add(prefix: string, data: Uint8Array, arrivalTimestamp: number): Promise<void> {
    let buffer = this.buffers.get(prefix);
    if (buffer === undefined) {
      buffer = { parts: [], bytes: 0, firstArrival: arrivalTimestamp };
      this.buffers.set(prefix, buffer);
    }
    buffer.parts.push(data);
    buffer.bytes += data.byteLength;
    if (buffer.bytes >= this.naming.bufferBytes) await this.flush(prefix);
  }

  /** The key of the next object under `prefix` for records that first arrived at `epochMs`. */
  nextKey(prefix: string, epochMs: number, extension = ''): string {
    return `${prefix}${hourPrefix(epochMs)}${objectName(this.naming.streamName, epochMs, this.sequence++, extension)}`;
  }

  async flush(prefix: string): Promise<void> {
    const buffer = this.buffers.get(prefix);
    if (buffer === undefined || buffer.parts.length === 0) return;
    this.buffers.delete(prefix);
    const key = this.nextKey(prefix, buffer.firstArrival);
    await this.sink.put(key, buffer.parts);
    this.written.push({ key, bytes: buffer.bytes, records: buffer.parts.length });
  }

  async close(): Promise<void> {
    for (const prefix of [...this.buffers.keys()]) await this.flush(prefix);
  }
}
