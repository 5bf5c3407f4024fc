/**
 * ORC's run-length encodings (apache/orc-format specification/ORCv1.md, "Run Length Encoding"):
 * base-128 varints with zigzag for signed values, byte RLE, boolean RLE, integer RLE version 1 and
 * version 2 (short repeat, direct, patched base, delta).
 *
 * The encoders choose runs as Apache's Java writer does (RunLengthByteWriter, RunLengthIntegerWriter,
 * RunLengthIntegerWriterV2 with the default COMPRESSION strategy), so that files have the same shape.
 * They work on JavaScript numbers for speed; a value outside ±2^51 (only bigint columns have those) is
 * kept exactly as a bigint and the block that holds it is written with DIRECT encoding (v2) or as
 * literals (v1), which any reader decodes.
 *
 * Each encoder reports its position for the row index (specification "Row Group Index"): the byte
 * offset in its stream where the pending run will start, then how many values of that run come
 * before the position.
 */
import { ByteSink, ByteSource } from './orcByteSink.js';

/** |v| ≤ 2^51: differences, zigzag and deltas of such values stay exact in a double. */
const SAFE_BIG = 2n ** 51n;
const NEG_SAFE_BIG = -SAFE_BIG;
const TWO_32 = 2 ** 32;

// ───────────────────────────── varints ─────────────────────────────

