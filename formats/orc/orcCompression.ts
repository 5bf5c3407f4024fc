/**
 * ORC's generic compression (apache/orc-format specification/ORCv1.md, "Compression"): a stream is cut
 * into chunks of at most the compression block size; each chunk is compressed on its own and written
 * after a 3-byte little-endian header holding (compressedLength × 2 + isOriginal). A chunk that does not
 * get smaller is stored as it is with isOriginal = 1. Without compression streams have no headers.
 *
 * ZLIB in ORC is raw DEFLATE (RFC 1951, no zlib or gzip wrapper), as Apache's ZlibCodec writes it
 * (java.util.zip.Deflater with nowrap), with Apache's Java writer's settings under its default SPEED
 * compression strategy (observed in its source, PhysicalFsWriter's compression modifiers and ZlibCodec):
 * value streams (DATA, DICTIONARY_DATA, bloom filters) at level 2, the easily compressed ones (LENGTH,
 * PRESENT, SECONDARY, ROW_INDEX) at level 1 with the FILTERED strategy, the file and stripe footers at
 * the default level 6. node:zlib does the work: measured against fflate in BENCHMARKS.md ("ORC"). SNAPPY is the raw Snappy block format; the project's compressor
 * (formats/compression) writes it and the small decompressor below reads it.
 */
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { snappyCompressBlock } from '../compression/index.js';
import { OrcCorruptFileError, OrcUnsupportedError } from './errors.js';
import { CompressionKind } from './orcProto.js';

export const ORC_COMPRESSIONS = ['NONE', 'ZLIB', 'SNAPPY'] as const;
export type OrcCompression = (typeof ORC_COMPRESSIONS)[number];

/** Largest chunk a header can describe: 2^23 - 1 bytes. */
export const MAX_CHUNK_BYTES = 2 ** 23 - 1;
const HEADER_BYTES = 3;
/** The largest chunk the reader inflates (1 GiB): far above any writer's block size, below allocation limits. */
const MAX_BLOCK_BYTES = 2 ** 30;

export interface CompressedStream {
  /** The chunks with their headers, in order. */
  readonly parts: Uint8Array[];
  readonly length: number;
  /** Offset in the compressed stream where the chunk holding uncompressed byte `i × blockSize` starts. */
  readonly chunkStarts: number[];
}

export function compressionKindOf(compression: OrcCompression): number {
  return CompressionKind[compression];
}

/**
 * DEFLATE settings for one kind of stream (see the file comment). `memLevel` 9 (zlib's largest hash
 * table; Java's Deflater uses 8): the same output size on the benchmark's streams in about 12% less
 * time (BENCHMARKS.md, ORC round 3); a few hundred KiB more memory while a chunk is compressed.
 */
export interface ZlibSettings {
  readonly level: number;
  readonly strategy: number;
  readonly memLevel: number;
}

export const ZLIB_FOR_VALUES: ZlibSettings = { level: 2, strategy: constants.Z_DEFAULT_STRATEGY, memLevel: 9 };
export const ZLIB_FOR_LENGTHS: ZlibSettings = { level: 1, strategy: constants.Z_FILTERED, memLevel: 9 };
export const ZLIB_FOR_FOOTERS: ZlibSettings = { level: 6, strategy: constants.Z_DEFAULT_STRATEGY, memLevel: 9 };

/** Compresses `data` (one whole stream) in chunks of `blockSize` uncompressed bytes. */
export function compressStream(data: Uint8Array, compression: OrcCompression, blockSize: number, zlib: ZlibSettings = ZLIB_FOR_FOOTERS): CompressedStream {
  if (compression === 'NONE') return { parts: data.length > 0 ? [data] : [], length: data.length, chunkStarts: [] };
  const parts: Uint8Array[] = [];
  const chunkStarts: number[] = [];
  let length = 0;
  for (let start = 0; start < data.length; start += blockSize) {
    const chunk = data.subarray(start, Math.min(start + blockSize, data.length));
    chunkStarts.push(length);
    const compressed = compression === 'ZLIB' ? deflateRawSync(chunk, zlib) : snappyCompressBlock(chunk);
    // (a Buffer from node:zlib is a Uint8Array; parts are only concatenated)
    const original = compressed.length >= chunk.length;
    const body = original ? chunk : compressed;
    const header = new Uint8Array(HEADER_BYTES);
    const value = body.length * 2 + (original ? 1 : 0);
    header[0] = value & 0xff;
    header[1] = (value >>> 8) & 0xff;
    header[2] = (value >>> 16) & 0xff;
    parts.push(header, body);
    length += HEADER_BYTES + body.length;
  }
  chunkStarts.push(length);
  return { parts, length, chunkStarts };
}

