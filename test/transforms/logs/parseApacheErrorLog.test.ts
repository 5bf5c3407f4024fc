import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { TransformOptionError } from '../../../transforms/core/errors.js';
import { APACHE_ERROR_LOG_FIELDS, parseApacheErrorLog, type ParseApacheErrorLogOptions } from '../../../transforms/logs/parseApacheErrorLog.js';
import { readJsonFixture } from '../../helpers/fixtures.js';
import { recordOf, run } from '../../helpers/lineParser.js';
import { describeTransformContract, testContext } from '../../helpers/transformContract.js';

const parse = parseApacheErrorLog();

describe('parseApacheErrorLog against logstash HTTPD_ERRORLOG cases', () => {
  interface GrokCase {
    pattern: string;
    case: string;
    input: string;
    expected_includes: Record<string, string>;
    expected_absent?: string[];
  }
  const cases = readJsonFixture<GrokCase[]>('test/fixtures/apache/logstash-patterns-httpd-cases.json').filter((c) => c.pattern === 'HTTPD_ERRORLOG');
  // grok's `message` keeps the referer suffix and, at debug level, the client; we split both off.
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  it('finds the 8 cases', () => {
    expect(cases).toHaveLength(8);
  });

  it.each(cases.map((c) => [c.case, c] as const))('%s', (_name, c) => {
    // Act
    const record = recordOf(parse, c.input);
    // Assess
    const g = c.expected_includes;
    const [, month, day, time, year] = g.timestamp!.split(' ');
    expect(record.timestamp).toBe(`${year}-${String(MONTHS.indexOf(month!) + 1).padStart(2, '0')}-${day}T${time}Z`);
    expect(record.level).toBe(g.loglevel);
    if (g.module !== undefined) expect(record.module).toBe(g.module);
    if (g.pid !== undefined) expect(record.pid).toBe(g.pid);
    if (g.tid !== undefined) expect(record.tid).toBe(g.tid);
    if (g.clientip !== undefined) expect(record.client).toBe(g.clientip);
    if (g.clientport !== undefined) expect(record.clientPort).toBe(Number(g.clientport));
    if (g.proxy_errorcode !== undefined) expect(record).toMatchObject({ osErrorCode: Number(g.proxy_errorcode), osError: g.proxy_message });
    if (c.case.startsWith('debug')) {
      expect(record).toMatchObject({ sourceFile: g.errorcode, client: '172.17.0.1', clientPort: 50752, errorCode: 'AH01626', message: 'authorization result of <RequireAny>: granted' });
    } else {
      if (g.errorcode !== undefined) expect(record.errorCode).toBe(g.errorcode);
      if (g.message !== undefined) expect([record.message, record.referer].filter((v) => v !== null).join(', referer: ')).toBe(g.message);
    }
    if (c.expected_absent?.includes('errorcode')) expect(record.errorCode).toBeNull();
  });
});