/** Unsigned base-128 varint of a non-negative integer number (≤ 2^53). */
export function writeUnsignedVarint(sink: ByteSink, value: number): void {
  while (value >= 0x80) {
    sink.writeByte((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  sink.writeByte(value);
}

/** Unsigned base-128 varint of a non-negative bigint of any size (decimals use up to 128 bits). */
export function writeUnsignedVarintBig(sink: ByteSink, value: bigint): void {
  while (value >= 0x80n) {
    sink.writeByte(Number(value & 0x7fn) | 0x80);
    value >>= 7n;
  }
  sink.writeByte(Number(value));
}

/** Zigzag then varint: 0→0, -1→1, 1→2, -2→3 … (specification "Base 128 Varint"). */
export function writeSignedVarint(sink: ByteSink, value: number): void {
  writeUnsignedVarint(sink, zigzag(value));
}

export function writeSignedVarintBig(sink: ByteSink, value: bigint): void {
  writeUnsignedVarintBig(sink, value >= 0n ? value << 1n : (-value << 1n) - 1n);
}

export function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

export function unzigzag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

export function readUnsignedVarintBig(source: ByteSource): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const byte = source.readByte();
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return result;
    shift += 7n;
    if (shift > 640n) source.fail('a varint is longer than 640 bits');
  }
}

/** Reads an unsigned varint; returns a number when exact, else a bigint. */
export function readUnsignedVarint(source: ByteSource): number | bigint {
  let result = 0;
  let multiplier = 1;
  for (let i = 0; i < 7; i++) {
    const byte = source.readByte();
    result += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) return result;
    multiplier *= 0x80;
  }
  // Longer than 49 bits: redo exactly.
  source.position -= 7;
  const big = readUnsignedVarintBig(source);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

export function readSignedVarint(source: ByteSource): number | bigint {
  const raw = readUnsignedVarint(source);
  if (typeof raw === 'number') return unzigzag(raw);
  const value = (raw & 1n) === 0n ? raw >> 1n : -((raw + 1n) >> 1n);
  return toNumberIfSafe(value);
}

export function readSignedVarintBig(source: ByteSource): bigint {
  const raw = readUnsignedVarintBig(source);
  return (raw & 1n) === 0n ? raw >> 1n : -((raw + 1n) >> 1n);
}

function toNumberIfSafe(value: bigint): number | bigint {
  return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
}

// ───────────────────────────── byte RLE ─────────────────────────────

const BYTE_MIN_REPEAT = 3;
const BYTE_MAX_LITERALS = 128;
const BYTE_MAX_REPEAT = 127 + BYTE_MIN_REPEAT;

/** Byte RLE (specification "Byte Run Length Encoding"): runs of 3..130 equal bytes, or 1..128 literals. */
export class ByteRleEncoder {
  private readonly literals = new Uint8Array(BYTE_MAX_LITERALS);
  private count = 0;
  private repeat = false;
  private tailRun = 0;

  constructor(readonly sink: ByteSink) {}

  write(value: number): void {
    const literals = this.literals;
    if (this.count === 0) {
      literals[this.count++] = value;
      this.tailRun = 1;
    } else if (this.repeat) {
      if (value === literals[0]) {
        if (++this.count === BYTE_MAX_REPEAT) this.flush();
      } else {
        this.flush();
        literals[this.count++] = value;
        this.tailRun = 1;
      }
    } else {
      this.tailRun = value === literals[this.count - 1] ? this.tailRun + 1 : 1;
      if (this.tailRun === BYTE_MIN_REPEAT) {
        if (this.count + 1 === BYTE_MIN_REPEAT) {
          this.repeat = true;
          this.count++;
        } else {
          this.count -= BYTE_MIN_REPEAT - 1;
          this.flush();
          literals[0] = value;
          this.repeat = true;
          this.count = BYTE_MIN_REPEAT;
        }
      } else {
        literals[this.count++] = value;
        if (this.count === BYTE_MAX_LITERALS) this.flush();
      }
    }
  }

  flush(): void {
    if (this.count === 0) return;
    const sink = this.sink;
    if (this.repeat) {
      sink.writeByte(this.count - BYTE_MIN_REPEAT);
      sink.writeByte(this.literals[0] as number);
    } else {
      sink.writeByte(256 - this.count);
      sink.writeBytes(this.literals.subarray(0, this.count));
    }
    this.repeat = false;
    this.tailRun = 0;
    this.count = 0;
  }

  position(out: number[]): void {
    out.push(this.sink.length, this.count);
  }
}

export function decodeByteRle(source: ByteSource, count: number): Uint8Array {
  const out = new Uint8Array(count);
  let n = 0;
  while (n < count) {
    const header = source.readByte();
    if (header < 0x80) {
      const run = header + BYTE_MIN_REPEAT;
      const value = source.readByte();
      if (n + run > count) source.fail('a byte run is longer than the values left');
      out.fill(value, n, n + run);
      n += run;
    } else {
      const run = 256 - header;
      if (n + run > count) source.fail('byte literals are more than the values left');
      out.set(source.readBytes(run), n);
      n += run;
    }
  }
  return out;
}

// ───────────────────────────── boolean RLE ─────────────────────────────

/** Boolean RLE (specification "Boolean Run Length Encoding"): bits packed MSB first, then byte RLE. */
export class BooleanRleEncoder {
  private readonly bytes: ByteRleEncoder;
  private current = 0;
  private bits = 0;

  constructor(sink: ByteSink) {
    this.bytes = new ByteRleEncoder(sink);
  }

  write(value: boolean): void {
    this.current = (this.current << 1) | (value ? 1 : 0);
    if (++this.bits === 8) {
      this.bytes.write(this.current);
      this.current = 0;
      this.bits = 0;
    }
  }

  flush(): void {
    if (this.bits > 0) {
      this.bytes.write((this.current << (8 - this.bits)) & 0xff);
      this.current = 0;
      this.bits = 0;
    }
    this.bytes.flush();
  }

  /** Byte RLE position, then the bits of the pending byte already consumed. */
  position(out: number[]): void {
    this.bytes.position(out);
    out.push(this.bits);
  }
}

/** Decodes `count` booleans as 0/1 bytes. */
export function decodeBooleanRle(source: ByteSource, count: number): Uint8Array {
  const packed = decodeByteRle(source, Math.ceil(count / 8));
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = ((packed[i >> 3] as number) >> (7 - (i & 7))) & 1;
  return out;
}

// ───────────────────────────── integer encoders ─────────────────────────────

/** What the column writers need from an integer RLE (v1 or v2). */
export interface IntegerEncoder {
  write(value: number): void;
  writeBig(value: bigint): void;
  flush(): void;
  position(out: number[]): void;
}

/**
 * The buffered values of an integer encoder: numbers, and for values outside ±2^51 (bigint columns only)
 * the exact bigint by position, with NaN in the number slot so that no run forms across it.
 */
abstract class LiteralBuffer {
  protected readonly literals: Float64Array;
  protected readonly wide = new Map<number, bigint>();
  protected count = 0;
  private pendingWide: bigint | undefined;

  constructor(
    readonly sink: ByteSink,
    protected readonly signed: boolean,
    capacity: number,
  ) {
    this.literals = new Float64Array(capacity);
  }

  abstract write(value: number): void;

  writeBig(value: bigint): void {
    if (value >= NEG_SAFE_BIG && value <= SAFE_BIG) return this.write(Number(value));
    this.pendingWide = value;
    this.write(Number.NaN);
  }

  /** Appends the value being written at the end of the literals. */
  protected place(value: number): void {
    if (this.pendingWide !== undefined) {
      this.wide.set(this.count, this.pendingWide);
      this.pendingWide = undefined;
    }
    this.literals[this.count++] = value;
  }
}

// ─── RLE v1 ───

const V1_MIN_REPEAT = 3;
const V1_MAX_LITERALS = 128;
const V1_MAX_REPEAT = 127 + V1_MIN_REPEAT;

/** Integer RLE version 1 (specification "Integer Run Length Encoding, version 1"), as RunLengthIntegerWriter. */
export class IntegerRleV1Encoder extends LiteralBuffer implements IntegerEncoder {
  private repeat = false;
  private delta = 0;
  private tailRun = 0;

  constructor(sink: ByteSink, signed: boolean) {
    super(sink, signed, V1_MAX_LITERALS);
  }

  write(value: number): void {
    const literals = this.literals;
    if (this.count === 0) {
      this.place(value);
      this.tailRun = 1;
    } else if (this.repeat) {
      if (value === (literals[0] as number) + this.delta * this.count) {
        if (++this.count === V1_MAX_REPEAT) this.flush();
      } else {
        this.flush();
        this.place(value);
        this.tailRun = 1;
      }
    } else {
      const previous = literals[this.count - 1] as number;
      if (this.tailRun === 1) {
        this.delta = value - previous;
        this.tailRun = this.delta >= -128 && this.delta <= 127 ? 2 : 1;
      } else if (value === previous + this.delta) {
        this.tailRun++;
      } else {
        this.delta = value - previous;
        this.tailRun = this.delta >= -128 && this.delta <= 127 ? 2 : 1;
      }
      if (this.tailRun === V1_MIN_REPEAT) {
        if (this.count + 1 === V1_MIN_REPEAT) {
          this.repeat = true;
          this.count++;
        } else {
          this.count -= V1_MIN_REPEAT - 1;
          const base = literals[this.count] as number;
          this.flush();
          literals[0] = base;
          this.repeat = true;
          this.count = V1_MIN_REPEAT;
        }
      } else {
        this.place(value);
        if (this.count === V1_MAX_LITERALS) this.flush();
      }
    }
  }

  flush(): void {
    if (this.count === 0) return;
    const sink = this.sink;
    if (this.repeat) {
      sink.writeByte(this.count - V1_MIN_REPEAT);
      sink.writeByte(this.delta & 0xff);
      this.writeValue(this.literals[0] as number);
    } else {
      sink.writeByte(256 - this.count);
      for (let i = 0; i < this.count; i++) {
        const wide = this.wide.get(i);
        if (wide !== undefined) {
          if (this.signed) writeSignedVarintBig(sink, wide);
          else writeUnsignedVarintBig(sink, wide);
        } else this.writeValue(this.literals[i] as number);
      }
    }
    if (this.wide.size > 0) this.wide.clear();
    this.repeat = false;
    this.tailRun = 0;
    this.count = 0;
  }

  private writeValue(value: number): void {
    if (this.signed) writeSignedVarint(this.sink, value);
    else writeUnsignedVarint(this.sink, value);
  }

  position(out: number[]): void {
    out.push(this.sink.length, this.count);
  }
}

/** Decodes a whole RLE v1 stream. Values outside the safe-integer range come back as bigint. */
export function decodeIntegerRleV1(source: ByteSource, signed: boolean, out: (number | bigint)[] = []): (number | bigint)[] {
  while (source.remaining > 0) {
    const header = source.readByte();
    if (header < 0x80) {
      const run = header + V1_MIN_REPEAT;
      const delta = (source.readByte() << 24) >> 24;
      const base = signed ? readSignedVarint(source) : readUnsignedVarint(source);
      if (typeof base === 'number' && Math.abs(base) + Math.abs(delta) * run < Number.MAX_SAFE_INTEGER) {
        for (let i = 0; i < run; i++) out.push(base + delta * i);
      } else {
        const big = BigInt(base);
        for (let i = 0; i < run; i++) out.push(toNumberIfSafe(big + BigInt(delta * i)));
      }
    } else {
      const run = 256 - header;
      for (let i = 0; i < run; i++) out.push(signed ? readSignedVarint(source) : readUnsignedVarint(source));
    }
  }
  return out;
}

// ─── RLE v2 ───

const MAX_SCOPE = 512;
const MIN_REPEAT = 3;
const MAX_SHORT_REPEAT = 10;
const enum V2 {
  SHORT_REPEAT = 0,
  DIRECT = 1,
  PATCHED_BASE = 2,
  DELTA = 3,
}

/** The bit widths RLE v2 can record, rounded up (Java's getClosestFixedBits). */
export function closestFixedBits(bits: number): number {
  if (bits === 0) return 1;
  if (bits <= 24) return bits;
  if (bits <= 26) return 26;
  if (bits <= 28) return 28;
  if (bits <= 30) return 30;
  if (bits <= 32) return 32;
  if (bits <= 40) return 40;
  if (bits <= 48) return 48;
  if (bits <= 56) return 56;
  return 64;
}

/**
 * The widths that the specification does not mark deprecated (1, 2, 4, 8, 16, 24, 32, 40, 48, 56, 64):
 * DIRECT and DELTA runs use them, as the specification's own examples do (its DELTA example packs
 * deltas of at most 6 in 4 bits). PATCHED_BASE keeps exact widths, since its patches are shifted by
 * the data width (as in Apache's writer).
 */
export function closestAlignedBits(bits: number): number {
  if (bits <= 1) return 1;
  if (bits <= 2) return 2;
  if (bits <= 4) return 4;
  if (bits <= 8) return 8;
  if (bits <= 16) return 16;
  if (bits <= 24) return 24;
  return closestFixedBits(bits);
}

/** The 5-bit width code of specification "Direct" (the width table). */
export function encodeBitWidth(bits: number): number {
  const n = closestFixedBits(bits);
  if (n <= 24) return n - 1;
  switch (n) {
    case 26:
      return 24;
    case 28:
      return 25;
    case 30:
      return 26;
    case 32:
      return 27;
    case 40:
      return 28;
    case 48:
      return 29;
    case 56:
      return 30;
    default:
      return 31;
  }
}

const DECODED_WIDTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 26, 28, 30, 32, 40, 48, 56, 64];

