import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGlueType } from '../../../formats/glue/glueType.js';
import { buildParquetSchema } from '../../../formats/parquet/parquetSchema.js';
import type { GlueColumn, Row } from '../../../formats/glue/types.js';
import { ColumnChunkScratch, buildDictionary, encodeColumnChunk } from '../../../formats/parquet/parquetColumnChunk.js';
import { LeafBuffer, ParquetRowShredder } from '../../../formats/parquet/parquetShred.js';
import { CompressionCodec } from '../../../formats/parquet/parquetThrift.js';

/**
 * Code units that stress UTF-8 encoding: ASCII, 2- and 3-byte characters, both halves of a surrogate pair
 * (so that pairs, lone surrogates and pairs formed only when two strings are joined all occur), U+FFFD
 * itself, and any other unit.
 */
const unitArb = fc.oneof(
  fc.constantFrom('a', 'Z', '~', '\u0000', 'é', 'ō', '€', '\ufffd', '\ud83d', '\ude80', '\udbff', '\udc00', '😀'),
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
);
const stringArb = fc.oneof(
  fc.array(unitArb, { maxLength: 12 }).map((units) => units.join('')),
  // Long values, to cross the batch's character bound and grow the byte store.
  fc.tuple(fc.array(unitArb, { maxLength: 4 }), fc.integer({ min: 0, max: 9000 })).map(([units, n]) => `${units.join('')}${'x'.repeat(n)}`),
);

/** One step on a string column's buffer: append a string, encode what is waiting, or roll back to a mark. */
type Step = { readonly append: string } | { readonly encode: true } | { readonly rollback: number };
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: stringArb.map((append) => ({ append })) },
  { weight: 1, arbitrary: fc.constant({ encode: true as const }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 200 }).map((rollback) => ({ rollback })) },
);

function stringBuffer(): LeafBuffer {
  const schema = buildParquetSchema([{ name: 's', type: parseGlueType('string'), typeString: 'string' }], 'INT64_MICROS');
  return new LeafBuffer(schema.leaves[0]!);
}

describe('LeafBuffer strings (property)', () => {
  it("stores each string's bytes exactly as Buffer.from encodes it alone, however strings are batched and rolled back", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 400 }), (steps) => {
        // Prepare
        const buffer = stringBuffer();
        const expected: string[] = [];
        // Act
        for (const step of steps) {
          if ('append' in step) {
            buffer.appendString(step.append);
            buffer.level(0, 1);
            expected.push(step.append);
          } else if ('encode' in step) {
            buffer.encodePending();
          } else {
            const keep = Math.min(step.rollback, expected.length);
            expected.length = keep;
            buffer.truncate(keep, keep, 0);
          }
        }
        buffer.encodePending();
        // Assess
        expect(buffer.valueCount).toBe(expected.length);
        let plain = 0;
        for (let i = 0; i < expected.length; i++) {
          const bytes = buffer.bytes.subarray(buffer.offsets[i]!, buffer.offsets[i + 1]!);
          const alone = Buffer.from(expected[i]!, 'utf8');
          expect(Buffer.compare(bytes, alone)).toBe(0);
          plain += 4 + alone.byteLength;
        }
        expect(buffer.plainBytes).toBe(plain);
        buffer.release();
      }),
      { numRuns: 300 },
    );
  });

  it('encodes a high surrogate ending one string and a low surrogate starting the next as two U+FFFD, not one pair', () => {
    // Prepare
    const buffer = stringBuffer();
    // Act: joined, 'a\ud83d' + '\ude80b' would be 'a🚀b'
    buffer.appendString('a\ud83d');
    buffer.appendString('\ude80b');
    buffer.appendString('😀');
    buffer.encodePending();
    // Assess
    const values = [0, 1, 2].map((i) => buffer.bytes.toString('utf8', buffer.offsets[i]!, buffer.offsets[i + 1]!));
    expect(values).toEqual(['a\ufffd', '\ufffdb', '😀']);
    expect(buffer.offsets[3]).toBe(4 + 4 + 4);
  });
});

