import type { FirehoseTransformationEvent } from 'aws-lambda';
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApacheLogToJsonHandler } from '../../blueprints/apacheLogToJson.js';
import { BlueprintConfigError } from '../../blueprints/handler/errors.js';
import { silentLogger } from '../../blueprints/handler/logger.js';
import { runHandlerChecked } from '../../testing/index.js';
import { readJsonFixture, repoPath } from '../helpers/fixtures.js';
import { describeBlueprintContract } from '../helpers/blueprintContract.js';
import { accessData } from '../helpers/accessLogArbitrary.js';
import { decoded, eventOf } from '../helpers/events.js';


describeBlueprintContract('apache-log-to-json', (overrides) => createApacheLogToJsonHandler({}, overrides), accessData);


describe('apache-log-to-json', () => {
  it('turns every access line of samples/access.log into a JSON line and fails only the line that is none', async () => {
    // Prepare
    const lines = readFileSync(repoPath('samples/access.log'), 'utf8').split('\n').filter((line) => line !== '');
    const handler = createApacheLogToJsonHandler({}, { logger: silentLogger });
    // Act
    const response = await runHandlerChecked(handler, eventOf(lines));
    // Assess
    const results = response.records.map((r) => r.result);
    expect(results.filter((r) => r === 'Ok')).toHaveLength(lines.length - 1);
    expect(results.at(-1)).toBe('ProcessingFailed');
    const first = JSON.parse(decoded(response.records[0]!.data)) as Record<string, unknown>;
    expect(first).toMatchObject({ client: '203.0.113.7', timestamp: '2024-11-21T07:14:02Z', utcOffset: '+01:00', method: 'GET', status: 200, bytes: 5120 });
    expect(decoded(response.records[0]!.data).endsWith('}\n')).toBe(true);
  });

  it("reads AWS's own apachelog test events (Lambda test tool, serverless-app-examples) like AWS's blueprint with FIELD_NAMES=aws-blueprint", async () => {
    // Prepare
    const handler = createApacheLogToJsonHandler({ FIELD_NAMES: 'aws-blueprint' }, { logger: silentLogger });
    const event = readJsonFixture<FirehoseTransformationEvent>('test/fixtures/apache/aws-lambda-dotnet-SampleRequests-kinesis-firehose-apachelog.json');
    // Act
    const response = await runHandlerChecked(handler, event);
    // Assess
    expect(JSON.parse(decoded(response.records[0]!.data))).toEqual({
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

  it('reads a custom LOG_FORMAT, keeps trailing text on request, and writes CSV with OUTPUT_FORMAT=csv', async () => {
    // Prepare
    const env = { LOG_FORMAT: '%v:%p %h %l %u %t "%r" %>s %O', TRAILING_TEXT: 'keep', OUTPUT_FORMAT: 'csv', CSV_COLUMNS: 'virtualHost,status,trailing,path' };
    const handler = createApacheLogToJsonHandler(env, { logger: silentLogger });
    // Act
    const response = await runHandlerChecked(handler, eventOf(['shop.example.com:443 ::1 - - [04/Jul/2019:09:20:46 +0200] "GET /a,b HTTP/2.0" 200 9 "x y"']));
    // Assess
    expect(decoded(response.records[0]!.data)).toBe('shop.example.com,200,"""x y""","/a,b"\n');
  });

  it('keeps lines with stray bytes with INVALID_UTF8=replace, and fails them by default', async () => {
    // Prepare
    const line = Buffer.concat([Buffer.from('1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET /x'), Buffer.from([0xff]), Buffer.from(' HTTP/1.1" 200 1')]);
    // Act
    const strict = await runHandlerChecked(createApacheLogToJsonHandler({}, { logger: silentLogger }), eventOf([line]));
    const lenient = await runHandlerChecked(createApacheLogToJsonHandler({ INVALID_UTF8: 'replace' }, { logger: silentLogger }), eventOf([line]));
    // Assess
    expect(strict.records[0]!.result).toBe('ProcessingFailed');
    expect(JSON.parse(decoded(lenient.records[0]!.data))).toMatchObject({ path: '/x\ufffd', status: 200 });
  });

  it.each([
    ['LOG_FORMAT', { LOG_FORMAT: 'combind' }, "environment variable LOG_FORMAT: parseApacheLog: option 'format' is \"combind\", which is no named format and no LogFormat string"],
    ['LOG_FORMAT with an unknown directive', { LOG_FORMAT: '%h %Z' }, 'environment variable LOG_FORMAT: parseApacheLog: option \'format\' has the unknown directive %Z'],
    ['FIELD_NAMES', { FIELD_NAMES: 'aws' }, 'environment variable FIELD_NAMES="aws" is not allowed; use one of: standard, aws-blueprint (default standard)'],
    ['BYTES_DASH', { BYTES_DASH: '0' }, 'environment variable BYTES_DASH="0" is not allowed; use one of: zero, null (default zero)'],
    ['TRAILING_TEXT', { TRAILING_TEXT: 'drop' }, 'environment variable TRAILING_TEXT="drop" is not allowed; use one of: ignore, keep, fail (default ignore)'],
    ['INVALID_UTF8', { INVALID_UTF8: 'skip' }, 'environment variable INVALID_UTF8="skip" is not allowed; use one of: fail, replace (default fail)'],
    ['OUTPUT_FORMAT', { OUTPUT_FORMAT: 'parquet' }, 'environment variable OUTPUT_FORMAT="parquet" is not allowed; use one of: json, csv (default json)'],
    ['CSV_COLUMNS', { OUTPUT_FORMAT: 'csv', CSV_COLUMNS: 'client,agent' }, 'environment variable CSV_COLUMNS names "agent", which the parser does not write; use some of: client, ident, user, timestamp'],
    ['CSV_DELIMITER', { OUTPUT_FORMAT: 'csv', CSV_DELIMITER: ';;' }, "environment variable CSV_DELIMITER: toCsvLine: option 'delimiter' is \";;\""],
    ['CSV_HEADER', { CSV_HEADER: 'sometimes' }, 'environment variable CSV_HEADER="sometimes" is not a boolean'],
  ])('stops at cold start on a bad %s', (_name, env, message) => {
    // Act / Assess
    expect(() => createApacheLogToJsonHandler(env)).toThrow(BlueprintConfigError);
    expect(() => createApacheLogToJsonHandler(env)).toThrow(message);
  });
});
