/**
 * A growable byte buffer that the ORC stream encoders append to, and a cursor that the decoders read
 * from. Both bound-check: a decoder that runs past its stream throws `OrcCorruptFileError` instead of
 * reading zeros.
 */
import { OrcCorruptFileError } from './errors.js';

export class ByteSink {
  private buffer: Uint8Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.buffer = new Uint8Array(Math.max(16, initialCapacity));
  }

  private grow(needed: number): void {
    let capacity = this.buffer.length * 2;
    while (capacity < this.length + needed) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  writeByte(byte: number): void {
    if (this.length === this.buffer.length) this.grow(1);
    this.buffer[this.length++] = byte;
  }

  writeBytes(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buffer.length) this.grow(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Writes a UTF-8 string; returns the number of bytes written. */
  writeUtf8(text: string): number {
    const max = text.length * 3;
    if (this.length + max > this.buffer.length) this.grow(max);
    const { written } = utf8.encodeInto(text, this.buffer.subarray(this.length));
    this.length += written;
    return written;
  }

  /** A view of the bytes written so far (valid until the next write). */
  view(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }

  /** Bytes held, to bound memory by the stripe size. */
  get capacity(): number {
    return this.buffer.length;
  }
}

const utf8 = new TextEncoder();

/** Reads a stream's bytes in order. */
export class ByteSource {
  position = 0;

  constructor(
    readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.position;
  }

  readByte(): number {
    if (this.position >= this.bytes.length) throw new OrcCorruptFileError(`${this.what} ends early`);
    return this.bytes[this.position++] as number;
  }

  readBytes(count: number): Uint8Array {
    if (count < 0 || this.position + count > this.bytes.length) throw new OrcCorruptFileError(`${this.what} ends early`);
    const out = this.bytes.subarray(this.position, this.position + count);
    this.position += count;
    return out;
  }

  fail(problem: string): never {
    throw new OrcCorruptFileError(`${this.what}: ${problem}`);
  }
}