describe('ParquetRowShredder: generated code and loops', () => {
  it('read columns and struct fields named like Object.prototype members only from own properties, both ways', () => {
    // Prepare: `constructor` and `__proto__` exist on every object, but only as inherited members (Glue names are lower case).
    const types: Record<string, string> = { constructor: 'string', ['__proto__']: 'int', t: 'string', s: 'struct<constructor:int,x:int>' };
    const columns: GlueColumn[] = Object.entries(types).map(([name, type]) => ({ name, type: parseGlueType(type), typeString: type }));
    const schema = buildParquetSchema(columns, 'INT64_MICROS');
    const own = JSON.parse('{"__proto__": 7, "constructor": "c", "t": "t", "s": {"constructor": 3, "x": 5}}') as Row;
    const rows: Row[] = [own, {}, { s: {} }];
    const scratch = new ColumnChunkScratch();
    const settings = { codec: CompressionCodec.UNCOMPRESSED, compress: (bytes: Uint8Array) => bytes, pageSizeBytes: 1024, dictionary: false, dictionaryPageSizeBytes: 1 << 20, writerVersion: 'V1' as const };
    const shredded = (shredder: ParquetRowShredder): { defs: number[]; values: string }[] =>
      shredder.buffers.map((buffer) => {
        const bytes = Buffer.from(encodeColumnChunk(buffer, settings, scratch).bytes);
        return { defs: Array.from(buffer.defs.subarray(0, buffer.levelCount)), values: bytes.toString('latin1') };
      });
    // Act
    const generated = new ParquetRowShredder(schema);
    const looped = new ParquetRowShredder(schema, false);
    for (const row of rows) {
      generated.write(row);
      looped.write(row);
    }
    // Assess: definition levels (0 = null column, 1 = null field of a present struct, max = value) per leaf
    const result = shredded(generated);
    expect(result.map((leaf) => leaf.defs)).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [1, 0, 0],
      [2, 0, 1],
      [2, 0, 1],
    ]);
    expect(result[0]!.values).toContain('c');
    expect(result[2]!.values).toContain('t');
    expect(shredded(looped)).toEqual(result);
  });
});

/** Bit patterns that matter to a dictionary: NaNs with other payloads and signs, ±0, ±infinity. */
const FLOAT_BITS = [0x7fc00000, 0x7f800001, 0xffc00001 | 0, 0x7fffffff, 0x80000000 | 0, 0, 0x7f800000, 0xff800000 | 0, 0x3f800000];
const DOUBLE_BITS: readonly (readonly [number, number])[] = [
  [0, 0x7ff80000],
  [1, 0x7ff00000],
  [0, 0xfff80000 | 0],
  [5, 0x7fffffff],
  [0, 0x80000000 | 0],
  [0, 0],
  [0, 0x7ff00000],
  [0, 0xfff00000 | 0],
  [0, 0x3ff00000],
];

/** The dictionary as the writer built it before its typed hash tables: a Map keyed by the value, '-0' for -0. */
function mapDictionary(values: readonly (number | bigint)[], fixedBytes: number, maxBytes: number): { values: unknown[]; indices: number[]; bitWidth: number } | undefined {
  const keyOf = (value: number | bigint): unknown => (Object.is(value, -0) ? '-0' : value);
  if (values.length > 2048 && new Set(values.slice(0, 2048).map(keyOf)).size * 2 > 2048) return undefined;
  const index = new Map<unknown, number>();
  const distinct: unknown[] = [];
  const indices: number[] = [];
  for (const value of values) {
    let id = index.get(keyOf(value));
    if (id === undefined) {
      id = distinct.length;
      index.set(keyOf(value), id);
      distinct.push(value);
      if (distinct.length * fixedBytes > maxBytes) return undefined;
    }
    indices.push(id);
  }
  const bitWidth = Math.max(1, Math.ceil(Math.log2(distinct.length)));
  if (distinct.length * fixedBytes + (values.length * bitWidth) / 8 >= fixedBytes * values.length) return undefined;
  return { values: distinct, indices, bitWidth };
}

