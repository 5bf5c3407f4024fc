/**
 * Readers for the two syslog line formats, for parseSyslog. RFC 5424 (§6, "Syslog Message Format") is
 * read strictly, field by field, as its ABNF says; RFC 3164 (§4.1, "BSD syslog") describes practice
 * rather than a grammar, so it is read as senders really write it. Both read the line once from left to
 * right with `indexOf` and character tests: time linear in the line length.
 */
import { daysInMonth, digitsAt, formatUtcOffset, readMonthDay, isoUtcFromWallClock, isValidWallClock, monthAt, wallClockAsUtcMs } from './logTimestamp.js';
import type { WallClock, ZoneOffsetAt } from './logTimestamp.js';
import type { JsonObject, JsonValue } from '../core/index.js';

/** RFC 5424 §6.2.1 table 1, with the names of syslog.h. */
export const FACILITY_NAMES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp',
  'security', 'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
] as const;
/** RFC 5424 §6.2.1 table 2, with the names of syslog.h. */
export const SEVERITY_NAMES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

/** One parsed line, before it becomes the output object. */
export interface SyslogFields {
  format: 'rfc5424' | 'rfc3164';
  priority: number | null;
  version: number | null;
  timestamp: string | null;
  utcOffset: string | null;
  hostname: string | null;
  appName: string | null;
  procId: string | null;
  msgId: string | null;
  structuredData: JsonObject | null;
  message: string | null;
}

/** Why a line did not parse. Never contains the line's text. */
export interface SyslogFailure {
  readonly failed: true;
  /** 1-based column. */
  readonly column: number;
  readonly message: string;
}

export function syslogFailure(column: number, message: string): SyslogFailure {
  return { failed: true, column: column + 1, message };
}

const SPACE = 0x20;

/** Reads `<PRI>` at the start: the priority and the position after it; -1 priority when absent, -2 when malformed. */
export function readPriority(line: string): { priority: number; next: number } {
  if (line.charCodeAt(0) !== 0x3c /* < */) return { priority: -1, next: 0 };
  const close = line.indexOf('>', 1);
  if (close < 2 || close > 4) return { priority: -2, next: 0 };
  const digits = close - 1;
  const value = digitsAt(line, 1, digits);
  // RFC 5424 §6.2.1: PRIVAL is 0–191, without leading zeros.
  if (value < 0 || value > 191 || (digits > 1 && line.charCodeAt(1) === 0x30)) return { priority: -2, next: 0 };
  return { priority: value, next: close + 1 };
}

