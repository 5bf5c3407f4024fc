/**
 * Column statistics as ORC records them (apache/orc-format specification/ORCv1.md, "Column
 * Statistics"): the count of non-null values and whether there were nulls for every column, plus by
 * type: integer min/max/sum (no sum once it overflows 64 bits), double min/max/sum (no sum once it is not
 * finite), string min/max by UTF-8 bytes and the total length in bytes (a min or max longer than 1,024
 * bytes is recorded as a truncated lower/upper bound instead, as orc_proto.proto says), boolean true
 * count, binary total length, decimal min/max/sum as decimal text, date min/max in days, timestamp
 * min/max in UTC milliseconds with the sub-millisecond nanoseconds (+1, as Apache's writer stores them),
 * and list/map child counts.
 *
 * One accumulator runs per row group; the row group's is written to the row index, then merged into
 * the stripe's (the Metadata section) and the file's (the Footer).
 */
import type { ColumnStatistics } from './orcProto.js';

export type StatisticsKind = 'integer' | 'double' | 'string' | 'boolean' | 'binary' | 'decimal' | 'date' | 'timestamp' | 'collection' | 'none';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MAX_STRING_STAT_BYTES = 1024;
const DECIMAL_SUM_LIMIT = 10n ** 38n;
const SAFE_SUM = Number.MAX_SAFE_INTEGER;

export class ColumnStatisticsAccumulator {
  count = 0;
  hasNull = false;
  // integer / date (numbers), bigint columns (bigints)
  private minNumber = Infinity;
  private maxNumber = -Infinity;
  private sumNumber = 0;
  /** Set once a number sum left ±2^53, where doubles stop being exact. */
  private sumInexact = false;
  private minBig: bigint | undefined;
  private maxBig: bigint | undefined;
  private sumBig: bigint | undefined = 0n;
  // double
  private sumDouble = 0;
  // string / binary
  private minString: string | undefined;
  private maxString: string | undefined;
  private totalLength = 0;
  // boolean
  private trueCount = 0;
  // timestamp: milliseconds and the nanoseconds within the millisecond
  private minMillis = Infinity;
  private maxMillis = -Infinity;
  private minSubNanos = 0;
  private maxSubNanos = 0;
  // collection
  private minChildren = Infinity;
  private maxChildren = 0;
  private totalChildren = 0;
  // decimal
  private decimalScale = 0;

  constructor(
    readonly kind: StatisticsKind,
    scale = 0,
  ) {
    this.decimalScale = scale;
  }

  addNull(): void {
    this.hasNull = true;
  }

  addNumber(value: number): void {
    this.count++;
    if (value < this.minNumber) this.minNumber = value;
    if (value > this.maxNumber) this.maxNumber = value;
    this.sumNumber += value;
    if (this.sumNumber > SAFE_SUM || this.sumNumber < -SAFE_SUM) this.sumInexact = true;
  }

  addBigint(value: bigint): void {
    this.count++;
    if (this.minBig === undefined || value < this.minBig) this.minBig = value;
    if (this.maxBig === undefined || value > this.maxBig) this.maxBig = value;
    if (this.sumBig !== undefined) {
      const sum = this.sumBig + value;
      this.sumBig = this.kind === 'integer' && (sum < INT64_MIN || sum > INT64_MAX) ? undefined : sum;
    }
  }

  addDouble(value: number): void {
    this.count++;
    if (!Number.isNaN(value)) {
      if (value < this.minNumber) this.minNumber = value;
      if (value > this.maxNumber) this.maxNumber = value;
    }
    this.sumDouble += value;
  }

  /** A string value and its UTF-8 length (min/max in UTF-8 byte order, as Apache's writer compares Text). */
  addString(value: string, byteLength: number): void {
    this.count++;
    this.totalLength += byteLength;
    if (this.minString === undefined || compareUtf8Order(value, this.minString) < 0) this.minString = value;
    if (this.maxString === undefined || compareUtf8Order(value, this.maxString) > 0) this.maxString = value;
  }

  /** A string equal to one already added (same min/max): only the count and the total length change. */
  addRepeatedString(byteLength: number): void {
    this.count++;
    this.totalLength += byteLength;
  }

  addBinary(length: number): void {
    this.count++;
    this.totalLength += length;
  }

  addBoolean(value: boolean): void {
    this.count++;
    if (value) this.trueCount++;
  }

