import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TransformOptionError } from '../../../transforms/core/errors.js';
import { parseSyslog, type ParseSyslogOptions } from '../../../transforms/logs/parseSyslog.js';
import type { JsonObject, RecordContext } from '../../../transforms/core/types.js';
import { readJsonFixture, repoPath } from '../../helpers/fixtures.js';
import { expectLinearTime } from '../../helpers/linearTime.js';
import { recordOf, run } from '../../helpers/lineParser.js';
import { describeTransformContract, testContext } from '../../helpers/transformContract.js';

const arrivingAt = (iso: string): RecordContext => ({ ...testContext, arrivalTimestamp: Date.parse(iso) });
/** RFC 5424 §6.3.3: `\"`, `\\` and `\]` stand for `"`, `\` and `]` in a PARAM-VALUE. */
const unescapeParamValue = (text: string): string => text.replace(/\\(["\\\]])/g, '$1');

describe('parseSyslog golden fixtures (test/fixtures/syslog/*.expected.json)', () => {
  const folder = 'test/fixtures/syslog';
  const pairs = readdirSync(repoPath(folder)).filter((name) => name.endsWith('.expected.json'));

  it('finds the golden pairs', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(9);
  });

  it.each(pairs)('%s', (expectedName) => {
    // Prepare: one record per line, tab-indented continuation lines belong to the record before them
    const expected = readJsonFixture<{ options: ParseSyslogOptions; records: unknown[] }>(`${folder}/${expectedName}`);
    const records: string[] = [];
    for (const line of readFileSync(repoPath(`${folder}/${expectedName.replace(/\.expected\.json$/, '')}`), 'utf8').split('\n')) {
      if (line === '') continue;
      if (line.startsWith('\t') && records.length > 0) records[records.length - 1] += `\n${line}`;
      else records.push(line);
    }
    const parse = parseSyslog(expected.options);
    // Act
    const actual = records.map((record) => {
      const parsed = run(parse, record);
      return 'failed' in parsed ? { failed: parsed.failed } : parsed.record;
    });
    // Assess
    expect(actual).toEqual(expected.records);
  });
});

describe('parseSyslog against go-syslog RFC 5424 cases (64 valid, 114 invalid)', () => {
  interface GoCase {
    input: string | null;
    input_base64: string;
    valid: boolean;
    comment?: string;
    expected: Record<string, unknown> | null;
    expected_error?: string;
  }
  const cases = readJsonFixture<GoCase[]>('test/fixtures/syslog/go-syslog-rfc5424-cases.json');
  // Where we differ on purpose. Anything else must agree.
  const acceptedOnPurpose: Record<string, string> = {
    '122 - - - - - -': 'a line without PRI is read like syslog-loose does (priority null), not refused',
    '<29>8 2016-01-15T01:00:43Z hn S - - [meta escape="\\n"] 127.0.0.1 - - 1452819643 "GET"':
      'RFC 5424 §6.3.3: a backslash before another character is kept as it is, not an error',
  };
  // What the default (not strict) reading accepts besides, as senders write it.
  const acceptedLeniently: Record<string, string> = {
    '<1>1 - - - - - X': 'no STRUCTURED-DATA before the message: X is the message',
    '<165>3 2003-10-11T22:14:15.003Z example.com evnts - ID27 [id1][id1]': 'a repeated SD-ID: the first element is kept',
    '<165>3 2003-10-12T22:14:15.003Z example.com evnts - ID27 [dupe e="1"][id1][dupe class="l"]': 'a repeated SD-ID: the first element is kept',
  };
  const parse = parseSyslog();
  const strict = parseSyslog({ strict: true });
  const acceptedBy = (parser: typeof parse): (string | null)[] =>
    cases
      .filter((c) => !c.valid)
      .filter((c) => !('failed' in run(parser, Buffer.from(c.input_base64, 'base64'))))
      .map((c) => c.input);

  it('with strict: true fails every invalid case except the documented ones', () => {
    // Act / Assess
    expect(acceptedBy(strict).sort()).toEqual(Object.keys(acceptedOnPurpose).sort());
  });

  it('by default also accepts the documented lenient cases, and no other invalid one', () => {
    // Act / Assess
    expect(acceptedBy(parse).sort()).toEqual([...Object.keys(acceptedOnPurpose), ...Object.keys(acceptedLeniently)].sort());
  });

  it.each(cases.filter((c) => c.valid).map((c, index) => [index, c.input ?? `(bytes) ${c.input_base64}`, c] as const))('valid case %i: %s', (_index, _input, c) => {
    // Act
    const record = recordOf(parse, Buffer.from(c.input_base64, 'base64'));
    // Assess: every field the case gives
    const e = c.expected ?? {};
    expect(record.format).toBe('rfc5424');
    if ('version' in e) expect(record.version).toBe(e.version);
    if ('priority' in e) expect(record.priority).toBe(e.priority);
    if ('facility' in e) expect(record.facilityCode).toBe(e.facility);
    if ('severity' in e) expect(record.severityCode).toBe(e.severity);
    if ('hostname' in e) expect(record.hostname).toBe(e.hostname);
    if ('appname' in e) expect(record.appName).toBe(e.appname);
    if ('procid' in e) expect(record.procId).toBe(e.procid);
    if ('msgid' in e) expect(record.msgId).toBe(e.msgid);
    if ('timestamp' in e) expect(Date.parse(record.timestamp as string)).toBe(Date.parse(e.timestamp as string));
    if ('structuredData' in e) {
      const sd = e.structuredData as Record<string, Record<string, string>>;
      const want = Object.fromEntries(Object.entries(sd).map(([id, params]) => [id, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, unescapeParamValue(v)]))]));
      expect(record.structuredData).toEqual(want);
    }
    if ('message' in e) {
      const message = e.message as string | { base64: string };
      if (typeof message === 'string') expect(record.message).toBe(message.replace(/^\ufeff/, ''));
      else expect(Buffer.from(record.message as string, 'latin1').equals(Buffer.from(message.base64, 'base64'))).toBe(true);
    }
  });
});

