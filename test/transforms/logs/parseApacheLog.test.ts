import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TransformOptionError } from '../../../transforms/core/errors.js';
import { apacheLogFieldNames, parseApacheLog, type ParseApacheLogOptions } from '../../../transforms/logs/parseApacheLog.js';
import type { JsonObject } from '../../../transforms/core/types.js';
import { repoPath, readJsonFixture } from '../../helpers/fixtures.js';
import { expectLinearTime } from '../../helpers/linearTime.js';
import { recordOf, run } from '../../helpers/lineParser.js';
import { describeTransformContract, testContext } from '../../helpers/transformContract.js';

function readLines(relative: string): string[] {
  const bytes = readFileSync(repoPath(relative));
  const text = relative.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return text.split('\n').filter((line) => line !== '');
}

describe('parseApacheLog golden fixtures (test/fixtures/apache/*.expected.json)', () => {
  const folder = 'test/fixtures/apache';
  const pairs = readdirSync(repoPath(folder)).filter((name) => name.endsWith('.expected.json'));

  it('finds the golden pairs', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(5);
  });

  it.each(pairs)('%s', (expectedName) => {
    // Prepare
    const expected = readJsonFixture<{ options: ParseApacheLogOptions; lines: (JsonObject | { failed: string })[] }>(`${folder}/${expectedName}`);
    const lines = readLines(`${folder}/${expectedName.replace(/\.expected\.json$/, '')}`);
    const parse = parseApacheLog(expected.options);
    // Act
    const actual = lines.map((line) => {
      const parsed = run(parse, line);
      return 'failed' in parsed ? { failed: parsed.failed } : parsed.record;
    });
    // Assess
    expect(actual).toEqual(expected.lines);
  });
});

describe('parseApacheLog on 10,000 real combined lines (elastic/examples)', () => {
  const lines = readLines('test/fixtures/apache/elastic-examples_apache_logs.log.gz');
  // An independent reading of the same lines with a plain regular expression, used as the reference
  // for every line it can read (lines with backslash escapes are checked by the golden fixtures).
  const reference = /^(\S+) (\S+) (\S+) \[([^\]]+)\] "([^"\\]*)" (\d{3}) (\d+|-) "([^"\\]*)" "([^"\\]*)"$/;

  it('parses every line under auto, and the one truncated line (no closing quote) only as common', () => {
    // Prepare
    const auto = parseApacheLog();
    const combined = parseApacheLog({ format: 'combined' });
    // Act
    const autoFailures = lines.filter((line) => 'failed' in run(auto, line));
    const combinedFailures = lines.map((line, index) => [index + 1, run(combined, line)] as const).filter(([, parsed]) => 'failed' in parsed);
    // Assess
    expect(lines).toHaveLength(10_000);
    expect(autoFailures).toEqual([]);
    expect(combinedFailures.map(([line]) => line)).toEqual([8899]);
    expect((combinedFailures[0]![1] as { failed: string }).failed).toContain('field userAgent (%{User-Agent}i) at column 112 did not match: found no closing quote');
  });

  it('agrees with the reference reading on every field of every line it reads', () => {
    // Prepare
    const parse = parseApacheLog({ format: 'combined' });
    let compared = 0;
    // Act / Assess
    for (const line of lines) {
      const match = reference.exec(line);
      if (match === null) continue;
      compared++;
      const record = recordOf(parse, line);
      const [, client, ident, user, time, request, status, bytes, referrer, userAgent] = match;
      const [method, target, protocol] = request!.split(' ');
      const expectedMs = Date.parse(time!.replace(':', ' ').replaceAll('/', ' '));
      expect(record).toEqual({
        client,
        ident: ident === '-' ? null : ident,
        user: user === '-' ? null : user,
        timestamp: new Date(expectedMs).toISOString().replace('.000Z', 'Z'),
        utcOffset: `${time!.slice(-5, -2)}:${time!.slice(-2)}`,
        request,
        method,
        path: target!.split('?')[0],
        query: target!.includes('?') ? target!.slice(target!.indexOf('?') + 1) : null,
        protocol,
        status: Number(status),
        bytes: bytes === '-' ? 0 : Number(bytes),
        referrer: referrer === '-' ? null : referrer,
        userAgent: userAgent === '-' ? null : userAgent,
      });
    }
    expect(compared).toBeGreaterThan(9_900);
  });

  it("writes 0 for the 669 lines whose bytes are '-' (null with bytesDash: 'null')", () => {
    // Prepare
    const zero = parseApacheLog();
    const nul = parseApacheLog({ bytesDash: 'null' });
    const dashLines = lines.filter((line) => / \d{3} - "/.test(line));
    // Act
    const zeros = dashLines.map((line) => recordOf(zero, line).bytes);
    const nulls = dashLines.map((line) => recordOf(nul, line).bytes);
    // Assess
    expect(dashLines).toHaveLength(669);
    expect(new Set(zeros)).toEqual(new Set([0]));
    expect(new Set(nulls)).toEqual(new Set([null]));
  });

  it('keeps \\xNN-escaped latin-1 bytes that are not UTF-8 exactly as written (lines 5851, 5853, 5860)', () => {
    // Prepare
    const parse = parseApacheLog();
    // Act
    const referrers = [5851, 5853, 5860].map((n) => recordOf(parse, lines[n - 1]!).referrer as string);
    // Assess
    for (const referrer of referrers) {
      expect(referrer).toMatch(/\\x[0-9a-f]{2}/);
      expect(lines.some((line) => line.includes(`"${referrer}"`))).toBe(true);
    }
  });
});