/** True when the text at `start` is an RFC 5424 VERSION (1–999, no leading zero) followed by a space. */
export function looksLikeRfc5424(line: string, start: number): boolean {
  const first = line.charCodeAt(start);
  if (first < 0x31 || first > 0x39) return false;
  for (let index = start + 1; index < start + 4; index++) {
    const code = line.charCodeAt(index);
    if (code === SPACE) return true;
    if (code < 0x30 || code > 0x39) return false;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// RFC 5424

/** Reads an RFC 5424 line from `start` (just after PRI, or 0 when the line has none). */
export function readRfc5424(line: string, start: number, priority: number | null, lenient: boolean): SyslogFields | SyslogFailure {
  let pos = start;
  const versionEnd = line.indexOf(' ', pos);
  const version = Number(line.slice(pos, versionEnd));
  pos = versionEnd + 1;

  let timestamp: string | null = null;
  let utcOffset: string | null = null;
  if (line.charCodeAt(pos) === 0x2d /* - */ && line.charCodeAt(pos + 1) === SPACE) {
    pos += 2;
  } else {
    const stamp = readRfc3339(line, pos, true);
    if ('failed' in stamp) return stamp;
    timestamp = stamp.iso;
    utcOffset = stamp.offset;
    pos = stamp.next;
    if (line.charCodeAt(pos) !== SPACE) return syslogFailure(pos, 'expected a space after the RFC 5424 TIMESTAMP');
    pos++;
  }

  const header: (string | null)[] = [];
  for (const [name, max] of HEADER_FIELDS) {
    const end = line.indexOf(' ', pos);
    if (end === -1) return syslogFailure(line.length, `the line ends before the RFC 5424 ${name} field`);
    const length = end - pos;
    if (length === 0) return syslogFailure(pos, `expected the RFC 5424 ${name} (1 to ${max} printable US-ASCII characters) or '-', found a space`);
    if (length > max) return syslogFailure(pos, `the RFC 5424 ${name} is ${length} characters long; at most ${max} are allowed`);
    for (let index = pos; index < end; index++) {
      const code = line.charCodeAt(index);
      if (code < 33 || code > 126) return syslogFailure(index, `the RFC 5424 ${name} may hold printable US-ASCII characters only (found code ${code})`);
    }
    header.push(length === 1 && line.charCodeAt(pos) === 0x2d ? null : line.slice(pos, end));
    pos = end + 1;
  }

  let structuredData: JsonObject | null = null;
  if (line.charCodeAt(pos) === 0x2d) {
    pos++;
  } else if (line.charCodeAt(pos) === 0x5b /* [ */) {
    const sd = lenient ? readStructuredDataLeniently(line, pos) : readStructuredData(line, pos);
    if ('failed' in sd) return sd;
    structuredData = sd.value;
    pos = sd.next;
  } else if (lenient) {
    // Senders that leave STRUCTURED-DATA out write the message right after MSGID (and a space or two).
    while (line.charCodeAt(pos) === SPACE) pos++;
    return { format: 'rfc5424', priority, version, timestamp, utcOffset, hostname: header[0]!, appName: header[1]!, procId: header[2]!, msgId: header[3]!, structuredData: null, message: pos < line.length ? line.slice(pos) : null };
  } else {
    return syslogFailure(pos, "expected STRUCTURED-DATA: '-' or elements such as [id key=\"value\"]");
  }

  let message: string | null = null;
  if (pos < line.length) {
    if (line.charCodeAt(pos) !== SPACE) return syslogFailure(pos, 'expected a space between STRUCTURED-DATA and MSG');
    message = line.slice(pos + 1);
    // RFC 5424 §6.4: a BOM marks MSG as UTF-8; it is an encoding mark, not part of the message.
    if (message.charCodeAt(0) === 0xfeff) message = message.slice(1);
  }
  return {
    format: 'rfc5424',
    priority,
    version,
    timestamp,
    utcOffset,
    hostname: header[0]!,
    appName: header[1]!,
    procId: header[2]!,
    msgId: header[3]!,
    structuredData,
    message,
  };
}

/** RFC 5424 §6: HOSTNAME, APP-NAME, PROCID, MSGID and their maximum lengths. */
const HEADER_FIELDS = [
  ['HOSTNAME', 255],
  ['APP-NAME', 48],
  ['PROCID', 128],
  ['MSGID', 32],
] as const;

/** Maximum SD-ID and PARAM-NAME length (RFC 5424 §6.3.2, SD-NAME = 1*32PRINTUSASCII). */
const SD_NAME_MAX = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * RFC 5424 §6.3: one or more `[SD-ID *(SP PARAM-NAME="PARAM-VALUE")]`, where PARAM-VALUE escapes `"`, `\`
 * and `]` with a backslash. Becomes `{ "SD-ID": { "PARAM-NAME": "value" } }`; a parameter name that
 * repeats within an element (RFC 5424 allows it) gives an array of its values. Keys are written with
 * Object.fromEntries, so a hostile `__proto__` is an ordinary key, never a prototype.
 */
function readStructuredData(line: string, start: number): { value: JsonObject; next: number } | SyslogFailure {
  const elements = new Map<string, JsonObject>();
  let pos = start;
  while (line.charCodeAt(pos) === 0x5b) {
    pos++;
    const idEnd = scanSdName(line, pos);
    if (idEnd === pos) return syslogFailure(pos, 'expected an SD-ID (1 to 32 printable characters except =, space, ] and ")');
    if (idEnd - pos > SD_NAME_MAX) return syslogFailure(pos, `the SD-ID is ${idEnd - pos} characters long; at most ${SD_NAME_MAX} are allowed`);
    const id = line.slice(pos, idEnd);
    if (FORBIDDEN_KEYS.has(id)) return syslogFailure(pos, `the SD-ID '${id}' could pollute prototypes when the record is merged later; such elements are refused`);
    if (elements.has(id)) return syslogFailure(pos, 'the SD-ID repeats an earlier element of the same message (RFC 5424 §6.3.2)');
    pos = idEnd;
    const params = new Map<string, string | string[]>();
    while (line.charCodeAt(pos) === SPACE) {
      pos++;
      const nameEnd = scanSdName(line, pos);
      if (nameEnd === pos || nameEnd - pos > SD_NAME_MAX) return syslogFailure(pos, 'expected a PARAM-NAME of 1 to 32 printable characters except =, space, ] and "');
      const name = line.slice(pos, nameEnd);
      if (FORBIDDEN_KEYS.has(name)) return syslogFailure(pos, `the PARAM-NAME '${name}' could pollute prototypes when the record is merged later; such parameters are refused`);
      pos = nameEnd;
      if (line.charCodeAt(pos) !== 0x3d /* = */ || line.charCodeAt(pos + 1) !== 0x22 /* " */) {
        return syslogFailure(pos, 'expected ="value" after the PARAM-NAME');
      }
      pos += 2;
      const value = readParamValue(line, pos);
      if ('failed' in value) return value;
      pos = value.next;
      const earlier = params.get(name);
      params.set(name, earlier === undefined ? value.text : Array.isArray(earlier) ? [...earlier, value.text] : [earlier, value.text]);
    }
    if (line.charCodeAt(pos) !== 0x5d /* ] */) return syslogFailure(pos, "expected a space and a parameter, or ']' closing the element");
    pos++;
    elements.set(id, Object.fromEntries(params) as JsonObject);
  }
  return { value: Object.fromEntries(elements) as JsonObject, next: pos };
}

/**
 * Structured data as senders write it: spaces around `=`, values without quotes (up to a space or `]`).
 * An element with an SD-ID whose parameters still do not parse (`[incorrect x]`) is left out, as
 * syslog-loose does; the elements that parse are kept, the first of a repeated SD-ID wins.
 */
function readStructuredDataLeniently(line: string, start: number): { value: JsonObject | null; next: number } | SyslogFailure {
  const elements = new Map<string, JsonObject>();
  let pos = start;
  while (line.charCodeAt(pos) === 0x5b) {
    const element = readLenientElement(line, pos + 1);
    if (element === undefined) {
      // Skip an element that names itself but whose parameters do not parse (`[incorrect x]`), up to its
      // `]`; one without an SD-ID, or with quotes (an unescaped `]` in a value), fails the line.
      const idEnd = scanSdName(line, pos + 1);
      const close = line.indexOf(']', pos + 1);
      if (idEnd === pos + 1 || idEnd - pos - 1 > SD_NAME_MAX || close === -1 || line.slice(pos + 1, close).includes('"')) {
        return syslogFailure(pos, 'the STRUCTURED-DATA element is neither RFC 5424 nor readable as [id name=value]');
      }
      pos = close + 1;
      continue;
    }
    if (!elements.has(element.id)) elements.set(element.id, element.params);
    pos = element.next;
  }
  return { value: elements.size === 0 ? null : (Object.fromEntries(elements) as JsonObject), next: pos };
}

function readLenientElement(line: string, start: number): { id: string; params: JsonObject; next: number } | undefined {
  let pos = start;
  const idEnd = scanSdName(line, pos);
  if (idEnd === pos || idEnd - pos > SD_NAME_MAX) return undefined;
  const id = line.slice(pos, idEnd);
  if (FORBIDDEN_KEYS.has(id)) return undefined;
  pos = idEnd;
  const params = new Map<string, string | string[]>();
  for (;;) {
    while (line.charCodeAt(pos) === SPACE) pos++;
    if (line.charCodeAt(pos) === 0x5d) break;
    const nameEnd = scanSdName(line, pos);
    if (nameEnd === pos || nameEnd - pos > SD_NAME_MAX) return undefined;
    const name = line.slice(pos, nameEnd);
    if (FORBIDDEN_KEYS.has(name)) return undefined;
    pos = nameEnd;
    while (line.charCodeAt(pos) === SPACE) pos++;
    if (line.charCodeAt(pos) !== 0x3d) return undefined;
    pos++;
    while (line.charCodeAt(pos) === SPACE) pos++;
    let text: string;
    if (line.charCodeAt(pos) === 0x22) {
      const value = readParamValue(line, pos + 1);
      if ('failed' in value) return undefined;
      text = value.text;
      pos = value.next;
    } else {
      const valueStart = pos;
      while (pos < line.length && line.charCodeAt(pos) !== SPACE && line.charCodeAt(pos) !== 0x5d && line.charCodeAt(pos) !== 0x22) pos++;
      if (pos === valueStart) return undefined;
      text = line.slice(valueStart, pos);
    }
    const earlier = params.get(name);
    params.set(name, earlier === undefined ? text : Array.isArray(earlier) ? [...earlier, text] : [earlier, text]);
  }
  return { id, params: Object.fromEntries(params) as JsonObject, next: pos + 1 };
}

/** End of an SD-NAME: PRINTUSASCII except '=', SP, ']', '"'. */
function scanSdName(line: string, start: number): number {
  let pos = start;
  while (pos < line.length) {
    const code = line.charCodeAt(pos);
    if (code < 33 || code > 126 || code === 0x3d || code === 0x5d || code === 0x22) return pos;
    pos++;
  }
  return pos;
}

/** A PARAM-VALUE after its opening quote; `\"`, `\\`, `\]` are unescaped, other backslashes kept (§6.3.3). */
function readParamValue(line: string, start: number): { text: string; next: number } | SyslogFailure {
  // First find the closing quote and the escapes without building anything, so that a value that never
  // closes costs no allocation; then join the unescaped pieces once (no string grown piece by piece).
  const escapes: number[] = [];
  let pos = start;
  for (;;) {
    const code = line.charCodeAt(pos);
    if (Number.isNaN(code)) return syslogFailure(start, 'found no closing quote for the PARAM-VALUE');
    if (code === 0x5c /* \ */) {
      const next = line.charCodeAt(pos + 1);
      if (next === 0x22 || next === 0x5c || next === 0x5d) {
        escapes.push(pos);
        pos += 2;
        continue;
      }
      pos++;
      continue;
    }
    if (code === 0x5d) return syslogFailure(pos, "a ']' inside a PARAM-VALUE must be escaped as \\]");
    if (code === 0x22) break;
    pos++;
  }
  if (escapes.length === 0) return { text: line.slice(start, pos), next: pos + 1 };
  const pieces: string[] = new Array(escapes.length + 1);
  let copied = start;
  escapes.forEach((escape, index) => {
    pieces[index] = line.slice(copied, escape);
    copied = escape + 1;
  });
  pieces[escapes.length] = line.slice(copied, pos);
  return { text: pieces.join(''), next: pos + 1 };
}