describe('buildDictionary of fixed-width columns (property)', () => {
  it('gives the entries and indices of a Map keyed by value: one NaN whatever its bits, -0 apart from 0', () => {
    const bits = (pick: number, random: number): number => (pick < FLOAT_BITS.length ? FLOAT_BITS[pick]! : random);
    const caseArb = fc.constantFrom<string>('int', 'float', 'double', 'bigint', 'timestamp', 'decimal(12,2)', 'decimal(30,2)');
    const poolArb = fc.array(fc.tuple(fc.nat({ max: 20 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), { minLength: 1, maxLength: 3000 });
    const dataArb = fc.tuple(caseArb, poolArb, fc.nat({ max: 30 }), fc.array(fc.nat(), { maxLength: 3000 }), fc.constantFrom(64, 1 << 20));
    fc.assert(
      fc.property(dataArb, ([type, pool, spread, picks, maxBytes]) => {
        // Prepare: values drawn from a pool (small pools repeat, large ones are mostly distinct)
        const schema = buildParquetSchema([{ name: 'v', type: parseGlueType(type), typeString: type }], 'INT64_MICROS');
        const buffer = new LeafBuffer(schema.leaves[0]!);
        const poolSize = Math.min(pool.length, spread === 0 ? pool.length : spread);
        const read: (number | bigint)[] = [];
        for (let i = 0; i < picks.length; i++) {
          const [pick, a, b] = pool[picks[i]! % poolSize]!;
          if (i === buffer.ints.length || i === buffer.floats.length || i === buffer.doubles.length || i === buffer.longs.length) buffer.growValues();
          buffer.valueCount = i + 1;
          switch (buffer.leaf.storage) {
            case 'int32':
              buffer.ints[i] = a;
              read.push(buffer.ints[i]!);
              break;
            case 'float':
              new Int32Array(buffer.floats.buffer)[i] = bits(pick, a);
              read.push(buffer.floats[i]!);
              break;
            case 'double': {
              const words = new Int32Array(buffer.doubles.buffer);
              const [low, high] = pick < DOUBLE_BITS.length ? DOUBLE_BITS[pick]! : [a, b];
              words[2 * i] = low;
              words[2 * i + 1] = high;
              read.push(buffer.doubles[i]!);
              break;
            }
            default: {
              const value = (BigInt(b) << 32n) + BigInt(a >>> 0);
              const bounded = buffer.leaf.storage === 'decimal' ? value % 10n ** 11n : value;
              if (buffer.decimalsInLongs || buffer.leaf.storage !== 'decimal') buffer.longs[i] = bounded;
              else buffer.objects[i] = bounded * 1000n;
              read.push(buffer.decimalsInLongs || buffer.leaf.storage !== 'decimal' ? buffer.longs[i]! : buffer.objects[i]!);
            }
          }
        }
        buffer.levelCount = buffer.valueCount;
        const fixedBytes = { int32: 4, float: 4, double: 8, int64: 8, timestamp: 8 }[buffer.leaf.storage as string] ?? buffer.leaf.typeLength;
        // Act
        const dictionary = buildDictionary(buffer, maxBytes);
        // Assess
        const expected = read.length === 0 ? undefined : mapDictionary(read, fixedBytes, maxBytes);
        if (expected === undefined) {
          expect(dictionary).toBeUndefined();
          return;
        }
        expect(dictionary).toBeDefined();
        expect(dictionary!.values).toEqual(expected.values);
        expect(Array.from(dictionary!.indices)).toEqual(expected.indices);
        expect(dictionary!.bitWidth).toBe(expected.bitWidth);
      }),
      { numRuns: 300 },
    );
  });
});
