import { compileApacheFormat, NAMED_APACHE_FORMATS, scanApacheLine } from './apacheLogFormat.js';
import type { ApacheFieldNames, CompiledFormat, NamedApacheFormat, ScanFailure, ScanSuccess } from './apacheLogFormat.js';
import { checkOneOf, checkOptionKeys } from '../core/index.js';
import { decodeUtf8Strict } from '../core/index.js';
import { describeType, RecordFieldError, RecordParseError, TransformOptionError } from '../core/index.js';
import { fail } from '../core/index.js';
import type { FailedOutcome, JsonObject, JsonValue, RecordContext } from '../core/index.js';

export type { ApacheFieldNames, NamedApacheFormat } from './apacheLogFormat.js';

export interface ParseApacheLogOptions {
  /**
   * The server's log format. Default `'auto'`: `combined`, and `common` for lines that do not fit it.
   * Named formats: `common`, `combined`, `vhost_common`, `vhost_combined` (`%v:%p …`, Debian's), `combinedio`
   * (combined + `%I %O`), `combined_duration_us` (combined + `%D`), `combined_duration_s` (combined + `%T`).
   * Anything else is read as an Apache `LogFormat` string, e.g. `'%h %l %u %t "%r" %>s %b %D'`.
   * NGINX's default `combined` log is Apache's `combined`.
   */
  readonly format?: 'auto' | NamedApacheFormat | (string & Record<never, never>);
  /**
   * Output field names. Default `'standard'` (`client, ident, user, timestamp, utcOffset, request, method,
   * path, query, protocol, status, bytes, referrer, userAgent`, …). `'aws-blueprint'` writes the fields of
   * AWS's `kinesis-firehose-apachelog-to-json` blueprint (`host, ident, authuser, request, verb, response,
   * bytes, @timestamp, timezone, @timestamp_utc`) with its conventions, so existing tables keep working.
   */
  readonly fieldNames?: ApacheFieldNames;
  /** What `%b` = `-` (no response body) becomes: `'zero'` (default) → 0, `'null'` → null. */
  readonly bytesDash?: 'zero' | 'null';
  /**
   * Text after the last field of the format (NGINX's `"$http_x_forwarded_for"`, a `%D` the format does
   * not list): `'ignore'` it (default), `'keep'` it in the field `trailing` (null when there is none), or
   * `'fail'` the line.
   */
  readonly trailingText?: 'ignore' | 'keep' | 'fail';
}

const NAME = 'parseApacheLog';
const OPTION_KEYS = ['format', 'fieldNames', 'bytesDash', 'trailingText'] as const;

/**
 * Parses one access-log line (a record's text or UTF-8 bytes) into a JSON object. The format is
 * compiled once; each line is read in one left-to-right pass. A line that does not fit fails alone,
 * with a message naming the field, its directive and the column (never the line's text).
 */