/**
 * RFC 3339 / RFC 5424 §6.2.3 timestamp: `2003-10-11T22:14:15.003Z`, `2003-08-24T05:14:15.000003-07:00`.
 * `strict` (RFC 5424) allows at most 6 fraction digits and requires upper-case T and Z.
 */
export function readRfc3339(line: string, start: number, strict: boolean): { iso: string; offset: string; next: number } | SyslogFailure {
  const year = digitsAt(line, start, 4);
  const month = digitsAt(line, start + 5, 2);
  const day = digitsAt(line, start + 8, 2);
  const hour = digitsAt(line, start + 11, 2);
  const minute = digitsAt(line, start + 14, 2);
  const second = digitsAt(line, start + 17, 2);
  const t = line.charCodeAt(start + 10);
  if (
    year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 ||
    line.charCodeAt(start + 4) !== 0x2d || line.charCodeAt(start + 7) !== 0x2d ||
    !(t === 0x54 || (!strict && t === 0x74)) ||
    line.charCodeAt(start + 13) !== 0x3a || line.charCodeAt(start + 16) !== 0x3a
  ) {
    return syslogFailure(start, strict ? 'expected a timestamp such as 2003-10-11T22:14:15.003Z or -' : 'expected a timestamp such as 2003-10-11T22:14:15Z or "Oct 11 22:14:15"');
  }
  const wall: WallClock = { year, month, day, hour, minute, second };
  if (!isValidWallClock(wall)) return syslogFailure(start, 'the timestamp names no real date or time of day');
  let pos = start + 19;
  let fraction = '';
  if (line.charCodeAt(pos) === 0x2e /* . */) {
    let end = pos + 1;
    while (end < line.length && line.charCodeAt(end) >= 0x30 && line.charCodeAt(end) <= 0x39) end++;
    const digits = end - pos - 1;
    if (digits === 0 || digits > (strict ? 6 : 9)) {
      return syslogFailure(pos, `the timestamp's fraction of a second must have 1 to ${strict ? 6 : 9} digits`);
    }
    fraction = line.slice(pos + 1, end);
    pos = end;
  }
  const zone = line.charCodeAt(pos);
  let offsetMinutes: number;
  if (zone === 0x5a || (!strict && zone === 0x7a)) {
    offsetMinutes = 0;
    pos++;
  } else if (zone === 0x2b || zone === 0x2d) {
    const offsetHours = digitsAt(line, pos + 1, 2);
    const offsetMins = digitsAt(line, pos + 4, 2);
    if (offsetHours < 0 || offsetHours > 23 || line.charCodeAt(pos + 3) !== 0x3a || offsetMins < 0 || offsetMins > 59) {
      return syslogFailure(pos, 'expected a UTC offset such as +02:00 (hours up to 23, minutes up to 59)');
    }
    offsetMinutes = (zone === 0x2d ? -1 : 1) * (offsetHours * 60 + offsetMins);
    pos += 6;
  } else {
    return syslogFailure(pos, "expected the timestamp's time zone: Z or an offset such as +02:00");
  }
  return { iso: isoUtcFromWallClock(wall, offsetMinutes, fraction), offset: formatUtcOffset(offsetMinutes), next: pos };
}

