/**
 * A growable byte buffer that the ORC stream encoders append to, and a cursor that the decoders read
 * from. Both bound-check: a decoder that runs past its stream throws `OrcCorruptFileError` instead of
 * reading zeros. The sink is a Node `Buffer` so that strings are encoded to UTF-8 in place
 * (`Buffer#write`), without a view object per string.
 */
import { Buffer } from 'node:buffer';
import { OrcCorruptFileError } from './errors.js';

/** Strings up to this many UTF-16 units try the ASCII loop first. */
const ASCII_LOOP_MAX = 256;

export class ByteSink {
  private buffer: Buffer;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.buffer = Buffer.allocUnsafe(Math.max(16, initialCapacity));
  }

  private grow(needed: number): void {
    let capacity = this.buffer.length * 2;
    while (capacity < this.length + needed) capacity *= 2;
    const next = Buffer.allocUnsafe(capacity);
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }

  writeByte(byte: number): void {
    if (this.length === this.buffer.length) this.grow(1);
    this.buffer[this.length++] = byte;
  }

  /** Appends a copy of `bytes` (short ones by a loop, cheaper than a native call). */
  writeBytes(bytes: Uint8Array): void {
    const n = bytes.length;
    if (this.length + n > this.buffer.length) this.grow(n);
    const buffer = this.buffer;
    const at = this.length;
    if (n < 64) {
      for (let i = 0; i < n; i++) buffer[at + i] = bytes[i] as number;
    } else buffer.set(bytes, at);
    this.length = at + n;
  }

  /**
   * Room for `extra` more bytes: returns the buffer, which the caller fills from `length` on and then
   * advances `length` past what it wrote (at most `extra` bytes). Valid until the next write.
   */
  reserve(extra: number): Buffer {
    if (this.length + extra > this.buffer.length) this.grow(extra);
    return this.buffer;
  }

  /**
   * Writes a UTF-8 string; returns the number of bytes written. ASCII is copied by a loop (cheaper than a
   * native call for short strings); a string with any other character is encoded by `Buffer#write`
   * (lone surrogates become U+FFFD, as UTF-8 cannot hold them).
   */
  writeUtf8(text: string): number {
    const n = text.length;
    const max = n * 3;
    if (this.length + max > this.buffer.length) this.grow(max);
    const buffer = this.buffer;
    const start = this.length;
    let i = 0;
    if (n <= ASCII_LOOP_MAX) {
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c > 0x7f) break;
        buffer[start + i] = c;
      }
    }
    const written = i === n ? n : buffer.write(text, start, 'utf8');
    this.length = start + written;
    return written;
  }

  /** A view of the bytes written so far (valid until the next write). */
  view(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  /** A copy of the bytes written so far, as a plain Uint8Array. */
  toBytes(): Uint8Array {
    return new Uint8Array(this.buffer.subarray(0, this.length));
  }

  clear(): void {
    this.length = 0;
  }

  /** Bytes held, to bound memory by the stripe size. */
  get capacity(): number {
    return this.buffer.length;
  }
}

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