describe('parseSyslog against go-syslog RFC 3164 cases', () => {
  interface GoCase {
    input: string;
    expected: { priority: number; facility: number; severity: number; timestamp: { value: string }; hostname?: string; appname?: string; procid?: string; message?: string };
  }
  const cases = readJsonFixture<GoCase[]>('test/fixtures/syslog/go-syslog-rfc3164-cases.json');

  it.each(cases.map((c) => [c.input, c] as const))('%s', (input, c) => {
    // Act
    const record = recordOf(parseSyslog(), input);
    // Assess
    const e = c.expected;
    expect(record).toMatchObject({ format: 'rfc3164', priority: e.priority, facilityCode: e.facility, severityCode: e.severity });
    expect(record.hostname).toBe(e.hostname ?? null);
    expect(record.appName).toBe(e.appname ?? null);
    expect(record.procId).toBe(e.procid ?? null);
    expect(record.message).toBe(e.message ?? null);
    const [month, day, time] = e.timestamp.value.split(/\s+/);
    const stamp = new Date(record.timestamp as string);
    expect(stamp.toUTCString()).toContain(`${day!.padStart(2, '0')} ${month} `);
    expect((record.timestamp as string).slice(11, 19)).toBe(time);
  });
});

describe('parseSyslog against syslog-loose cases', () => {
  interface LooseCase {
    test: string;
    inputs: Record<string, string | null>;
    expected_error?: boolean;
    expected?: null | {
      facility: string | null;
      severity: string | null;
      timestamp: null | { value: string };
      hostname: string | null;
      appname: string | null;
      procid: number | string | null;
      msgid: string | null;
      structured_data: { id: string; params: [string, string][] }[];
      msg: string;
    };
    tz?: string;
  }
  const cases = readJsonFixture<LooseCase[]>('test/fixtures/syslog/syslog-loose-cases.json');
  // syslog-loose reads anything; we read RFC 3164 and RFC 5424, and by default what senders write around
  // them. Where we differ on purpose (by default):
  const differences: Record<string, string> = {
    parse_invalid_message: "not syslog: fails (with unparsed: 'keep' the line becomes the message)",
    parse_exact_error: "not syslog: fails (with unparsed: 'keep' the line becomes the message)",
  };
  // Arriving in mid-January 2020 gives the years syslog-loose's tests use (2019 for December, 2020 otherwise).
  const ctx = arrivingAt('2020-01-15T00:00:00Z');

  const comparable = cases.filter((c) => c.expected != null && (c.inputs.msg ?? c.inputs.raw) != null && !(c.test in differences));

  it('compares most cases', () => {
    expect(comparable.length).toBeGreaterThanOrEqual(24);
  });

  it.each(comparable.map((c) => [c.test, c] as const))('%s', (_test, c) => {
    // Prepare
    const input = c.inputs.msg ?? c.inputs.raw!;
    const timeZone = c.tz === 'chrono_tz::Europe::Paris' ? 'Europe/Paris' : c.tz?.includes('+05:00') === true ? '+05:00' : 'UTC';
    const parse = parseSyslog({ timeZone });
    // Act
    const record = recordOf(parse, input, ctx);
    // Assess
    const e = c.expected!;
    expect(record).toMatchObject({ facility: e.facility, severity: e.severity, hostname: e.hostname, appName: e.appname, msgId: e.msgid });
    expect(record.procId).toBe(e.procid === null ? null : String(e.procid));
    expect(record.message).toBe(e.msg.replace(/^BOM/, 'BOM'));
    const sd = e.structured_data.length === 0 ? null : Object.fromEntries(e.structured_data.map((el) => [el.id, Object.fromEntries(el.params)]));
    expect(record.structuredData).toEqual(sd);
    const stamp = e.timestamp?.value;
    if (stamp === undefined) expect(record.timestamp).toBeNull();
    else if (stamp.includes('(local time zone of the parser)')) expect(record.timestamp).toBe(`${stamp.slice(0, 19)}Z`);
    else if (stamp.includes('(in the tz given to the parser)')) expect(Date.parse(record.timestamp as string)).toBe(Date.parse(`${stamp.slice(0, 19)}+05:00`));
    else expect(Date.parse(record.timestamp as string)).toBe(Date.parse(stamp));
  });

  it.each(cases.filter((c) => c.expected_error === true).map((c) => [c.test, c] as const))('%s fails as it should', (_test, c) => {
    // Act / Assess
    expect(run(parseSyslog(), c.inputs.msg ?? c.inputs.raw!, ctx)).toEqual({ failed: expect.stringMatching(/^parseSyslog: /) });
  });

  it('ignores whitespace and line breaks around a line (handles_weird_whitespace)', () => {
    // Prepare
    const c = cases.find((x) => x.test === 'handles_weird_whitespace')!;
    // Act / Assess
    expect(recordOf(parseSyslog(), c.inputs.raw!, ctx)).toEqual(recordOf(parseSyslog(), c.inputs.cleaned!, ctx));
  });

  it.each(cases.filter((c) => c.test in differences).map((c) => [c.test, differences[c.test]!, c] as const))('%s differs on purpose: %s', (_test, _reason, c) => {
    // Act / Assess
    expect(run(parseSyslog(), c.inputs.msg ?? c.inputs.raw!, ctx)).toEqual({ failed: expect.stringMatching(/^parseSyslog: the line is not/) });
  });

  // What strict: true (the RFCs only) reads differently from syslog-loose.
  it.each([
    ['parse_rsyslog', 'message', /^\[origin /],
    ['rsyslog_omfwd_tcp_default', 'message', /^\[origin /],
    ['parse_european_chars', 'message', /^außerplanmäßig /],
    ['parse_5424_multiple_structured_data', 'failed', /no PARAM-NAME|expected ="value"/],
    ['handles_incorrect_sd_element', 'failed', /expected ="value"/],
    ['handles_incorrect_sd_element_2', 'failed', /expected ="value"/],
  ])('with strict: true, %s differs: %s', (test, field, pattern) => {
    // Prepare
    const c = cases.find((x) => x.test === test)!;
    // Act
    const parsed = run(parseSyslog({ strict: true }), c.inputs.msg ?? c.inputs.raw!, ctx);
    // Assess
    if (field === 'failed') expect((parsed as { failed: string }).failed).toMatch(pattern);
    else expect((parsed as { record: JsonObject }).record.message).toMatch(pattern);
  });

  it("keeps lines that are not syslog as the message with unparsed: 'keep'", () => {
    // Act
    const record = recordOf(parseSyslog({ unparsed: 'keep' }), 'complete and utter gobbledegook');
    // Assess
    expect(record).toMatchObject({ format: null, priority: null, timestamp: null, hostname: null, message: 'complete and utter gobbledegook' });
  });
});

describe('parseSyslog against logstash SYSLOGLINE / SYSLOG5424LINE cases', () => {
  interface GrokCase {
    pattern: string;
    case: string;
    input: string;
    expected_includes: Record<string, string>;
    expected_absent?: string[];
  }
  const cases = readJsonFixture<GrokCase[]>('test/fixtures/syslog/logstash-patterns-syslog-cases.json');
  // grok's SYSLOG5424LINE is looser than RFC 5424; these two lines break it: read by default, failed when strict.
  const invalid5424 = ['host name, leap second, app with [pid]', 'micro-second precision timestamp and structured-data'];

  it.each(cases.map((c) => [`${c.pattern}: ${c.case}`, c] as const))('%s', (_name, c) => {
    // Act
    const record = recordOf(parseSyslog(), c.input);
    // Assess
    const g = c.expected_includes;
    if (g.program !== undefined) expect(record.appName).toBe(g.program);
    if (g['process.name (ecs-v1 mode)'] !== undefined) expect(record.appName).toBe(g['process.name (ecs-v1 mode)']);
    if (g.pid !== undefined) expect(record.procId).toBe(g.pid);
    if (g.logsource !== undefined) expect(record.hostname).toBe(g.logsource);
    if (g.message !== undefined && g.action === undefined) expect(record.message).toBe(g.message);
    if (g.timestamp !== undefined) expect((record.timestamp as string).slice(11)).toContain(g.timestamp.split(' ').at(-1));
    if (g.syslog5424_pri !== undefined) expect(record.priority).toBe(Number(g.syslog5424_pri));
    if (g.syslog5424_ver !== undefined) expect(record.version).toBe(Number(g.syslog5424_ver));
    if (g.syslog5424_host !== undefined) expect(record.hostname).toBe(g.syslog5424_host);
    if (g.syslog5424_app !== undefined) expect(record.appName).toBe(g.syslog5424_app);
    if (g.syslog5424_proc !== undefined) expect(record.procId).toBe(g.syslog5424_proc);
    if (g.syslog5424_msgid !== undefined) expect(record.msgId).toBe(g.syslog5424_msgid);
    // Date.parse knows no leap second: 23:59:60 is the instant after 23:59:59.
    const instant = (ts: string): number => (ts.includes(':60') ? Date.parse(ts.replace(':60', ':59')) + 1_000 : Date.parse(ts));
    if (g.syslog5424_ts !== undefined) expect(Date.parse(record.timestamp as string)).toBe(instant(g.syslog5424_ts));
    // grok drops the space that starts these messages; RFC 5424 says MSG is everything after one space.
    if (g.syslog5424_msg !== undefined) expect((record.message as string).trimStart()).toBe(g.syslog5424_msg);
    if (c.expected_absent?.includes('syslog5424_host')) expect(record.hostname).toBeNull();
  });

  it.each(invalid5424)('with strict: true fails the invalid RFC 5424 line "%s"', (name) => {
    // Act / Assess
    expect(run(parseSyslog({ strict: true }), cases.find((c) => c.case === name)!.input)).toEqual({ failed: expect.stringContaining('parseSyslog: the line is not RFC 5424 or RFC 3164 syslog: at column') });
  });
});

describe('parseSyslog details', () => {
  const parse = parseSyslog();

  it.each([
    ['a December line arriving on January 1 gets the previous year', 'Dec 31 23:59:58 h app: x', '2024-01-01T00:00:05Z', '2023-12-31T23:59:58Z'],
    ['a January line from a clock that runs ahead gets the next year', 'Jan  1 00:00:03 h app: x', '2023-12-31T23:59:59Z', '2024-01-01T00:00:03Z'],
    ['a line from earlier in the year keeps the arrival year', 'Mar  3 10:00:00 h app: x', '2023-11-14T00:00:00Z', '2023-03-03T10:00:00Z'],
    ['a line up to 31 days ahead keeps the arrival year', 'Dec 10 10:00:00 h app: x', '2023-11-14T00:00:00Z', '2023-12-10T10:00:00Z'],
    ['Feb 29 takes the leap year', 'Feb 29 12:00:00 h app: x', '2024-03-01T00:00:00Z', '2024-02-29T12:00:00Z'],
    ['Feb 29 arriving a year later takes the leap year before', 'Feb 29 12:00:00 h app: x', '2025-01-10T00:00:00Z', '2024-02-29T12:00:00Z'],
    ['a year written in the line is used', 'Mar 12 2012 12:00:08 server2 rcd[308]: x', '2023-11-14T00:00:00Z', '2012-03-12T12:00:08Z'],
    ['a single-digit day with one space', 'Jan 5 10:01:00 h app: x', '2020-01-15T00:00:00Z', '2020-01-05T10:01:00Z'],
    ['an RFC 3339 time in a BSD line keeps its microseconds', '2019-02-13T21:53:30.605850+00:00 h app: x', '2023-11-14T00:00:00Z', '2019-02-13T21:53:30.605850Z'],
    ['an RFC 5424 leap second rolls into the next minute', '<1>1 2016-12-31T23:59:60Z h a p m - x', '2023-11-14T00:00:00Z', '2017-01-01T00:00:00Z'],
    ['an RFC 5424 offset of -23:59 is converted', '<1>1 2018-12-31T23:59:59.999999-23:59 h a p m - x', '2023-11-14T00:00:00Z', '2019-01-01T23:58:59.999999Z'],
  ])('%s', (_name, line, arrival, timestamp) => {
    // Act / Assess
    expect(recordOf(parse, line, arrivingAt(arrival)).timestamp).toBe(timestamp);
  });

  it('fails Feb 29 when no year near the arrival has one', () => {
    expect(run(parse, 'Feb 29 12:00:00 h app: x', arrivingAt('2022-06-01T00:00:00Z'))).toEqual({ failed: expect.stringContaining("names no real date or time of day near the record's arrival time") });
  });

  it.each([
    ['UTC', 'Jul 14 13:36:03 h app: x', '2023-07-14T13:36:03Z', '+00:00'],
    ['+05:30', 'Jul 14 13:36:03 h app: x', '2023-07-14T08:06:03Z', '+05:30'],
    ['-0800', 'Jul 14 13:36:03 h app: x', '2023-07-14T21:36:03Z', '-08:00'],
    ['Europe/Paris', 'Jul 14 13:36:03 h app: x', '2023-07-14T11:36:03Z', '+02:00'],
    ['Europe/Paris', 'Jan 14 13:36:03 h app: x', '2023-01-14T12:36:03Z', '+01:00'],
    ['America/New_York', 'Mar 12 03:30:00 h app: x', '2023-03-12T07:30:00Z', '-04:00'],
  ])('reads zone-less BSD times in timeZone %s', (timeZone, line, timestamp, offset) => {
    // Act
    const record = recordOf(parseSyslog({ timeZone }), line);
    // Assess
    expect(record).toMatchObject({ timestamp, utcOffset: offset });
  });

  it('parses structured data with escapes and repeated parameter names into nested objects', () => {
    // Act
    const record = recordOf(parse, '<165>1 2003-10-11T22:14:15.003Z host app - ID47 [a@1 x="q\\"uote" y="back\\\\slash" z="br\\]acket" x="second"][b@2] msg');
    // Assess
    expect(record.structuredData).toEqual({ 'a@1': { x: ['q"uote', 'second'], y: 'back\\slash', z: 'br]acket' }, 'b@2': {} });
    expect(record.message).toBe('msg');
  });

  it('removes the BOM that starts an RFC 5424 MSG and keeps UTF-8 text', () => {
    // Act
    const record = recordOf(parse, Buffer.from('<14>1 2024-05-01T10:00:00Z h app - - - \ufeffGrüße aus Köln', 'utf8'));
    // Assess
    expect(record.message).toBe('Grüße aus Köln');
  });

  it('reads bytes that are not UTF-8 as ISO-8859-1 unless a BOM declared UTF-8', () => {
    // Prepare
    const latin1 = Buffer.concat([Buffer.from('<14>1 - h app - - - fond'), Buffer.from([0xfc]), Buffer.from(' ch'), Buffer.from([0xe4, 0xe4]), Buffer.from('s')]);
    const bomThenLatin1 = Buffer.concat([Buffer.from('<14>1 - h app - - - '), Buffer.from([0xef, 0xbb, 0xbf, 0xfc])]);
    // Act / Assess
    expect(recordOf(parse, latin1).message).toBe('fondü chääs');
    expect(run(parse, bomThenLatin1)).toEqual({ failed: expect.stringContaining('starts with a byte-order mark, which declares UTF-8, but the record\'s bytes are not valid UTF-8') });
  });

  it('keeps multi-line messages whole and trims the line break that ends a record', () => {
    // Act
    const record = recordOf(parse, 'Aug 16 00:32:15 Tims-Air syslogd[314]: Configuration Notice:\n\tASL Module "com.apple.install" claims selected messages.\r\n');
    // Assess
    expect(record.message).toBe('Configuration Notice:\n\tASL Module "com.apple.install" claims selected messages.');
  });

  it('refuses structured data that could pollute prototypes, and never touches Object.prototype', () => {
    // Prepare
    const lines = ['<1>1 - - - - - [__proto__ polluted="yes"] m', '<1>1 - - - - - [x __proto__="yes"] m', '<1>1 - - - - - [constructor prototype="yes"] m', '<1>1 - - - - - [x __proto__=yes][ok a="1"] m'];
    // Act
    const strictOutcomes = lines.slice(0, 3).map((line) => run(parseSyslog({ strict: true }), line));
    const lenient = lines.map((line) => run(parse, line));
    // Assess: strict fails them; the default leaves such elements out and keeps the others
    for (const outcome of strictOutcomes) expect(outcome).toEqual({ failed: expect.stringContaining('could pollute prototypes') });
    for (const outcome of lenient) {
      if ('failed' in outcome) continue;
      expect(JSON.stringify(outcome.record.structuredData ?? {})).not.toMatch(/__proto__|constructor|prototype/);
    }
    expect(lenient[3]).toMatchObject({ record: { structuredData: { ok: { a: '1' } }, message: 'm' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseSyslog rejected lines (strict: true; the default fails them too unless said below)', () => {
  const parse = parseSyslog({ strict: true });
  it.each([
    ['the line is empty', '   ', 'at column 1, the line is empty'],
    ['PRI is above 191', '<192>1 - - - - - -', 'at column 1, expected <PRI> with a priority from 0 to 191'],
    ['PRI has a leading zero', '<01>Oct 11 22:14:15 host app: x', 'at column 1, expected <PRI> with a priority from 0 to 191 (no leading zeros)'],
    ['the month is not English', 'août 19 11:08:37 nlaptop symphorien[4961]: test', 'at column 1, expected a timestamp such as "Oct 11 22:14:15" (English month)'],
    ['the BSD time has no seconds', '<13>Oct 11 22:14 host app: x', 'at column 12, expected the time of day as hh:mm:ss'],
    ['the RFC 5424 timestamp has a lower-case t', '<29>1 2006-01-02t15:04:05Z - - - - -', 'at column 7, expected a timestamp such as 2003-10-11T22:14:15.003Z or -'],
    ['the RFC 5424 timestamp has 7 fraction digits', '<29>1 2006-01-02T15:04:05.1234567Z - - - - -', "at column 26, the timestamp's fraction of a second must have 1 to 6 digits"],
    ['the RFC 5424 offset hours are 24', '<29>1 2003-08-24T05:14:15-24:00 - - - - -', 'at column 26, expected a UTC offset such as +02:00'],
    ['the day does not exist', '<29>1 2003-09-31T22:14:15Z - - - - -', 'at column 7, the timestamp names no real date or time of day'],
    ['a HOSTNAME is longer than 255 characters', `<1>1 - ${'h'.repeat(256)} - - - -`, 'at column 8, the RFC 5424 HOSTNAME is 256 characters long; at most 255 are allowed'],
    ['an APP-NAME is longer than 48 characters', `<1>1 - - ${'a'.repeat(49)} - - -`, 'the RFC 5424 APP-NAME is 49 characters long; at most 48 are allowed'],
    ['two spaces separate header fields', '<1>1 -   - - - -', "at column 8, expected the RFC 5424 HOSTNAME (1 to 255 printable US-ASCII characters) or '-', found a space"],
    ['the header stops early', '<1>1 - host', 'the line ends before the RFC 5424 HOSTNAME field'],
    ['STRUCTURED-DATA is neither - nor [', '<1>1 - - - - - X', "at column 16, expected STRUCTURED-DATA: '-' or elements such as [id key=\"value\"]"],
    ['an SD element has no id', '<1>1 - - - - - []', 'at column 17, expected an SD-ID'],
    ['a PARAM-VALUE holds an unescaped ]', '<29>3 2016-01-15T01:00:43Z hn S - - [meta escape="]"] x', "a ']' inside a PARAM-VALUE must be escaped as \\]"],
    ['an SD-ID repeats', '<165>3 2003-10-11T22:14:15.003Z example.com evnts - ID27 [id1][id1]', 'the SD-ID repeats an earlier element of the same message'],
    ['MSG is not separated by a space', '<1>1 - - - - - [a]b', 'at column 19, expected a space between STRUCTURED-DATA and MSG'],
    ['the version is 0 (so the line is no RFC 5424 and no BSD line either)', '<103>0 2018-11-22T10:00:00Z - - - - -', 'at column 6, expected a timestamp such as 2003-10-11T22:14:15Z'],
  ])('fails when %s', (_reason, line, message) => {
    // Act
    const parsed = run(parse, line);
    // Assess
    expect(parsed).toEqual({ failed: expect.stringContaining(message) });
  });

  it("fails BSD lines when format is 'rfc5424', and RFC 5424 lines when it is 'rfc3164'", () => {
    // Act / Assess
    expect(run(parseSyslog({ format: 'rfc5424' }), '<13>Oct 11 22:14:15 host app: x')).toEqual({ failed: expect.stringContaining('is not RFC 5424 syslog: at column 5, expected the RFC 5424 VERSION') });
    expect(run(parseSyslog({ format: 'rfc3164' }), '<13>1 2003-10-11T22:14:15Z host app - - - x')).toEqual({ failed: expect.stringContaining('is not RFC 3164 syslog') });
  });

  it('fails a value of the wrong type instead of throwing', () => {
    expect(run(parse, { line: 'x' } as unknown as string)).toEqual({ failed: expect.stringContaining('the record is object, expected a syslog line as text or bytes') });
  });

  it('never puts line content in error messages', () => {
    // Prepare
    const marker = 'SECRET-4111111111111111';
    const pieces = fc.constantFrom('<13>', '<1>1 ', 'Oct 11 22:14:15 ', '2003-10-11T22:14:15Z ', '- ', '[', ']', '"', '=', ' ', marker, `[${marker} a="1"]`, `[x ${marker}="1"]`, `${marker}:`);
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 16 }), (parts) => {
        // Act
        const parsed = run(parse, parts.join(''));
        // Assess
        if ('failed' in parsed) expect(parsed.failed).not.toContain(marker);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['spaces', (n: number) => ' '.repeat(n)],
    ['opening brackets as structured data', (n: number) => `<1>1 - - - - - ${'['.repeat(n)}`],
    ['one long PARAM-VALUE full of escapes', (n: number) => `<1>1 - - - - - [a b="${'\\"\\]\\\\'.repeat(n / 6)}`],
    ['many empty SD elements', (n: number) => `<1>1 - - - - - ${'[a]'.repeat(n / 3)}`],
    ['a BSD line whose tag never ends', (n: number) => `Oct 11 22:14:15 host ${'['.repeat(n)}`],
    ['a BSD message', (n: number) => `Oct 11 22:14:15 host app[1]: ${'x '.repeat(n / 2)}`],
  ])('reads a line of %s in time linear in its length (up to 1 MB)', (_kind, line) => {
    // Act / Assess: 8× the line, at most 24× the time (quadratic would be 64×)
    expectLinearTime(line, (text) => run(parse, text));
  });
});

describe('parseSyslog options', () => {
  it.each([
    ['an unknown option', { formats: 'auto' }, "option 'formats' is not a known option"],
    ['an unknown format', { format: 'rfc5425' }, "option 'format' is \"rfc5425\""],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, "option 'timeZone' is \"Mars/Olympus\", which is no time zone"],
    ['an offset beyond 23:59', { timeZone: '+24:00' }, "option 'timeZone' is \"+24:00\""],
    ['a time zone that is not text', { timeZone: 2 }, "option 'timeZone' is 2"],
    ['a bad unparsed', { unparsed: 'drop' }, "option 'unparsed' is \"drop\""],
  ])('refuses %s', (_reason, options, message) => {
    // Act / Assess
    expect(() => parseSyslog(options as ParseSyslogOptions)).toThrow(TransformOptionError);
    expect(() => parseSyslog(options as ParseSyslogOptions)).toThrow(message);
  });
});

const syslogLike = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.constantFrom('<13>', '<165>1 ', 'Oct 11 22:14:15 ', '2003-10-11T22:14:15.003Z ', '- ', 'host ', 'app[1]: ', '[a b="c"]', '[', ']', '"', '\\', '=', ' ', 'x', '\n', '\ufeff'), { maxLength: 20 }).map((parts) => parts.join('')),
  fc.uint8Array({ maxLength: 200 }),
);
describeTransformContract('parseSyslog', parseSyslog() as (input: unknown, ctx: typeof testContext) => unknown, syslogLike as fc.Arbitrary<unknown>);
describeTransformContract("parseSyslog (Europe/Paris, unparsed: 'keep')", parseSyslog({ timeZone: 'Europe/Paris', unparsed: 'keep' }) as (input: unknown, ctx: typeof testContext) => unknown, syslogLike as fc.Arbitrary<unknown>);