// ---------------------------------------------------------------------------------------------------
// RFC 3164

export interface Rfc3164Context {
  /** Offset of the zone that zone-less timestamps are in. */
  readonly zone: ZoneOffsetAt;
  /** Epoch milliseconds the record arrived at; gives the year that BSD timestamps leave out. */
  readonly arrivalMs: number;
  /** Also read what senders write beyond RFC 3164 (see ParseSyslogOptions.strict). */
  readonly lenient: boolean;
}

/**
 * Reads a BSD syslog line from `start`: TIMESTAMP, then HOSTNAME and TAG when present, then the message.
 * Timestamps: `Mmm dd hh:mm:ss` (day padded with a space or not, optional fraction), `Mmm dd yyyy
 * hh:mm:ss`, or RFC 3339 (rsyslog's high-precision format). The TAG is a word ending in `:`, or
 * `app[pid]` with or without the colon; a line whose second word is no tag has no app name.
 */
export function readRfc3164(line: string, start: number, priority: number | null, context: Rfc3164Context): SyslogFields | SyslogFailure {
  let pos = start;
  let timestamp: string;
  let utcOffset: string;
  const first = line.charCodeAt(pos);
  if (first >= 0x30 && first <= 0x39) {
    const stamp = readRfc3339(line, pos, false);
    if ('failed' in stamp) return stamp;
    timestamp = stamp.iso;
    utcOffset = stamp.offset;
    pos = stamp.next;
  } else {
    const stamp = readBsdTimestamp(line, pos, context);
    if ('failed' in stamp) return stamp;
    timestamp = stamp.iso;
    utcOffset = stamp.offset;
    pos = stamp.next;
  }
  const fields: SyslogFields = {
    format: 'rfc3164',
    priority,
    version: null,
    timestamp,
    utcOffset,
    hostname: null,
    appName: null,
    procId: null,
    msgId: null,
    structuredData: null,
    message: null,
  };
  // Cisco and others write a colon right after the time (`Mar  7 19:06:53: host …`).
  if (context.lenient && line.charCodeAt(pos) === 0x3a && (pos + 1 === line.length || line.charCodeAt(pos + 1) === SPACE)) pos++;
  if (pos >= line.length) return fields;
  if (line.charCodeAt(pos) !== SPACE) return syslogFailure(pos, 'expected a space after the timestamp');
  pos = skipSpaces(line, pos);
  let tag = readTag(line, pos);
  if (tag === undefined) {
    const hostEnd = line.indexOf(' ', pos);
    fields.hostname = line.slice(pos, hostEnd === -1 ? line.length : hostEnd);
    if (hostEnd === -1) return fields;
    pos = skipSpaces(line, hostEnd);
    // A host field of punctuation only (`Mar 24 14:26:01 --- last message repeated 2 times ---`) is no host:
    // the words after it are a message, not a program name.
    tag = readTag(line, pos) ?? (context.lenient && /[\p{L}\p{N}]/u.test(fields.hostname) ? readColonlessTag(line, pos) : undefined);
  }
  if (tag !== undefined) {
    fields.appName = tag.app;
    fields.procId = tag.pid;
    pos = skipSpaces(line, tag.next);
  }
  // rsyslog puts RFC 5424 structured data at the start of a BSD message (`[origin software="rsyslogd" …]`).
  // Only elements with parameters count: `[error] disk full` is text that starts with a word in brackets.
  if (context.lenient && line.charCodeAt(pos) === 0x5b) {
    const sd = readStructuredData(line, pos);
    if (!('failed' in sd) && (sd.next === line.length || line.charCodeAt(sd.next) === SPACE) && Object.values(sd.value).every((params) => Object.keys(params as JsonObject).length > 0)) {
      fields.structuredData = sd.value;
      pos = skipSpaces(line, sd.next);
    }
  }
  fields.message = line.slice(pos);
  return fields;
}

