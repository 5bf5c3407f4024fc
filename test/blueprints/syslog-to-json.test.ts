import fc from 'fast-check';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BlueprintConfigError } from '../../blueprints/handler/errors.js';
import { silentLogger } from '../../blueprints/handler/logger.js';
import { blueprints } from '../../blueprints/registry.js';
import { createSyslogToJsonHandler } from '../../blueprints/syslogToJson.js';
import { recordDataArbitrary, runHandlerChecked } from '../../testing/index.js';
import { readJsonFixture, repoPath } from '../helpers/fixtures.js';
import { describeBlueprintContract } from '../helpers/blueprintContract.js';
import { decoded, eventOf } from '../helpers/events.js';

/** Syslog lines of both formats, mixed with text and bytes that are none. */
const syslogLine: fc.Arbitrary<Uint8Array> = fc
  .record({
    pri: fc.integer({ min: 0, max: 191 }),
    rfc5424: fc.boolean(),
    host: fc.domain(),
    app: fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/),
    pid: fc.nat({ max: 99_999 }),
    sd: fc.option(fc.tuple(fc.stringMatching(/^[a-z]{1,8}@[0-9]{1,5}$/), fc.string({ maxLength: 20 })), { nil: null }),
    message: fc.string({ unit: 'grapheme', maxLength: 80 }),
  })
  .map((m) => {
    const sd = m.sd === null ? '-' : `[${m.sd[0]} v="${m.sd[1].replace(/["\\\]]/g, (c) => `\\${c}`)}"]`;
    return Buffer.from(m.rfc5424 ? `<${m.pri}>1 2024-11-21T08:14:02.003Z ${m.host} ${m.app} ${m.pid} - ${sd} ${m.message}` : `<${m.pri}>Nov 21 08:14:02 ${m.host} ${m.app}[${m.pid}]: ${m.message}`);
  });
const syslogData = fc.oneof({ arbitrary: syslogLine, weight: 4 }, { arbitrary: recordDataArbitrary('text'), weight: 1 }, { arbitrary: recordDataArbitrary('invalid-utf8'), weight: 1 });

describeBlueprintContract('syslog-to-json', (overrides) => createSyslogToJsonHandler({}, overrides), syslogData);
describeBlueprintContract('syslog-to-json (CSV, Europe/Paris, unparsed lines kept)', (overrides) => createSyslogToJsonHandler({ OUTPUT_FORMAT: 'csv', SYSLOG_TIME_ZONE: 'Europe/Paris', UNPARSED_LINES: 'keep' }, overrides), syslogData);


const syslogEvent = (lines: (string | Uint8Array)[]): FirehoseTransformationEvent => eventOf(lines, { region: 'eu-west-1', arrival: Date.parse('2024-11-21T08:20:00Z') });

