/**
 * Timestamp parsing of Firehose's Hive JSON SerDe, configured by `TimestampFormats`: JodaTime
 * DateTimeFormat patterns, or the special value `millis` (epoch milliseconds). Without formats (or
 * when none matches) the text goes to java.sql.Timestamp.valueOf (`yyyy-[M]M-[d]d HH:mm:ss[.S…]`), as
 * the Firehose API reference documents for HiveJsonSerDe.TimestampFormats.
 *
 * Supported pattern letters (Joda DateTimeFormat): y/Y/u year (3+ letters), M month (M, MM, MMM name,
 * MMMM full name), d day of month, H hour 0–23, h clock hour 1–12 with a AM/PM, m minute, s second,
 * S fraction of second (up to 9 digits kept), Z offset (Z: +0100 or Z; ZZ: +01:00 or Z), E day-of-week
 * name (read, not checked against the date), '…' quoted literal text ('' is a quote); any other
 * non-letter is literal. Other letters (two-digit years, day of year, week years, zone names, eras)
 * are rejected when the parser is compiled, so a format is never half understood.
 */
import { FormatOptionError } from '../glue/index.js';
import { fractionToNanos, isTimestampInRange, isValidDate, isValidTime, NANOS_PER_SECOND, timestampNanos } from './civilTime.js';
import { parseEpochMillisText, parseSqlTimestamp } from './parseOpenXTimestamp.js';

const UNIT = 'HiveJsonSerDe';

type FieldKind = 'year' | 'month' | 'monthName' | 'day' | 'hour' | 'clockHour' | 'minute' | 'second' | 'fraction' | 'ampm' | 'offset' | 'offsetColon' | 'dayName';

type Token = { readonly literal: string } | { readonly field: FieldKind; readonly count: number };

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Most digits a numeric field reads when the next token is not a number (Joda's maximum widths). */
const MAX_DIGITS: Partial<Record<FieldKind, number>> = { year: 9, month: 2, day: 2, hour: 2, clockHour: 2, minute: 2, second: 2, fraction: 9 };

/**
 * Compiles `TimestampFormats` into one parser returning bigint nanoseconds (UTC unless the pattern
 * reads an offset), or undefined when no format matches. Throws FormatOptionError for a pattern it
 * cannot honour.
 */
export function compileHiveTimestampParser(formats: readonly string[] | undefined): (text: string) => bigint | undefined {
  if (formats === undefined || formats.length === 0) return parseSqlTimestamp;
  const parsers = formats.map((format, index) => compileOne(format, index));
  return function parseHiveTimestamp(text: string): bigint | undefined {
    for (const parse of parsers) {
      const value = parse(text);
      if (value !== undefined) return value;
    }
    return parseSqlTimestamp(text);
  };
}

function compileOne(format: unknown, index: number): (text: string) => bigint | undefined {
  const option = `timestampFormats[${index}]`;
  if (typeof format !== 'string' || format.trim() === '') {
    throw new FormatOptionError(UNIT, option, `is ${typeof format === 'string' ? 'blank' : typeof format}`, "Give a Joda pattern such as \"yyyy-MM-dd'T'HH:mm:ssZZ\" or 'millis'.");
  }
  if (format === 'millis') return parseEpochMillisText;
  const tokens = tokenize(format, option);
  return (text) => parseWithTokens(tokens, text);
}

function tokenize(format: string, option: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < format.length) {
    const char = format[i]!;
    if (char === "'") {
      // Quoted literal; '' inside or alone is a single quote.
      if (format[i + 1] === "'") {
        tokens.push({ literal: "'" });
        i += 2;
        continue;
      }
      let literal = '';
      i++;
      for (;;) {
        if (i >= format.length) throw new FormatOptionError(UNIT, option, 'has an unterminated quoted literal', "Close the literal with a quote, as in yyyy-MM-dd'T'HH:mm:ss.");
        if (format[i] === "'") {
          if (format[i + 1] === "'") {
            literal += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        literal += format[i];
        i++;
      }
      tokens.push({ literal });
      continue;
    }
    if (!/[A-Za-z]/.test(char)) {
      tokens.push({ literal: char });
      i++;
      continue;
    }
    let count = 1;
    while (format[i + count] === char) count++;
    tokens.push({ field: fieldFor(char, count, option), count });
    i += count;
  }
  return tokens;
}

function fieldFor(letter: string, count: number, option: string): FieldKind {
  const unsupported = (why: string): never => {
    throw new FormatOptionError(UNIT, option, `uses '${letter.repeat(count)}', which firehose-kit does not support (${why})`, 'Use yyyy, MM, dd, HH, hh with a, mm, ss, S…, Z/ZZ, E and quoted literals, or the value millis.');
  };
  switch (letter) {
    case 'y':
    case 'Y':
    case 'u':
      return count === 2 ? unsupported('two-digit years depend on the current date') : 'year';
    case 'M':
      return count >= 3 ? 'monthName' : 'month';
    case 'd':
      return 'day';
    case 'H':
      return 'hour';
    case 'h':
      return 'clockHour';
    case 'm':
      return 'minute';
    case 's':
      return 'second';
    case 'S':
      return 'fraction';
    case 'a':
      return 'ampm';
    case 'Z':
      return count === 1 ? 'offset' : count === 2 ? 'offsetColon' : unsupported('time-zone ids need a zone database');
    case 'E':
      return 'dayName';
    case 'z':
      return unsupported('time-zone names are ambiguous');
    case 'D':
      return unsupported('day of year');
    case 'k':
    case 'K':
      return unsupported('24-based or 0-based clock hours');
    default:
      return unsupported('unknown or unsupported pattern letter');
  }
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  pm: boolean | undefined;
  clockHour: number | undefined;
  offsetMinutes: number;
}

function parseWithTokens(tokens: readonly Token[], text: string): bigint | undefined {
  const parts: Parts = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, nanos: 0, pm: undefined, clockHour: undefined, offsetMinutes: 0 };
  let pos = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if ('literal' in token) {
      if (!text.startsWith(token.literal, pos)) return undefined;
      pos += token.literal.length;
      continue;
    }
    const next = tokens[t + 1];
    // Joda reads adjacent numeric fields (yyyyMMdd) with fixed widths; otherwise up to the field's maximum.
    const adjacentNumber = next !== undefined && 'field' in next && MAX_DIGITS[next.field] !== undefined;
    const maxDigits = MAX_DIGITS[token.field];
    if (maxDigits !== undefined) {
      const width = adjacentNumber ? token.count : Math.max(maxDigits, token.count);
      let end = pos;
      while (end < text.length && end - pos < width && isDigit(text.charCodeAt(end))) end++;
      if (end === pos || (adjacentNumber && end - pos !== token.count)) return undefined;
      const digits = text.slice(pos, end);
      pos = end;
      setNumber(parts, token.field, digits);
      continue;
    }
    const consumed = readWordField(parts, token.field, text, pos);
    if (consumed === undefined) return undefined;
    pos += consumed;
  }
  if (pos !== text.length) return undefined;
  if (parts.clockHour !== undefined) {
    if (parts.clockHour < 1 || parts.clockHour > 12) return undefined;
    parts.hour = (parts.clockHour % 12) + (parts.pm === true ? 12 : 0);
  } else if (parts.pm !== undefined && parts.hour < 12) {
    parts.hour += parts.pm ? 12 : 0;
  }
  if (!isValidDate(parts.year, parts.month, parts.day) || !isValidTime(parts.hour, parts.minute, parts.second)) return undefined;
  const nanos = timestampNanos(parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second, parts.nanos) - BigInt(parts.offsetMinutes * 60) * NANOS_PER_SECOND;
  return isTimestampInRange(nanos) ? nanos : undefined;
}

