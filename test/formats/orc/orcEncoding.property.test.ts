/** Every ORC encoder reads back what it wrote, for any input (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteSink, ByteSource } from '../../../formats/orc/orcByteSink.js';
import { splitTimestamp } from '../../../formats/orc/orcColumns.js';
import { compressStream, decompressStream } from '../../../formats/orc/orcCompression.js';
import { CompressionKind } from '../../../formats/orc/orcProto.js';
import {
  BooleanRleEncoder,
  ByteRleEncoder,
  IntegerRleV1Encoder,
  IntegerRleV2Encoder,
  decodeBooleanRle,
  decodeByteRle,
  decodeIntegerRleV1,
  decodeIntegerRleV2,
  writeBitPacked,
} from '../../../formats/orc/orcRle.js';

const NUM_RUNS = 200;

/** Sequences that exercise every RLE v2 sub-encoding: repeats, steps, noise, outliers, int64 extremes. */
const int64Arb = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const runArb = (signed: boolean): fc.Arbitrary<bigint[]> =>
  fc.oneof(
    fc.tuple(signed ? fc.bigInt({ min: -1000n, max: 1000n }) : fc.bigInt({ min: 0n, max: 1000n }), fc.integer({ min: 1, max: 600 })).map(([v, n]) => Array.from({ length: n }, () => v)),
    fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 6n }), fc.bigInt({ min: signed ? -50n : 0n, max: 50n }), fc.integer({ min: 1, max: 600 })).map(([start, step, n]) =>
      Array.from({ length: n }, (_, i) => start + step * BigInt(i)).filter((v) => signed || v >= 0n),
    ),
    fc.array(signed ? fc.bigInt({ min: -300n, max: 300n }) : fc.bigInt({ min: 0n, max: 300n }), { maxLength: 600 }),
    fc.array(fc.oneof({ weight: 19, arbitrary: fc.bigInt({ min: 0n, max: 100n }) }, { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 40n }) }), { maxLength: 600 }),
    fc.array(signed ? int64Arb : fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), { maxLength: 40 }),
  );
const sequenceArb = (signed: boolean): fc.Arbitrary<bigint[]> => fc.array(runArb(signed), { maxLength: 5 }).map((runs) => runs.flat());

function encode(Encoder: typeof IntegerRleV1Encoder | typeof IntegerRleV2Encoder, values: readonly bigint[], signed: boolean): Uint8Array {
  const sink = new ByteSink(16);
  const encoder = new Encoder(sink, signed);
  for (const value of values) encoder.writeBig(value);
  encoder.flush();
  return sink.toBytes();
}

