/**
 * Producer records from the inputs a user has: files, `-` for stdin, named pipes (`<(zcat f.gz)`), in
 * one of three shapes, gzip detected by its magic bytes (1f 8b) whatever the name:
 * - `lines`: one record per line (JSON lines or text), the exact bytes without the line break (a
 *   trailing CR removed); a line longer than Firehose's 1,000 KiB record limit is not kept in memory:
 *   reading skips to its end and yields it as refused;
 * - `json-array`: a JSON array whose elements are the records (their exact text), read as a stream;
 * - `event`: a captured Firehose transformation event, replayed as is (data and arrival times).
 * Memory stays bounded by the record limit, whatever the input size.
 */
import { Buffer } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { MAX_RECORD_BYTES } from '../../limits/index.js';
import { InputFileError } from './errors.js';
import type { ProducerRecord } from './producerRecords.js';

export const INPUT_FORMATS = ['lines', 'json-array', 'event'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export interface InputOptions {
  readonly format?: InputFormat;
  /** Called for each empty line (lines format). */
  readonly onEmptyLine?: (line: number) => void;
  /** Called once per input that looks like another format than the one chosen (a hint for the user). */
  readonly onHint?: (message: string) => void;
  /** Takes a record's arrival time (epoch ms) from this top-level JSON field (ISO text or epoch ms/s). */
  readonly arrivalField?: string;
  /** stdin, for `-` (tests pass their own stream). */
  readonly stdin?: Readable;
}

function describeFsError(path: string, error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return `cannot read ${path}: no such file`;
  if (code === 'EACCES' || code === 'EPERM') return `cannot read ${path}: permission denied`;
  if (code === 'EISDIR') return `cannot read ${path}: it is a directory; give a file of JSON or text lines`;
  return `cannot read ${path}: ${code ?? (error instanceof Error ? error.constructor.name : 'unknown error')}`;
}

/** Checks every input before any is read, so that a typo in the third file stops the run at once. */
export async function checkInputs(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    if (path === '-') continue;
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw new InputFileError(describeFsError(path, error), { cause: error });
    }
    if (info.isDirectory()) throw new InputFileError(`cannot read ${path}: it is a directory; give a file of JSON or text lines`);
    if (info.isFile()) {
      try {
        await (await open(path, 'r')).close();
      } catch (error) {
        throw new InputFileError(describeFsError(path, error), { cause: error });
      }
    }
  }
}

/**
 * A stream chunk as a Buffer without copying it (streams hand out a new buffer per chunk and never write
 * to it again; a copy of every 1 MiB chunk showed in the replay's profile).
 */
function asBuffer(chunk: Buffer | Uint8Array | string): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  return typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** The bytes of one input, gunzipped when it starts with gzip's magic bytes. */
async function* inputBytes(path: string, stdin: Readable | undefined): AsyncGenerator<Buffer> {
  const stream: Readable = path === '-' ? (stdin ?? process.stdin) : createReadStream(path, { highWaterMark: 1 << 20 });
  const iterator = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  // Gather at least two bytes (or the end) to look for the gzip magic.
  let done = false;
  while (head.length < 2 && !done) {
    const next = await iterator.next();
    if (next.done === true) done = true;
    else head = Buffer.concat([head, Buffer.from(next.value)]);
  }
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield asBuffer(next.value);
    }
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip();
    const source = rest();
    void (async () => {
      try {
        for await (const chunk of source) if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r));
        gunzip.end();
      } catch (error) {
        gunzip.destroy(error as Error);
      }
    })();
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
    } catch (error) {
      throw new InputFileError(`cannot read ${path}: it starts like gzip but does not decompress (${(error as { code?: string }).code ?? 'corrupt data'})`, { cause: error });
    }
    return;
  }
  yield* rest();
}

/** Reads every input in order as producer records; line numbers count within each input. */
export async function* readInputs(paths: readonly string[], options: InputOptions = {}): AsyncGenerator<ProducerRecord & { readonly input: string }> {
  await checkInputs(paths);
  for (const path of paths) {
    const format = options.format ?? 'lines';
    const bytes = inputBytes(path, options.stdin);
    const records = format === 'lines' ? lineRecords(bytes, path, options) : format === 'json-array' ? arrayRecords(bytes, path) : eventRecords(bytes, path);
    for await (const record of records) {
      const arrival = options.arrivalField === undefined || record.refused === true ? record.arrivalTimestamp : arrivalFrom(record.data, options.arrivalField);
      yield { ...record, input: path, ...(arrival === undefined ? {} : { arrivalTimestamp: arrival }) };
    }
  }
}

