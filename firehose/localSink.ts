/**
 * A local folder standing in for the S3 bucket: records are buffered per prefix and written as objects
 * when a buffer reaches the S3 buffering size (Firehose's default is 5 MiB), and at the end of the run.
 */
import { mkdir, readdir, rm, writeFile, access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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

export const OUTPUT_MARKER = '.firehose-kit-output';

export class LocalFolderSink {
  private readonly buffers = new Map<string, Buffered>();
  private sequence = 0;
  readonly written: DeliveredObject[] = [];

  constructor(
    private readonly root: string,
    private readonly streamName: string,
    private readonly bufferBytes: number,
  ) {}

  /**
   * Prepares the folder: creates it, or empties it when an earlier run of this tool made it. A non-empty
   * folder that this tool did not make is left alone and refused.
   */
  static async open(root: string, streamName: string, bufferBytes: number): Promise<LocalFolderSink> {
    const entries = await readdir(root).catch((error: { code?: string }) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    if (entries.length > 0) {
      const ours = await access(join(root, OUTPUT_MARKER)).then(() => true, () => false);
      if (!ours) throw new Error(`refusing to write into ${root}: it is not empty and was not made by npm run transform; choose another --out`);
      await rm(root, { recursive: true, force: true });
    }
    await mkdir(root, { recursive: true });
    await writeFile(join(root, OUTPUT_MARKER), 'Written by firehose-kit (npm run transform); emptied on the next run.\n');
    return new LocalFolderSink(root, streamName, bufferBytes);
  }

  /** Adds one record's bytes under `prefix` (a dynamic-partitioning prefix, or '' ), at its arrival time. */
  async add(prefix: string, data: Uint8Array, arrivalTimestamp: number): Promise<void> {
    let buffer = this.buffers.get(prefix);
    if (buffer === undefined) {
      buffer = { parts: [], bytes: 0, firstArrival: arrivalTimestamp };
      this.buffers.set(prefix, buffer);
    }
    buffer.parts.push(data);
    buffer.bytes += data.byteLength;
    if (buffer.bytes >= this.bufferBytes) await this.flush(prefix);
  }

  /** The file that stands for the object `key`. */
  pathOf(key: string): string {
    return join(this.root, key);
  }

  async flush(prefix: string): Promise<void> {
    const buffer = this.buffers.get(prefix);
    if (buffer === undefined || buffer.parts.length === 0) return;
    this.buffers.delete(prefix);
    const key = `${prefix}${hourPrefix(buffer.firstArrival)}${objectName(this.streamName, buffer.firstArrival, this.sequence++)}`;
    const file = join(this.root, key);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, buffer.parts);
    this.written.push({ key, bytes: buffer.bytes, records: buffer.parts.length });
  }

  async close(): Promise<void> {
    for (const prefix of [...this.buffers.keys()]) await this.flush(prefix);
  }
}