export function parseApacheLog(options: ParseApacheLogOptions = {}): (input: string | Uint8Array, ctx: RecordContext) => JsonObject | FailedOutcome {
  checkOptionKeys(NAME, options, OPTION_KEYS);
  const fieldNames = checkOneOf(NAME, 'fieldNames', options.fieldNames ?? 'standard', ['standard', 'aws-blueprint'] as const);
  const bytesDash = checkOneOf(NAME, 'bytesDash', options.bytesDash ?? 'zero', ['zero', 'null'] as const);
  const trailingText = checkOneOf(NAME, 'trailingText', options.trailingText ?? 'ignore', ['ignore', 'keep', 'fail'] as const);
  const format = checkFormat(options.format);
  const formats: CompiledFormat[] =
    format === 'auto'
      ? [compileApacheFormat('combined', fieldNames), compileApacheFormat('common', fieldNames)]
      : [compileApacheFormat(format, fieldNames)];
  // Every record gets the same keys, whichever format of 'auto' matched (missing ones are null).
  const allKeys = formats[0]!.keys;
  const scanOptions = { bytesDash };

  return function parseApacheLogRecord(input) {
    let line: string | undefined;
    if (typeof input === 'string') line = input;
    else if (input instanceof Uint8Array) {
      line = decodeUtf8Strict(input);
      if (line === undefined) {
        return fail(new RecordParseError(`${NAME}: the record's ${input.byteLength} bytes are not valid UTF-8; put decodeText({ invalidUtf8: 'replace' }) before ${NAME}() to keep such lines`));
      }
    } else {
      return fail(new RecordFieldError(`${NAME}: the record is ${describeType(input)}, expected a log line as text or bytes`));
    }
    line = withoutLineEnd(line);
    const newline = line.indexOf('\n');
    if (newline !== -1) {
      return fail(new RecordParseError(`${NAME}: the record holds more than one line (a line break at column ${newline + 1}); send one log line per record`));
    }
    let best: ScanFailure | undefined;
    let matched: ScanSuccess | undefined;
    let matchedFormat: CompiledFormat | undefined;
    for (const compiled of formats) {
      const result = scanApacheLine(compiled, line, scanOptions);
      if (!result.failed) {
        matched = result;
        matchedFormat = compiled;
        break;
      }
      if (best === undefined || result.column > best.column) best = result;
    }
    if (matched === undefined || matchedFormat === undefined) {
      const tried = formats.map((compiled) => compiled.label).join(' nor ');
      return fail(new RecordParseError(`${NAME}: the line does not fit the format ${tried}: ${best!.message}. Set the format option to the server's LogFormat`));
    }
    const trailing = matched.trailingStart < line.length ? line.slice(matched.trailingStart).trim() : '';
    if (trailingText === 'fail' && trailing !== '') {
      return fail(new RecordParseError(`${NAME}: the line has ${line.length - matched.trailingStart} characters after the last field of the format ${matchedFormat.label} (from column ${matched.trailingStart + 1}); add them to the format or set trailingText to 'ignore'`));
    }
    let record: Record<string, JsonValue> = matched.record;
    if (matchedFormat !== formats[0]) {
      const complete: Record<string, JsonValue> = {};
      for (const key of allKeys) complete[key] = record[key] ?? null;
      record = complete;
    }
    if (trailingText === 'keep') record.trailing = trailing === '' ? null : trailing;
    return record;
  };
}

/**
 * The output fields of a configuration, in order: the columns for `toCsvLine`. Throws like the factory
 * for a bad format.
 */
export function apacheLogFieldNames(options: Pick<ParseApacheLogOptions, 'format' | 'fieldNames' | 'trailingText'> = {}): string[] {
  const fieldNames = checkOneOf(NAME, 'fieldNames', options.fieldNames ?? 'standard', ['standard', 'aws-blueprint'] as const);
  const format = checkFormat(options.format);
  const keys = [...compileApacheFormat(format === 'auto' ? 'combined' : format, fieldNames).keys];
  if (options.trailingText === 'keep') keys.push('trailing');
  return keys;
}

function checkFormat(format: unknown): string {
  if (format === undefined) return 'auto';
  if (typeof format !== 'string' || format.trim() === '') {
    throw new TransformOptionError(
      NAME,
      'format',
      `is ${typeof format === 'string' ? 'empty' : describeType(format)}`,
      `Use 'auto', one of ${Object.keys(NAMED_APACHE_FORMATS).map((name) => `'${name}'`).join(', ')}, or an Apache LogFormat string.`,
    );
  }
  if (format.length > 4096) {
    throw new TransformOptionError(NAME, 'format', `is ${format.length} characters long`, 'Use a LogFormat string of at most 4,096 characters.');
  }
  return format;
}

/** Removes the line end a file or producer may have left on the record. */
function withoutLineEnd(line: string): string {
  let end = line.length;
  while (end > 0) {
    const code = line.charCodeAt(end - 1);
    if (code !== 0x0a && code !== 0x0d) break;
    end--;
  }
  return end === line.length ? line : line.slice(0, end);
}

