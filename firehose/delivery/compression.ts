/**
 * The S3 `CompressionFormat`s of Firehose for objects that are not format-converted, each with the
 * framing and file extension Firehose uses:
 * - GZIP: one gzip member (RFC 1952), `.gz`.
 * - ZIP: a ZIP archive (PKWARE APPNOTE 6.3) holding one deflated entry, `.zip`.
 * - Snappy: the snappy-java (xerial) stream: an 8-byte magic `\x82SNAPPY\0`, version 1 and compatible
 *   version 1 (big-endian int32), then per block a big-endian int32 length and a raw Snappy block.
 * - HADOOP_SNAPPY: Hadoop's BlockCompressorStream framing: per block a big-endian int32 uncompressed
 *   length, then the block's compressed chunk as a big-endian int32 length and a raw Snappy block.
 * Both Snappy framings end in `.snappy` (observed: the guide lists `.hsnappy` for Hadoop-Snappy).
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { snappyCompressBlock } from '../../formats/compression/index.js';

export const COMPRESSION_FORMATS = ['UNCOMPRESSED', 'GZIP', 'ZIP', 'Snappy', 'HADOOP_SNAPPY'] as const;
export type CompressionFormat = (typeof COMPRESSION_FORMATS)[number];

/** The extension Firehose appends for each format (s3-object-name.html; HADOOP_SNAPPY as observed). */
export const COMPRESSION_EXTENSIONS: Readonly<Record<CompressionFormat, string>> = {
  UNCOMPRESSED: '',
  GZIP: '.gz',
  ZIP: '.zip',
  Snappy: '.snappy',
  HADOOP_SNAPPY: '.snappy',
};

/** Block size of the snappy-java stream writer (SnappyOutputStream's default, 32 KiB). */
const XERIAL_BLOCK_BYTES = 32 * 1024;
/** Hadoop's io.compression.codec.snappy.buffersize default (256 KiB). */
const HADOOP_BLOCK_BYTES = 256 * 1024;
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** Compresses a whole object's bytes. `entryName` names the ZIP entry (Firehose uses a UUID-like name). */
export function compressObject(format: CompressionFormat, parts: readonly Uint8Array[], entryName: string): Buffer {
  const data = Buffer.concat(parts);
  switch (format) {
    case 'UNCOMPRESSED':
      return data;
    case 'GZIP':
      return gzipSync(data);
    case 'ZIP':
      return zipOneEntry(entryName, data);
    case 'Snappy': {
      const out: Buffer[] = [XERIAL_MAGIC, int32(1), int32(1)];
      for (let i = 0; i < data.length; i += XERIAL_BLOCK_BYTES) {
        const block = snappyCompressBlock(data.subarray(i, i + XERIAL_BLOCK_BYTES));
        out.push(int32(block.length), Buffer.from(block.buffer, block.byteOffset, block.byteLength));
      }
      return Buffer.concat(out);
    }
    case 'HADOOP_SNAPPY': {
      const out: Buffer[] = [];
      for (let i = 0; i < data.length; i += HADOOP_BLOCK_BYTES) {
        const raw = data.subarray(i, i + HADOOP_BLOCK_BYTES);
        const block = snappyCompressBlock(raw);
        out.push(int32(raw.length), int32(block.length), Buffer.from(block.buffer, block.byteOffset, block.byteLength));
      }
      return Buffer.concat(out);
    }
  }
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A ZIP archive with one deflated entry (APPNOTE 4.3.7 local header, 4.3.12 central directory, 4.3.16
 * end record); ZIP64 records when the entry passes 4 GiB are not needed (an object is at most 128 MiB).
 * The DOS time is fixed (1980-01-01) so that replays are reproducible.
 */
function zipOneEntry(name: string, data: Buffer): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const compressed = deflateRawSync(data);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  local.writeUInt16LE(0x0800, 6); // UTF-8 names
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(0, 10);
  local.writeUInt16LE(0x21, 12); // 1980-01-01
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  local.writeUInt16LE(0, 28);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(0, 12);
  central.writeUInt16LE(0x21, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(compressed.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42); // offset of the local header
  const centralOffset = local.length + nameBytes.length + compressed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBytes, compressed, central, nameBytes, end]);
}

/** A deterministic UUID-shaped name from a seed (object names and ZIP entries are reproducible). */
export function seededUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
