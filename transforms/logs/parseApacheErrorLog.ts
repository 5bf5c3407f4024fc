import { checkOneOf, checkOptionKeys } from '../core/index.js';
import { decodeUtf8Strict } from '../core/index.js';
import { describeType, RecordFieldError, RecordParseError, TransformOptionError } from '../core/index.js';
import { compileTimeZone, digitsAt, formatUtcOffset, isoUtcFromWallClock, isValidWallClock, readMonthDay, wallClockAsUtcMs, type ZoneOffsetAt } from './logTimestamp.js';
import { fail } from '../core/index.js';
import type { FailedOutcome, JsonObject, RecordContext } from '../core/index.js';

export interface ParseApacheErrorLogOptions {
  /**
   * Which layout lines are in. Default `'auto'`, decided per line: `'2.4'` when the second bracket holds
   * `module:level` (`[core:error]`, `[:error]`), `'2.2'` when it holds the level alone (`[error]`).
   */
  readonly format?: 'auto' | '2.2' | '2.4';
  /**
   * The zone of the timestamps, which carry none: `'UTC'` (default), a fixed offset such as `'+05:30'`,
   * or an IANA zone such as `'Europe/Paris'` (daylight-saving time applied).
   */
  readonly timeZone?: string;
}

/** The fields parseApacheErrorLog writes, in this order (the default CSV columns). */
export const APACHE_ERROR_LOG_FIELDS = [
  'format', 'timestamp', 'utcOffset', 'module', 'level', 'pid', 'tid', 'sourceFile', 'osErrorCode', 'osError',
  'client', 'clientPort', 'errorCode', 'message', 'referer',
] as const;

const NAME = 'parseApacheErrorLog';

/** Apache's LogLevel values (httpd 2.4 core documentation, LogLevel directive). */
const LEVELS = new Set(['emerg', 'alert', 'crit', 'error', 'warn', 'notice', 'info', 'debug', 'trace1', 'trace2', 'trace3', 'trace4', 'trace5', 'trace6', 'trace7', 'trace8']);

/**
 * Parses one Apache httpd error-log line (a record's text or UTF-8 bytes) into a JSON object, as httpd
 * 2.2 writes it (`[Wed Oct 11 14:32:52 2000] [error] [client 192.0.2.1] message`) and as httpd 2.4's
 * default ErrorLogFormat does (`[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 123:tid 456]
 * (70007)OS error: [client 192.0.2.1:5678] AH00124: message, referer: http://…`). Fields that a line
 * lacks are null. The line is read once from left to right: time linear in its length.
 */
export function parseApacheErrorLog(options: ParseApacheErrorLogOptions = {}): (input: string | Uint8Array, ctx: RecordContext) => JsonObject | FailedOutcome {
  checkOptionKeys(NAME, options, ['format', 'timeZone']);
  const format = checkOneOf(NAME, 'format', options.format ?? 'auto', ['auto', '2.2', '2.4'] as const);
  const timeZoneText = options.timeZone ?? 'UTC';
  const zone = typeof timeZoneText === 'string' ? compileTimeZone(timeZoneText) : undefined;
  if (zone === undefined) {
    throw new TransformOptionError(NAME, 'timeZone', `is ${JSON.stringify(timeZoneText)}, which is no time zone`, "Use 'UTC', an offset such as '+05:30', or an IANA zone such as 'Europe/Paris'.");
  }

  return function parseApacheErrorLogRecord(input) {
    let text: string | undefined;
    if (typeof input === 'string') text = input;
    else if (input instanceof Uint8Array) {
      text = decodeUtf8Strict(input);
      if (text === undefined) return fail(new RecordParseError(`${NAME}: the record's ${input.byteLength} bytes are not valid UTF-8; put decodeText({ invalidUtf8: 'replace' }) before ${NAME}() to keep such lines`));
    } else {
      return fail(new RecordFieldError(`${NAME}: the record is ${describeType(input)}, expected an error-log line as text or bytes`));
    }
    const result = readErrorLine(withoutLineEnd(text), format, zone);
    if (typeof result === 'string') return fail(new RecordParseError(`${NAME}: the line is not an Apache ${format === 'auto' ? '2.2 or 2.4' : format} error-log line: ${result}`));
    return result;
  };
}

function withoutLineEnd(line: string): string {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 0x0a || line.charCodeAt(end - 1) === 0x0d)) end--;
  return end === line.length ? line : line.slice(0, end);
}

const SPACE = 0x20;