function setNumber(parts: Parts, field: FieldKind, digits: string): void {
  const value = Number(digits);
  switch (field) {
    case 'year':
      parts.year = value;
      break;
    case 'month':
      parts.month = value;
      break;
    case 'day':
      parts.day = value;
      break;
    case 'hour':
      parts.hour = value;
      break;
    case 'clockHour':
      parts.clockHour = value;
      break;
    case 'minute':
      parts.minute = value;
      break;
    case 'second':
      parts.second = value;
      break;
    case 'fraction':
      parts.nanos = fractionToNanos(digits);
      break;
    default:
      break;
  }
}

/** Reads a non-numeric field at `pos`; returns the characters consumed, or undefined. */
function readWordField(parts: Parts, field: FieldKind, text: string, pos: number): number | undefined {
  switch (field) {
    case 'monthName': {
      const found = matchName(MONTHS, text, pos);
      if (found === undefined) return undefined;
      parts.month = found.index + 1;
      return found.length;
    }
    case 'dayName':
      return matchName(DAYS, text, pos)?.length;
    case 'ampm': {
      const word = text.slice(pos, pos + 2).toUpperCase();
      if (word !== 'AM' && word !== 'PM') return undefined;
      parts.pm = word === 'PM';
      return 2;
    }
    case 'offset':
    case 'offsetColon': {
      if (text[pos] === 'Z') {
        parts.offsetMinutes = 0;
        return 1;
      }
      const pattern = field === 'offset' ? /^([+-])(\d{2})(\d{2})/ : /^([+-])(\d{2}):(\d{2})/;
      const match = pattern.exec(text.slice(pos, pos + 6));
      if (match === null) return undefined;
      const hours = Number(match[2]);
      const minutes = Number(match[3]);
      if (hours > 23 || minutes > 59) return undefined;
      parts.offsetMinutes = (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
      return match[0].length;
    }
    default:
      return undefined;
  }
}

/** Matches a full English name or its three-letter abbreviation, case-insensitively. */
function matchName(names: readonly string[], text: string, pos: number): { index: number; length: number } | undefined {
  const rest = text.slice(pos, pos + 9).toLowerCase();
  for (const [index, name] of names.entries()) {
    if (rest.startsWith(name)) return { index, length: name.length };
  }
  for (const [index, name] of names.entries()) {
    if (rest.startsWith(name.slice(0, 3))) return { index, length: 3 };
  }
  return undefined;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}
