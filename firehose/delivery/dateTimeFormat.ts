/**
 * The subset of Java's `DateTimeFormatter.ofPattern` that Firehose evaluates in `!{timestamp:…}` prefix
 * expressions (s3-prefixes.html: "Valid values for this namespace are strings that are valid Java
 * DateTimeFormatter strings"). Letters follow the pattern table of java.time.format.DateTimeFormatter
 * (Java 8 API docs, "Patterns for Formatting and Parsing"); text fields use the English (ROOT/US) names.
 * A pattern is compiled once (errors name the letter and the fix) and formats an instant in a time zone.
 */

import { FirehoseKitError } from '../../transforms/core/index.js';

/** A `!{timestamp:…}` pattern that Java's DateTimeFormatter (or firehose-kit's subset of it) refuses. */
export class DateTimePatternError extends FirehoseKitError {}

type Fields = {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number;
  readonly dayOfYear: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  readonly weekday: number; // 1 = Monday … 7 = Sunday (ISO, as java.time)
  readonly offsetMinutes: number;
  readonly zoneId: string;
};

type Part = { readonly literal: string } | { readonly format: (f: Fields) => string };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Java's letters that firehose-kit does not emulate (valid for Firehose, so named as a limit of ours). */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  G: 'era', Q: 'quarter-of-year', q: 'quarter-of-year', Y: 'week-based-year', w: 'week-of-week-based-year', W: 'week-of-month',
  e: 'localized day-of-week', c: 'localized day-of-week', F: 'aligned week-of-month', n: 'nano-of-second', N: 'nano-of-day',
  z: 'time-zone name', O: 'localized zone-offset', p: 'pad modifier', v: 'generic time-zone name', B: 'day period', g: 'modified Julian day',
};

function maxLetters(letter: string, count: number, max: number): void {
  if (count > max) throw new DateTimePatternError(`Too many pattern letters: ${letter} (at most ${max})`);
}

function numeric(letter: string, count: number, value: (f: Fields) => number, max = 2): Part {
  maxLetters(letter, count, max);
  return { format: (f) => pad(value(f), count) };
}

function yearPart(letter: string, count: number): Part {
  // 'yy' prints the two-digit reduced year; otherwise the full year, padded to the letter count (Java:
  // count 1 or 3 → NORMAL sign style, 4+ → padded to count).
  if (count === 2) return { format: (f) => pad(((f.year % 100) + 100) % 100, 2) };
  void letter;
  return { format: (f) => (f.year < 0 ? '-' : '') + pad(Math.abs(f.year), count === 1 || count === 3 ? 1 : count) };
}

function offsetText(minutes: number, withColon: boolean, withMinutes: 'always' | 'if-nonzero', zeroAsZ: boolean): string {
  if (minutes === 0 && zeroAsZ) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = pad(Math.floor(abs / 60), 2);
  const mm = pad(abs % 60, 2);
  if (withMinutes === 'if-nonzero' && abs % 60 === 0) return `${sign}${hh}`;
  return `${sign}${hh}${withColon ? ':' : ''}${mm}`;
}

function zonePart(letter: string, count: number): Part {
  if (letter === 'V') {
    if (count !== 2) throw new DateTimePatternError('Pattern letter count must be 2: V (write VV for the zone id)');
    return { format: (f) => f.zoneId };
  }
  if (letter === 'X' || letter === 'x') {
    maxLetters(letter, count, 5);
    const z = letter === 'X';
    if (count === 1) return { format: (f) => offsetText(f.offsetMinutes, false, 'if-nonzero', z) };
    return { format: (f) => offsetText(f.offsetMinutes, count % 2 === 1, 'always', z) };
  }
  // Z: 1-3 → +HHMM, 4 → GMT+HH:MM (localized), 5 → +HH:MM or Z.
  maxLetters(letter, count, 5);
  if (count <= 3) return { format: (f) => offsetText(f.offsetMinutes, false, 'always', false) };
  if (count === 4) return { format: (f) => (f.offsetMinutes === 0 ? 'GMT' : `GMT${offsetText(f.offsetMinutes, true, 'always', false)}`) };
  return { format: (f) => offsetText(f.offsetMinutes, true, 'always', true) };
}