export function decodeBitWidth(code: number): number {
  return DECODED_WIDTHS[code] as number;
}

/** Bits needed for a non-negative number (0 needs 0). */
function bitsOf(value: number): number {
  if (value < TWO_32) return 32 - Math.clz32(value);
  return 32 + (32 - Math.clz32(Math.floor(value / TWO_32)));
}

function closestBitsOf(value: number): number {
  return closestFixedBits(bitsOf(value));
}

/**
 * The smallest recordable width that holds all but the top (1-p) share of `count` values (Java's
 * percentileBits), from a histogram of their exact bit counts (`histogram[b]`: values needing b bits,
 * b = 0..64). Widths are monotonic in bit counts, so counting down bit counts finds the same width as
 * counting down width codes.
 */
function percentileBitsOf(histogram: Int32Array, count: number, p: number): number {
  let left = Math.floor(count * (1 - p));
  for (let bits = 64; bits >= 0; bits--) {
    left -= histogram[bits] as number;
    if (left < 0) return closestFixedBits(bits);
  }
  return 0;
}

/** Counts the first `count` values by exact bit count into `histogram` (65 entries). */
function fillBitHistogram(values: Float64Array, count: number, histogram: Int32Array): void {
  histogram.fill(0);
  for (let i = 0; i < count; i++) histogram[bitsOf(values[i] as number)]!++;
}

