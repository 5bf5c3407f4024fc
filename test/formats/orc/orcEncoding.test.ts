/**
 * The ORC encoders against the byte sequences that apache/orc-format specification/ORCv1.md gives
 * ("Run Length Encoding", "Compression", "Timestamp Columns"), and the decoders on the same bytes.
 */
import { describe, expect, it } from 'vitest';
import { ByteSink, ByteSource } from '../../../formats/orc/orcByteSink.js';
import { encodeNanos } from '../../../formats/orc/orcColumns.js';
import { compressStream, decompressStream } from '../../../formats/orc/orcCompression.js';
import { OrcCorruptFileError } from '../../../formats/orc/errors.js';
import {
  BooleanRleEncoder,
  ByteRleEncoder,
  IntegerRleV1Encoder,
  IntegerRleV2Encoder,
  decodeBooleanRle,
  decodeByteRle,
  decodeIntegerRleV1,
  decodeIntegerRleV2,
  writeSignedVarint,
  writeUnsignedVarint,
} from '../../../formats/orc/orcRle.js';

const source = (bytes: number[] | Uint8Array) => new ByteSource(Uint8Array.from(bytes), 'test stream');

function v2(values: number[], signed = false): number[] {
  const sink = new ByteSink();
  const encoder = new IntegerRleV2Encoder(sink, signed);
  for (const value of values) encoder.write(value);
  encoder.flush();
  return [...sink.toBytes()];
}

function v1(values: number[], signed = false): number[] {
  const sink = new ByteSink();
  const encoder = new IntegerRleV1Encoder(sink, signed);
  for (const value of values) encoder.write(value);
  encoder.flush();
  return [...sink.toBytes()];
}

function byteRle(values: number[]): number[] {
  const sink = new ByteSink();
  const encoder = new ByteRleEncoder(sink);
  for (const value of values) encoder.write(value);
  encoder.flush();
  return [...sink.toBytes()];
}

