/** Each S3 CompressionFormat decodes back to the object's bytes with an independent decoder. */
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { snappyUncompress } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { COMPRESSION_EXTENSIONS, compressObject, crc32 } from '../../../firehose/delivery/compression.js';

function snappyBlock(block: Uint8Array): Buffer {
  let length = 0;
  let shift = 0;
  for (let k = 0; ; k++) {
    const v = block[k]!;
    length |= (v & 0x7f) << shift;
    if (v < 0x80) break;
    shift += 7;
  }
  const out = new Uint8Array(length);
  snappyUncompress(block, out);
  return Buffer.from(out);
}

/** snappy-java's stream: magic, version, compatible version, then length-prefixed raw blocks. */
function decodeXerial(b: Buffer): Buffer {
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]));
  expect([b.readUInt32BE(8), b.readUInt32BE(12)]).toEqual([1, 1]);
  const out: Buffer[] = [];
  for (let i = 16; i < b.length; ) {
    const n = b.readUInt32BE(i);
    out.push(snappyBlock(b.subarray(i + 4, i + 4 + n)));
    i += 4 + n;
  }
  return Buffer.concat(out);
}

/** Hadoop's BlockCompressorStream: raw length, then length-prefixed compressed chunks until it is filled. */
function decodeHadoop(b: Buffer): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; ) {
    const raw = b.readUInt32BE(i);
    i += 4;
    let got = 0;
    while (got < raw) {
      const n = b.readUInt32BE(i);
      const part = snappyBlock(b.subarray(i + 4, i + 4 + n));
      out.push(part);
      got += part.length;
      i += 4 + n;
    }
  }
  return Buffer.concat(out);
}

function unzipOne(zip: Buffer): Buffer {
  expect(zip.readUInt32LE(0)).toBe(0x04034b50);
  const nameLength = zip.readUInt16LE(26);
  const size = zip.readUInt32LE(18);
  const data = inflateRawSync(zip.subarray(30 + nameLength, 30 + nameLength + size));
  expect(zip.readUInt32LE(14)).toBe(crc32(data));
  return data;
}

const decoders = {
  UNCOMPRESSED: (b: Buffer) => b,
  GZIP: gunzipSync,
  ZIP: unzipOne,
  Snappy: decodeXerial,
  HADOOP_SNAPPY: decodeHadoop,
} as const;

describe('compressObject', () => {
  it('crc32 is the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('uses the extensions Firehose writes (HADOOP_SNAPPY as observed: .snappy)', () => {
    expect(COMPRESSION_EXTENSIONS).toEqual({ UNCOMPRESSED: '', GZIP: '.gz', ZIP: '.zip', Snappy: '.snappy', HADOOP_SNAPPY: '.snappy' });
  });

  it.each(Object.keys(decoders) as (keyof typeof decoders)[])('%s decodes back to the concatenated records (property)', (format) => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 2000 }), { maxLength: 4 }), (parts) => {
        const body = compressObject(format, parts, 'entry');
        expect(decoders[format](body).equals(Buffer.concat(parts))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it.each(Object.keys(decoders) as (keyof typeof decoders)[])('%s decodes back across its block boundaries (600 kB of mixed data)', (format) => {
    const text = Buffer.from(Array.from({ length: 12_000 }, (_, i) => `{"i":${i},"v":"${(i * 7919) % 1000}"}\n`).join(''));
    const noise = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 2654435761) >>> 24));
    const body = compressObject(format, [text, noise, text], 'entry');
    expect(decoders[format](body).equals(Buffer.concat([text, noise, text]))).toBe(true);
  });

  it('writes a ZIP that the system unzip reads, when there is one', () => {
    let hasUnzip = true;
    try {
      execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    } catch {
      hasUnzip = false;
    }
    if (!hasUnzip) return;
    const dir = mkdtempSync(join(tmpdir(), 'fhk-zip-'));
    try {
      writeFileSync(join(dir, 'o.zip'), compressObject('ZIP', [Buffer.from('hello\n'), Buffer.from('zip\n')], 'records'));
      expect(execFileSync('unzip', ['-p', join(dir, 'o.zip')]).toString()).toBe('hello\nzip\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