/**
 * Writes `count` non-negative numbers of `width` bits each (a width RLE v2 records: 1 to 24, 26, 28, 30,
 * 32, 40, 48, 56 or 64), big-endian, padded to a byte (specification "Direct"). Bits gather in an
 * accumulator of at most 31 bits; a value of more than 24 bits goes in as two halves.
 */
export function writeBitPacked(sink: ByteSink, values: Float64Array, start: number, count: number, width: number): void {
  const end = start + count;
  const out = sink.reserve(Math.ceil((count * width) / 8));
  let at = sink.length;
  if (width === 8) {
    for (let i = start; i < end; i++) out[at++] = values[i] as number;
  } else if (width === 16) {
    for (let i = start; i < end; i++) {
      const v = values[i] as number;
      out[at++] = v >>> 8;
      out[at++] = v & 0xff;
    }
  } else if (width <= 24) {
    let acc = 0;
    let accBits = 0;
    for (let i = start; i < end; i++) {
      acc = (acc << width) | (values[i] as number);
      accBits += width;
      while (accBits >= 8) {
        accBits -= 8;
        out[at++] = (acc >>> accBits) & 0xff;
      }
      acc &= (1 << accBits) - 1;
    }
    if (accBits > 0) out[at++] = (acc << (8 - accBits)) & 0xff;
  } else if (width < 32) {
    // 26, 28, 30 bits: the high (width - 16) bits, then the low 16.
    const highWidth = width - 16;
    let acc = 0;
    let accBits = 0;
    for (let i = start; i < end; i++) {
      const value = values[i] as number;
      acc = (acc << highWidth) | (value >>> 16);
      accBits += highWidth;
      while (accBits >= 8) {
        accBits -= 8;
        out[at++] = (acc >>> accBits) & 0xff;
      }
      acc = ((acc & ((1 << accBits) - 1)) << 16) | (value & 0xffff);
      accBits += 16;
      while (accBits >= 8) {
        accBits -= 8;
        out[at++] = (acc >>> accBits) & 0xff;
      }
      acc &= (1 << accBits) - 1;
    }
    if (accBits > 0) out[at++] = (acc << (8 - accBits)) & 0xff;
  } else {
    // 32 to 64 bits, whole bytes: the high (width - 32) bits, then the low 32, byte by byte.
    const highBytes = (width - 32) / 8;
    for (let i = start; i < end; i++) {
      const value = values[i] as number;
      const high = width > 32 ? Math.floor(value / TWO_32) : 0;
      const low = value - high * TWO_32;
      for (let b = highBytes - 1; b >= 0; b--) out[at++] = (high / 2 ** (8 * b)) & 0xff;
      out[at++] = low >>> 24;
      out[at++] = (low >>> 16) & 0xff;
      out[at++] = (low >>> 8) & 0xff;
      out[at++] = low & 0xff;
    }
  }
  sink.length = at;
}