/**
 * A program name without the colon (`host cron starting job` → `cron`), as fluentd's and syslog-loose's
 * readers take it: a word of at most 48 characters (RFC 5424's APP-NAME limit) that starts with a
 * lower-case letter and holds letters, digits and `_ . / -` only, with more text after it.
 */
const PROGRAM_NAME = /^\p{Ll}[\p{L}\p{N}_.\/-]*$/u;

function readColonlessTag(line: string, start: number): { app: string; pid: null; next: number } | undefined {
  const end = line.indexOf(' ', start);
  if (end === -1 || end === start || end - start > 48 || skipSpaces(line, end) >= line.length) return undefined;
  const word = line.slice(start, end);
  // Program names are written in lower case (cron, sshd, kernel); a capitalised word (`Use the BFG!`,
  // RFC 3164's own example of a line without TAG) starts the message.
  if (!PROGRAM_NAME.test(word)) return undefined;
  return { app: word, pid: null, next: end };
}

function skipSpaces(line: string, start: number): number {
  let pos = start;
  while (line.charCodeAt(pos) === SPACE) pos++;
  return pos;
}

/** `app:`, `app[pid]:`, `app[pid]` or `app[pid]:text` at `start`; undefined when the word is no tag. */
function readTag(line: string, start: number): { app: string; pid: string | null; next: number } | undefined {
  let end = line.indexOf(' ', start);
  if (end === -1) end = line.length;
  if (end === start) return undefined;
  const open = line.indexOf('[', start);
  if (open > start && open < end) {
    const close = line.indexOf(']', open);
    if (close > open + 1 && close < end) {
      const afterClose = close + 1;
      if (afterClose === end) return { app: line.slice(start, open), pid: line.slice(open + 1, close), next: end };
      if (line.charCodeAt(afterClose) === 0x3a /* : */) {
        return { app: line.slice(start, open), pid: line.slice(open + 1, close), next: afterClose + 1 };
      }
    }
  }
  if (end - start > 1 && line.charCodeAt(end - 1) === 0x3a) return { app: line.slice(start, end - 1), pid: null, next: end };
  return undefined;
}

