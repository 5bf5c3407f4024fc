import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGlueType } from '../../../formats/glue/glueType.js';
import { buildParquetSchema } from '../../../formats/parquet/parquetSchema.js';
import type { GlueColumn, Row } from '../../../formats/glue/types.js';
import { ColumnChunkScratch, encodeColumnChunk } from '../../../formats/parquet/parquetColumnChunk.js';
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