/**
 * Integer RLE version 2 (specification "Integer Run Length Encoding, version 2"). The run detection and
 * the choice among the four sub-encodings follow RunLengthIntegerWriterV2 (COMPRESSION strategy).
 */
export class IntegerRleV2Encoder extends LiteralBuffer implements IntegerEncoder {
  private readonly zigzagged = new Float64Array(MAX_SCOPE);
  private readonly baseReduced = new Float64Array(MAX_SCOPE);
  private readonly deltas = new Float64Array(MAX_SCOPE);
  /** Values by exact bit count (0 to 64), for the percentiles. */
  private readonly histogram = new Int32Array(65);
  private fixedRun = 0;
  private variableRun = 0;
  private previousDelta = 0;

  constructor(sink: ByteSink, signed: boolean) {
    super(sink, signed, MAX_SCOPE);
  }

  write(value: number): void {
    const literals = this.literals;
    if (this.count === 0) {
      this.startWith(value);
      return;
    }
    if (this.count === 1) {
      this.previousDelta = value - (literals[0] as number);
      this.place(value);
      if (value === literals[0]) {
        this.fixedRun = 2;
        this.variableRun = 0;
      } else {
        this.fixedRun = 0;
        this.variableRun = 2;
      }
      return;
    }
    const currentDelta = value - (literals[this.count - 1] as number);
    if (this.previousDelta === 0 && currentDelta === 0) {
      literals[this.count++] = value;
      if (this.variableRun > 0) this.fixedRun = 2;
      this.fixedRun++;
      if (this.fixedRun >= MIN_REPEAT && this.variableRun > 0) {
        // A run of equal values starts: write the values before it, keep its first three.
        this.count -= MIN_REPEAT;
        this.variableRun -= MIN_REPEAT - 1;
        const tail = literals.slice(this.count, this.count + MIN_REPEAT);
        this.writeVariableRun();
        for (const v of tail) literals[this.count++] = v;
        this.fixedRun = MIN_REPEAT;
        this.variableRun = 0;
      }
      if (this.fixedRun === MAX_SCOPE) this.writeVariableRun();
      return;
    }
    if (this.fixedRun >= MIN_REPEAT) {
      if (this.fixedRun <= MAX_SHORT_REPEAT) this.writeShortRepeat();
      else this.writeDelta(true, 0, 0);
    }
    if (this.fixedRun > 0 && this.fixedRun < MIN_REPEAT && value !== literals[this.count - 1]) {
      this.variableRun = this.fixedRun;
      this.fixedRun = 0;
    }
    if (this.count === 0) {
      this.startWith(value);
    } else {
      this.previousDelta = value - (literals[this.count - 1] as number);
      this.place(value);
      if (++this.variableRun === MAX_SCOPE) this.writeVariableRun();
    }
  }

  private startWith(value: number): void {
    this.count = 0;
    this.place(value);
    this.fixedRun = 1;
    this.variableRun = 1;
  }

  flush(): void {
    if (this.count === 0) return;
    if (this.variableRun !== 0) {
      this.writeVariableRun();
    } else if (this.fixedRun !== 0) {
      if (this.fixedRun < MIN_REPEAT) {
        this.variableRun = this.fixedRun;
        this.fixedRun = 0;
        this.writeVariableRun();
      } else if (this.fixedRun <= MAX_SHORT_REPEAT) this.writeShortRepeat();
      else this.writeDelta(true, 0, 0);
    }
  }

  position(out: number[]): void {
    out.push(this.sink.length, this.count);
  }

  private reset(): void {
    this.count = 0;
    this.fixedRun = 0;
    this.variableRun = 0;
    if (this.wide.size > 0) this.wide.clear();
  }

  private encodedValue(value: number): number {
    return this.signed ? zigzag(value) : value;
  }

  private writeShortRepeat(): void {
    const value = this.encodedValue(this.literals[0] as number);
    const bytes = Math.max(1, Math.ceil(bitsOf(value) / 8));
    this.sink.writeByte((V2.SHORT_REPEAT << 6) | ((bytes - 1) << 3) | (this.fixedRun - MIN_REPEAT));
    writeBigEndian(this.sink, value, bytes);
    this.reset();
  }

