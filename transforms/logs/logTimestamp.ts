/**
 * Date and time helpers shared by the log parsers (parseApacheLog, parseSyslog): month names, calendar
 * checks, UTC offsets and ISO-8601 output. Everything works on integers read from the line; no
 * `Date.parse` of record text, whose accepted formats differ between engines.
 */

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;

/** 1–12 for an English three-letter month abbreviation at `start` (any case), 0 when there is none. */
export function monthAt(text: string, start: number): number {
  if (start + 3 > text.length) return 0;
  const a = text.charCodeAt(start) | 0x20;
  const b = text.charCodeAt(start + 1) | 0x20;
  const c = text.charCodeAt(start + 2) | 0x20;
  for (let index = 0; index < 12; index++) {
    const name = MONTH_NAMES[index]!;
    if (name.charCodeAt(0) === a && name.charCodeAt(1) === b && name.charCodeAt(2) === c) return index + 1;
  }
  return 0;
}

/**
 * `Mmm dd ` at `start` as BSD syslog and Apache's error log write it: an English month, a space, the day
 * of the month padded with a space or not (`Mar  7`, `Mar 7`, `Mar 07`) and a space. Returns the month,
 * the day and the position after that space, or undefined.
 */
export function readMonthDay(text: string, start: number): { month: number; day: number; next: number } | undefined {
  const month = monthAt(text, start);
  if (month === 0 || text.charCodeAt(start + 3) !== 0x20) return undefined;
  let pos = start + 4;
  if (text.charCodeAt(pos) === 0x20) pos++;
  let day = digitsAt(text, pos, 2);
  if (day >= 0) pos += 2;
  else {
    day = digitsAt(text, pos, 1);
    pos += 1;
  }
  if (day < 1 || text.charCodeAt(pos) !== 0x20) return undefined;
  return { month, day, next: pos + 1 };
}

/** The value of `count` ASCII digits at `start`, or -1 when any of them is not a digit. */
export function digitsAt(text: string, start: number, count: number): number {
  if (start + count > text.length) return -1;
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Wall-clock fields of a timestamp as written in a log line. `second` may be 60 (a leap second). */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** True when the fields name a real calendar day and time (seconds up to 60 for leap seconds). */
export function isValidWallClock(t: WallClock): boolean {
  return (
    t.year >= 0 &&
    t.month >= 1 &&
    t.month <= 12 &&
    t.day >= 1 &&
    t.day <= daysInMonth(t.year, t.month) &&
    t.hour <= 23 &&
    t.minute <= 59 &&
    t.second <= 60
  );
}

/** Epoch milliseconds of the wall clock read as UTC. A leap second :60 becomes :00 of the next minute. */
export function wallClockAsUtcMs(t: WallClock): number {
  const ms = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  // Date.UTC maps years 0–99 to 1900–1999; logs never mean that, so undo it.
  return t.year < 100 ? new Date(ms).setUTCFullYear(t.year) : ms;
}

/**
 * ISO-8601 in UTC with the fraction of a second kept as written (`fraction` holds digits only, up to
 * nine; none gives whole seconds): `2015-05-17T10:05:03Z`, `2003-08-24T12:14:15.000003Z`.
 */
export function formatIsoUtc(epochMs: number, fraction: string): string {
  const whole = new Date(epochMs).toISOString().slice(0, 19);
  return fraction === '' ? `${whole}Z` : `${whole}.${fraction}Z`;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));

/**
 * ISO-8601 in UTC of a wall-clock time at an offset (minutes east of UTC), with `fraction` digits kept
 * as written. Arithmetic only (no Date object) because log parsers call it for every line; a leap
 * second or a year outside 1000–9999 takes the slower general path.
 */
export function isoUtcFromWallClock(t: WallClock, offsetMinutes: number, fraction: string): string {
  if (t.second > 59 || t.year < 1000 || t.year > 9999) return formatIsoUtc(wallClockAsUtcMs(t) - offsetMinutes * 60_000, fraction);
  let { year, month, day } = t;
  let minutes = t.hour * 60 + t.minute - offsetMinutes;
  if (minutes < 0) {
    minutes += 1440;
    day--;
    if (day === 0) {
      month--;
      if (month === 0) {
        month = 12;
        year--;
      }
      day = daysInMonth(year, month);
    }
  } else if (minutes >= 1440) {
    minutes -= 1440;
    day++;
    if (day > daysInMonth(year, month)) {
      day = 1;
      month++;
      if (month === 13) {
        month = 1;
        year++;
      }
    }
  }
  if (year < 1000 || year > 9999) return formatIsoUtc(wallClockAsUtcMs(t) - offsetMinutes * 60_000, fraction);
  const hour = (minutes / 60) | 0;
  const text = `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hour]}:${TWO_DIGITS[minutes - hour * 60]}:${TWO_DIGITS[t.second]}`;
  return fraction === '' ? `${text}Z` : `${text}.${fraction}Z`;
}

/** An offset in minutes east of UTC as `+HH:MM` / `-HH:MM`. */
export function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hours = Math.floor(abs / 60);
  return `${sign}${TWO_DIGITS[hours] ?? String(hours)}:${TWO_DIGITS[abs % 60]}`;
}

/** Gives the UTC offset, in minutes east, that a time zone has at a wall-clock time. */
export type ZoneOffsetAt = (wallAsUtcMs: number) => number;

/**
 * Compiles a time-zone option: `'UTC'`, a fixed offset `'+05:30'` / `'-0800'`, or an IANA name such as
 * `'Europe/Paris'` (through Intl, so daylight-saving time is applied). Returns undefined when the text
 * is none of these.
 */
export function compileTimeZone(timeZone: string): ZoneOffsetAt | undefined {
  if (timeZone === 'UTC' || timeZone === 'Z') return () => 0;
  const fixed = /^([+-])(\d{2}):?(\d{2})$/.exec(timeZone);
  if (fixed !== null) {
    const hours = Number(fixed[2]);
    const minutes = Number(fixed[3]);
    if (hours > 23 || minutes > 59) return undefined;
    const offset = (fixed[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
    return () => offset;
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return undefined;
  }
  const offsetAtInstant = (instantMs: number): number => {
    const fields: Record<string, number> = {};
    for (const part of format.formatToParts(instantMs)) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour!, fields.minute!, fields.second!);
    return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60_000);
  };
  // A wall time maps to the instant `wall - offset`; the offset depends on that instant, so refine once
  // (enough for every real zone: offsets change at most once in any few hours).
  return (wallAsUtcMs: number) => {
    const first = offsetAtInstant(wallAsUtcMs);
    const second = offsetAtInstant(wallAsUtcMs - first * 60_000);
    return second;
  };
}
