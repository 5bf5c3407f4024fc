import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BlueprintConfigError } from '../../blueprints/handler/errors.js';
import { silentLogger } from '../../blueprints/handler/logger.js';
import { blueprints } from '../../blueprints/registry.js';
import { createSyslogToCsvHandler, SYSLOG_CSV_COLUMNS } from '../../blueprints/syslogToCsv.js';
import { recordDataArbitrary, runHandlerChecked } from '../../testing/index.js';
import { describeBlueprintContract } from '../helpers/blueprintContract.js';
import { decoded, eventOf } from '../helpers/events.js';
import { repoPath } from '../helpers/fixtures.js';

/** Syslog lines of both formats (messages with commas, quotes and line breaks), mixed with text and bytes that are none. */
const syslogLine: fc.Arbitrary<Uint8Array> = fc
  .record({
    pri: fc.integer({ min: 0, max: 191 }),
    rfc5424: fc.boolean(),
    host: fc.domain(),
    app: fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/),
    message: fc.string({ unit: 'grapheme', maxLength: 60 }),
  })
  .map((m) => Buffer.from(m.rfc5424 ? `<${m.pri}>1 2024-11-21T08:14:02.003Z ${m.host} ${m.app} - - [a@1 k="v,\\"q\\""] ${m.message}` : `<${m.pri}>Nov 21 08:14:02 ${m.host} ${m.app}: ${m.message}`));
const syslogData = fc.oneof({ arbitrary: syslogLine, weight: 4 }, { arbitrary: recordDataArbitrary('text'), weight: 1 }, { arbitrary: recordDataArbitrary('invalid-utf8'), weight: 1 });

describeBlueprintContract('syslog-to-csv', (overrides) => createSyslogToCsvHandler({}, overrides), syslogData, { numRuns: 100 });

/** RFC 4180 §2: fields split at commas outside quotes; quoted fields unquoted, "" is one quote. */
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

describe('syslog-to-csv', () => {
  const handler = createSyslogToCsvHandler({}, { logger: silentLogger });

  it('writes one RFC 4180 line per message in the documented column order, never "undefined"', async () => {
    // Prepare
    const line = '<165>1 2024-11-21T08:14:15.003Z app-2 orders 8812 ORDER_FAIL [meta note="a, \\"b\\""] Payment "provider" timed out,\nretrying';
    // Act
    const response = await runHandlerChecked(handler, eventOf([line]));
    const text = decoded(response.records[0]!.data);
    // Assess
    expect(text).toBe('rfc5424,165,local4,20,notice,5,1,2024-11-21T08:14:15.003Z,+00:00,app-2,orders,8812,ORDER_FAIL,"{""meta"":{""note"":""a, \\""b\\""""}}","Payment ""provider"" timed out,\nretrying"\n');
    expect(text).not.toContain('undefined');
    const fields = parseCsvLine(text.slice(0, -1));
    expect(fields).toHaveLength(SYSLOG_CSV_COLUMNS.length);
    expect(fields[SYSLOG_CSV_COLUMNS.indexOf('message')]).toBe('Payment "provider" timed out,\nretrying');
    expect(JSON.parse(fields[SYSLOG_CSV_COLUMNS.indexOf('structuredData')]!)).toEqual({ meta: { note: 'a, "b"' } });
  });

  it('documents its columns: the fields of parseSyslog, in order', () => {
    expect(SYSLOG_CSV_COLUMNS).toEqual(['format', 'priority', 'facility', 'facilityCode', 'severity', 'severityCode', 'version', 'timestamp', 'utcOffset', 'hostname', 'appName', 'procId', 'msgId', 'structuredData', 'message']);
    expect(blueprints['syslog-to-csv']!.description).toContain(SYSLOG_CSV_COLUMNS.join(', '));
  });

  it('turns every line of samples/syslog.log into a CSV line of the same column count, and fails only the line that is none', async () => {
    // Prepare
    const lines = readFileSync(repoPath('samples/syslog.log'), 'utf8').split('\n').filter((line) => line !== '');
    // Act
    const response = await runHandlerChecked(handler, eventOf(lines, { arrival: Date.parse('2024-11-21T08:20:00Z') }));
    // Assess
    expect(response.records.map((r) => r.result)).toEqual([...lines.slice(0, -1).map(() => 'Ok'), 'ProcessingFailed']);
    for (const record of response.records.slice(0, -1)) expect(parseCsvLine(decoded(record.data).replace(/\n$/, ''))).toHaveLength(SYSLOG_CSV_COLUMNS.length);
  });

  it('reads leniently by default, and strictly with SYSLOG_STRICT=true; SYSLOG_MISSING_PRIORITY fills PRI', async () => {
    // Prepare
    const line = 'Nov 21 08:14:02 web-1 cron starting job';
    const lenient = createSyslogToCsvHandler({ CSV_COLUMNS: 'priority,appName,message', SYSLOG_MISSING_PRIORITY: '13' }, { logger: silentLogger });
    const strict = createSyslogToCsvHandler({ CSV_COLUMNS: 'priority,appName,message', SYSLOG_STRICT: 'true' }, { logger: silentLogger });
    // Act
    const a = decoded((await runHandlerChecked(lenient, eventOf([line]))).records[0]!.data);
    const b = decoded((await runHandlerChecked(strict, eventOf([line]))).records[0]!.data);
    // Assess
    expect(a).toBe('13,cron,starting job\n');
    expect(b).toBe(',,cron starting job\n');
  });

  it('writes JSON with OUTPUT_FORMAT=json and a header with CSV_HEADER=true', async () => {
    // Prepare
    const line = '<14>1 2024-11-21T08:14:20Z lb-1 haproxy - - - up';
    // Act
    const json = decoded((await runHandlerChecked(createSyslogToCsvHandler({ OUTPUT_FORMAT: 'json' }, { logger: silentLogger }), eventOf([line]))).records[0]!.data);
    const csv = decoded((await runHandlerChecked(createSyslogToCsvHandler({ CSV_HEADER: 'true', CSV_COLUMNS: 'hostname,message' }, { logger: silentLogger }), eventOf([line]))).records[0]!.data);
    // Assess
    expect(JSON.parse(json)).toMatchObject({ hostname: 'lb-1', appName: 'haproxy', message: 'up' });
    expect(csv).toBe('hostname,message\r\nlb-1,up\n');
  });

  it.each([
    ['SYSLOG_STRICT', { SYSLOG_STRICT: 'maybe' }, 'SYSLOG_STRICT'],
    ['SYSLOG_MISSING_PRIORITY', { SYSLOG_MISSING_PRIORITY: '200' }, 'environment variable SYSLOG_MISSING_PRIORITY="200" must be an integer from 0 to 191'],
    ['CSV_COLUMNS', { CSV_COLUMNS: 'program' }, 'environment variable CSV_COLUMNS names "program", which the parser does not write'],
  ])('stops at cold start on a bad %s', (_name, env, message) => {
    // Act / Assess
    expect(() => createSyslogToCsvHandler(env)).toThrow(BlueprintConfigError);
    expect(() => createSyslogToCsvHandler(env)).toThrow(message);
  });

  it('is registered with raw producer records and the syslog settings', () => {
    expect(blueprints['syslog-to-csv']).toMatchObject({ producerEncoding: 'raw' });
    expect(Object.keys(blueprints['syslog-to-csv']!.env)).toEqual(expect.arrayContaining(['SYSLOG_FORMAT', 'SYSLOG_STRICT', 'SYSLOG_MISSING_PRIORITY', 'OUTPUT_FORMAT', 'CSV_COLUMNS']));
  });
});