/** Reads a line; returns the record or why it does not fit (never the line's text). */
function readErrorLine(line: string, format: 'auto' | '2.2' | '2.4', zone: ZoneOffsetAt): JsonObject | string {
  if (line.charCodeAt(0) !== 0x5b) return "expected '[' and the time at column 1";
  const stampEnd = line.indexOf(']', 1);
  if (stampEnd === -1) return "found no ']' closing the time";
  const stamp = readTimestamp(line, 1, stampEnd, zone);
  if (stamp === undefined) return 'expected a time such as "Wed Oct 11 14:32:52 2000" or "Wed Oct 11 14:32:52.123456 2000" at column 2';
  let pos = stampEnd + 1;
  if (line.charCodeAt(pos) !== SPACE || line.charCodeAt(pos + 1) !== 0x5b) return `expected ' [' and the level at column ${pos + 1}`;
  const levelEnd = line.indexOf(']', pos + 2);
  if (levelEnd === -1) return "found no ']' closing the level";
  const levelText = line.slice(pos + 2, levelEnd);
  const colon = levelText.lastIndexOf(':');
  const lineFormat = colon === -1 ? '2.2' : '2.4';
  if (format !== 'auto' && format !== lineFormat) return `the level field [${lineFormat === '2.4' ? 'module:level' : 'level'}] is that of httpd ${lineFormat} (column ${pos + 2})`;
  const level = colon === -1 ? levelText : levelText.slice(colon + 1);
  if (!LEVELS.has(level)) return `the level at column ${pos + 3} is not one of Apache's LogLevel values (emerg … debug, trace1-8)`;
  const module = colon <= 0 ? null : levelText.slice(0, colon);
  pos = levelEnd + 1;

  let pid: string | null = null;
  let tid: string | null = null;
  if (line.startsWith(' [pid ', pos)) {
    const close = line.indexOf(']', pos + 6);
    if (close === -1) return "found no ']' closing [pid …]";
    const inner = line.slice(pos + 6, close);
    const tidAt = inner.indexOf(':tid ');
    pid = tidAt === -1 ? inner : inner.slice(0, tidAt);
    tid = tidAt === -1 ? null : inner.slice(tidAt + 5);
    pos = close + 1;
  }
  if (line.charCodeAt(pos) === SPACE) pos++;

  // httpd 2.4 at debug level: the source file and line, `mod_authz_core.c(820): `.
  let sourceFile: string | null = null;
  const sourceEnd = line.indexOf('): ', pos);
  if (sourceEnd !== -1) {
    const open = line.lastIndexOf('(', sourceEnd);
    if (open > pos && isSourceName(line, pos, open) && digitsAt(line, open + 1, sourceEnd - open - 1) >= 0) {
      sourceFile = line.slice(pos, sourceEnd + 1);
      pos = sourceEnd + 3;
    }
  }
  // An operating-system error (APR status) before the client: `(70007)The timeout specified has expired: `.
  let osErrorCode: number | null = null;
  let osError: string | null = null;
  if (line.charCodeAt(pos) === 0x28) {
    const close = line.indexOf(')', pos);
    const code = close > pos + 1 && close - pos <= 12 ? digitsAt(line, pos + 1, close - pos - 1) : -1;
    const textEnd = code >= 0 ? line.indexOf(': ', close) : -1;
    if (textEnd !== -1) {
      osErrorCode = code;
      osError = line.slice(close + 1, textEnd);
      pos = textEnd + 2;
    }
  }
  let client: string | null = null;
  let clientPort: number | null = null;
  if (line.startsWith('[client ', pos)) {
    // A bracketed IPv6 address with a port, `[client [2001:db8::5]:443]`, holds a `]` of its own.
    const bracketed = line.charCodeAt(pos + 8) === 0x5b;
    const innerClose = bracketed ? line.indexOf(']', pos + 9) : -1;
    const close = bracketed && innerClose === -1 ? -1 : line.indexOf(']', bracketed ? innerClose + 1 : pos + 8);
    if (close === -1) return "found no ']' closing [client …]";
    const address = line.slice(pos + 8, close);
    const split = splitPort(address);
    client = split.host;
    clientPort = split.port;
    pos = close + 1;
    if (line.charCodeAt(pos) === SPACE) pos++;
  }
  let errorCode: string | null = null;
  if (line.charCodeAt(pos) === 0x41 && line.charCodeAt(pos + 1) === 0x48 && digitsAt(line, pos + 2, 5) >= 0 && line.charCodeAt(pos + 7) === 0x3a) {
    errorCode = line.slice(pos, pos + 7);
    pos += line.charCodeAt(pos + 8) === SPACE ? 9 : 8;
  }
  let message = line.slice(pos);
  let referer: string | null = null;
  const refererAt = message.lastIndexOf(', referer: ');
  if (refererAt !== -1) {
    referer = message.slice(refererAt + 11);
    message = message.slice(0, refererAt);
  }
  return {
    format: lineFormat,
    timestamp: stamp.iso,
    utcOffset: stamp.offset,
    module,
    level,
    pid,
    tid,
    sourceFile,
    osErrorCode,
    osError,
    client,
    clientPort,
    errorCode,
    message,
    referer,
  };
}