describe('base 128 varints (spec "Base 128 Varint")', () => {
  it.each([
    [0, [0x00]],
    [1, [0x01]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [129, [0x81, 0x01]],
    [16_383, [0xff, 0x7f]],
    [16_384, [0x80, 0x80, 0x01]],
    [16_385, [0x81, 0x80, 0x01]],
  ])('writes %i as the table says', (value, bytes) => {
    const sink = new ByteSink();
    writeUnsignedVarint(sink, value);
    expect([...sink.toBytes()]).toEqual(bytes);
  });

  it.each([
    [0, 0],
    [-1, 1],
    [1, 2],
    [-2, 3],
    [2, 4],
  ])('zigzags signed %i to %i', (signed, unsigned) => {
    const sink = new ByteSink();
    writeSignedVarint(sink, signed);
    expect([...sink.toBytes()]).toEqual([unsigned]);
  });
});

describe('byte RLE (spec "Byte Run Length Encoding")', () => {
  it('writes a hundred zeros as [0x61, 0x00]', () => {
    expect(byteRle(Array.from({ length: 100 }, () => 0))).toEqual([0x61, 0x00]);
  });

  it('writes 0x44, 0x45 as the literals [0xfe, 0x44, 0x45]', () => {
    expect(byteRle([0x44, 0x45])).toEqual([0xfe, 0x44, 0x45]);
    expect([...decodeByteRle(source([0xfe, 0x44, 0x45]), 2)]).toEqual([0x44, 0x45]);
  });

  it('rejects a run longer than the values asked for', () => {
    expect(() => decodeByteRle(source([0x61, 0x00]), 50)).toThrow(OrcCorruptFileError);
  });
});

describe('boolean RLE (spec "Boolean Run Length Encoding")', () => {
  it('reads [0xff, 0x80] as one true and seven false, and writes them back so', () => {
    expect([...decodeBooleanRle(source([0xff, 0x80]), 8)]).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    const sink = new ByteSink();
    const encoder = new BooleanRleEncoder(sink);
    for (const bit of [true, false, false, false, false, false, false, false]) encoder.write(bit);
    encoder.flush();
    expect([...sink.toBytes()]).toEqual([0xff, 0x80]);
  });
});

describe('integer RLE version 1 (spec "Integer Run Length Encoding, version 1")', () => {
  it('writes 100 sevens as [0x61, 0x00, 0x07]', () => {
    expect(v1(Array.from({ length: 100 }, () => 7))).toEqual([0x61, 0x00, 0x07]);
  });

  it('writes 100 down to 1 as [0x61, 0xff, 0x64]', () => {
    expect(v1(Array.from({ length: 100 }, (_, i) => 100 - i))).toEqual([0x61, 0xff, 0x64]);
  });

  it('writes [2, 3, 6, 7, 11] as literals [0xfb, 0x02, 0x03, 0x06, 0x07, 0x0b]', () => {
    expect(v1([2, 3, 6, 7, 11])).toEqual([0xfb, 0x02, 0x03, 0x06, 0x07, 0x0b]);
  });

  it('decodes the three examples', () => {
    expect(decodeIntegerRleV1(source([0x61, 0x00, 0x07]), false)).toEqual(Array.from({ length: 100 }, () => 7));
    expect(decodeIntegerRleV1(source([0x61, 0xff, 0x64]), false)).toEqual(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(decodeIntegerRleV1(source([0xfb, 0x02, 0x03, 0x06, 0x07, 0x0b]), false)).toEqual([2, 3, 6, 7, 11]);
  });
});

describe('integer RLE version 2 (spec "Integer Run Length Encoding, version 2")', () => {
  const examples: [string, number[], number[]][] = [
    ['short repeat: five times 10000', [10000, 10000, 10000, 10000, 10000], [0x0a, 0x27, 0x10]],
    ['direct: [23713, 43806, 57005, 48879]', [23713, 43806, 57005, 48879], [0x5e, 0x03, 0x5c, 0xa1, 0xab, 0x1e, 0xde, 0xad, 0xbe, 0xef]],
    [
      'patched base: twenty values with one outlier',
      [2030, 2000, 2020, 1000000, 2040, 2050, 2060, 2070, 2080, 2090, 2100, 2110, 2120, 2130, 2140, 2150, 2160, 2170, 2180, 2190],
      [0x8e, 0x13, 0x2b, 0x21, 0x07, 0xd0, 0x1e, 0x00, 0x14, 0x70, 0x28, 0x32, 0x3c, 0x46, 0x50, 0x5a, 0x64, 0x6e, 0x78, 0x82, 0x8c, 0x96, 0xa0, 0xaa, 0xb4, 0xbe, 0xfc, 0xe8],
    ],
    ['delta: the first ten primes', [2, 3, 5, 7, 11, 13, 17, 19, 23, 29], [0xc6, 0x09, 0x02, 0x02, 0x22, 0x42, 0x42, 0x46]],
  ];

  it.each(examples)('writes the %s example byte for byte', (_name, values, bytes) => {
    expect(v2(values)).toEqual(bytes);
  });

  it.each(examples)('reads the %s example back', (_name, values, bytes) => {
    expect(decodeIntegerRleV2(source(bytes), false)).toEqual(values);
  });

  it('writes more than ten equal values as a fixed delta run (delta width 0)', () => {
    // DELTA header with width code 0, length 20, base 7, delta 0.
    expect(v2(Array.from({ length: 20 }, () => 7))).toEqual([0xc0, 0x13, 0x07, 0x00]);
  });

  it('reads and writes the extremes of int64 exactly', () => {
    const values = [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, 2n ** 52n, -(2n ** 60n)];
    const sink = new ByteSink();
    const encoder = new IntegerRleV2Encoder(sink, true);
    for (const value of values) encoder.writeBig(value);
    encoder.flush();
    expect(decodeIntegerRleV2(new ByteSource(sink.toBytes(), 'test'), true).map((v) => BigInt(v))).toEqual(values);
  });
});

describe('compression chunks (spec "Compression")', () => {
  it('heads a chunk that compressed to 100,000 bytes with [0x40, 0x0d, 0x03] and 5 stored bytes with [0x0b, 0x00, 0x00]', () => {
    // 5 random-looking bytes do not compress: stored as original.
    const stored = compressStream(Uint8Array.from([9, 200, 31, 77, 4]), 'SNAPPY', 1024);
    expect([...(stored.parts[0] as Uint8Array)]).toEqual([0x0b, 0x00, 0x00]);
    // (100,000 × 2 + 0) little-endian is 0x40 0x0d 0x03; build such a header and read it.
    const header = 100_000 * 2;
    expect([header & 0xff, (header >> 8) & 0xff, header >> 16]).toEqual([0x40, 0x0d, 0x03]);
  });

  it.each(['ZLIB', 'SNAPPY'] as const)('%s: cuts streams at the block size and reads them back', (compression) => {
    const data = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) % 13);
    const stream = compressStream(data, compression, 3000);
    expect(stream.chunkStarts).toHaveLength(5);
    const joined = new Uint8Array(stream.length);
    let at = 0;
    for (const part of stream.parts) {
      joined.set(part, at);
      at += part.length;
    }
    expect(decompressStream(joined, compression === 'ZLIB' ? 1 : 2, 3000)).toEqual(data);
  });

  it('refuses a chunk that inflates past the block size', () => {
    const data = new Uint8Array(5000);
    const stream = compressStream(data, 'ZLIB', 5000);
    expect(() => decompressStream(stream.parts[0] === undefined ? data : Buffer.concat(stream.parts), 1, 100)).toThrow(OrcCorruptFileError);
  });
});

describe('timestamp nanoseconds (spec "Timestamp Columns")', () => {
  it.each([
    [1000, 0x0a],
    [100_000, 0x0c],
    [0, 0],
    [5, 5 << 3],
    [999_999_999, 999_999_999 * 8],
    [100_000_000, (1 << 3) | 7],
  ])('encodes %i nanoseconds as %i', (nanos, encoded) => {
    expect(encodeNanos(nanos)).toBe(encoded);
  });
});