  addTimestamp(millis: number, subNanos: number): void {
    this.count++;
    if (millis < this.minMillis || (millis === this.minMillis && subNanos < this.minSubNanos)) {
      this.minMillis = millis;
      this.minSubNanos = subNanos;
    }
    if (millis > this.maxMillis || (millis === this.maxMillis && subNanos > this.maxSubNanos)) {
      this.maxMillis = millis;
      this.maxSubNanos = subNanos;
    }
  }

  addChildren(count: number): void {
    this.count++;
    if (count < this.minChildren) this.minChildren = count;
    if (count > this.maxChildren) this.maxChildren = count;
    this.totalChildren += count;
  }

  /** Adds a decimal's unscaled value (at the column's scale). */
  addDecimal(value: bigint): void {
    this.count++;
    if (this.minBig === undefined || value < this.minBig) this.minBig = value;
    if (this.maxBig === undefined || value > this.maxBig) this.maxBig = value;
    if (this.sumBig !== undefined) {
      const sum = this.sumBig + value;
      this.sumBig = sum <= -DECIMAL_SUM_LIMIT || sum >= DECIMAL_SUM_LIMIT ? undefined : sum;
    }
  }

  merge(other: ColumnStatisticsAccumulator): void {
    this.count += other.count;
    this.hasNull ||= other.hasNull;
    if (other.minNumber < this.minNumber) this.minNumber = other.minNumber;
    if (other.maxNumber > this.maxNumber) this.maxNumber = other.maxNumber;
    this.sumNumber += other.sumNumber;
    this.sumInexact ||= other.sumInexact || this.sumNumber > SAFE_SUM || this.sumNumber < -SAFE_SUM;
    if (other.minBig !== undefined && (this.minBig === undefined || other.minBig < this.minBig)) this.minBig = other.minBig;
    if (other.maxBig !== undefined && (this.maxBig === undefined || other.maxBig > this.maxBig)) this.maxBig = other.maxBig;
    if (this.sumBig !== undefined && other.sumBig !== undefined) {
      const sum = this.sumBig + other.sumBig;
      const limitLow = this.kind === 'decimal' ? -DECIMAL_SUM_LIMIT : INT64_MIN;
      const limitHigh = this.kind === 'decimal' ? DECIMAL_SUM_LIMIT : INT64_MAX;
      this.sumBig = sum <= limitLow || sum >= limitHigh ? undefined : sum;
    } else this.sumBig = undefined;
    this.sumDouble += other.sumDouble;
    if (other.minString !== undefined && (this.minString === undefined || compareUtf8Order(other.minString, this.minString) < 0)) this.minString = other.minString;
    if (other.maxString !== undefined && (this.maxString === undefined || compareUtf8Order(other.maxString, this.maxString) > 0)) this.maxString = other.maxString;
    this.totalLength += other.totalLength;
    this.trueCount += other.trueCount;
    if (other.minMillis < this.minMillis || (other.minMillis === this.minMillis && other.minSubNanos < this.minSubNanos)) {
      this.minMillis = other.minMillis;
      this.minSubNanos = other.minSubNanos;
    }
    if (other.maxMillis > this.maxMillis || (other.maxMillis === this.maxMillis && other.maxSubNanos > this.maxSubNanos)) {
      this.maxMillis = other.maxMillis;
      this.maxSubNanos = other.maxSubNanos;
    }
    if (other.minChildren < this.minChildren) this.minChildren = other.minChildren;
    if (other.maxChildren > this.maxChildren) this.maxChildren = other.maxChildren;
    this.totalChildren += other.totalChildren;
  }

  /** Integer columns other than bigint keep exact sums in a double up to 2^53; past that no sum. */
  private integerSum(): bigint | undefined {
    if (this.minBig !== undefined || this.maxBig !== undefined) return this.sumBig;
    return this.sumInexact ? undefined : BigInt(this.sumNumber);
  }

