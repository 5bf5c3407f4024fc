/**
 * Parquet value and level encodings used by the writer (apache/parquet-format Encodings.md):
 * - the RLE / bit-packing hybrid ("Run Length Encoding / Bit-Packing Hybrid (RLE = 3)") for definition
 *   and repetition levels and for dictionary indices;
 * - bit widths and the ordering helpers used for column statistics.
 * PLAIN value encoding lives with the column buffers (formats/parquet/parquetColumnChunk.ts), which know the
 * storage of each column.
 */
import type { ParquetByteWriter } from './parquetByteWriter.js';

/** Number of bits needed for values 0..maxValue (0 for 0). */
export function bitWidthOf(maxValue: number): number {
  return maxValue <= 0 ? 0 : 32 - Math.clz32(maxValue);
}

/** Shortest repeat worth an RLE run: shorter repeats cost less inside a bit-packed run. */
const MIN_RLE_RUN = 8;

/**
 * Appends `values[start..end)` in the RLE / bit-packing hybrid with the given bit width (at most 24),
 * without the 4-byte length prefix (the caller adds it where the page kind needs one).
 *
 * Grammar (Encodings.md): `<run>*`, run := bit-packed-run | rle-run;
 * rle-run := varint(count << 1) + the value in ceil(bitWidth / 8) little-endian bytes;
 * bit-packed-run := varint((count / 8) << 1 | 1) + count values packed LSB-first, count a multiple of 8.
 * Only the last bit-packed run may be padded (with zeros); an earlier one is completed with values
 * taken from the repeat that follows it. Time is linear in the number of values.
 */
export function writeHybrid(out: ParquetByteWriter, values: Uint8Array | Int32Array, start: number, end: number, bitWidth: number): void {
  const byteWidth = (bitWidth + 7) >> 3;
  let i = start;
  let packStart = -1;
  while (i < end) {
    const value = values[i]!;
    let j = i + 1;
    while (j < end && values[j] === value) j++;
    let run = j - i;
    if (run < MIN_RLE_RUN) {
      if (packStart < 0) packStart = i;
      i = j;
      continue;
    }
    if (packStart >= 0) {
      const pad = (8 - ((i - packStart) & 7)) & 7;
      i += pad;
      run -= pad;
      writeBitPacked(out, values, packStart, i, i, bitWidth);
      packStart = -1;
    }
    if (run >= MIN_RLE_RUN) {
      writeRleRun(out, value, run, byteWidth);
    } else if (run > 0) {
      packStart = i;
    }
    i = j;
  }
  if (packStart >= 0) writeBitPacked(out, values, packStart, end, packStart + roundUp8(end - packStart), bitWidth);
}

function roundUp8(n: number): number {
  return (n + 7) & ~7;
}

function writeRleRun(out: ParquetByteWriter, value: number, count: number, byteWidth: number): void {
  out.writeVarint(count * 2);
  out.ensure(byteWidth);
  let v = value;
  for (let b = 0; b < byteWidth; b++) {
    out.buffer[out.length++] = v & 0xff;
    v >>>= 8;
  }
}

/** Packs values[start..end) and zeros up to `paddedEnd` (a multiple of 8 values after start). */
function writeBitPacked(out: ParquetByteWriter, values: Uint8Array | Int32Array, start: number, end: number, paddedEnd: number, bitWidth: number): void {
  const count = paddedEnd - start;
  out.writeVarint((count / 8) * 2 + 1);
  out.ensure((count * bitWidth) / 8 + 1);
  const buffer = out.buffer;
  let position = out.length;
  if (bitWidth === 1) {
    // Levels of flat optional columns: one byte per 8 values.
    for (let k = start; k < paddedEnd; k += 8) {
      let byte = 0;
      for (let bit = 0; bit < 8; bit++) {
        const index = k + bit;
        if (index < end && values[index] !== 0) byte |= 1 << bit;
      }
      buffer[position++] = byte;
    }
    out.length = position;
    return;
  }
  let accumulator = 0;
  let bits = 0;
  for (let k = start; k < paddedEnd; k++) {
    const v = k < end ? values[k]! : 0;
    accumulator |= v << bits;
    bits += bitWidth;
    while (bits >= 8) {
      buffer[position++] = accumulator & 0xff;
      accumulator >>>= 8;
      bits -= 8;
    }
  }
  out.length = position;
}

/**
 * Compares two strings in the order of their UTF-8 bytes (= code point order), which is the sort order
 * of UTF8/STRING statistics (parquet.thrift ColumnOrder: "unsigned byte-wise comparison"). JavaScript's
 * `<` compares UTF-16 code units, which differs for characters above U+FFFF; and lone surrogates are
 * written as U+FFFD, so they are compared as U+FFFD here.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  const ca = a.charCodeAt(i);
  const cb = b.charCodeAt(i);
  if (ca < 0xd800 && cb < 0xd800) return ca - cb;
  // A surrogate is involved: compare code point by code point from the start of the current character.
  if (i > 0 && isHighSurrogate(a.charCodeAt(i - 1))) i--;
  let ia = i;
  let ib = i;
  while (ia < a.length && ib < b.length) {
    const pa = codePointAt(a, ia);
    const pb = codePointAt(b, ib);
    if (pa !== pb) return pa - pb;
    ia += pa > 0xffff ? 2 : 1;
    ib += pb > 0xffff ? 2 : 1;
  }
  return (a.length - ia) - (b.length - ib);
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** The code point at `index`, with a lone surrogate read as U+FFFD (what the UTF-8 encoder writes). */
function codePointAt(s: string, index: number): number {
  const unit = s.charCodeAt(index);
  if (unit < 0xd800 || unit > 0xdfff) return unit;
  if (unit <= 0xdbff && index + 1 < s.length) {
    const next = s.charCodeAt(index + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
  }
  return 0xfffd;
}

/** Unsigned byte-wise comparison (BYTE_ARRAY statistics order). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}
