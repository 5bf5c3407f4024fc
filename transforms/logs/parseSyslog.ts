import { checkInteger, checkOneOf, checkOptionKeys } from '../core/index.js';
import { asBuffer, decodeUtf8Strict } from '../core/index.js';
import { describeType, RecordFieldError, RecordParseError, TransformOptionError } from '../core/index.js';
import { compileTimeZone } from './logTimestamp.js';
import { fail } from '../core/index.js';
import { looksLikeRfc5424, readPriority, readRfc3164, readRfc5424, syslogFailure, syslogRecord } from './syslogMessage.js';
import type { Rfc3164Context, SyslogFailure, SyslogFields } from './syslogMessage.js';
import type { FailedOutcome, JsonObject, RecordContext } from '../core/index.js';

export interface ParseSyslogOptions {
  /**
   * Which format lines are in. Default `'auto'`: decided per line, RFC 5424 when the line starts with
   * `<PRI>VERSION ` (or `VERSION ` without PRI), RFC 3164 otherwise.
   */
  readonly format?: 'auto' | 'rfc3164' | 'rfc5424';
  /**
   * The zone of RFC 3164 timestamps, which carry none: `'UTC'` (default), a fixed offset such as
   * `'+05:30'`, or an IANA zone such as `'Europe/Paris'` (daylight-saving time applied).
   */
  readonly timeZone?: string;
  /**
   * Lines that fit neither format: `'fail'` them (default; Firehose keeps their bytes under the error
   * prefix), or `'keep'` them as `{ format: null, …, message: <the line> }` with every other field null.
   */
  readonly unparsed?: 'fail' | 'keep';
  /**
   * Read lines only as the RFCs write them (`true`), or also as senders and other parsers write them
   * (`false`, default): a space after PRI, a colon right after the BSD time, a tag without a colon
   * (`host cron starting job` → app name `cron`; a word starting with a lower-case letter), RFC 5424
   * structured data with spaces around `=` or an unquoted value (an element with an SD-ID that still does
   * not parse is left out), no STRUCTURED-DATA at all before the RFC 5424 message, and RFC 5424
   * structured data at the start of a BSD message (rsyslog's `[origin …]`).
   */
  readonly strict?: boolean;
  /**
   * PRI of lines that have none: `null` (default; facility and severity null too), or a number from 0 to
   * 191 that such lines are given, such as 13 (user.notice), which RFC 3164 §4.3.3 tells relays to assume.
   */
  readonly missingPriority?: number | null;
}

const NAME = 'parseSyslog';

/**
 * Parses one syslog line (a record's text or bytes) into a JSON object: `format`, `priority`,
 * `facility` / `facilityCode`, `severity` / `severityCode`, `version`, `timestamp` (ISO-8601 UTC, the
 * fraction of a second kept), `utcOffset`, `hostname`, `appName`, `procId`, `msgId`, `structuredData`
 * (`{ sdId: { param: value } }`) and `message`. RFC 3164 timestamps take their year from the record's
 * arrival time (the latest year that does not put them more than 31 days after it). Bytes that are not UTF-8 are read as ISO-8859-1
 * (RFC 5424 allows any encoding in a MSG without BOM), so no byte is lost.
 */
export function parseSyslog(options: ParseSyslogOptions = {}): (input: string | Uint8Array, ctx: RecordContext) => JsonObject | FailedOutcome {
  checkOptionKeys(NAME, options, ['format', 'timeZone', 'unparsed', 'strict', 'missingPriority']);
  const format = checkOneOf(NAME, 'format', options.format ?? 'auto', ['auto', 'rfc3164', 'rfc5424'] as const);
  const unparsed = checkOneOf(NAME, 'unparsed', options.unparsed ?? 'fail', ['fail', 'keep'] as const);
  const strict = options.strict ?? false;
  if (typeof strict !== 'boolean') throw new TransformOptionError(NAME, 'strict', `is ${JSON.stringify(strict)}`, 'Use true (the RFCs only) or false (default: also what senders write).');
  const missingPriority = options.missingPriority === undefined || options.missingPriority === null ? null : checkInteger(NAME, 'missingPriority', options.missingPriority, 0, 191);
  const timeZoneText = options.timeZone ?? 'UTC';
  const zone = typeof timeZoneText === 'string' ? compileTimeZone(timeZoneText) : undefined;
  if (zone === undefined) {
    throw new TransformOptionError(NAME, 'timeZone', `is ${JSON.stringify(timeZoneText)}, which is no time zone`, "Use 'UTC', an offset such as '+05:30', or an IANA zone such as 'Europe/Paris'.");
  }

  return function parseSyslogRecord(input, ctx) {
    let text: string;
    let utf8 = true;
    if (typeof input === 'string') text = input;
    else if (input instanceof Uint8Array) {
      const decoded = decodeUtf8Strict(input);
      utf8 = decoded !== undefined;
      text = decoded ?? asBuffer(input).toString('latin1');
    } else {
      return fail(new RecordFieldError(`${NAME}: the record is ${describeType(input)}, expected a syslog line as text or bytes`));
    }
    const line = trimWhitespace(text);
    const result = parseLine(line, format, { zone, arrivalMs: ctx.arrivalTimestamp, lenient: !strict });
    if ('failed' in result) {
      if (unparsed === 'keep') return unparsedRecord(line);
      return fail(new RecordParseError(`${NAME}: the line is not ${describeFormat(format)} syslog: at column ${result.column}, ${result.message}`));
    }
    if (!utf8 && result.format === 'rfc5424' && result.message !== null && result.message.startsWith(LATIN1_BOM)) {
      return fail(new RecordParseError(`${NAME}: the RFC 5424 MSG starts with a byte-order mark, which declares UTF-8, but the record's bytes are not valid UTF-8`));
    }
    if (result.priority === null && missingPriority !== null) result.priority = missingPriority;
    return syslogRecord(result);
  };
}