  toProto(): ColumnStatistics {
    const stats: ColumnStatistics = { numberOfValues: this.count, hasNull: this.hasNull };
    const some = this.count > 0;
    switch (this.kind) {
      case 'integer':
        if (some) {
          const sum = this.integerSum();
          stats.intStatistics = {
            minimum: this.minBig ?? BigInt(this.minNumber),
            maximum: this.maxBig ?? BigInt(this.maxNumber),
            ...(sum === undefined ? {} : { sum }),
          };
        } else stats.intStatistics = {};
        break;
      case 'double': {
        const d: ColumnStatistics['doubleStatistics'] = {};
        if (some && this.minNumber !== Infinity) {
          d.minimum = this.minNumber;
          d.maximum = this.maxNumber;
        }
        if (Number.isFinite(this.sumDouble)) d.sum = this.sumDouble;
        stats.doubleStatistics = d;
        break;
      }
      case 'string': {
        const s: NonNullable<ColumnStatistics['stringStatistics']> = { sum: BigInt(this.totalLength) };
        if (some && this.minString !== undefined && this.maxString !== undefined) {
          if (fitsStatistics(this.minString)) s.minimum = this.minString;
          else s.lowerBound = truncateUtf8(this.minString, false);
          if (fitsStatistics(this.maxString)) s.maximum = this.maxString;
          else {
            const upper = truncateUtf8(this.maxString, true);
            if (upper !== undefined) s.upperBound = upper;
          }
        }
        stats.stringStatistics = s;
        break;
      }
      case 'boolean':
        stats.bucketStatistics = { count: [this.trueCount] };
        break;
      case 'binary':
        stats.binaryStatistics = { sum: BigInt(this.totalLength) };
        break;
      case 'decimal':
        stats.decimalStatistics = some
          ? {
              minimum: decimalString(this.minBig as bigint, this.decimalScale),
              maximum: decimalString(this.maxBig as bigint, this.decimalScale),
              ...(this.sumBig === undefined ? {} : { sum: decimalString(this.sumBig, this.decimalScale) }),
            }
          : {};
        break;
      case 'date':
        stats.dateStatistics = some ? { minimum: this.minNumber, maximum: this.maxNumber } : {};
        break;
      case 'timestamp':
        stats.timestampStatistics = some
          ? {
              minimumUtc: BigInt(this.minMillis),
              maximumUtc: BigInt(this.maxMillis),
              ...(this.minSubNanos !== 0 ? { minimumNanos: this.minSubNanos + 1 } : {}),
              ...(this.maxSubNanos !== 999_999 ? { maximumNanos: this.maxSubNanos + 1 } : {}),
            }
          : {};
        break;
      case 'collection':
        stats.collectionStatistics = some ? { minChildren: this.minChildren, maxChildren: this.maxChildren, totalChildren: this.totalChildren } : {};
        break;
      case 'none':
        break;
    }
    return stats;
  }
}

/**
 * Compares strings in the order of their UTF-8 bytes (= code point order) without encoding them: UTF-16
 * order differs only where a surrogate (a code point above U+FFFF) meets U+E000..U+FFFF, so those code
 * units are moved past each other before comparing.
 */
export function compareUtf8Order(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

function rank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}

const encoder = new TextEncoder();
/** Whether a string's UTF-8 form fits the 1,024 bytes a min or max may have (3 bytes per UTF-16 unit at most). */
function fitsStatistics(text: string): boolean {
  return text.length * 3 <= MAX_STRING_STAT_BYTES || encoder.encode(text).length <= MAX_STRING_STAT_BYTES;
}

/**
 * A bound for a string longer than 1,024 bytes: its first whole code points within 1,024 bytes; for an
 * upper bound the last of them is incremented (so the bound is above every string with that prefix).
 */
function truncateUtf8(value: string, upper: boolean): string | undefined {
  const points: number[] = [];
  let bytes = 0;
  for (const ch of value) {
    const cp = ch.codePointAt(0) as number;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + size > MAX_STRING_STAT_BYTES) break;
    bytes += size;
    points.push(cp);
  }
  if (!upper) return String.fromCodePoint(...points);
  while (points.length > 0) {
    let last = (points.pop() as number) + 1;
    if (last >= 0xd800 && last <= 0xdfff) last = 0xe000;
    if (last <= 0x10ffff) {
      points.push(last);
      return String.fromCodePoint(...points);
    }
  }
  return undefined;
}

/** Decimal text as Hive prints HiveDecimal: no exponent, trailing fraction zeros dropped. */
export function decimalString(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  let digits = (negative ? -unscaled : unscaled).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    let fraction = digits.slice(-scale).replace(/0+$/, '');
    const whole = digits.slice(0, -scale);
    digits = fraction.length > 0 ? `${whole}.${fraction}` : whole;
    fraction = '';
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}
