/**
 * Bloom filters of the ORC row index (apache/orc-format specification/ORCv1.md, "Bloom Filter Index"),
 * written in the BLOOM_FILTER_UTF8 stream (utf8bitset: the bit set as little-endian bytes) one filter per
 * row group.
 *
 * - Sizing, as Apache's BloomFilter: m = ⌊−n·ln(p) / ln(2)²⌋ rounded up to the next multiple of 64 bits,
 *   k = max(1, round(m/n · ln 2)), with n = the row index stride and p = BloomFilterFalsePositiveProbability.
 * - Hashes: integers, dates and timestamps (as UTC milliseconds) use Thomas Wang's 64-bit integer hash;
 *   floats and doubles hash the IEEE-754 bits of the value as a double; strings hash their UTF-8 bytes
 *   and binaries their bytes with the 64-bit Murmur3 variant of Apache's Murmur3.hash64 (seed 104729).
 * - Bit positions: h1 = low 32 bits, h2 = high 32 bits; for i = 1..k, c = h1 + i·h2 (32-bit signed),
 *   flipped with ~ when negative, bit c mod m.
 * A reader skips a row group only when a value's bits are not all set, so a filter must hold every value
 * of its row group; test/formats/orc checks this writer's hashes against Apache's own filters in the
 * example file over1k_bloom.orc.
 */

const MASK64 = (1n << 64n) - 1n;
const toSigned = (v: bigint): bigint => BigInt.asIntN(64, v);

/** Thomas Wang's 64-bit integer hash, with Java's arithmetic (>>) shifts and wrap-around. */
export function longHash(input: bigint): bigint {
  let key = toSigned(input);
  key = toSigned(~key + (key << 21n));
  key = key ^ (key >> 24n);
  key = toSigned(key + (key << 3n) + (key << 8n));
  key = key ^ (key >> 14n);
  key = toSigned(key + (key << 2n) + (key << 4n));
  key = key ^ (key >> 28n);
  key = toSigned(key + (key << 31n));
  return key;
}

const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;
const SEED = 104729n;

function rotl(value: bigint, bits: bigint): bigint {
  const v = value & MASK64;
  return ((v << bits) | (v >> (64n - bits))) & MASK64;
}

function fmix64(input: bigint): bigint {
  let h = input & MASK64;
  h ^= h >> 33n;
  h = (h * 0xff51afd7ed558ccdn) & MASK64;
  h ^= h >> 33n;
  h = (h * 0xc4ceb9fe1a85ec53n) & MASK64;
  h ^= h >> 33n;
  return h;
}

/** Apache's Murmur3.hash64 over bytes (little-endian 8-byte blocks, then the tail). */
export function murmur3Hash64(data: Uint8Array): bigint {
  let hash = SEED;
  const blocks = data.length >>> 3;
  for (let i = 0; i < blocks; i++) {
    let k = 0n;
    for (let b = 7; b >= 0; b--) k = (k << 8n) | BigInt(data[i * 8 + b] as number);
    k = (k * C1) & MASK64;
    k = rotl(k, 31n);
    k = (k * C2) & MASK64;
    hash ^= k;
    hash = (rotl(hash, 27n) * 5n + 0x52dce729n) & MASK64;
  }
  const tail = blocks * 8;
  const rest = data.length - tail;
  if (rest > 0) {
    let k1 = 0n;
    for (let b = rest - 1; b >= 0; b--) k1 = (k1 << 8n) | BigInt(data[tail + b] as number);
    k1 = (k1 * C1) & MASK64;
    k1 = rotl(k1, 31n);
    k1 = (k1 * C2) & MASK64;
    hash ^= k1;
  }
  hash ^= BigInt(data.length);
  return toSigned(fmix64(hash));
}

const doubleView = new DataView(new ArrayBuffer(8));

export class BloomFilterBuilder {
  readonly numBits: number;
  readonly numHashFunctions: number;
  private bits: Uint8Array;

  constructor(expectedEntries: number, falsePositiveProbability: number) {
    const n = Math.max(1, expectedEntries);
    const nb = Math.floor((-n * Math.log(falsePositiveProbability)) / (Math.log(2) * Math.log(2)));
    this.numBits = nb + (64 - (nb % 64));
    this.numHashFunctions = Math.max(1, Math.round((this.numBits / n) * Math.log(2)));
    this.bits = new Uint8Array(this.numBits / 8);
  }

  addLong(value: bigint): void {
    this.addHash(longHash(value));
  }

  addDouble(value: number): void {
    doubleView.setFloat64(0, value);
    this.addHash(longHash(doubleView.getBigInt64(0)));
  }

  addBytes(bytes: Uint8Array): void {
    this.addHash(murmur3Hash64(bytes));
  }

  private addHash(hash: bigint): void {
    const h1 = Number(BigInt.asIntN(32, hash));
    const h2 = Number(BigInt.asIntN(32, hash >> 32n));
    for (let i = 1; i <= this.numHashFunctions; i++) {
      let combined = (h1 + i * h2) | 0;
      if (combined < 0) combined = ~combined;
      const position = combined % this.numBits;
      this.bits[position >>> 3]! |= 1 << (position & 7);
    }
  }

  /** Hands over this row group's filter and starts an empty one. */
  finishRowGroup(): BloomFilterBuilder {
    const done = Object.create(BloomFilterBuilder.prototype) as BloomFilterBuilder;
    Object.assign(done, { numBits: this.numBits, numHashFunctions: this.numHashFunctions, bits: this.bits });
    this.bits = new Uint8Array(this.numBits / 8);
    return done;
  }

  get bytes(): Uint8Array {
    return this.bits;
  }
}

/** True when every bit of `hash` is set in a filter's bytes (how readers test membership). */
export function bloomMightContain(bits: Uint8Array, numHashFunctions: number, hash: bigint): boolean {
  const numBits = bits.length * 8;
  const h1 = Number(BigInt.asIntN(32, hash));
  const h2 = Number(BigInt.asIntN(32, hash >> 32n));
  for (let i = 1; i <= numHashFunctions; i++) {
    let combined = (h1 + i * h2) | 0;
    if (combined < 0) combined = ~combined;
    const position = combined % numBits;
    if (((bits[position >>> 3] as number) & (1 << (position & 7))) === 0) return false;
  }
  return true;
}