/** `Mmm dd hh:mm:ss[.frac]` or `Mmm dd yyyy hh:mm:ss[.frac]`, in the configured zone, year from the arrival time. */
function readBsdTimestamp(line: string, start: number, context: Rfc3164Context): { iso: string; offset: string; next: number } | SyslogFailure {
  if (monthAt(line, start) === 0 || line.charCodeAt(start + 3) !== SPACE) {
    return syslogFailure(start, 'expected a timestamp such as "Oct 11 22:14:15" (English month) or 2003-10-11T22:14:15Z');
  }
  const monthDay = readMonthDay(line, start);
  if (monthDay === undefined) return syslogFailure(start, 'expected the day of the month after the month name');
  const { month, day } = monthDay;
  let pos = monthDay.next;
  let year: number | null = null;
  if (line.charCodeAt(pos + 4) === SPACE && digitsAt(line, pos, 4) >= 0) {
    year = digitsAt(line, pos, 4);
    pos += 5;
  }
  const hour = digitsAt(line, pos, 2);
  const minute = digitsAt(line, pos + 3, 2);
  const second = digitsAt(line, pos + 6, 2);
  if (hour < 0 || minute < 0 || second < 0 || line.charCodeAt(pos + 2) !== 0x3a || line.charCodeAt(pos + 5) !== 0x3a) {
    return syslogFailure(pos, 'expected the time of day as hh:mm:ss');
  }
  pos += 8;
  let fraction = '';
  if (line.charCodeAt(pos) === 0x2e) {
    let end = pos + 1;
    while (end < line.length && line.charCodeAt(end) >= 0x30 && line.charCodeAt(end) <= 0x39 && end - pos <= 9) end++;
    fraction = line.slice(pos + 1, end);
    pos = end;
  }
  const resolved = resolveBsdTime(month, day, hour, minute, second, year, context);
  if (resolved === undefined) return syslogFailure(start, 'the timestamp names no real date or time of day near the record\'s arrival time');
  return { iso: isoUtcFromWallClock(resolved.wall, resolved.offset, fraction), offset: formatUtcOffset(resolved.offset), next: pos };
}

