/**
 * Timestamp and date text as Firehose's OpenX JSON SerDe reads it. AWS documents these shapes
 * (developer guide, "Convert input data format", choosing the JSON deserializer):
 *   yyyy-MM-dd'T'HH:mm:ss[.S]'Z'   fraction up to 9 digits   2017-02-07T15:13:01.39256Z
 *   yyyy-[M]M-[d]d HH:mm:ss[.S]    fraction up to 9 digits   2017-02-07 15:13:01.14
 *   epoch seconds                                            1518033528
 *   epoch milliseconds                                       1518033528123
 *   floating point epoch seconds                             1518033528.123
 * The second shape is also what java.sql.Timestamp.valueOf accepts, the Hive JSON SerDe's default.
 * Values are bigint nanoseconds since the epoch (UTC); undefined when the text does not fit.
 */
import { daysFromCivil, isTimestampInRange, isValidDate, isValidTime, NANOS_PER_MILLI, NANOS_PER_SECOND, timestampNanos } from './civilTime.js';
import { decimalToInteger, parseDecimalText, secondsToNanos } from './decimalText.js';

// Fixed widths and single quantifiers only, so matching is linear.
const SQL_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/**
 * OpenX's rule for whole epoch numbers: 13 or more digits are milliseconds, fewer are seconds
 * (the digit count of 1454612111000, the sample in OpenX's ParsePrimitiveUtils.parseTimestamp).
 */
export const EPOCH_MILLIS_MIN_DIGITS = 13;

/** Parses a timestamp given as text (a JSON string, or the text of a JSON number). */
export function parseOpenXTimestamp(text: string): bigint | undefined {
  const first = text.charCodeAt(0);
  const startsLikeNumber = first === 0x2d || first === 0x2b || first === 0x2e || (first >= 0x30 && first <= 0x39);
  if (startsLikeNumber && text.indexOf(':') === -1) return parseEpochText(text);
  return parseIsoUtc(text) ?? parseSqlTimestamp(text);
}

/** `yyyy-MM-dd'T'HH:mm:ss[.S…]'Z'`. */
export function parseIsoUtc(text: string): bigint | undefined {
  return scanTimestamp(text, 0, text.length, true);
}

/** `yyyy-[M]M-[d]d HH:mm:ss[.S…]` (java.sql.Timestamp.valueOf), read as UTC. */
export function parseSqlTimestamp(text: string): bigint | undefined {
  return scanTimestamp(text, 0, text.length, false);
}

/** `yyyy-[M]M-[d]d` (java.sql.Date.valueOf) as days since 1970-01-01. */
export function parseSqlDate(text: string): number | undefined {
  const match = SQL_DATE.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return isValidDate(year, month, day) ? daysFromCivil(year, month, day) : undefined;
}

/** Epoch seconds, epoch milliseconds (13+ digits) or fractional epoch seconds. */
export function parseEpochText(text: string): bigint | undefined {
  const decimal = parseDecimalText(text, true);
  if (decimal === undefined) return undefined;
  const whole = decimalToInteger(decimal);
  let nanos: bigint | undefined;
  if (whole !== undefined) {
    const digitCount = (whole < 0n ? -whole : whole).toString().length;
    nanos = digitCount >= EPOCH_MILLIS_MIN_DIGITS ? whole * NANOS_PER_MILLI : whole * NANOS_PER_SECOND;
  } else {
    nanos = secondsToNanos(decimal);
  }
  return nanos !== undefined && isTimestampInRange(nanos) ? nanos : undefined;
}

/** Epoch milliseconds only (the Hive SerDe's `millis` format): an optional sign and digits. */
export function parseEpochMillisText(text: string): bigint | undefined {
  if (!/^-?\d{1,19}$/.test(text)) return undefined;
  const nanos = BigInt(text) * NANOS_PER_MILLI;
  return isTimestampInRange(nanos) ? nanos : undefined;
}

/** 10^(9 - digits): a fraction of `digits` digits as nanoseconds. */
const FRACTION_SCALE: readonly number[] = Array.from({ length: 10 }, (_, count) => 10 ** (9 - count));

/**
 * Reads `yyyy-MM-dd'T'HH:mm:ss[.S…]'Z'` (iso) or `yyyy-[M]M-[d]d HH:mm:ss[.S…]` in text[start..end) character
 * by character: timestamps are the most common typed value in log records, and this is several times faster
 * than a regular expression with capture groups. The compiled decoder reads values in place in the record
 * (formats/serde/scanCellText.ts); the character at `end`, if any, must not continue a timestamp.
 */
export function scanTimestamp(text: string, start: number, end: number, iso: boolean): bigint | undefined {
  if (end - start < 17 || text.charCodeAt(start + 4) !== 0x2d) return undefined;
  const year = pair(text, start) * 100 + pair(text, start + 2);
  let pos = start + 5;
  // Fixed places read as digit pairs (no loop); a non-digit makes a value negative (NOT_DIGITS).
  const twoDigitMonth = iso || isDigit(text.charCodeAt(pos + 1));
  const month = twoDigitMonth ? pair(text, pos) : single(text, pos);
  pos += twoDigitMonth ? 2 : 1;
  if (text.charCodeAt(pos) !== 0x2d) return undefined;
  pos++;
  const twoDigitDay = iso || isDigit(text.charCodeAt(pos + 1));
  const day = twoDigitDay ? pair(text, pos) : single(text, pos);
  pos += twoDigitDay ? 2 : 1;
  if (text.charCodeAt(pos) !== (iso ? 0x54 /* T */ : 0x20)) return undefined;
  const hour = pair(text, pos + 1);
  if (text.charCodeAt(pos + 3) !== 0x3a) return undefined;
  const minute = pair(text, pos + 4);
  if (text.charCodeAt(pos + 6) !== 0x3a) return undefined;
  const second = pair(text, pos + 7);
  pos += 9;
  let nanos = 0;
  if (text.charCodeAt(pos) === 0x2e) {
    // One pass: up to 10 digits are read, and 10 fail (as 0 do).
    const fractionStart = ++pos;
    let fraction = 0;
    while (pos < end && pos - fractionStart < 10) {
      const code = text.charCodeAt(pos);
      if (!isDigit(code)) break;
      fraction = fraction * 10 + (code - 0x30);
      pos++;
    }
    const count = pos - fractionStart;
    if (count === 0 || count > 9) return undefined;
    nanos = fraction * FRACTION_SCALE[count]!;
  }
  if (iso) {
    if (text.charCodeAt(pos) !== 0x5a /* Z */) return undefined;
    pos++;
  }
  if (pos !== end || year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  if (!isValidDate(year, month, day) || !isValidTime(hour, minute, second)) return undefined;
  return timestampNanos(year, month, day, hour, minute, second, nanos);
}

/** The two digits at `at` as a number, or -1,000,000 when either is not a digit (so that a year made of two pairs stays negative). */
function pair(text: string, at: number): number {
  const tens = text.charCodeAt(at);
  const ones = text.charCodeAt(at + 1);
  return isDigit(tens) && isDigit(ones) ? (tens - 0x30) * 10 + (ones - 0x30) : NOT_DIGITS;
}

/** The digit at `at`, or -1,000,000. */
function single(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return isDigit(code) ? code - 0x30 : NOT_DIGITS;
}

const NOT_DIGITS = -1_000_000;


function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}
