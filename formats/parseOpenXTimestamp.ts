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
import { fractionToNanos, isTimestampInRange, isValidDate, isValidTime, NANOS_PER_MILLI, NANOS_PER_SECOND, timestampNanos, daysFromCivil } from './civilTime.js';
import { decimalToInteger, parseDecimalText, secondsToNanos } from './decimalText.js';

// Both patterns have fixed-width or single-quantifier parts only, so matching is linear.
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;
const SQL_TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
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
  const match = ISO_UTC.exec(text);
  return match === null ? undefined : fromParts(match);
}

/** `yyyy-[M]M-[d]d HH:mm:ss[.S…]` (java.sql.Timestamp.valueOf), read as UTC. */
export function parseSqlTimestamp(text: string): bigint | undefined {
  const match = SQL_TIMESTAMP.exec(text);
  return match === null ? undefined : fromParts(match);
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

function fromParts(match: RegExpExecArray): bigint | undefined {
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6]);
  if (!isValidDate(year, month, day) || !isValidTime(hour, minute, second)) return undefined;
  return timestampNanos(year, month, day, hour, minute, second, fractionToNanos(match[7] ?? ''));
}