function letterPart(letter: string, count: number): Part {
  switch (letter) {
    case 'y':
    case 'u':
      return yearPart(letter, count);
    case 'M':
    case 'L':
      maxLetters(letter, count, 5);
      if (count <= 2) return { format: (f) => pad(f.month, count) };
      if (count === 3) return { format: (f) => MONTHS[f.month - 1]!.slice(0, 3) };
      if (count === 4) return { format: (f) => MONTHS[f.month - 1]! };
      return { format: (f) => MONTHS[f.month - 1]!.slice(0, 1) };
    case 'd':
      return numeric(letter, count, (f) => f.day);
    case 'D':
      return numeric(letter, count, (f) => f.dayOfYear, 3);
    case 'H':
      return numeric(letter, count, (f) => f.hour);
    case 'k':
      return numeric(letter, count, (f) => (f.hour === 0 ? 24 : f.hour));
    case 'K':
      return numeric(letter, count, (f) => f.hour % 12);
    case 'h':
      return numeric(letter, count, (f) => (f.hour % 12 === 0 ? 12 : f.hour % 12));
    case 'm':
      return numeric(letter, count, (f) => f.minute);
    case 's':
      return numeric(letter, count, (f) => f.second);
    case 'S':
      maxLetters(letter, count, 9);
      // Fraction-of-second, truncated to `count` digits (java.time appendFraction).
      return { format: (f) => pad(f.millisecond, 3).padEnd(9, '0').slice(0, count) };
    case 'A':
      maxLetters(letter, count, 19);
      return { format: (f) => pad(((f.hour * 60 + f.minute) * 60 + f.second) * 1000 + f.millisecond, count) };
    case 'a':
      maxLetters(letter, count, 1);
      return { format: (f) => (f.hour < 12 ? 'AM' : 'PM') };
    case 'E':
      maxLetters(letter, count, 5);
      if (count <= 3) return { format: (f) => DAYS[f.weekday - 1]!.slice(0, 3) };
      if (count === 4) return { format: (f) => DAYS[f.weekday - 1]! };
      return { format: (f) => DAYS[f.weekday - 1]!.slice(0, 1) };
    case 'V':
    case 'X':
    case 'x':
    case 'Z':
      return zonePart(letter, count);
    default: {
      const name = UNSUPPORTED[letter];
      if (name !== undefined) throw new DateTimePatternError(`pattern letter '${letter}' (${name}) is valid in Java but firehose-kit does not emulate it; use y M d H m s S D E a X Z VV`);
      throw new DateTimePatternError(`Unknown pattern letter: ${letter}`);
    }
  }
}

export interface CompiledDateTimePattern {
  readonly pattern: string;
  format(epochMs: number, timeZone?: string): string;
}

/** Compiles a Java DateTimeFormatter pattern once; throws DateTimePatternError naming the problem. */
export function compileDateTimePattern(pattern: string): CompiledDateTimePattern {
  const parts: Part[] = [];
  let optionalDepth = 0;
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i]!;
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
      let j = i;
      while (j < pattern.length && pattern[j] === ch) j++;
      parts.push(letterPart(ch, j - i));
      i = j;
    } else if (ch === "'") {
      // 'text' is literal; '' is one quote, inside or outside a literal.
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= pattern.length) throw new DateTimePatternError(`Pattern ends with an incomplete string literal: ${pattern}`);
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j];
        j++;
      }
      parts.push({ literal: j === i + 1 ? "'" : text });
      i = j + 1;
    } else if (ch === '[') {
      // Optional sections print when their fields are available, which they always are for an instant.
      optionalDepth++;
      i++;
    } else if (ch === ']') {
      if (optionalDepth === 0) throw new DateTimePatternError('Pattern invalid as it contains ] without previous [');
      optionalDepth--;
      i++;
    } else if (ch === '#' || ch === '{' || ch === '}') {
      throw new DateTimePatternError(`Pattern includes reserved character: '${ch}'`);
    } else {
      parts.push({ literal: ch });
      i++;
    }
  }
  return {
    pattern,
    format(epochMs, timeZone = 'UTC') {
      const fields = fieldsAt(epochMs, timeZone);
      let out = '';
      for (const part of parts) out += 'literal' in part ? part.literal : part.format(fields);
      return out;
    },
  };
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** True when the time zone id is one this runtime knows (IANA ids, plus UTC). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function fieldsAt(epochMs: number, timeZone: string): Fields {
  let local = epochMs;
  if (timeZone !== 'UTC') {
    let formatter = zoneFormatters.get(timeZone);
    if (formatter === undefined) {
      formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short' });
      zoneFormatters.set(timeZone, formatter);
    }
    const p: Record<string, string> = {};
    for (const { type, value } of formatter.formatToParts(new Date(epochMs))) p[type] = value;
    let year = Number(p['year']);
    if (p['era'] === 'BC') year = 1 - year;
    const wall = Date.UTC(year, Number(p['month']) - 1, Number(p['day']), Number(p['hour']), Number(p['minute']), Number(p['second']));
    const wallDate = new Date(wall);
    wallDate.setUTCFullYear(year);
    local = wallDate.getTime() + (((epochMs % 1000) + 1000) % 1000);
  }
  const d = new Date(local);
  const year = d.getUTCFullYear();
  const dayOfYear = Math.floor((Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  return {
    year,
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    dayOfYear,
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    weekday: ((d.getUTCDay() + 6) % 7) + 1,
    offsetMinutes: Math.round((local - epochMs) / 60_000),
    zoneId: timeZone,
  };
}