function isSourceName(line: string, start: number, end: number): boolean {
  if (end - start > 64) return false;
  for (let index = start; index < end; index++) {
    const code = line.charCodeAt(index);
    const ok = (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) || code === 0x5f || code === 0x2e || code === 0x2d || code === 0x2f;
    if (!ok) return false;
  }
  return line.slice(start, end).includes('.');
}

/** `192.0.2.1:5678` → host and port; IPv6 (`2001:db8::1`) keeps its colons unless bracketed (`[…]:port`). */
function splitPort(address: string): { host: string; port: number | null } {
  if (address.startsWith('[')) {
    const close = address.indexOf(']');
    const port = close !== -1 && address.charCodeAt(close + 1) === 0x3a ? Number(address.slice(close + 2)) : Number.NaN;
    return close !== -1 && Number.isInteger(port) && port >= 0 && port <= 65_535 ? { host: address.slice(1, close), port } : { host: address, port: null };
  }
  const colon = address.lastIndexOf(':');
  if (colon === -1 || address.indexOf(':') !== colon) return { host: address, port: null };
  const port = digitsAt(address, colon + 1, address.length - colon - 1);
  return port >= 0 && port <= 65_535 && address.length - colon - 1 <= 5 ? { host: address.slice(0, colon), port } : { host: address, port: null };
}

/** `Www Mmm dd hh:mm:ss[.ffffff] yyyy` between `start` and `end`, read in `zone`. */
function readTimestamp(line: string, start: number, end: number, zone: ZoneOffsetAt): { iso: string; offset: string } | undefined {
  // Weekday name, a space, then the month.
  if (line.charCodeAt(start + 3) !== SPACE) return undefined;
  const monthDay = readMonthDay(line, start + 4);
  if (monthDay === undefined) return undefined;
  const { month, day } = monthDay;
  let pos = monthDay.next;
  const hour = digitsAt(line, pos, 2);
  const minute = digitsAt(line, pos + 3, 2);
  const second = digitsAt(line, pos + 6, 2);
  if (hour < 0 || minute < 0 || second < 0 || line.charCodeAt(pos + 2) !== 0x3a || line.charCodeAt(pos + 5) !== 0x3a) return undefined;
  pos += 8;
  let fraction = '';
  if (line.charCodeAt(pos) === 0x2e) {
    let fractionEnd = pos + 1;
    while (fractionEnd < end && fractionEnd - pos <= 9 && digitsAt(line, fractionEnd, 1) >= 0) fractionEnd++;
    fraction = line.slice(pos + 1, fractionEnd);
    if (fraction === '') return undefined;
    pos = fractionEnd;
  }
  if (line.charCodeAt(pos) !== SPACE || end - pos - 1 !== 4) return undefined;
  const year = digitsAt(line, pos + 1, 4);
  const wall = { year, month, day, hour, minute, second };
  if (year < 0 || !isValidWallClock(wall) || second > 59) return undefined;
  const offset = zone(wallClockAsUtcMs(wall));
  return { iso: isoUtcFromWallClock(wall, offset, fraction), offset: formatUtcOffset(offset) };
}

export const examples = [
  {
    title: 'An httpd 2.4 line (default ErrorLogFormat) with an OS error, the client, an AH code and a referer',
    options: {},
    input: '[Wed Oct 11 14:32:52.123456 2000] [proxy_fcgi:error] [pid 123:tid 456] (70007)The timeout specified has expired: [client 192.0.2.1:5678] AH01075: Error dispatching request to :, referer: https://example.com/',
    output: {
      format: '2.4', timestamp: '2000-10-11T14:32:52.123456Z', utcOffset: '+00:00', module: 'proxy_fcgi', level: 'error', pid: '123', tid: '456', sourceFile: null,
      osErrorCode: 70007, osError: 'The timeout specified has expired', client: '192.0.2.1', clientPort: 5678, errorCode: 'AH01075', message: 'Error dispatching request to :', referer: 'https://example.com/',
    },
  },
  {
    title: 'An httpd 2.2 line, read in a configured time zone',
    options: { timeZone: 'Europe/Paris' },
    input: '[Wed Oct 11 14:32:52 2000] [error] [client 192.0.2.1] client denied by server configuration: /var/www/private',
    output: {
      format: '2.2', timestamp: '2000-10-11T12:32:52Z', utcOffset: '+02:00', module: null, level: 'error', pid: null, tid: null, sourceFile: null,
      osErrorCode: null, osError: null, client: '192.0.2.1', clientPort: null, errorCode: null, message: 'client denied by server configuration: /var/www/private', referer: null,
    },
  },
] as const;