describe('parseApacheErrorLog lines', () => {
  it('writes every field, in the documented order, null where the line has none', () => {
    // Act
    const record = recordOf(parse, '[Sat Mar 02 07:05:09 2024] [warn] mod_ssl: SSLCertificateChainFile is deprecated');
    // Assess
    expect(Object.keys(record)).toEqual([...APACHE_ERROR_LOG_FIELDS]);
    expect(record).toEqual({
      format: '2.2', timestamp: '2024-03-02T07:05:09Z', utcOffset: '+00:00', module: null, level: 'warn', pid: null, tid: null, sourceFile: null,
      osErrorCode: null, osError: null, client: null, clientPort: null, errorCode: null, message: 'mod_ssl: SSLCertificateChainFile is deprecated', referer: null,
    });
  });

  it.each([
    ['a single-digit day padded with a space', '[Sat Mar  2 07:05:09.5 2024] [core:info] [pid 9] x', { timestamp: '2024-03-02T07:05:09.5Z', pid: '9', tid: null }],
    ['a bracketed IPv6 client with a port', '[Sat Mar 02 07:05:09 2024] [core:error] [pid 9:tid 8] [client [2001:db8::5]:443] AH00037: x', { client: '2001:db8::5', clientPort: 443, errorCode: 'AH00037' }],
    ['an IPv6 client without a port', '[Sat Mar 02 07:05:09 2024] [core:error] [client 2001:db8::5] x', { client: '2001:db8::5', clientPort: null }],
    ['a trace level', '[Sat Mar 02 07:05:09 2024] [http2:trace3] [pid 9] h2_stream(9-1): closed', { level: 'trace3', module: 'http2', message: 'h2_stream(9-1): closed' }],
    ['an empty message', '[Sat Mar 02 07:05:09 2024] [error] ', { message: '' }],
    ['a line break that ends the record', '[Sat Mar 02 07:05:09 2024] [error] x\r\n', { message: 'x' }],
    ['a referer only the last of which counts', '[Sat Mar 02 07:05:09 2024] [error] a, referer: b, referer: https://example.com/', { message: 'a, referer: b', referer: 'https://example.com/' }],
  ])('reads %s', (_reason, line, expected) => {
    // Act / Assess
    expect(recordOf(parse, line)).toMatchObject(expected);
  });

  it('reads the time in the configured zone', () => {
    // Act
    const record = recordOf(parseApacheErrorLog({ timeZone: 'America/New_York' }), '[Sat Jul 06 07:05:09 2024] [error] x');
    // Assess
    expect(record).toMatchObject({ timestamp: '2024-07-06T11:05:09Z', utcOffset: '-04:00' });
  });

  it('reads UTF-8 bytes and fails bytes that are not UTF-8', () => {
    // Act / Assess
    expect(recordOf(parse, Buffer.from('[Sat Mar 02 07:05:09 2024] [error] Grüße'))).toMatchObject({ message: 'Grüße' });
    expect(run(parse, Buffer.from([0x5b, 0xff]))).toEqual({ failed: expect.stringContaining('are not valid UTF-8') });
  });

  it.each([
    ['a 2.4 line when format is 2.2', { format: '2.2' }, '[Sat Mar 02 07:05:09 2024] [core:error] x', 'the level field [module:level] is that of httpd 2.4'],
    ['a 2.2 line when format is 2.4', { format: '2.4' }, '[Sat Mar 02 07:05:09 2024] [error] x', 'the level field [level] is that of httpd 2.2'],
    ['a line without the time bracket', {}, 'Sat Mar 02 07:05:09 2024 [error] x', "expected '[' and the time at column 1"],
    ['a time that never closes', {}, '[Sat Mar 02 07:05:09 2024', "found no ']' closing the time"],
    ['a time without the year', {}, '[Sat Mar 02 07:05:09] [error] x', 'expected a time such as'],
    ['a day that does not exist', {}, '[Sat Feb 30 07:05:09 2024] [error] x', 'expected a time such as'],
    ['an unknown level', {}, '[Sat Mar 02 07:05:09 2024] [fatal] x', "is not one of Apache's LogLevel values"],
    ['no level', {}, '[Sat Mar 02 07:05:09 2024] x', "expected ' [' and the level"],
    ['a pid bracket that never closes', {}, '[Sat Mar 02 07:05:09 2024] [error] [pid 12 x', "found no ']' closing [pid …]"],
    ['a client bracket that never closes', {}, '[Sat Mar 02 07:05:09 2024] [error] [client 1.2.3.4 x', "found no ']' closing [client …]"],
  ])('fails %s', (_reason, options, line, message) => {
    // Act / Assess
    expect(run(parseApacheErrorLog(options as ParseApacheErrorLogOptions), line)).toEqual({ failed: expect.stringContaining(message) });
  });

  it('fails a value of the wrong type instead of throwing', () => {
    expect(run(parse, { line: 'x' } as unknown as string)).toEqual({ failed: expect.stringContaining('the record is object, expected an error-log line') });
  });

  it('never puts line content in error messages', () => {
    // Prepare
    const marker = 'SECRET-4111111111111111';
    const pieces = fc.constantFrom('[', ']', ' ', 'Sat Mar 02 07:05:09 2024', '[error]', '[core:error]', '[pid 1', '[client ', ':', marker, `[${marker}]`, `[${marker}:error]`);
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        // Act
        const parsed = run(parse, parts.join(''));
        // Assess
        if ('failed' in parsed) expect(parsed.failed).not.toContain(marker);
      }),
      { numRuns: 300 },
    );
  });

  it('takes every field it writes from the line (text fields are parts of it)', () => {
    // Prepare
    const line = fc
      .record({
        module: fc.constantFrom('core', 'ssl', 'proxy_fcgi', ''),
        level: fc.constantFrom('error', 'warn', 'notice', 'debug', 'trace8'),
        pid: fc.nat({ max: 99_999 }),
        client: fc.option(fc.tuple(fc.ipV4(), fc.nat({ max: 65_535 })), { nil: null }),
        code: fc.option(fc.integer({ min: 0, max: 99_999 }), { nil: null }),
        message: fc.string({ maxLength: 60 }).filter((m) => !m.includes('\n') && !m.includes('\r')),
      })
      .map((m) => `[Sat Mar 02 07:05:09.123 2024] [${m.module}:${m.level}] [pid ${m.pid}] ${m.client === null ? '' : `[client ${m.client[0]}:${m.client[1]}] `}${m.code === null ? '' : `AH${String(m.code).padStart(5, '0')}: `}${m.message}`);
    fc.assert(
      fc.property(line, (text) => {
        // Act
        const record = recordOf(parse, text);
        // Assess
        for (const key of ['module', 'level', 'pid', 'client', 'errorCode', 'message'] as const) {
          const value = record[key];
          if (typeof value === 'string') expect(text).toContain(value);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseApacheErrorLog options', () => {
  it.each([
    ['an unknown option', { formats: '2.4' }, "option 'formats' is not a known option"],
    ['an unknown format', { format: '2.0' }, "option 'format' is \"2.0\""],
    ['an unknown time zone', { timeZone: 'Moon/Base' }, "option 'timeZone' is \"Moon/Base\", which is no time zone"],
  ])('refuses %s', (_reason, options, message) => {
    // Act / Assess
    expect(() => parseApacheErrorLog(options as ParseApacheErrorLogOptions)).toThrow(TransformOptionError);
    expect(() => parseApacheErrorLog(options as ParseApacheErrorLogOptions)).toThrow(message);
  });
});

const errorLogLike = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.constantFrom('[', ']', ' ', 'Wed Oct 11 14:32:52.123456 2000', 'Wed Oct 11 14:32:52 2000', '[core:error]', '[error]', '[pid 1:tid 2]', '[client 192.0.2.1:5678]', '(70007)x: ', 'AH00124: ', 'mod_x.c(1): ', ', referer: ', 'x', '\n'), { maxLength: 16 }).map((parts) => parts.join('')),
  fc.uint8Array({ maxLength: 200 }),
);
describeTransformContract('parseApacheErrorLog', parseApacheErrorLog() as (input: unknown, ctx: typeof testContext) => unknown, errorLogLike as fc.Arbitrary<unknown>);
