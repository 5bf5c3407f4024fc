/**
 * Snappy compression (the raw block format Parquet's SNAPPY codec uses, apache/parquet-format
 * Compression.md "SNAPPY"), written for the page sizes of the Parquet writer: one output allocation,
 * typed-array hash table, no per-byte method calls. Profiling showed the general-purpose JavaScript
 * Snappy that ships with hyparquet-writer at 70–95 MB/s on page data, a third of the writer's time.
 *
 * Format (google/snappy format_description.txt): the uncompressed length as a varint, then elements
 * whose tag byte's low two bits say what follows:
 * - 00 literal: length-1 in the upper six bits when below 60, else 60..63 = 1..4 little-endian length
 *   bytes follow; then the literal bytes.
 * - 01 copy, 1-byte offset: length 4..11 in bits 2..4 (as length-4), offset bits 8..10 in bits 5..7,
 *   then the low offset byte; for offsets below 2048.
 * - 10 copy, 2-byte offset: length-1 (1..64) in the upper six bits, then the offset as 2 bytes LE.
 * The input is compressed in independent 64 KiB blocks, so every offset fits two bytes.
 *
 * The matcher is a greedy LZ77 over 4-byte sequences with a 2^14-entry hash table, which skips ahead
 * faster the longer it finds no match (so incompressible data costs little). Any valid element stream
 * decodes the same, so the output need not equal Google's byte for byte; tests decode it with
 * hyparquet's independent decoder and DuckDB.
 */

const BLOCK_SIZE = 1 << 16;
const HASH_BITS = 14;
const HASH_SHIFT = 32 - HASH_BITS;
/** Blocks shorter than this are stored as one literal: a match needs 4 bytes and some slack to read ahead. */
const MIN_BLOCK_TO_MATCH = 16;

const table = new Int32Array(1 << HASH_BITS);

/** Largest possible compressed size of `length` bytes (literal overhead is at most 1 byte in 6, plus headers). */
export function snappyMaxCompressedLength(length: number): number {
  return 32 + length + Math.ceil(length / 6);
}

/** Compresses `input` into a new Uint8Array in Snappy's raw format. */
export function snappyCompressBlock(input: Uint8Array): Uint8Array {
  const output = new Uint8Array(snappyMaxCompressedLength(input.length));
  let op = writeVarint(output, 0, input.length);
  for (let start = 0; start < input.length; start += BLOCK_SIZE) {
    op = compressBlock(input, start, Math.min(start + BLOCK_SIZE, input.length), output, op);
  }
  return output.subarray(0, op);
}

function writeVarint(output: Uint8Array, at: number, value: number): number {
  let v = value;
  let op = at;
  while (v >= 0x80) {
    output[op++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  output[op++] = v;
  return op;
}

function compressBlock(input: Uint8Array, start: number, end: number, output: Uint8Array, outAt: number): number {
  let op = outAt;
  if (end - start < MIN_BLOCK_TO_MATCH) return emitLiteral(input, start, end, output, op);
  // DataView reads of unaligned 32-bit words are inlined by V8 and beat four byte loads.
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  // Positions are stored +1 so that 0 means "empty"; the table is cleared per block.
  table.fill(0);
  const limit = end - 4;
  let ip = start;
  let nextEmit = start;
  let skip = 32;
  while (ip < limit) {
    const value = view.getInt32(ip, true);
    const hash = Math.imul(value, 0x1e35a7bd) >>> HASH_SHIFT;
    const candidate = table[hash]! - 1;
    table[hash] = ip + 1;
    if (candidate < start || view.getInt32(candidate, true) !== value) {
      ip += skip >> 5;
      skip++;
      continue;
    }
    if (ip > nextEmit) op = emitLiteral(input, nextEmit, ip, output, op);
    let length = 4;
    while (ip + length + 4 <= end && view.getInt32(candidate + length, true) === view.getInt32(ip + length, true)) length += 4;
    while (ip + length < end && input[candidate + length] === input[ip + length]) length++;
    op = emitCopy(ip - candidate, length, output, op);
    ip += length;
    nextEmit = ip;
    skip = 32;
    // Remember the position just before the match end too, so runs of repeats chain cheaply.
    if (ip - 1 < limit) table[Math.imul(view.getInt32(ip - 1, true), 0x1e35a7bd) >>> HASH_SHIFT] = ip;
  }
  if (nextEmit < end) op = emitLiteral(input, nextEmit, end, output, op);
  return op;
}

function emitLiteral(input: Uint8Array, from: number, to: number, output: Uint8Array, outAt: number): number {
  let op = outAt;
  const n = to - from - 1;
  if (n < 60) {
    output[op++] = n << 2;
  } else if (n < 0x100) {
    output[op++] = 60 << 2;
    output[op++] = n;
  } else if (n < 0x10000) {
    output[op++] = 61 << 2;
    output[op++] = n & 0xff;
    output[op++] = n >>> 8;
  } else {
    output[op++] = 62 << 2;
    output[op++] = n & 0xff;
    output[op++] = (n >>> 8) & 0xff;
    output[op++] = n >>> 16;
  }
  if (to - from < 16) {
    for (let i = from; i < to; i++) output[op++] = input[i]!;
    return op;
  }
  output.set(input.subarray(from, to), op);
  return op + (to - from);
}

function emitCopy(offset: number, length: number, output: Uint8Array, outAt: number): number {
  let op = outAt;
  let left = length;
  // Copies of 2-byte-offset form carry at most 64 bytes; keep at least 4 for the last piece.
  while (left >= 68) {
    op = emitCopy2(offset, 64, output, op);
    left -= 64;
  }
  if (left > 64) {
    op = emitCopy2(offset, 60, output, op);
    left -= 60;
  }
  if (left >= 4 && left < 12 && offset < 2048) {
    output[op++] = 1 | ((left - 4) << 2) | ((offset >>> 8) << 5);
    output[op++] = offset & 0xff;
    return op;
  }
  return emitCopy2(offset, left, output, op);
}

function emitCopy2(offset: number, length: number, output: Uint8Array, outAt: number): number {
  output[outAt] = 2 | ((length - 1) << 2);
  output[outAt + 1] = offset & 0xff;
  output[outAt + 2] = offset >>> 8;
  return outAt + 3;
}