  /** Java's determineEncoding + writeValues for the buffered literals. */
  private writeVariableRun(): void {
    const n = this.count;
    if (this.wide.size > 0) return this.writeDirectWide();
    const literals = this.literals;
    const zz = this.zigzagged;
    const histogram = this.histogram;
    histogram.fill(0);
    let zzMax = 0;
    if (this.signed) {
      for (let i = 0; i < n; i++) {
        const value = literals[i] as number;
        const z = value >= 0 ? value * 2 : -value * 2 - 1;
        zz[i] = z;
        if (z > zzMax) zzMax = z;
        histogram[bitsOf(z)]!++;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const z = literals[i] as number;
        zz[i] = z;
        if (z > zzMax) zzMax = z;
        histogram[bitsOf(z)]!++;
      }
    }
    // The 100th percentile: the width of the largest value.
    const zzBits100 = closestFixedBits(bitsOf(zzMax));
    if (n <= MIN_REPEAT) return this.writeDirect(zzBits100);

    let increasing = true;
    let decreasing = true;
    let fixedDelta = true;
    let min = literals[0] as number;
    let max = min;
    const initialDelta = (literals[1] as number) - (literals[0] as number);
    let deltaMax = 0;
    let currentDelta = 0;
    const deltas = this.deltas;
    deltas[0] = initialDelta;
    for (let i = 1; i < n; i++) {
      const l1 = literals[i] as number;
      const l0 = literals[i - 1] as number;
      currentDelta = l1 - l0;
      if (l1 < min) min = l1;
      if (l1 > max) max = l1;
      increasing &&= l0 <= l1;
      decreasing &&= l0 >= l1;
      fixedDelta &&= currentDelta === initialDelta;
      if (i > 1) {
        const d = Math.abs(currentDelta);
        deltas[i - 1] = d;
        if (d > deltaMax) deltaMax = d;
      }
    }
    if (min === max) return this.writeDelta(true, 0, 0);
    if (fixedDelta) return this.writeDelta(true, currentDelta, 0);
    if (initialDelta !== 0 && (increasing || decreasing)) return this.writeDelta(false, 0, closestBitsOf(deltaMax));

    const zzBits90 = percentileBitsOf(histogram, n, 0.9);
    if (zzBits100 - zzBits90 > 1) {
      const reduced = this.baseReduced;
      for (let i = 0; i < n; i++) reduced[i] = (literals[i] as number) - min;
      fillBitHistogram(reduced, n, histogram);
      const bits95 = percentileBitsOf(histogram, n, 0.95);
      const bits100 = percentileBitsOf(histogram, n, 1);
      if (bits100 - bits95 !== 0) return this.writePatchedBase(min, bits95, bits100);
    }
    this.writeDirect(zzBits100);
  }

  private writeDirect(exactWidth: number): void {
    const width = closestAlignedBits(exactWidth);
    const n = this.count;
    const length = n - 1;
    this.sink.writeByte((V2.DIRECT << 6) | (encodeBitWidth(width) << 1) | ((length >>> 8) & 1));
    this.sink.writeByte(length & 0xff);
    writeBitPacked(this.sink, this.zigzagged, 0, n, width);
    this.reset();
  }

  /** DIRECT for a block that holds values beyond ±2^51: 64-bit (or narrower) packing with bigints. */
  private writeDirectWide(): void {
    const n = this.count;
    const encoded: bigint[] = [];
    let max = 0n;
    for (let i = 0; i < n; i++) {
      const raw = this.wide.get(i) ?? BigInt(this.literals[i] as number);
      const e = this.signed ? (raw >= 0n ? raw << 1n : (-raw << 1n) - 1n) : raw;
      encoded.push(e);
      if (e > max) max = e;
    }
    const width = closestAlignedBits(max.toString(2).length);
    const length = n - 1;
    this.sink.writeByte((V2.DIRECT << 6) | (encodeBitWidth(width) << 1) | ((length >>> 8) & 1));
    this.sink.writeByte(length & 0xff);
    let acc = 0n;
    let accBits = 0;
    for (const e of encoded) {
      acc = (acc << BigInt(width)) | e;
      accBits += width;
      while (accBits >= 8) {
        accBits -= 8;
        this.sink.writeByte(Number((acc >> BigInt(accBits)) & 0xffn));
      }
      acc &= (1n << BigInt(accBits)) - 1n;
    }
    if (accBits > 0) this.sink.writeByte(Number((acc << BigInt(8 - accBits)) & 0xffn));
    this.reset();
  }

