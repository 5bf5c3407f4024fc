/**
 * Calendar arithmetic for dates and timestamps in the proleptic Gregorian calendar (the calendar of
 * Hive 3, Spark 3, Athena and Parquet readers), in UTC. Timestamps are bigint nanoseconds since
 * 1970-01-01T00:00:00Z, dates are days since 1970-01-01, as formats/glue/types.ts documents.
 */

export const NANOS_PER_SECOND = 1_000_000_000n;
export const NANOS_PER_MILLI = 1_000_000n;
const NANOS_PER_MICRO = 1000n;
/** Seconds below which seconds * 10^6 + micros is an exact double (2^53 / 10^6, rounded down). */
const MAX_EXACT_MICRO_SECONDS = 9_007_199_253;
export const SECONDS_PER_DAY = 86_400;

/** Hive's range for dates and timestamps: years 0001 to 9999. */
export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

/** Days from 1970-01-01 to the given date (month 1–12), proleptic Gregorian; works for any year. */
export function daysFromCivil(year: number, month: number, day: number): number {
  // Counts in 400-year eras starting on March 1st, so that the leap day is the last day of a year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when year/month/day name a real day within Hive's range. */
export function isValidDate(year: number, month: number, day: number): boolean {
  return year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** True when the wall-clock time is valid (no leap seconds, as in Hive). */
export function isValidTime(hour: number, minute: number, second: number): boolean {
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

/** First and last instants Hive can store: 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z. */
export const MIN_TIMESTAMP_NANOS = BigInt(daysFromCivil(MIN_YEAR, 1, 1)) * BigInt(SECONDS_PER_DAY) * NANOS_PER_SECOND;
export const MAX_TIMESTAMP_NANOS = BigInt(daysFromCivil(MAX_YEAR + 1, 1, 1)) * BigInt(SECONDS_PER_DAY) * NANOS_PER_SECOND - 1n;

/** Nanoseconds since the epoch for a UTC wall-clock time; `nanos` is the fraction of the second. */
export function timestampNanos(year: number, month: number, day: number, hour: number, minute: number, second: number, nanos: number): bigint {
  const seconds = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
  // Fewer BigInt operations where the fraction allows (each allocates): whole seconds, whole
  // milliseconds (seconds * 1000 stays an exact double across Hive's years 1-9999), whole microseconds.
  if (nanos === 0) return BigInt(seconds) * NANOS_PER_SECOND;
  // Integer division by truncation (nanos is 0 to 999,999,999): `%` on a double would call fmod.
  const millis = (nanos / 1_000_000) | 0;
  if (millis * 1_000_000 === nanos) return BigInt(seconds * 1000 + millis) * NANOS_PER_MILLI;
  // Whole microseconds: seconds * 10^6 is exact until about the year 2255.
  const micros = (nanos / 1000) | 0;
  if (micros * 1000 === nanos && seconds < MAX_EXACT_MICRO_SECONDS && seconds > -MAX_EXACT_MICRO_SECONDS) return BigInt(seconds * 1_000_000 + micros) * NANOS_PER_MICRO;
  return BigInt(seconds) * NANOS_PER_SECOND + BigInt(nanos);
}

export function isTimestampInRange(nanos: bigint): boolean {
  return nanos >= MIN_TIMESTAMP_NANOS && nanos <= MAX_TIMESTAMP_NANOS;
}

/** A fraction's digits ('39256' of '.39256') as nanoseconds; up to 9 digits. */
export function fractionToNanos(digits: string): number {
  return digits === '' ? 0 : Number(digits.padEnd(9, '0').slice(0, 9));
}
