import { snappyUncompress } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { ParquetByteWriter } from '../../../formats/parquet/parquetByteWriter.js';
import { bitWidthOf, compareBytes, compareUtf8, writeHybrid } from '../../../formats/parquet/parquetEncoding.js';
import { snappyCompressBlock, snappyMaxCompressedLength } from '../../../formats/compression/snappy.js';
import { decodeHybrid } from '../../helpers/parquetDecoders.js';

function hybrid(values: number[], bitWidth: number): number[] {
  const out = new ParquetByteWriter(64);
  writeHybrid(out, Uint8Array.from(values), 0, values.length, bitWidth);
  return [...out.written()];
}

describe('writeHybrid (Encodings.md, RLE / bit-packing hybrid)', () => {
  it('bit-packs 0..7 at bit width 3 exactly as the spec example (LSB first)', () => {
    // The spec: "10001000 11000110 11111010", after the header varint((1 group << 1) | 1).
    expect(hybrid([0, 1, 2, 3, 4, 5, 6, 7], 3)).toEqual([0x03, 0b10001000, 0b11000110, 0b11111010]);
  });

  it('writes a repeat of at least 8 values as one RLE run: varint(count << 1), then the value in ceil(width / 8) bytes', () => {
    expect(hybrid(Array.from({ length: 100 }, () => 1), 1)).toEqual([0xc8, 0x01, 0x01]);
    const wide = new ParquetByteWriter(16);
    writeHybrid(wide, Int32Array.from({ length: 9 }, () => 0x1234), 0, 9, 13);
    expect([...wide.written()]).toEqual([18, 0x34, 0x12]);
  });

  it('completes a bit-packed run to a multiple of 8 with values of the repeat that follows, and pads only the last run', () => {
    // 3 distinct values, 20 ones, 2 distinct values.
    const values = [2, 3, 2, ...Array.from({ length: 20 }, () => 1), 0, 3];
    // Act
    const bytes = hybrid(values, 2);
    // Assess: bit-packed 8 (2,3,2 and five ones), RLE of the 15 ones left, bit-packed 2 values padded to 8.
    expect(bytes).toEqual([0x03, 0b01101110, 0b01010101, 15 << 1, 0x01, 0x03, 0b00001100, 0x00]);
    expect(decodeHybrid(Uint8Array.from(bytes), 2, values.length)).toEqual(values);
  });

  it.each([
    ['empty', [], 1],
    ['single value', [1], 1],
    ['all nulls at level 0', Array.from({ length: 17 }, () => 0), 1],
    ['alternating', Array.from({ length: 33 }, (_, i) => i % 2), 1],
    ['levels up to 5', [0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 3, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 4], 3],
  ])('round-trips %s through an independent decoder', (_name, values, width) => {
    expect(decodeHybrid(Uint8Array.from(hybrid(values, width)), width, values.length)).toEqual(values);
  });

  it.each([
    [0, 0],
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [255, 8],
    [256, 9],
    [(1 << 20) - 1, 20],
  ])('bitWidthOf(%i) = %i', (max, width) => {
    expect(bitWidthOf(max)).toBe(width);
  });
});

describe('compareUtf8 (statistics order of UTF8 columns)', () => {
  it.each([
    ['ASCII', 'abc', 'abd', -1],
    ['prefix', 'ab', 'abc', -1],
    ['equal', 'héllo', 'héllo', 0],
    ['U+FFFF below a supplementary character (JavaScript < says otherwise)', '\uffff', '😀', -1],
    ['U+E000 below U+10000', '\ue000', '\u{10000}', -1],
    ['two supplementary characters', '😀', '😁', -1],
    ['lone surrogate compares as U+FFFD', 'a\ud800', 'a\ufffd', 0],
    ['lone low surrogate after a pair compares as U+FFFD', '😀\udc00', '😀\ufffe', -1],
  ])('%s', (_name, a, b, sign) => {
    expect(Math.sign(compareUtf8(a, b))).toBe(sign);
    expect(Math.sign(compareUtf8(b, a))).toBe(sign === 0 ? 0 : -sign);
    expect(Math.sign(compareUtf8(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });

  it('compares bytes unsigned', () => {
    expect(compareBytes(Uint8Array.from([0x7f]), Uint8Array.from([0x80]))).toBeLessThan(0);
    expect(compareBytes(Uint8Array.from([1, 2]), Uint8Array.from([1]))).toBeGreaterThan(0);
    expect(compareBytes(new Uint8Array(0), new Uint8Array(0))).toBe(0);
  });
});

describe('snappyCompressBlock (Snappy raw format)', () => {
  function roundTrip(input: Uint8Array): Uint8Array {
    const compressed = snappyCompressBlock(input);
    expect(compressed.byteLength).toBeLessThanOrEqual(snappyMaxCompressedLength(input.byteLength));
    const output = new Uint8Array(input.byteLength);
    snappyUncompress(compressed, output);
    return output;
  }

  it('starts with the uncompressed length as a varint', () => {
    expect([...snappyCompressBlock(new Uint8Array(0))]).toEqual([0]);
    expect([...snappyCompressBlock(new Uint8Array(300)).subarray(0, 2)]).toEqual([0xac, 0x02]);
  });

  it('writes a short input as one literal: tag (length - 1) << 2, then the bytes', () => {
    expect([...snappyCompressBlock(Uint8Array.from([7, 8, 9]))]).toEqual([3, 2 << 2, 7, 8, 9]);
  });

  it('turns repeats into copies and shrinks them', () => {
    const input = new Uint8Array(200_000).map((_, i) => i % 251 % 7);
    const compressed = snappyCompressBlock(input);
    expect(compressed.byteLength).toBeLessThan(input.byteLength / 20);
    expect(roundTrip(input)).toEqual(input);
  });

  it.each([
    ['64 KiB block boundary', 65_536 + 17],
    ['one byte', 1],
    ['fifteen bytes', 15],
    ['sixteen bytes', 16],
  ])('round-trips %s through hyparquet’s decoder', (_name, length) => {
    const input = new Uint8Array(length).map((_, i) => (i * 7919) % 13);
    expect(roundTrip(input)).toEqual(input);
  });
});