describe('integer RLE round trips', () => {
  it.each([
    ['v2', IntegerRleV2Encoder, decodeIntegerRleV2],
    ['v1', IntegerRleV1Encoder, decodeIntegerRleV1],
  ] as const)('%s: decode(encode(values)) = values, signed and unsigned', (_name, Encoder, decode) => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean().chain((signed) => sequenceArb(signed).map((values) => [signed, values] as const)), (_x, [signed, values]) => {
        const decoded = decode(new ByteSource(encode(Encoder, values, signed), 'test'), signed);
        expect(decoded.map((v) => BigInt(v))).toEqual(values);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('v2 positions point at the start of the pending run: decoding from there gives the remaining values', () => {
    fc.assert(
      fc.property(sequenceArb(true), fc.nat(), (values, at) => {
        const cut = values.length === 0 ? 0 : at % values.length;
        const sink = new ByteSink(16);
        const encoder = new IntegerRleV2Encoder(sink, true);
        let position: number[] = [];
        values.forEach((value, i) => {
          if (i === cut) {
            position = [];
            encoder.position(position);
          }
          encoder.writeBig(value);
        });
        encoder.flush();
        if (values.length === 0) return;
        const [offset, skip] = position as [number, number];
        const rest = decodeIntegerRleV2(new ByteSource(sink.toBytes().subarray(offset), 'test'), true).map((v) => BigInt(v));
        expect(rest.slice(skip)).toEqual(values.slice(cut));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('byte and boolean RLE round trips', () => {
  it('byte RLE', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constant(7)), { maxLength: 1000 }), (values) => {
        const sink = new ByteSink(16);
        const encoder = new ByteRleEncoder(sink);
        for (const v of values) encoder.write(v);
        encoder.flush();
        expect([...decodeByteRle(new ByteSource(sink.toBytes(), 'test'), values.length)]).toEqual(values);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('boolean RLE', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 2000 }), (values) => {
        const sink = new ByteSink(16);
        const encoder = new BooleanRleEncoder(sink);
        for (const v of values) encoder.write(v);
        encoder.flush();
        expect([...decodeBooleanRle(new ByteSource(sink.toBytes(), 'test'), values.length)].map((b) => b === 1)).toEqual(values);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('compression round trips', () => {
  it.each(['NONE', 'ZLIB', 'SNAPPY'] as const)('%s streams of any bytes and block size', (compression) => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 5000 }), fc.array(fc.constantFrom(1, 2, 3), { maxLength: 5000 }).map((a) => Uint8Array.from(a))), fc.integer({ min: 1, max: 2000 }), (data, block) => {
        const stream = compressStream(data, compression, block);
        const joined = new Uint8Array(stream.length);
        let at = 0;
        for (const part of stream.parts) {
          joined.set(part, at);
          at += part.length;
        }
        expect(decompressStream(joined, CompressionKind[compression], block)).toEqual(data);
      }),
      { numRuns: 100 },
    );
  });
});

describe('splitTimestamp (the timestamp writer\'s seconds and nanoseconds without BigInt arithmetic)', () => {
  const reference = (ns: bigint): [number, number] => {
    let seconds = ns / 1_000_000_000n;
    let nanos = ns - seconds * 1_000_000_000n;
    if (nanos < 0n) {
      nanos += 1_000_000_000n;
      seconds -= 1n;
    }
    return [Number(seconds), Number(nanos)];
  };
  const edge = 2n ** 62n;
  // Around the fast path's limits and second/microsecond boundaries, and over the whole range of years 0001-9999.
  const nanosArb = fc.oneof(
    fc.bigInt({ min: -(edge + 10n ** 10n), max: edge + 10n ** 10n }),
    fc.tuple(fc.constantFrom(edge, -edge, 0n, 10n ** 9n, -(10n ** 9n), 2n ** 32n, -(2n ** 32n)), fc.bigInt({ min: -2000n, max: 2000n })).map(([a, b]) => a + b),
    fc.tuple(fc.bigInt({ min: -(2n ** 31n), max: 2n ** 31n }), fc.constantFrom(0n, 1n, -1n, 999n, 1000n, 999_999n)).map(([s, r]) => s * 1_000_000_000n + r),
    fc.bigInt({ min: -62_135_596_800n * 10n ** 9n, max: 253_402_300_800n * 10n ** 9n - 1n }),
  );
  it('equals floor division by 10^9 and its remainder for any nanoseconds', () => {
    const out = new Float64Array(2);
    fc.assert(
      fc.property(nanosArb, (ns) => {
        splitTimestamp(ns, out);
        expect([out[0], out[1]]).toEqual(reference(ns));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('writeBitPacked (RLE v2 bit packing)', () => {
  /** Bit by bit, most significant first: the specification's definition. */
  const reference = (values: readonly number[], width: number): number[] => {
    const bits: number[] = [];
    for (const value of values) for (let b = width - 1; b >= 0; b--) bits.push(Math.floor(value / 2 ** b) % 2);
    while (bits.length % 8 !== 0) bits.push(0);
    const out: number[] = [];
    for (let i = 0; i < bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((byte, bit) => byte * 2 + bit, 0));
    return out;
  };
  const widths = [...Array.from({ length: 24 }, (_, i) => i + 1), 26, 28, 30, 32, 40, 48, 56, 64];
  const caseArb = fc.constantFrom(...widths).chain((width) =>
    fc.tuple(
      fc.constant(width),
      // Values the encoder holds: non-negative integers below 2^width and within the exact range of a double.
      fc.array(fc.oneof(fc.constant(0), fc.constant(2 ** Math.min(width, 53) - 1), fc.bigInt({ min: 0n, max: 2n ** BigInt(Math.min(width, 53)) - 1n }).map(Number)), { maxLength: 40 }),
      fc.integer({ min: 0, max: 3 }),
    ),
  );
  it('packs any values of any recordable width as the bit-by-bit definition does', () => {
    fc.assert(
      fc.property(caseArb, ([width, values, start]) => {
        const sink = new ByteSink(1);
        sink.writeByte(0xab);
        const padded = Float64Array.from([...Array.from({ length: start }, () => 7), ...values]);
        writeBitPacked(sink, padded, start, values.length, width);
        expect([...sink.toBytes()]).toEqual([0xab, ...reference(values, width)]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('ByteSink.writeUtf8', () => {
  it('writes the UTF-8 bytes of any string (lone surrogates as U+FFFD), after what is already there', () => {
    const textArb = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme-ascii', maxLength: 300 }), fc.string({ unit: fc.constantFrom('a', '\ud83d', '\ude00', 'é', '\u20ac'), maxLength: 40 }));
    fc.assert(
      fc.property(fc.array(textArb, { maxLength: 5 }), (texts) => {
        const sink = new ByteSink(1);
        const lengths = texts.map((text) => sink.writeUtf8(text));
        expect(lengths).toEqual(texts.map((text) => Buffer.byteLength(text, 'utf8')));
        expect(Buffer.from(sink.toBytes()).equals(Buffer.concat(texts.map((text) => Buffer.from(text, 'utf8'))))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('ByteSink.writeBytes', () => {
  it('appends copies of byte arrays of any length, growing as needed', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 6 }), (arrays) => {
        const sink = new ByteSink(1);
        for (const bytes of arrays) sink.writeBytes(bytes);
        expect(Buffer.from(sink.toBytes()).equals(Buffer.concat(arrays))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