describe('parseApacheLog on 1,000 real NGINX lines (lnav shop log: +0330 offset, trailing "$http_x_forwarded_for")', () => {
  const lines = readLines('test/fixtures/apache/lnav-logfile_shop_access_log.0.gz');

  it('parses every line, converts the +03:30 offset and can keep the trailing field', () => {
    // Prepare
    const parse = parseApacheLog({ trailingText: 'keep' });
    // Act
    const records = lines.map((line) => recordOf(parse, line));
    // Assess
    expect(records).toHaveLength(1_000);
    expect(new Set(records.map((r) => r.utcOffset))).toEqual(new Set(['+03:30']));
    expect(records.filter((r) => !/^"[^"]*"$/.test(r.trailing as string))).toEqual([]);
    expect(records.filter((r) => r.trailing === '"-"').length).toBeGreaterThan(900);
    expect(records[0]).toMatchObject({ client: '54.36.149.41', timestamp: '2019-01-22T00:26:14Z', status: 200, bytes: 30577, method: 'GET', protocol: 'HTTP/1.1' });
    expect(Math.max(...records.map((r) => (r.request as string).length))).toBeGreaterThan(450);
  });
});

describe('parseApacheLog against filebeat expectations (elastic/beats test lines)', () => {
  interface BeatsCase {
    input: string;
    format?: string;
    note?: string;
    expected_core?: Record<string, unknown>;
  }
  const cases = readJsonFixture<BeatsCase[]>('test/fixtures/apache/filebeat-apache-nginx-access-test-lines.json');
  // The LogFormat each test line was written with (beats documents them per test file).
  const formatOf = (c: BeatsCase): string => {
    if (c.format !== undefined) return '%t %h %{SSL_PROTOCOL}x %{SSL_CIPHER}x "%r" %b';
    if (c.input.startsWith('vhost1')) return '%v %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"';
    if (c.input.startsWith('"')) return '"%{X-Forwarded-For}i" %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"';
    if (/^\S+, \S+ \S+ - /.test(c.input) && !c.input.startsWith('10.0.0.2')) return '%{X-Forwarded-For}i %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"';
    return 'auto';
  };

  it.each(cases.map((c, index) => [index, c] as const))('line %i', (_index, c) => {
    // Prepare
    const parse = parseApacheLog({ format: formatOf(c) });
    // Act
    const record = recordOf(parse, c.input);
    // Assess
    const e = c.expected_core;
    if (e === undefined) return;
    const want: Record<string, unknown> = {};
    if ('@timestamp' in e) want.timestamp = (e['@timestamp'] as string).replace('.000Z', 'Z');
    if ('http.response.status_code' in e) want.status = e['http.response.status_code'];
    if ('http.response.body.bytes' in e) want.bytes = e['http.response.body.bytes'];
    if ('http.version' in e) want.protocol = `HTTP/${String(e['http.version'])}`;
    if ('user_agent.original' in e) want.userAgent = e['user_agent.original'] === '-' ? null : e['user_agent.original'];
    if ('http.request.referrer' in e) want.referrer = e['http.request.referrer'] === '-' ? null : e['http.request.referrer'];
    if ('user.name' in e) want.user = e['user.name'] === '-' ? null : e['user.name'];
    if ('apache.access.ssl.cipher' in e) want.sslCipher = e['apache.access.ssl.cipher'];
    if ('apache.access.ssl.protocol' in e) want.sslProtocol = e['apache.access.ssl.protocol'];
    if ('nginx.access.remote_ip_list' in e) {
      const list = e['nginx.access.remote_ip_list'] as string[];
      if ('requestHeaderXForwardedFor' in record) want.requestHeaderXForwardedFor = list.slice(0, -1).join(', ');
      else want.client = list.join(', ');
    } else if ('source.address' in e) {
      want.client = e['source.address'];
    }
    expect(record).toMatchObject(want);
    if ('http.request.method' in e) expect((record.method as string).toLowerCase()).toBe((e['http.request.method'] as string).toLowerCase());
    if ('url.original' in e) expect(`${String(record.path)}${record.query === null ? '' : `?${String(record.query)}`}`).toBe(e['url.original']);
    if (!('http.request.method' in e) && 'request' in record) expect(record.method).toBeNull();
  });
});

describe('parseApacheLog against logstash HTTPD_COMBINEDLOG cases', () => {
  interface GrokCase {
    pattern: string;
    case: string;
    input: string;
    expected_includes: Record<string, string>;
    expected_absent?: string[];
  }
  const cases = readJsonFixture<GrokCase[]>('test/fixtures/apache/logstash-patterns-httpd-cases.json');

  it.each(cases.filter((c) => c.pattern === 'HTTPD_COMBINEDLOG').map((c) => [c.case, c] as const))('%s', (_name, c) => {
    // Act
    const record = recordOf(parseApacheLog({ format: 'combined' }), c.input);
    // Assess
    const grok = c.expected_includes;
    const unquote = (text: string): string => text.replace(/^"|"$/g, '');
    if (grok.clientip !== undefined) expect(record.client).toBe(grok.clientip);
    if (grok.auth !== undefined) expect(record.user).toBe(grok.auth === '-' ? null : grok.auth);
    if (grok.verb !== undefined) expect(record.method).toBe(grok.verb);
    if (grok.request !== undefined) expect(record.path).toBe(grok.request.split('?')[0]);
    if (grok.httpversion !== undefined) expect(record.protocol).toBe(`HTTP/${grok.httpversion}`);
    if (grok.response !== undefined) expect(record.status).toBe(Number(grok.response));
    if (grok.bytes !== undefined) expect(record.bytes).toBe(Number(grok.bytes));
    if (grok.referrer !== undefined) expect(record.referrer).toBe(unquote(grok.referrer) === '-' ? null : unquote(grok.referrer));
    if (grok.agent !== undefined) expect(record.userAgent).toBe(unquote(grok.agent));
    if (c.expected_absent?.includes('response')) expect(record.status).toBeNull();
  });

  it.each(cases.filter((c) => c.pattern === 'HTTPDATE').map((c) => [c.case, c] as const))('rejects the time %s (Apache writes English three-letter months)', (_name, c) => {
    // Act
    const parsed = run(parseApacheLog({ format: '%t' }), c.input);
    // Assess
    expect(parsed).toEqual({ failed: expect.stringContaining('field timestamp (%t) at column 2 did not match') });
  });
});

describe('parseApacheLog with AWS blueprint field names', () => {
  it("reads the Lambda test tool's apachelog sample event exactly as AWS's blueprint does", () => {
    // Prepare
    const event = readJsonFixture<{ records: { data: string }[] }>('test/fixtures/apache/aws-lambda-dotnet-SampleRequests-kinesis-firehose-apachelog.json');
    const data = Buffer.from(event.records[0]!.data, 'base64');
    // Act
    const record = recordOf(parseApacheLog({ fieldNames: 'aws-blueprint' }), data.toString('utf8'));
    // Assess: AWS's blueprint gives host, ident, authuser, @timestamp, request, response, bytes, verb, timezone, @timestamp_utc
    expect(record).toEqual({
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
      referrer: null,
      userAgent: null,
    });
  });

  it('lists the CSV columns of a configuration', () => {
    // Act / Assess
    expect(apacheLogFieldNames({ format: 'common', fieldNames: 'aws-blueprint' })).toEqual(['host', 'ident', 'authuser', '@timestamp', 'timezone', '@timestamp_utc', 'request', 'verb', 'response', 'bytes']);
    expect(apacheLogFieldNames({ trailingText: 'keep' })).toEqual([
      'client', 'ident', 'user', 'timestamp', 'utcOffset', 'request', 'method', 'path', 'query', 'protocol', 'status', 'bytes', 'referrer', 'userAgent', 'trailing',
    ]);
  });
});

describe('parseApacheLog rejected lines', () => {
  const combined = parseApacheLog({ format: 'combined' });
  it.each([
    ['the time has no closing bracket', '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000 "GET / HTTP/1.1" 200 1 "-" "-"', "field timestamp (%t) at column 13 did not match: found no ']' closing the time"],
    ['the hour is 24', '1.2.3.4 - - [10/Oct/2023:24:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"', 'field timestamp (%t) at column 14 did not match: the time names no real date or time of day'],
    ['the offset minutes are 60', '1.2.3.4 - - [10/Oct/2023:13:55:36 +0060] "GET / HTTP/1.1" 200 1 "-" "-"', 'expected a UTC offset such as +0000 after the time'],
    ['the request has no closing quote', '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1 200 1', 'field request (%r) at column 43 did not match: found no closing quote followed by "\\" "'],
    ['the status is not a number', '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" OK 1 "-" "-"', "field status (%>s) at column 59 did not match: expected digits or '-', found a 2-character value"],
    ['the referrer is not quoted', '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 1 - "-"', "field bytes (%b) at column 63 did not match: expected digits or '-', found a 3-character value"],
    ['the user agent is not quoted', '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" curl', 'field referrer (%{Referer}i) at column 66 did not match: found no closing quote followed by "\\" \\""'],
    ['a field is missing', '1.2.3.4 - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"', 'field timestamp (%t) at column 33 did not match'],
    ['the bytes have 17 digits', '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 12345678901234567 "-" "-"', 'found a 17-character value'],
    ['the bytes exceed 2^53', '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 9007199254740993 "-" "-"', 'found a 16-character value'],
    ['the line is empty', '', 'field client (%h) at column 1 did not match'],
    ['the record holds two lines', '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"\n1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"', 'the record holds more than one line (a line break at column 72)'],
  ])('fails when %s', (_reason, line, message) => {
    // Act
    const parsed = run(combined, line);
    // Assess
    expect(parsed).toEqual({ failed: expect.stringContaining(message) });
    expect((parsed as { failed: string }).failed).toMatch(/^parseApacheLog: /);
  });

  it.each([
    ['bytes that are not UTF-8', Uint8Array.from([0x31, 0xff, 0xfe]), "not valid UTF-8; put decodeText({ invalidUtf8: 'replace' })"],
  ])('fails on %s', (_reason, input, message) => {
    // Act / Assess
    expect(run(combined, input)).toEqual({ failed: expect.stringContaining(message) });
  });

  it("fails on text after the format with trailingText: 'fail', and ignores it by default", () => {
    // Prepare
    const line = '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-" 1234';
    // Act / Assess
    expect(run(parseApacheLog({ format: 'combined', trailingText: 'fail' }), line)).toEqual({ failed: expect.stringContaining('has 5 characters after the last field of the format') });
    expect(recordOf(combined, line)).not.toHaveProperty('trailing');
  });

  it('fails a value of the wrong type instead of throwing', () => {
    // Act / Assess
    expect(run(combined, 42 as unknown as string)).toEqual({ failed: expect.stringContaining('the record is number, expected a log line as text or bytes') });
  });

  it('never puts line content in error messages', () => {
    // Prepare: every line carries a marker; whatever fails, the message must not repeat it
    const parse = parseApacheLog();
    const marker = 'SECRET-4111111111111111';
    const pieces = fc.constantFrom('1.2.3.4', ' ', '-', '[10/Oct/2023:13:55:36 +0000]', '"', '\\"', 'GET / HTTP/1.1', '200', marker, `"${marker}"`, `[${marker}]`);
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 20 }), (parts) => {
        // Act
        const parsed = run(parse, parts.join(''));
        // Assess
        if ('failed' in parsed) expect(parsed.failed).not.toContain(marker);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseApacheLog real-world oddities', () => {
  const parse = parseApacheLog();

  it('keeps a 1 MB request URL whole', () => {
    // Prepare
    const path = `/${'a'.repeat(1_000_000)}`;
    const line = `1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET ${path}?x=1 HTTP/1.1" 414 0 "-" "-"`;
    // Act
    const record = recordOf(parse, line);
    // Assess
    expect(record.path).toBe(path);
    expect(record.query).toBe('x=1');
    expect(record.status).toBe(414);
  });

  it('reads a NGINX line whose header values hold \\x22 (a quote) and \\x5C (a backslash)', () => {
    // Act
    const record = recordOf(parse, '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "say \\x22hi\\x22 \\x5C o/"');
    // Assess
    expect(record.userAgent).toBe('say "hi" \\ o/');
  });

  it('accepts %U%q written together and a time as epoch milliseconds', () => {
    // Act
    const record = recordOf(parseApacheLog({ format: '%h [%{msec}t] "%m %U%q %H" %>s' }), '::1 [1696946136123] "GET /a/b?c=d&e HTTP/1.1" 200');
    // Assess
    expect(record).toEqual({ client: '::1', timestamp: '2023-10-10T13:55:36.123Z', method: 'GET', path: '/a/b', query: 'c=d&e', protocol: 'HTTP/1.1', status: 200 });
  });

  it.each([
    ['spaces', (n: number) => ' '.repeat(n)],
    ['quotes', (n: number) => '"'.repeat(n)],
    ['quotes and spaces', (n: number) => '" '.repeat(n / 2)],
    ['a valid prefix, then quotes and spaces', (n: number) => `1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "${'" '.repeat(n / 2)}`],
    ['a valid prefix, then escaped quotes and backslashes', (n: number) => `1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "${'\\"\\\\ '.repeat(n / 4)}`],
    ['commas and spaces where the client is', (n: number) => `${', '.repeat(n / 2)}`],
    ['brackets', (n: number) => '['.repeat(n)],
  ])('reads a line of %s in time linear in its length (up to 1 MB)', (_kind, line) => {
    // Act / Assess: 8× the line, at most 24× the time (quadratic would be 64×)
    expectLinearTime(line, (text) => run(parse, text));
  });
});

describe('parseApacheLog options', () => {
  it.each([
    ['an unknown option', { formt: 'combined' }, "option 'formt' is not a known option"],
    ['an unknown named format', { format: 'combind' }, "option 'format' is \"combind\", which is no named format and no LogFormat string"],
    ['an unknown directive', { format: '%h %Z' }, "has the unknown directive %Z at position 4"],
    ['adjacent directives', { format: '%h%l' }, 'has %h directly followed by %l at position 3'],
    ['two directives for one field', { format: '%b %B' }, "has %b and %B which both produce the field 'bytes'"],
    ['a header without a name', { format: '%{}i' }, 'has %{}i without a name in braces'],
    ['an unclosed brace', { format: '%{Referer' }, "has an unclosed '{' at position 2"],
    ['a strftime time format', { format: '%{%Y-%m-%d}t' }, 'only %t, %{sec}t, %{msec}t and %{usec}t are supported'],
    ['a format ending in %', { format: '%h %' }, 'ends with an incomplete directive at position 4'],
    ['no directive', { format: 'plain text' }, 'has no % directive'],
    ['an empty format', { format: '' }, "option 'format' is empty"],
    ['a reserved field name', { format: '%{constructor}x' }, "field name 'constructor' is reserved"],
    ['a line break in the format', { format: '%h\\n%l' }, 'contains \\n but each log line is one record'],
    ['a bad fieldNames', { fieldNames: 'aws' }, "option 'fieldNames' is \"aws\""],
    ['a bad bytesDash', { bytesDash: 0 }, "option 'bytesDash' is 0"],
    ['a bad trailingText', { trailingText: 'drop' }, "option 'trailingText' is \"drop\""],
  ])('refuses %s', (_reason, options, message) => {
    // Act / Assess
    expect(() => parseApacheLog(options as ParseApacheLogOptions)).toThrow(TransformOptionError);
    expect(() => parseApacheLog(options as ParseApacheLogOptions)).toThrow(message);
  });
});

const logLineLike = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.constantFrom('1.2.3.4', '::1', ' ', '-', '[10/Oct/2023:13:55:36 +0000]', '"', '\\', 'GET /a?b HTTP/1.1', '200', '512', '\n'), { maxLength: 24 }).map((parts) => parts.join('')),
  fc.uint8Array({ maxLength: 200 }),
);
describeTransformContract('parseApacheLog', parseApacheLog() as (input: unknown, ctx: typeof testContext) => unknown, logLineLike as fc.Arbitrary<unknown>);
describeTransformContract('parseApacheLog (aws-blueprint, custom format)', parseApacheLog({ format: '%v:%p %a %l %u %t "%r" %>s %O %D', fieldNames: 'aws-blueprint' }) as (input: unknown, ctx: typeof testContext) => unknown, logLineLike as fc.Arbitrary<unknown>);