/** The UTF-8 BOM (EF BB BF) as ISO-8859-1 text. */
const LATIN1_BOM = Buffer.from([0xef, 0xbb, 0xbf]).toString('latin1');

function parseLine(line: string, format: 'auto' | 'rfc3164' | 'rfc5424', context: Rfc3164Context): SyslogFields | SyslogFailure {
  if (line === '') return syslogFailure(0, 'the line is empty');
  const { priority, next: afterPri } = readPriority(line);
  // Some senders put a space after PRI (`<34> Oct 11 …`).
  let next = afterPri;
  if (context.lenient && priority >= 0) while (line.charCodeAt(next) === 0x20) next++;
  if (priority === -2) return syslogFailure(0, 'expected <PRI> with a priority from 0 to 191 (no leading zeros)');
  const pri = priority === -1 ? null : priority;
  const is5424 = looksLikeRfc5424(line, next);
  if (format === 'rfc5424' || (format === 'auto' && is5424)) {
    if (!is5424) return syslogFailure(next, 'expected the RFC 5424 VERSION (1 to 999) and a space');
    return readRfc5424(line, next, pri, context.lenient);
  }
  return readRfc3164(line, next, pri, context);
}

function describeFormat(format: 'auto' | 'rfc3164' | 'rfc5424'): string {
  return format === 'auto' ? 'RFC 5424 or RFC 3164' : format === 'rfc5424' ? 'RFC 5424' : 'RFC 3164';
}

function unparsedRecord(line: string): JsonObject {
  return {
    format: null,
    priority: null,
    facility: null,
    facilityCode: null,
    severity: null,
    severityCode: null,
    version: null,
    timestamp: null,
    utcOffset: null,
    hostname: null,
    appName: null,
    procId: null,
    msgId: null,
    structuredData: null,
    message: line,
  };
}

/** Spaces, tabs and line breaks around the line are not part of it (records often end with "\n"). */
function trimWhitespace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

export const examples = [
  {
    title: 'An RFC 5424 line with structured data',
    options: {},
    input: '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"] An application event',
    output: {
      format: 'rfc5424',
      priority: 165,
      facility: 'local4',
      facilityCode: 20,
      severity: 'notice',
      severityCode: 5,
      version: 1,
      timestamp: '2003-10-11T22:14:15.003Z',
      utcOffset: '+00:00',
      hostname: 'mymachine.example.com',
      appName: 'evntslog',
      procId: null,
      msgId: 'ID47',
      structuredData: { 'exampleSDID@32473': { iut: '3', eventSource: 'Application' } },
      message: 'An application event',
    },
  },
  {
    title: 'An RFC 3164 (BSD) line: the year comes from the arrival time (here 2023-11-14)',
    options: {},
    input: '<38>Nov  3 09:47:02 web-1 sshd[4021]: Accepted publickey for deploy from 192.0.2.10 port 50022',
    output: {
      format: 'rfc3164',
      priority: 38,
      facility: 'auth',
      facilityCode: 4,
      severity: 'info',
      severityCode: 6,
      version: null,
      timestamp: '2023-11-03T09:47:02Z',
      utcOffset: '+00:00',
      hostname: 'web-1',
      appName: 'sshd',
      procId: '4021',
      msgId: null,
      structuredData: null,
      message: 'Accepted publickey for deploy from 192.0.2.10 port 50022',
    },
  },
  {
    title: 'A BSD line without PRI, read in a configured time zone',
    options: { timeZone: 'Europe/Paris' },
    input: 'Jul 14 13:36:03 precision pkexec: pam_unix(polkit-1:session): session opened for user root',
    output: {
      format: 'rfc3164',
      priority: null,
      facility: null,
      facilityCode: null,
      severity: null,
      severityCode: null,
      version: null,
      timestamp: '2023-07-14T11:36:03Z',
      utcOffset: '+02:00',
      hostname: 'precision',
      appName: 'pkexec',
      procId: null,
      msgId: null,
      structuredData: null,
      message: 'pam_unix(polkit-1:session): session opened for user root',
    },
  },
] as const;