/** The arrival time a record names in `field`: ISO-8601 text, or epoch seconds / milliseconds. */
export function arrivalFrom(data: Buffer, field: string): number | undefined {
  let value: unknown;
  try {
    value = (JSON.parse(data.toString('utf8')) as Record<string, unknown>)[field];
  } catch {
    return undefined;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

async function* lineRecords(bytes: AsyncIterable<Buffer>, path: string, options: InputOptions): AsyncGenerator<ProducerRecord> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = false;
  let line = 0;
  let first = true;
  const emit = (): ProducerRecord | undefined => {
    line++;
    if (overflow) {
      overflow = false;
      pending = [];
      pendingBytes = 0;
      return { line, data: Buffer.alloc(0), refused: true };
    }
    let data = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    if (data.length > 0 && data[data.length - 1] === 0x0d) data = data.subarray(0, data.length - 1);
    if (data.length > MAX_RECORD_BYTES) return { line, data: Buffer.alloc(0), refused: true };
    if (first) {
      first = false;
      const text = data.toString('utf8').trim();
      if (text === '[' || (text.startsWith('[') && !isJson(text))) options.onHint?.(`${path} looks like a JSON array; to read its elements as records, use --input-format json-array`);
      else if (text.startsWith('{') && !isJson(text)) options.onHint?.(`${path} does not start with a whole JSON object on its first line; for a captured Firehose event use --input-format event, for a JSON array --input-format json-array`);
    }
    if (data.length === 0) {
      options.onEmptyLine?.(line);
      return undefined;
    }
    return { line, data };
  };
  const keep = (part: Buffer): void => {
    if (overflow) return;
    // +1: a trailing CR does not count towards the record.
    if (pendingBytes + part.length > MAX_RECORD_BYTES + 1) {
      overflow = true;
      pending = [];
      pendingBytes = 0;
      return;
    }
    // Streams hand out a new buffer per chunk, so a view is safe (and saves a copy per line).
    pending.push(part);
    pendingBytes += part.length;
  };
  for await (const chunk of bytes) {
    let start = 0;
    let newline = chunk.indexOf(0x0a, start);
    while (newline !== -1) {
      keep(chunk.subarray(start, newline));
      const record = emit();
      if (record !== undefined) yield record;
      start = newline + 1;
      newline = chunk.indexOf(0x0a, start);
    }
    if (start < chunk.length) keep(chunk.subarray(start));
  }
  if (pending.length > 0 || overflow) {
    const record = emit();
    if (record !== undefined) yield record;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The elements of a top-level JSON array, each as its exact bytes, read as a stream. */
async function* arrayRecords(bytes: AsyncIterable<Buffer>, path: string): AsyncGenerator<ProducerRecord> {
  let state: 'before' | 'between' | 'in' | 'after' = 'before';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element: Buffer[] = [];
  let elementBytes = 0;
  let overflow = false;
  let index = 0;
  const finishElement = (): ProducerRecord | undefined => {
    index++;
    const data = Buffer.concat(element);
    element = [];
    elementBytes = 0;
    const was = overflow;
    overflow = false;
    if (was) return { line: index, data: Buffer.alloc(0), refused: true };
    const trimmed = data.toString('utf8').trim();
    return trimmed === '' ? undefined : { line: index, data: Buffer.from(trimmed) };
  };
  for await (const chunk of bytes) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (state === 'before') {
        if (c === 0x5b) {
          state = 'between';
          start = i + 1;
        } else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && !(c === 0xef || c === 0xbb || c === 0xbf)) {
          throw new InputFileError(`cannot read ${path} as a JSON array: it does not start with '['; use --input-format lines for JSON lines`);
        }
        continue;
      }
      if (state === 'after') continue;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 0x5c) escaped = true;
        else if (c === 0x22) inString = false;
        continue;
      }
      if (c === 0x22) {
        inString = true;
        state = 'in';
      } else if (c === 0x7b || c === 0x5b) {
        depth++;
        state = 'in';
      } else if (c === 0x7d || (c === 0x5d && depth > 0)) {
        depth--;
      } else if (depth === 0 && (c === 0x2c || c === 0x5d)) {
        append(chunk.subarray(start, i));
        const record = finishElement();
        if (record !== undefined) yield record;
        start = i + 1;
        state = c === 0x5d ? 'after' : 'between';
      } else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
        state = 'in';
      }
    }
    if (state === 'in' || state === 'between') append(chunk.subarray(start));
  }
  if ((state as string) !== 'after') throw new InputFileError(`cannot read ${path} as a JSON array: it ends before the closing ']' (after ${index} elements)`);

  function append(part: Buffer): void {
    if (overflow || part.length === 0) return;
    if (elementBytes + part.length > MAX_RECORD_BYTES + 64) {
      overflow = true;
      element = [];
      elementBytes = 0;
      return;
    }
    element.push(Buffer.from(part));
    elementBytes += part.length;
  }
}

/** The records of a captured Firehose transformation event, with their own arrival times. */
async function* eventRecords(bytes: AsyncIterable<Buffer>, path: string): AsyncGenerator<ProducerRecord> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of bytes) {
    total += chunk.length;
    // An event is at most Lambda's 6 MB request; allow some slack for pretty-printed captures.
    if (total > 64 * 1024 * 1024) throw new InputFileError(`cannot read ${path} as a Firehose event: it is over 64 MiB; an event is at most 6 MB`);
    parts.push(chunk);
  }
  let event: unknown;
  try {
    event = JSON.parse(Buffer.concat(parts).toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new InputFileError(`cannot read ${path} as a Firehose event: it is not JSON`);
  }
  const records = (event as { records?: unknown } | null)?.records;
  if (!Array.isArray(records)) throw new InputFileError(`cannot read ${path} as a Firehose event: it has no records array (expected { invocationId, deliveryStreamArn, records: [...] })`);
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as { data?: unknown; kafkaRecordValue?: unknown; approximateArrivalTimestamp?: unknown; kinesisFirehoseRecordMetadata?: { approximateArrivalTimestamp?: unknown } } | null;
    const data = r?.data ?? r?.kafkaRecordValue;
    if (typeof data !== 'string') throw new InputFileError(`cannot read ${path} as a Firehose event: records[${i}] has no base64 data`);
    const arrival = r?.approximateArrivalTimestamp ?? r?.kinesisFirehoseRecordMetadata?.approximateArrivalTimestamp;
    yield { line: i + 1, data: Buffer.from(data, 'base64'), ...(typeof arrival === 'number' ? { arrivalTimestamp: arrival } : {}) };
  }
}