/**
 * BSD timestamps have no year. Take the latest of the arrival year + 1, itself and − 1 that does not put
 * the time more than 31 days after the record's arrival (a sender's clock may run a little ahead; a
 * log line never arrives months before it is written). A line written on Dec 31 that arrives on Jan 1
 * gets last year; Feb 29 takes a leap year or fails.
 */
const FUTURE_TOLERANCE_MS = 31 * 24 * 3600 * 1000;
function resolveBsdTime(
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  year: number | null,
  context: Rfc3164Context,
): { wall: WallClock; offset: number } | undefined {
  const arrivalYear = new Date(context.arrivalMs).getUTCFullYear();
  const years = year === null ? [arrivalYear + 1, arrivalYear, arrivalYear - 1] : [year];
  for (const candidate of years) {
    if (candidate < 0 || day > daysInMonth(candidate, month)) continue;
    const wall: WallClock = { year: candidate, month, day, hour, minute, second };
    if (!isValidWallClock(wall)) continue;
    const wallMs = wallClockAsUtcMs(wall);
    const offset = context.zone(wallMs);
    if (year === null && wallMs - offset * 60_000 > context.arrivalMs + FUTURE_TOLERANCE_MS) continue;
    return { wall, offset };
  }
  return undefined;
}

/** The output object of a parsed line, with facility and severity as names and numbers. */
export function syslogRecord(fields: SyslogFields): JsonObject {
  const priority = fields.priority;
  const facilityCode = priority === null ? null : priority >> 3;
  const severityCode = priority === null ? null : priority & 7;
  const record: Record<string, JsonValue> = {
    format: fields.format,
    priority,
    facility: facilityCode === null ? null : FACILITY_NAMES[facilityCode]!,
    facilityCode,
    severity: severityCode === null ? null : SEVERITY_NAMES[severityCode]!,
    severityCode,
    version: fields.version,
    timestamp: fields.timestamp,
    utcOffset: fields.utcOffset,
    hostname: fields.hostname,
    appName: fields.appName,
    procId: fields.procId,
    msgId: fields.msgId,
    structuredData: fields.structuredData,
    message: fields.message,
  };
  return record;
}
