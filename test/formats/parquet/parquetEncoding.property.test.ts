import fc from 'fast-check';
import { snappyUncompress } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { ParquetByteWriter } from '../../../formats/parquet/parquetByteWriter.js';
import { bitWidthOf, compareUtf8, writeHybrid } from '../../../formats/parquet/parquetEncoding.js';
import { snappyCompressBlock, snappyMaxCompressedLength } from '../../../formats/compression/snappy.js';
import { decodeHybrid } from '../../helpers/parquetDecoders.js';

describe('parquet encodings (property)', () => {
  it('RLE / bit-packing hybrid: any values at any width up to 20 bits decode back (independent decoder)', () => {
    // Runs of repeats as levels and dictionary indices have them, mixed with noise.
    const valuesArb = fc.integer({ min: 1, max: 20 }).chain((width) =>
      fc.tuple(
        fc.constant(width),
        fc
          .array(fc.tuple(fc.integer({ min: 0, max: 2 ** width - 1 }), fc.integer({ min: 1, max: 40 })), { maxLength: 30 })
          .map((runs) => runs.flatMap(([value, length]) => Array.from({ length }, () => value))),
      ),
    );
    fc.assert(
      fc.property(valuesArb, fc.nat({ max: 5 }), ([width, values], offset) => {
        // Prepare: encode a window of a longer array, as pages do.
        const padded = Int32Array.from([...Array.from({ length: offset }, () => 0), ...values, 7 % 2 ** width]);
        const out = new ParquetByteWriter(16);
        // Act
        writeHybrid(out, padded, offset, offset + values.length, width);
        // Assess
        expect(decodeHybrid(out.written(), width, values.length)).toEqual(values);
        expect(bitWidthOf(Math.max(0, ...values))).toBeLessThanOrEqual(width);
      }),
      { numRuns: 500 },
    );
  });

  it('compareUtf8 orders strings as their UTF-8 bytes do, lone surrogates included', () => {
    const unitArb = fc.oneof(
      fc.integer({ min: 0x20, max: 0x7f }),
      fc.integer({ min: 0xd7f0, max: 0xe010 }),
      fc.integer({ min: 0xfff0, max: 0xffff }),
      fc.constantFrom(0xd83d, 0xde00, 0xdbff, 0xdfff),
    );
    const stringArb = fc.array(unitArb, { maxLength: 6 }).map((units) => String.fromCharCode(...units));
    fc.assert(
      fc.property(stringArb, stringArb, (a, b) => {
        expect(Math.sign(compareUtf8(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))));
      }),
      { numRuns: 2000 },
    );
  });

  it('Snappy: any input decompresses back with hyparquet and stays within the size bound', () => {
    const inputArb = fc.oneof(
      fc.uint8Array({ maxLength: 3000 }),
      fc
        .array(fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 300 })), { maxLength: 40 })
        .map((parts) => Uint8Array.from(parts.flatMap(([bytes, times]) => Array.from({ length: times }, () => [...bytes]).flat()))),
    );
    fc.assert(
      fc.property(inputArb, (input) => {
        // Act
        const compressed = snappyCompressBlock(input);
        const output = new Uint8Array(input.byteLength);
        snappyUncompress(compressed, output);
        // Assess
        expect(compressed.byteLength).toBeLessThanOrEqual(snappyMaxCompressedLength(input.byteLength));
        expect(Buffer.from(output).equals(Buffer.from(input))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
