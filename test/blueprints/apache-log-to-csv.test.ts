import fc from 'fast-check';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { createApacheLogToCsvHandler } from '../../blueprints/apacheLogToCsv.js';
import { silentLogger } from '../../blueprints/logger.js';
import { blueprints } from '../../blueprints/registry.js';
import { recordDataArbitrary, runHandlerChecked } from '../../firehose/testing.js';
import { describeBlueprintContract } from '../helpers/blueprintContract.js';

const STREAM = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/access-logs';

/** Access-log lines as servers write them (valid), mixed with broken ones. */
const accessLine: fc.Arbitrary<Uint8Array> = fc
  .record({
    client: fc.oneof(fc.ipV4(), fc.ipV6(), fc.domain()),
    user: fc.oneof(fc.constant('-'), fc.stringMatching(/^[a-z][a-z0-9._@-]{0,15}$/)),
    seconds: fc.integer({ min: 946_684_800, max: 2_000_000_000 }),
    method: fc.constantFrom('GET', 'POST', 'HEAD', 'PUT'),
    path: fc.webPath(),
    status: fc.integer({ min: 100, max: 599 }),
    bytes: fc.oneof(fc.constant('-'), fc.nat().map(String)),
    agent: fc.string({ maxLength: 60 }).map((text) => text.replace(/["\\]/g, (c) => `\\${c}`)),
    tail: fc.constantFrom('', ' "-"', ' 1532'),
  })
  .map((l) => {
    const d = new Date(l.seconds * 1000);
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const time = `${String(d.getUTCDate()).padStart(2, '0')}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
    return Buffer.from(`${l.client} - ${l.user} [${time}] "${l.method} ${l.path || '/'} HTTP/1.1" ${l.status} ${l.bytes} "-" "${l.agent}"${l.tail}`);
  });
const accessData = fc.oneof({ arbitrary: accessLine, weight: 4 }, { arbitrary: recordDataArbitrary('text'), weight: 1 }, { arbitrary: recordDataArbitrary('invalid-utf8'), weight: 1 });

describeBlueprintContract('apache-log-to-csv', (overrides) => createApacheLogToCsvHandler({ CSV_DELIMITER: 'tab' }, overrides), accessData);

function eventOf(lines: (string | Uint8Array)[], extra: Partial<FirehoseTransformationEvent> = {}): FirehoseTransformationEvent {
  return {
    invocationId: 'inv-1',
    deliveryStreamArn: STREAM,
    region: 'us-east-1',
    records: lines.map((line, index) => ({ recordId: `r${index}`, approximateArrivalTimestamp: 1_700_000_000_000, data: Buffer.from(line).toString('base64') })),
    ...extra,
  };
}
const decoded = (data: string | undefined): string => Buffer.from(data ?? '', 'base64').toString('utf8');

describe('apache-log-to-csv', () => {
  it('writes RFC 4180 lines in the order of the format, quoting what needs it', async () => {
    // Prepare
    const handler = createApacheLogToCsvHandler({}, { logger: silentLogger });
    // Act
    const response = await runHandlerChecked(handler, eventOf(['2001:db8::1 - bob [10/Oct/2023:13:55:36 -0700] "GET /s?q=a,b HTTP/1.1" 200 2326 "-" "Mozilla/5.0 (X11) \\"Custom\\" Agent"']));
    // Assess
    expect(decoded(response.records[0]!.data)).toBe('2001:db8::1,,bob,2023-10-10T20:55:36Z,-07:00,"GET /s?q=a,b HTTP/1.1",GET,/s,"q=a,b",HTTP/1.1,200,2326,,"Mozilla/5.0 (X11) ""Custom"" Agent"\n');
  });

  it('writes the AWS blueprint columns with FIELD_NAMES=aws-blueprint, a header with CSV_HEADER=true, and JSON with OUTPUT_FORMAT=json', async () => {
    // Prepare
    const line = '64.242.88.10 - - [07/Mar/2004:16:10:02 -0800] "GET /mailman/listinfo/hsdivision HTTP/1.1" 200 6291';
    const csv = createApacheLogToCsvHandler({ FIELD_NAMES: 'aws-blueprint', LOG_FORMAT: 'common', CSV_HEADER: 'true' }, { logger: silentLogger });
    const json = createApacheLogToCsvHandler({ OUTPUT_FORMAT: 'json' }, { logger: silentLogger });
    // Act
    const csvOut = decoded((await runHandlerChecked(csv, eventOf([line]))).records[0]!.data);
    const jsonOut = decoded((await runHandlerChecked(json, eventOf([line]))).records[0]!.data);
    // Assess
    expect(csvOut).toBe('host,ident,authuser,@timestamp,timezone,@timestamp_utc,request,verb,response,bytes\r\n64.242.88.10,-,-,2004-03-07T16:10:02.000Z,-0800,2004-03-08T00:10:02.000Z,GET /mailman/listinfo/hsdivision HTTP/1.1,GET,200,6291\n');
    expect(JSON.parse(jsonOut)).toMatchObject({ client: '64.242.88.10', status: 200 });
  });

  it('is registered with raw producer records', () => {
    expect(blueprints['apache-log-to-csv']).toMatchObject({ producerEncoding: 'raw' });
    expect(blueprints['apache-log-to-json']).toMatchObject({ producerEncoding: 'raw' });
    expect(Object.keys(blueprints['apache-log-to-json']!.env)).toEqual(expect.arrayContaining(['LOG_FORMAT', 'FIELD_NAMES', 'OUTPUT_FORMAT', 'CSV_COLUMNS']));
  });
});