export const examples = [
  {
    title: 'A combined-format line',
    options: {},
    input:
      '203.0.113.7 - alice [17/May/2015:10:05:03 +0200] "GET /index.html?lang=en HTTP/1.1" 200 5120 "https://example.com/" "Mozilla/5.0 (X11; Linux x86_64)"',
    output: {
      client: '203.0.113.7',
      ident: null,
      user: 'alice',
      timestamp: '2015-05-17T08:05:03Z',
      utcOffset: '+02:00',
      request: 'GET /index.html?lang=en HTTP/1.1',
      method: 'GET',
      path: '/index.html',
      query: 'lang=en',
      protocol: 'HTTP/1.1',
      status: 200,
      bytes: 5120,
      referrer: 'https://example.com/',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    },
  },
  {
    title: 'An IPv6 client, no body ("-" bytes) and a common-format line under auto',
    options: {},
    input: '2001:db8::1 - - [26/Dec/2016:16:16:48 +0000] "HEAD / HTTP/1.1" 304 -',
    output: {
      client: '2001:db8::1',
      ident: null,
      user: null,
      timestamp: '2016-12-26T16:16:48Z',
      utcOffset: '+00:00',
      request: 'HEAD / HTTP/1.1',
      method: 'HEAD',
      path: '/',
      query: null,
      protocol: 'HTTP/1.1',
      status: 304,
      bytes: 0,
      referrer: null,
      userAgent: null,
    },
  },
  {
    title: 'A TLS handshake sent to a plain-HTTP port keeps the raw request',
    options: { format: 'combined' },
    input: 'scanner.example.net - - [02/Feb/2019:05:38:45 +0100] "\\x16\\x03\\x01\\x02\\x00\\x01" 400 226 "-" "-"',
    output: {
      client: 'scanner.example.net',
      ident: null,
      user: null,
      timestamp: '2019-02-02T04:38:45Z',
      utcOffset: '+01:00',
      request: '\\x16\\x03\\x01\\x02\\x00\\x01',
      method: null,
      path: null,
      query: null,
      protocol: null,
      status: 400,
      bytes: 226,
      referrer: null,
      userAgent: null,
    },
  },
  {
    title: 'A custom LogFormat with virtual host, port and %D duration',
    options: { format: '%v:%p %a %l %u %t "%r" %>s %O %D' },
    input: 'www.example.com:443 198.51.100.4 - - [04/Jul/2019:09:20:46 +0200] "POST /api/v1/items HTTP/2.0" 201 89 1532',
    output: {
      virtualHost: 'www.example.com',
      serverPort: 443,
      clientIp: '198.51.100.4',
      ident: null,
      user: null,
      timestamp: '2019-07-04T07:20:46Z',
      utcOffset: '+02:00',
      request: 'POST /api/v1/items HTTP/2.0',
      method: 'POST',
      path: '/api/v1/items',
      query: null,
      protocol: 'HTTP/2.0',
      status: 201,
      bytesSent: 89,
      durationMicros: 1532,
    },
  },
  {
    title: "AWS blueprint field names (fieldNames: 'aws-blueprint')",
    options: { fieldNames: 'aws-blueprint', format: 'common' },
    input: '64.242.88.10 - - [07/Mar/2004:16:10:02 -0800] "GET /mailman/listinfo/hsdivision HTTP/1.1" 200 6291',
    output: {
      host: '64.242.88.10',
      ident: '-',
      authuser: '-',
      '@timestamp': '2004-03-07T16:10:02.000Z',
      timezone: '-0800',
      '@timestamp_utc': '2004-03-08T00:10:02.000Z',
      request: 'GET /mailman/listinfo/hsdivision HTTP/1.1',
      verb: 'GET',
      response: 200,
      bytes: 6291,
    },
  },
] as const;