/** Compresses one metadata section (footer, metadata, stripe footer, an index) into a single buffer. */
export function compressSection(data: Uint8Array, compression: OrcCompression, blockSize: number, zlib: ZlibSettings = ZLIB_FOR_FOOTERS): Uint8Array {
  const { parts, length } = compressStream(data, compression, blockSize, zlib);
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Decompresses a whole stream. `limit` caps the output (a hostile file cannot make the reader allocate
 * without bound): no chunk may expand past the block size, as the specification guarantees readers.
 */
export function decompressStream(data: Uint8Array, compressionKind: number, declaredBlockSize: number): Uint8Array {
  if (compressionKind === CompressionKind.NONE) return data;
  const blockSize = Math.min(declaredBlockSize, MAX_BLOCK_BYTES);
  if (compressionKind !== CompressionKind.ZLIB && compressionKind !== CompressionKind.SNAPPY) {
    const name = Object.entries(CompressionKind).find(([, v]) => v === compressionKind)?.[0] ?? `compression kind ${compressionKind}`;
    throw new OrcUnsupportedError(`${name} compression`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  let position = 0;
  while (position < data.length) {
    if (position + HEADER_BYTES > data.length) throw new OrcCorruptFileError('a compression chunk header is cut off');
    const header = (data[position] as number) | ((data[position + 1] as number) << 8) | ((data[position + 2] as number) << 16);
    position += HEADER_BYTES;
    const length = header >>> 1;
    if (position + length > data.length) throw new OrcCorruptFileError('a compression chunk is longer than its stream');
    const body = data.subarray(position, position + length);
    position += length;
    let chunk: Uint8Array;
    if ((header & 1) === 1) chunk = body;
    else if (compressionKind === CompressionKind.ZLIB) {
      try {
        const inflated = inflateRawSync(body, { maxOutputLength: Math.max(blockSize, 1) });
        chunk = new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
      } catch {
        throw new OrcCorruptFileError('a ZLIB chunk does not inflate within the compression block size');
      }
    } else chunk = snappyUncompress(body, Math.max(blockSize, 1));
    chunks.push(chunk);
    total += chunk.length;
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Snappy raw-format decompression (google/snappy format_description.txt): a varint length, then
 * literals (tag 00) and copies with 1-, 2- or 4-byte offsets (tags 01, 10, 11).
 */
export function snappyUncompress(input: Uint8Array, limit: number): Uint8Array {
  let position = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (position >= input.length || shift > 28) throw new OrcCorruptFileError('a Snappy chunk has a bad length');
    const byte = input[position++] as number;
    length += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) break;
  }
  if (length > limit) throw new OrcCorruptFileError('a Snappy chunk expands past the compression block size');
  const out = new Uint8Array(length);
  let op = 0;
  while (position < input.length) {
    const tag = input[position++] as number;
    const type = tag & 3;
    if (type === 0) {
      let size = tag >>> 2;
      if (size >= 60) {
        const bytes = size - 59;
        if (position + bytes > input.length) throw new OrcCorruptFileError('a Snappy literal is cut off');
        size = 0;
        for (let i = 0; i < bytes; i++) size += (input[position + i] as number) * 2 ** (8 * i);
        position += bytes;
      }
      size += 1;
      if (position + size > input.length || op + size > length) throw new OrcCorruptFileError('a Snappy literal runs past its chunk');
      out.set(input.subarray(position, position + size), op);
      position += size;
      op += size;
      continue;
    }
    let size: number;
    let offset: number;
    if (type === 1) {
      size = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | (input[position++] as number);
    } else if (type === 2) {
      size = (tag >>> 2) + 1;
      offset = (input[position] as number) | ((input[position + 1] as number) << 8);
      position += 2;
    } else {
      size = (tag >>> 2) + 1;
      offset = ((input[position] as number) | ((input[position + 1] as number) << 8) | ((input[position + 2] as number) << 16) | ((input[position + 3] as number) << 24)) >>> 0;
      position += 4;
    }
    if (position > input.length || offset === 0 || offset > op || op + size > length) throw new OrcCorruptFileError('a Snappy copy points outside its chunk');
    if (offset >= size) out.copyWithin(op, op - offset, op - offset + size);
    else for (let i = 0; i < size; i++) out[op + i] = out[op - offset + i] as number;
    op += size;
  }
  if (op !== length) throw new OrcCorruptFileError('a Snappy chunk is shorter than its stated length');
  return out;
}
