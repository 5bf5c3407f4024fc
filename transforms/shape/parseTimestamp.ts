/**
 * Timestamp parsing and formatting for normalizeRecord. Accepted inputs:
 * - epoch numbers (or numeric strings) in seconds, milliseconds, microseconds or nanoseconds; with
 *   `auto` the unit follows the magnitude: |v| < 1e11 seconds, < 1e14 milliseconds, < 1e17
 *   microseconds, else nanoseconds (so instants between 1970-01-01 and 1973-03-03 given in
 *   milliseconds read as seconds: name the unit when such values occur);
 * - ISO 8601 / RFC 3339 (`2000-10-10T13:55:36.123-07:00`, `Z`, `+0530`, `+05`, date only, the basic
 *   form `20001010T135536Z`), and `yyyy-MM-dd HH:mm:ss[.S…]`;
 * - RFC 2822 (`Tue, 10 Oct 2000 13:55:36 -0700`, zone names UT, GMT, Z, EST…PDT; obsolete 2-digit years);
 * - Apache `%t` (`10/Oct/2000:13:55:36 -0700`, brackets optional).
 * A text without a zone is read as UTC. Fractions beyond milliseconds are truncated. Leap second 60
 * rolls over into the next minute. Only instants in years 0001-9999 are accepted.
 * Every pattern is anchored with bounded repetition and runs on texts of at most 64 characters.
 */

export type TimestampFormat = 'iso8601' | 'epochMillis' | 'hiveTimestamp';
export type EpochUnit = 'auto' | 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds';

const MIN_MS = -62_135_596_800_000; // 0001-01-01T00:00:00.000Z
const MAX_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
const MAX_TEXT = 64;

const MONTHS: Readonly<Record<string, number>> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
/** RFC 2822 section 4.3 zone names, as minutes east of UTC. */
const ZONES: Readonly<Record<string, number>> = { ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420 };

// RFC 3339 section 5.6 (ISO 8601 extended form), with a space allowed for T and the zone optional.
const ISO_EXTENDED = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? ?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
// ISO 8601 basic form: 20001010T135536Z
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(\d{2})(?:[.,](\d{1,9}))?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
// RFC 2822 section 3.3 date-time (folding whitespace reduced to spaces/tabs).
const RFC_2822 = /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), ?)?(\d{1,2})[ \t]{1,4}([A-Za-z]{3})[ \t]{1,4}(\d{2}|\d{4})[ \t]{1,4}(\d{2}):(\d{2})(?::(\d{2}))?(?:[ \t]{1,4}([+-]\d{4}|[A-Za-z]{1,3}))?$/i;
// Apache httpd %t: [day/month/year:hour:minute:second zone]
const APACHE = /^\[?(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:[ \t]([+-]\d{4}))?\]?$/;
const NUMERIC = /^-?\d{1,21}(?:\.\d{1,9})?$/;

/** Days from 1970-01-01 to year-month-day of the proleptic Gregorian calendar (any year). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Minutes east of UTC for `+hh:mm`, `+hhmm`, `+hh`, `Z`, or a zone name; undefined when invalid. */
function offsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined) return 0;
  const named = ZONES[zone.toLowerCase()];
  if (named !== undefined) return named;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (match === null) return undefined;
  const hours = Number(match[2]);
  const minutes = match[3] === undefined ? 0 : Number(match[3]);
  if (hours > 23 || minutes > 59) return undefined;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function fromParts(year: number, month: number, day: number, hour: number, minute: number, second: number, fraction: string | undefined, zone: string | undefined): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const offset = offsetMinutes(zone);
  if (offset === undefined) return undefined;
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const ms = ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offset) * 60_000 + second * 1000 + millis;
  return ms >= MIN_MS && ms <= MAX_MS ? ms : undefined;
}

/** Epoch milliseconds of a number in `unit` (integer milliseconds, sub-millisecond parts truncated). */
export function epochToMillis(value: number, unit: EpochUnit): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  const magnitude = Math.abs(value);
  const chosen = unit !== 'auto' ? unit : magnitude < 1e11 ? 'seconds' : magnitude < 1e14 ? 'milliseconds' : magnitude < 1e17 ? 'microseconds' : 'nanoseconds';
  let ms: number;
  switch (chosen) {
    case 'seconds':
      ms = Math.round(value * 1000);
      break;
    case 'milliseconds':
      ms = Math.floor(value);
      break;
    case 'microseconds':
      ms = Math.floor(value / 1000);
      break;
    case 'nanoseconds':
      ms = Math.floor(value / 1_000_000);
      break;
  }
  return ms >= MIN_MS && ms <= MAX_MS ? ms : undefined;
}

/** Epoch milliseconds of a timestamp value, or undefined when it is not one of the accepted forms. */
export function parseTimestamp(value: string | number, unit: EpochUnit = 'auto'): number | undefined {
  if (typeof value === 'number') return epochToMillis(value, unit);
  const text = value.trim();
  if (text.length === 0 || text.length > MAX_TEXT) return undefined;
  if (NUMERIC.test(text)) return epochToMillis(Number(text), unit);
  let match = ISO_EXTENDED.exec(text) ?? ISO_BASIC.exec(text);
  if (match !== null) {
    const [, y, mo, d, h, mi, s, fraction, zone] = match;
    return fromParts(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), fraction, zone);
  }
  match = RFC_2822.exec(text);
  if (match !== null) {
    const [, d, monthName, y, h, mi, s, zone] = match;
    const month = MONTHS[monthName!.toLowerCase()];
    if (month === undefined) return undefined;
    let year = Number(y);
    // RFC 2822 section 4.3: two-digit years below 50 are 20xx, others 19xx.
    if (y!.length === 2) year += year < 50 ? 2000 : 1900;
    return fromParts(year, month, Number(d), Number(h), Number(mi), Number(s ?? 0), undefined, zone);
  }
  match = APACHE.exec(text);
  if (match !== null) {
    const [, d, monthName, y, h, mi, s, zone] = match;
    const month = MONTHS[monthName!.toLowerCase()];
    if (month === undefined) return undefined;
    return fromParts(Number(y), month, Number(d), Number(h), Number(mi), Number(s), undefined, zone);
  }
  return undefined;
}

/** Formats epoch milliseconds: ISO 8601 UTC with milliseconds, epoch milliseconds, or `yyyy-MM-dd HH:mm:ss.SSS` (UTC). */
export function formatTimestamp(ms: number, format: TimestampFormat): string | number {
  if (format === 'epochMillis') return ms;
  const iso = new Date(ms).toISOString();
  return format === 'iso8601' ? iso : `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CANONICAL_HIVE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

/**
 * Whether `text`, already known to parse, is spelled exactly as `formatTimestamp` would write it (no
 * leap second: 60 rolls over, so its formatted form differs).
 */
export function isCanonical(text: string, format: TimestampFormat): boolean {
  if (format === 'epochMillis' || text.charCodeAt(17) === 54 /* 6 */) return false;
  return format === 'iso8601' ? CANONICAL_ISO.test(text) : CANONICAL_HIVE.test(text);
}
