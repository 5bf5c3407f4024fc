import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApacheErrorLogToJsonHandler } from '../../blueprints/apacheErrorLogToJson.js';
import { BlueprintConfigError } from '../../blueprints/handler/errors.js';
import { silentLogger } from '../../blueprints/handler/logger.js';
import { blueprints } from '../../blueprints/registry.js';
import { recordDataArbitrary, runHandlerChecked } from '../../testing/index.js';
import { describeBlueprintContract } from '../helpers/blueprintContract.js';
import { decoded, eventOf } from '../helpers/events.js';
import { repoPath } from '../helpers/fixtures.js';

/** Error-log lines of both httpd versions, mixed with text and bytes that are none. */
const errorLine: fc.Arbitrary<Uint8Array> = fc
  .record({
    v24: fc.boolean(),
    level: fc.constantFrom('error', 'warn', 'notice', 'crit'),
    pid: fc.nat({ max: 99_999 }),
    client: fc.ipV4(),
    message: fc.string({ unit: 'grapheme', maxLength: 60 }),
  })
  .map((m) => Buffer.from(m.v24 ? `[Thu Nov 21 08:15:37.402911 2024] [core:${m.level}] [pid ${m.pid}:tid 7] [client ${m.client}:51234] AH00124: ${m.message}` : `[Thu Nov 21 08:15:37 2024] [${m.level}] [client ${m.client}] ${m.message}`));
const errorData = fc.oneof({ arbitrary: errorLine, weight: 4 }, { arbitrary: recordDataArbitrary('text'), weight: 1 }, { arbitrary: recordDataArbitrary('invalid-utf8'), weight: 1 });

describeBlueprintContract('apache-error-log-to-json', (overrides) => createApacheErrorLogToJsonHandler({}, overrides), errorData, { numRuns: 100 });

describe('apache-error-log-to-json', () => {
  it('turns every line of samples/apache-error.log into a JSON line and fails only the line that is none', async () => {
    // Prepare
    const lines = readFileSync(repoPath('samples/apache-error.log'), 'utf8').split('\n').filter((line) => line !== '');
    // Act
    const response = await runHandlerChecked(createApacheErrorLogToJsonHandler({}, { logger: silentLogger }), eventOf(lines));
    // Assess
    expect(response.records.map((r) => r.result)).toEqual([...lines.slice(0, -1).map(() => 'Ok'), 'ProcessingFailed']);
    const records = response.records.slice(0, -1).map((r) => JSON.parse(decoded(r.data)) as Record<string, unknown>);
    expect(records.filter((r) => r.format === '2.2')).toHaveLength(2);
    expect(records[3]).toEqual({
      format: '2.4', timestamp: '2024-11-21T08:16:05.019377Z', utcOffset: '+00:00', module: 'proxy_fcgi', level: 'error', pid: '1306', tid: '140230905145024', sourceFile: null,
      osErrorCode: 70007, osError: 'The timeout specified has expired', client: '198.51.100.23', clientPort: 40118, errorCode: 'AH01075', message: 'Error dispatching request to : (polling)', referer: 'https://www.example.com/checkout',
    });
    expect(records[7]).toMatchObject({ format: '2.2', level: 'error', client: '192.0.2.15', clientPort: null, message: 'File does not exist: /var/www/legacy/favicon.ico' });
  });

  it('keeps to one layout with ERROR_LOG_FORMAT, reads ERROR_LOG_TIME_ZONE, and writes CSV with OUTPUT_FORMAT=csv', async () => {
    // Prepare
    const lines = ['[Thu Nov 21 09:02:11 2024] [error] [client 192.0.2.15] File does not exist: /x', '[Thu Nov 21 08:15:37.402911 2024] [core:error] [pid 1] x'];
    const only22 = createApacheErrorLogToJsonHandler({ ERROR_LOG_FORMAT: '2.2', ERROR_LOG_TIME_ZONE: 'Europe/Paris' }, { logger: silentLogger });
    const csv = createApacheErrorLogToJsonHandler({ OUTPUT_FORMAT: 'csv', CSV_COLUMNS: 'timestamp,level,client,message' }, { logger: silentLogger });
    // Act
    const a = await runHandlerChecked(only22, eventOf(lines));
    const b = await runHandlerChecked(csv, eventOf(lines.slice(0, 1)));
    // Assess
    expect(a.records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed']);
    expect(JSON.parse(decoded(a.records[0]!.data))).toMatchObject({ timestamp: '2024-11-21T08:02:11Z', utcOffset: '+01:00' });
    expect(decoded(b.records[0]!.data)).toBe('2024-11-21T09:02:11Z,error,192.0.2.15,File does not exist: /x\n');
  });

  it.each([
    ['ERROR_LOG_FORMAT', { ERROR_LOG_FORMAT: '2.0' }, 'environment variable ERROR_LOG_FORMAT="2.0" is not allowed; use one of: auto, 2.2, 2.4 (default auto)'],
    ['ERROR_LOG_TIME_ZONE', { ERROR_LOG_TIME_ZONE: 'Europe/Atlantis' }, "environment variable ERROR_LOG_TIME_ZONE: parseApacheErrorLog: option 'timeZone' is \"Europe/Atlantis\", which is no time zone"],
    ['CSV_COLUMNS', { OUTPUT_FORMAT: 'csv', CSV_COLUMNS: 'pid,thread' }, 'environment variable CSV_COLUMNS names "thread", which the parser does not write'],
  ])('stops at cold start on a bad %s', (_name, env, message) => {
    // Act / Assess
    expect(() => createApacheErrorLogToJsonHandler(env)).toThrow(BlueprintConfigError);
    expect(() => createApacheErrorLogToJsonHandler(env)).toThrow(message);
  });

  it('is registered with raw producer records and its settings', () => {
    expect(blueprints['apache-error-log-to-json']).toMatchObject({ producerEncoding: 'raw' });
    expect(Object.keys(blueprints['apache-error-log-to-json']!.env)).toEqual(expect.arrayContaining(['ERROR_LOG_FORMAT', 'ERROR_LOG_TIME_ZONE', 'INVALID_UTF8', 'OUTPUT_FORMAT', 'CSV_COLUMNS']));
  });
});
