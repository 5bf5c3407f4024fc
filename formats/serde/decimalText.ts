/**
 * Exact arithmetic on number text, so that bigint and decimal columns never pass through a 64-bit float:
 * `parseDecimalText('-12.345e1')` → { negative: true, digits: 12345n, exponent: -2 } (= −123.45).
 * Hand-written scanners instead of regular expressions: linear time, no backtracking.
 */

export interface DecimalText {
  readonly negative: boolean;
  /** The significant digits as an integer (no sign), at most MAX_SIGNIFICANT_DIGITS of them. */
  readonly digits: bigint;
  /** Value = (negative ? −1 : 1) × digits × 10^exponent (exactly, unless `inexact`). */
  readonly exponent: number;
  /** Non-zero digits beyond MAX_SIGNIFICANT_DIGITS were dropped (the value is slightly larger in magnitude). */
  readonly inexact: boolean;
}

/**
 * Digits kept: far more than any column needs (38 for decimals, 19 for bigint, plus rounding), few
 * enough that a hostile 1 MB number never becomes a 1 MB BigInt (whose parsing is quadratic).
 */
export const MAX_SIGNIFICANT_DIGITS = 120;

/** Exponents beyond this are out of every column's range; keeps 10n ** n small. */
const EXPONENT_LIMIT = 100_000;

/** Stands for magnitudes beyond 10^40: out of range of every integer column. */
const HUGE = 10n ** 41n;

/**
 * Parses decimal number text: an optional sign (`+` only when `allowPlus`), digits with an optional
 * fraction (`.5` and `5.` accepted when `lenient`), an optional exponent. JSON numbers pass with
 * `allowPlus = false, lenient = false`. Returns undefined for anything else (including spaces).
 */
export function parseDecimalText(text: string, lenient: boolean): DecimalText | undefined {
  let i = 0;
  const length = text.length;
  let negative = false;
  if (text[i] === '-') {
    negative = true;
    i++;
  } else if (text[i] === '+' && lenient) {
    i++;
  }
  const intStart = i;
  while (i < length && isDigit(text.charCodeAt(i))) i++;
  const intDigits = text.slice(intStart, i);
  let fracDigits = '';
  if (text[i] === '.') {
    i++;
    const fracStart = i;
    while (i < length && isDigit(text.charCodeAt(i))) i++;
    fracDigits = text.slice(fracStart, i);
    if (!lenient && fracDigits === '') return undefined;
  }
  if (intDigits === '' && (!lenient || fracDigits === '')) return undefined;
  // JSON forbids leading zeros ("012"); Java's parsers accept them in strings.
  if (!lenient && intDigits.length > 1 && intDigits[0] === '0') return undefined;
  let exponent = 0;
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    let expNegative = false;
    if (text[i] === '+' || text[i] === '-') {
      expNegative = text[i] === '-';
      i++;
    }
    const expStart = i;
    while (i < length && isDigit(text.charCodeAt(i))) i++;
    if (i === expStart) return undefined;
    const expDigits = text.slice(expStart, i).replace(/^0+(?=\d)/, '');
    const magnitude = expDigits.length > 7 ? EXPONENT_LIMIT * 10 : Number(expDigits);
    exponent = expNegative ? -magnitude : magnitude;
  }
  if (i !== length) return undefined;
  let all = (intDigits + fracDigits).replace(/^0+/, '');
  let dropped = 0;
  let inexact = false;
  if (all.length > MAX_SIGNIFICANT_DIGITS) {
    dropped = all.length - MAX_SIGNIFICANT_DIGITS;
    inexact = /[1-9]/.test(all.slice(MAX_SIGNIFICANT_DIGITS));
    all = all.slice(0, MAX_SIGNIFICANT_DIGITS);
  }
  return { negative, digits: all === '' ? 0n : BigInt(all), exponent: exponent - fracDigits.length + dropped, inexact };
}

/** Integer text as Java's Long.parseLong reads it (optional sign, digits), or 0x-hexadecimal as OpenX does. */
export function parseIntegerText(text: string): bigint | undefined {
  let i = 0;
  let negative = false;
  if (text[0] === '-' || text[0] === '+') {
    negative = text[0] === '-';
    i = 1;
  }
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && i === 0) {
    const hex = text.slice(2).replace(/^0+(?=.)/, '');
    if (hex === '' || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
    return hex.length > 40 ? HUGE : BigInt(`0x${hex}`);
  }
  if (i === text.length) return undefined;
  for (let j = i; j < text.length; j++) if (!isDigit(text.charCodeAt(j))) return undefined;
  const digits = text.slice(i).replace(/^0+(?=.)/, '');
  // Past 40 digits every integer column overflows; skip the quadratic BigInt parse.
  const magnitude = digits.length > 40 ? HUGE : BigInt(digits);
  return negative ? -magnitude : magnitude;
}


/**
 * The value as an integer when it has no fractional part; undefined otherwise. Magnitudes beyond 10^40
 * come back as ±10^41 (still out of every integer column's range) so that `1e99999` stays cheap.
 */
export function decimalToInteger(value: DecimalText): bigint | undefined {
  if (value.digits === 0n) return 0n;
  if (value.exponent + value.digits.toString().length > 40) return value.negative ? -HUGE : HUGE;
  // Dropped non-zero digits below the kept ones: a fraction, since at most 40 digits are left of the point.
  if (value.inexact) return undefined;
  let magnitude: bigint;
  if (value.exponent >= 0) {
    magnitude = value.digits * 10n ** BigInt(value.exponent);
  } else {
    // digits has no leading zeros, so fewer digits than the shift means a non-zero fraction.
    if (-value.exponent > value.digits.toString().length) return undefined;
    const divisor = 10n ** BigInt(-value.exponent);
    if (value.digits % divisor !== 0n) return undefined;
    magnitude = value.digits / divisor;
  }
  return value.negative ? -magnitude : magnitude;
}

/**
 * The unscaled value at `scale` (value × 10^scale), rounding extra fraction digits half away from zero
 * (Hive's HiveDecimal rounding, RoundingMode.HALF_UP). Undefined when the magnitude reaches `limit`.
 */
export function toUnscaled(value: DecimalText, scale: number, limit: bigint): bigint | undefined {
  if (value.digits === 0n) return 0n;
  const shift = value.exponent + scale;
  let magnitude: bigint;
  if (shift >= 0) {
    // digits ≥ 1, so 10^shift alone reaching the limit already overflows.
    if (shift > limit.toString().length) return undefined;
    magnitude = value.digits * 10n ** BigInt(shift);
  } else {
    const drop = -shift;
    if (drop > value.digits.toString().length + 1) return 0n;
    const divisor = 10n ** BigInt(drop);
    magnitude = value.digits / divisor;
    if ((value.digits % divisor) * 2n >= divisor) magnitude += 1n;
  }
  if (magnitude >= limit) return undefined;
  return value.negative && magnitude !== 0n ? -magnitude : magnitude;
}

/** Exact value of a decimal as nanoseconds when it means seconds (fraction beyond 9 digits truncated toward zero). */
export function secondsToNanos(value: DecimalText): bigint | undefined {
  const shift = value.exponent + 9;
  let magnitude: bigint;
  if (value.digits === 0n) return 0n;
  if (shift >= 0) {
    if (shift > 40) return undefined;
    magnitude = value.digits * 10n ** BigInt(shift);
  } else {
    if (-shift > value.digits.toString().length) return 0n;
    magnitude = value.digits / 10n ** BigInt(-shift);
  }
  return value.negative ? -magnitude : magnitude;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}
