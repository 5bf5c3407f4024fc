/**
 * A growable little-endian byte buffer for the Parquet writer: page bodies, levels, Thrift headers and
 * the footer are all written through it. It is a Node `Buffer` so that strings are encoded to UTF-8 in
 * place (`Buffer#write`), without an intermediate copy per string.
 */

const MIN_CAPACITY = 1024;

export class ParquetByteWriter {
  /** The bytes written so far are `buffer[0 .. length)`. */
  buffer: Buffer;
  length = 0;
  private view: DataView;

  constructor(initialCapacity = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(Math.max(MIN_CAPACITY, initialCapacity));
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
  }

  /** Forgets the content, keeping the allocation for the next page. */
  reset(): void {
    this.length = 0;
  }

  /** Makes room for `extra` more bytes. */
  ensure(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.byteLength) return;
    let capacity = this.buffer.byteLength * 2;
    while (capacity < needed) capacity *= 2;
    const next = Buffer.allocUnsafe(capacity);
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  writeByte(value: number): void {
    this.ensure(1);
    this.buffer[this.length++] = value;
  }

  writeBytes(bytes: Uint8Array): void {
    this.ensure(bytes.byteLength);
    this.buffer.set(bytes, this.length);
    this.length += bytes.byteLength;
  }

  writeInt32(value: number): void {
    this.ensure(4);
    this.view.setInt32(this.length, value, true);
    this.length += 4;
  }

  writeUint32At(offset: number, value: number): void {
    this.view.setUint32(offset, value, true);
  }

  writeFloat32(value: number): void {
    this.ensure(4);
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
  }

  writeFloat64(value: number): void {
    this.ensure(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }

  writeBigInt64(value: bigint): void {
    this.ensure(8);
    this.view.setBigInt64(this.length, value, true);
    this.length += 8;
  }

  /** Unsigned LEB128 of a non-negative safe integer (Thrift compact varints, RLE run headers). */
  writeVarint(value: number): void {
    this.ensure(10);
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.length++] = v;
  }

  /**
   * PLAIN BYTE_ARRAY of a string: 4-byte little-endian length, then the UTF-8 bytes. Lone surrogates
   * (possible in JSON text) become U+FFFD, as UTF-8 cannot hold them. Returns the byte length.
   */
  writeLengthPrefixedString(value: string): number {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair, 2 units, takes 4).
    this.ensure(4 + value.length * 3);
    const byteLength = this.buffer.write(value, this.length + 4, 'utf8');
    this.view.setUint32(this.length, byteLength, true);
    this.length += 4 + byteLength;
    return byteLength;
  }

  /** A view of the bytes written so far (valid until the next write or reset). */
  written(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return Uint8Array.prototype.slice.call(this.buffer, 0, this.length);
  }
}