  /**
   * DELTA: `fixed` runs (equal values, or a constant step) store only the base and the step; otherwise the
   * first delta is a signed varint and the other |deltas| are bit-packed with `width` bits.
   */
  private writeDelta(fixed: boolean, step: number, width: number): void {
    let widthCode = 0;
    if (!fixed) {
      // Width code 0 means "fixed delta", so one-bit deltas are written with two bits.
      width = closestAlignedBits(width);
      if (width === 1) width = 2;
      widthCode = encodeBitWidth(width);
    }
    const length = this.count - 1;
    const sink = this.sink;
    sink.writeByte((V2.DELTA << 6) | (widthCode << 1) | ((length >>> 8) & 1));
    sink.writeByte(length & 0xff);
    const first = this.literals[0] as number;
    if (this.signed) writeSignedVarint(sink, first);
    else writeUnsignedVarint(sink, first);
    if (fixed) {
      writeSignedVarint(sink, step);
    } else {
      writeSignedVarint(sink, this.deltas[0] as number);
      writeBitPacked(sink, this.deltas, 1, this.count - 2, width);
    }
    this.reset();
  }

  /** PATCHED_BASE as Java's preparePatchedBlob + writePatchedBaseValues. */
  private writePatchedBase(min: number, bits95In: number, bits100: number): void {
    const n = this.count;
    const reduced = this.baseReduced;
    let bits95 = bits95In;
    let patchWidth = closestFixedBits(bits100 - bits95);
    if (patchWidth === 64) {
      patchWidth = 56;
      bits95 = 8;
    }
    const limit = 2 ** bits95;
    const gaps: number[] = [];
    const patches: number[] = [];
    let previous = 0;
    let maxGap = 0;
    for (let i = 0; i < n; i++) {
      const value = reduced[i] as number;
      if (value >= limit) {
        const gap = i - previous;
        if (gap > maxGap) maxGap = gap;
        previous = i;
        gaps.push(gap);
        const patch = Math.floor(value / limit);
        patches.push(patch);
        reduced[i] = value - patch * limit;
      }
    }
    let gapWidth = maxGap === 0 && gaps.length !== 0 ? 1 : closestBitsOf(maxGap);
    if (gapWidth > 8) gapWidth = 8;
    // Gaps above 255 take extra entries of (255, patch 0).
    const entries: number[] = [];
    const patchScale = 2 ** patchWidth;
    for (let i = 0; i < gaps.length; i++) {
      let gap = gaps[i] as number;
      while (gap > 255) {
        entries.push(255 * patchScale);
        gap -= 255;
      }
      entries.push(gap * patchScale + (patches[i] as number));
    }
    const length = n - 1;
    const negative = min < 0;
    const magnitude = Math.abs(min);
    const baseBytes = Math.ceil((closestBitsOf(magnitude) + 1) / 8);
    const sink = this.sink;
    sink.writeByte((V2.PATCHED_BASE << 6) | (encodeBitWidth(bits95) << 1) | ((length >>> 8) & 1));
    sink.writeByte(length & 0xff);
    sink.writeByte(((baseBytes - 1) << 5) | encodeBitWidth(patchWidth));
    sink.writeByte(((gapWidth - 1) << 5) | entries.length);
    // Base: big-endian, sign in the top bit.
    const scratch = new Uint8Array(baseBytes);
    let rest = magnitude;
    for (let i = baseBytes - 1; i >= 0; i--) {
      scratch[i] = rest % 256;
      rest = Math.floor(rest / 256);
    }
    if (negative) scratch[0] = (scratch[0] as number) | 0x80;
    sink.writeBytes(scratch);
    writeBitPacked(sink, reduced, 0, n, closestFixedBits(bits95));
    writeBitPacked(sink, Float64Array.from(entries), 0, entries.length, closestFixedBits(gapWidth + patchWidth));
    this.reset();
  }
}

function writeBigEndian(sink: ByteSink, value: number, bytes: number): void {
  for (let i = bytes - 1; i >= 0; i--) sink.writeByte(Math.floor(value / 2 ** (8 * i)) % 256);
}

// ─── RLE v2 decoding ───

/** Reads `count` unsigned `width`-bit big-endian values; numbers when width ≤ 52, else bigints. */
function readBitPacked(source: ByteSource, count: number, width: number, out: (number | bigint)[]): void {
  if (width <= 52) {
    let acc = 0;
    let accBits = 0;
    for (let i = 0; i < count; i++) {
      let value = 0;
      let need = width;
      while (need > 0) {
        if (accBits === 0) {
          acc = source.readByte();
          accBits = 8;
        }
        const take = Math.min(need, accBits);
        const bits = (acc >>> (accBits - take)) & ((1 << take) - 1);
        value = value * (1 << take) + bits;
        accBits -= take;
        need -= take;
      }
      out.push(value);
    }
    return;
  }
  let acc = 0n;
  let accBits = 0;
  const w = BigInt(width);
  const mask = (1n << w) - 1n;
  for (let i = 0; i < count; i++) {
    while (accBits < width) {
      acc = (acc << 8n) | BigInt(source.readByte());
      accBits += 8;
    }
    out.push((acc >> BigInt(accBits - width)) & mask);
    accBits -= width;
    acc &= (1n << BigInt(accBits)) - 1n;
  }
}

