/**
 * Reads an input file as producer records: each line is one record, passed on as its exact bytes
 * (without the line break; a trailing CR is removed). Memory stays bounded by the longest line.
 */
import { Buffer } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { InputFileError } from './errors.js';

export interface ProducerRecord {
  /** 1-based line number in the input file. */
  readonly line: number;
  readonly data: Buffer;
  /** Arrival time (epoch ms) when the input gives one (`--arrival-field`, captured events). */
  readonly arrivalTimestamp?: number;
  /** The producer API would refuse this record (over 1,000 KiB); `data` is then empty. */
  readonly refused?: boolean;
}

/** Fails with a one-line message when the file is missing, a directory, or unreadable. */
export async function checkReadableFile(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new InputFileError(describeFsError(path, error), { cause: error });
  }
  if (info.isDirectory()) throw new InputFileError(`cannot read ${path}: it is a directory; give a file of JSON or text lines`);
  try {
    const stream = createReadStream(path, { start: 0, end: 0 });
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.once('close', resolve);
      stream.resume();
    });
  } catch (error) {
    throw new InputFileError(describeFsError(path, error), { cause: error });
  }
}

function describeFsError(path: string, error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return `cannot read ${path}: no such file`;
  if (code === 'EACCES' || code === 'EPERM') return `cannot read ${path}: permission denied`;
  if (code === 'EISDIR') return `cannot read ${path}: it is a directory; give a file of JSON or text lines`;
  return `cannot read ${path}: ${code ?? (error instanceof Error ? error.message : 'unknown error')}`;
}

/** Yields every non-empty line; empty lines are counted by `onEmptyLine` and skipped. */
export async function* readProducerRecords(path: string, onEmptyLine: (line: number) => void = () => undefined): AsyncGenerator<ProducerRecord> {
  await checkReadableFile(path);
  let pending: Buffer[] = [];
  let line = 0;
  const emit = (parts: Buffer[]): ProducerRecord | undefined => {
    line++;
    let data = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    if (data.length > 0 && data[data.length - 1] === 0x0d) data = data.subarray(0, data.length - 1);
    if (data.length === 0) {
      onEmptyLine(line);
      return undefined;
    }
    return { line, data };
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    let newline = chunk.indexOf(0x0a, start);
    while (newline !== -1) {
      pending.push(chunk.subarray(start, newline));
      const record = emit(pending);
      pending = [];
      if (record !== undefined) yield record;
      start = newline + 1;
      newline = chunk.indexOf(0x0a, start);
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) {
    const record = emit(pending);
    if (record !== undefined) yield record;
  }
}