describe('syslog-to-json', () => {
  it('turns every message of samples/syslog.log into a JSON line and fails only the line that is none', async () => {
    // Prepare
    const lines = readFileSync(repoPath('samples/syslog.log'), 'utf8').split('\n').filter((line) => line !== '');
    // Act
    const response = await runHandlerChecked(createSyslogToJsonHandler({}, { logger: silentLogger }), syslogEvent(lines));
    // Assess
    expect(response.records.map((r) => r.result)).toEqual([...lines.slice(0, -1).map(() => 'Ok'), 'ProcessingFailed']);
    const records = response.records.slice(0, -1).map((r) => JSON.parse(decoded(r.data)) as Record<string, unknown>);
    expect(records.filter((r) => r.format === 'rfc5424')).toHaveLength(4);
    expect(records[1]).toMatchObject({ severity: 'notice', facility: 'local4', timestamp: '2024-11-21T08:14:15.000003Z', structuredData: { meta: { note: 'escaped "quote" and ] bracket' } } });
    expect(records[2]!.message).toBe('Backend payments is UP, reason: Layer7 check passed');
    expect(records[4]).toMatchObject({ format: 'rfc3164', timestamp: '2024-11-21T08:14:02Z', hostname: 'web-1', appName: 'sshd', procId: '4021' });
    expect(records[8]!.timestamp).toBe('2024-11-01T22:59:54Z');
  });

  it("reads the syslog lines of AWS's sample events (with their duplicate record ids made unique)", async () => {
    // Prepare
    const samples = ['test/fixtures/syslog/aws-lambda-dotnet-SampleRequests-kinesis-firehose-syslog.json', 'test/fixtures/syslog/serverless-app-examples-kinesis-firehose-syslog-to-json.testEvent.json'];
    const handler = createSyslogToJsonHandler({}, { logger: silentLogger });
    for (const file of samples) {
      const event = readJsonFixture<FirehoseTransformationEvent>(file);
      const unique = { ...event, records: event.records.map((r, index) => ({ ...r, recordId: `${r.recordId}-${index}` })) };
      // Act
      const response = await runHandlerChecked(handler, unique);
      // Assess: the syslog lines parse; the plain sentence ("Hello, this is a test 123.") is no syslog line
      const outputs = response.records.map((r) => (r.result === 'Ok' ? (JSON.parse(decoded(r.data)) as Record<string, unknown>) : r.result));
      if (file.includes('dotnet')) {
        expect(outputs).toMatchObject([
          { format: 'rfc3164', timestamp: '2017-03-12T12:00:08Z', hostname: 'server2', appName: 'rcd', procId: '308', message: "Loaded 12 packages in 'ximian-red-carpet|351' (0.01878 seconds)" },
          { format: 'rfc3164', timestamp: '2012-03-12T12:01:02Z', hostname: 'server4', appName: 'snort', procId: null, message: 'Ports to decode telnet on: 21 23 25 119' },
        ]);
      } else {
        expect(outputs).toMatchObject([{ hostname: '1.2.3.4', appName: 'apache_server', message: expect.stringContaining('"GET /foo/bar.html HTTP/1.1" 301 96') }, 'ProcessingFailed']);
      }
    }
  });

  it('writes CSV with OUTPUT_FORMAT=csv: structured data as JSON text in its column', async () => {
    // Prepare
    const handler = createSyslogToJsonHandler({ OUTPUT_FORMAT: 'csv', CSV_COLUMNS: 'timestamp,hostname,structuredData,message' }, { logger: silentLogger });
    // Act
    const response = await runHandlerChecked(handler, syslogEvent(['<165>1 2003-10-11T22:14:15.003Z host app - ID47 [a@1 x="1"] hello, world']));
    // Assess
    expect(decoded(response.records[0]!.data)).toBe('2003-10-11T22:14:15.003Z,host,"{""a@1"":{""x"":""1""}}","hello, world"\n');
  });

  it.each([
    ['SYSLOG_FORMAT', { SYSLOG_FORMAT: 'bsd' }, 'environment variable SYSLOG_FORMAT="bsd" is not allowed; use one of: auto, rfc5424, rfc3164 (default auto)'],
    ['SYSLOG_TIME_ZONE', { SYSLOG_TIME_ZONE: 'Europe/Atlantis' }, "environment variable SYSLOG_TIME_ZONE: parseSyslog: option 'timeZone' is \"Europe/Atlantis\", which is no time zone"],
    ['UNPARSED_LINES', { UNPARSED_LINES: 'drop' }, 'environment variable UNPARSED_LINES="drop" is not allowed; use one of: fail, keep (default fail)'],
    ['CSV_COLUMNS', { OUTPUT_FORMAT: 'csv', CSV_COLUMNS: 'program' }, 'environment variable CSV_COLUMNS names "program", which the parser does not write'],
  ])('stops at cold start on a bad %s', (_name, env, message) => {
    // Act / Assess
    expect(() => createSyslogToJsonHandler(env)).toThrow(BlueprintConfigError);
    expect(() => createSyslogToJsonHandler(env)).toThrow(message);
  });

  it('is registered with raw producer records', () => {
    expect(blueprints['syslog-to-json']).toMatchObject({ producerEncoding: 'raw' });
    expect(Object.keys(blueprints['syslog-to-json']!.env)).toEqual(expect.arrayContaining(['SYSLOG_FORMAT', 'SYSLOG_TIME_ZONE', 'UNPARSED_LINES', 'OUTPUT_FORMAT']));
  });
});