function unzigzagAny(value: number | bigint): number | bigint {
  if (typeof value === 'number') return unzigzag(value);
  return toNumberIfSafe((value & 1n) === 0n ? value >> 1n : -((value + 1n) >> 1n));
}

function add(a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  return toNumberIfSafe(BigInt.asIntN(64, BigInt(a) + BigInt(b)));
}

/** Decodes a whole RLE v2 stream. Values outside the safe-integer range come back as bigint. */
export function decodeIntegerRleV2(source: ByteSource, signed: boolean, out: (number | bigint)[] = []): (number | bigint)[] {
  while (source.remaining > 0) {
    const first = source.readByte();
    const kind = first >>> 6;
    if (kind === V2.SHORT_REPEAT) {
      const bytes = ((first >>> 3) & 7) + 1;
      const run = (first & 7) + MIN_REPEAT;
      let value: number | bigint = 0;
      if (bytes <= 6) {
        for (let i = 0; i < bytes; i++) value = value * 256 + source.readByte();
      } else {
        let big = 0n;
        for (let i = 0; i < bytes; i++) big = (big << 8n) | BigInt(source.readByte());
        value = toNumberIfSafe(big);
      }
      if (signed) value = unzigzagAny(value);
      for (let i = 0; i < run; i++) out.push(value);
      continue;
    }
    const length = (((first & 1) << 8) | source.readByte()) + 1;
    if (kind === V2.DIRECT) {
      const width = decodeBitWidth((first >>> 1) & 31);
      const start = out.length;
      readBitPacked(source, length, width, out);
      if (signed) for (let i = start; i < out.length; i++) out[i] = unzigzagAny(out[i] as number | bigint);
      else for (let i = start; i < out.length; i++) out[i] = typeof out[i] === 'bigint' ? toNumberIfSafe(out[i] as bigint) : (out[i] as number);
    } else if (kind === V2.PATCHED_BASE) {
      decodePatchedBase(source, first, length, out);
    } else {
      const code = (first >>> 1) & 31;
      const width = code === 0 ? 0 : decodeBitWidth(code);
      const base = signed ? readSignedVarint(source) : readUnsignedVarint(source);
      const firstDelta = readSignedVarint(source);
      out.push(base);
      if (length === 1) continue;
      let current = add(base, firstDelta);
      out.push(current);
      if (width === 0) {
        for (let i = 2; i < length; i++) {
          current = add(current, firstDelta);
          out.push(current);
        }
      } else {
        const deltas: (number | bigint)[] = [];
        readBitPacked(source, length - 2, width, deltas);
        const negative = typeof firstDelta === 'number' ? firstDelta < 0 : firstDelta < 0n;
        for (const d of deltas) {
          current = add(current, negative ? (typeof d === 'number' ? -d : -d) : d);
          out.push(current);
        }
      }
    }
  }
  return out;
}

function decodePatchedBase(source: ByteSource, first: number, length: number, out: (number | bigint)[]): void {
  const width = decodeBitWidth((first >>> 1) & 31);
  const third = source.readByte();
  const fourth = source.readByte();
  const baseBytes = ((third >>> 5) & 7) + 1;
  const patchWidth = decodeBitWidth(third & 31);
  const gapWidth = ((fourth >>> 5) & 7) + 1;
  const patchCount = fourth & 31;
  let base = 0n;
  for (let i = 0; i < baseBytes; i++) base = (base << 8n) | BigInt(source.readByte());
  const signBit = 1n << BigInt(baseBytes * 8 - 1);
  if ((base & signBit) !== 0n) base = -(base & ~signBit);
  const values: (number | bigint)[] = [];
  readBitPacked(source, length, width, values);
  const entryWidth = closestFixedBits(patchWidth + gapWidth);
  if (patchWidth + gapWidth > 64) source.fail('a patch is wider than 64 bits');
  const entries: (number | bigint)[] = [];
  readBitPacked(source, patchCount, entryWidth, entries);
  const big = values.map((v) => BigInt(v));
  let index = 0;
  const patchMask = (1n << BigInt(patchWidth)) - 1n;
  for (const entry of entries) {
    const e = BigInt(entry);
    const gap = Number(e >> BigInt(patchWidth));
    const patch = e & patchMask;
    index += gap;
    if (patch === 0n) continue;
    if (index >= length) source.fail('a patch points past the run');
    big[index] = (big[index] as bigint) | (patch << BigInt(width));
  }
  for (const v of big) out.push(toNumberIfSafe(BigInt.asIntN(64, base + v)));
}
