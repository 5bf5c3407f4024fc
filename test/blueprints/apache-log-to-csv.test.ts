import { describe, expect, it } from 'vitest';
import { createApacheLogToCsvHandler } from '../../blueprints/apacheLogToCsv.js';
import { silentLogger } from '../../blueprints/handler/logger.js';
import { blueprints } from '../../blueprints/registry.js';
import { runHandlerChecked } from '../../testing/index.js';
import { describeBlueprintContract } from '../helpers/blueprintContract.js';
import { accessData } from '../helpers/accessLogArbitrary.js';
import { decoded, eventOf } from '../helpers/events.js';


describeBlueprintContract('apache-log-to-csv', (overrides) => createApacheLogToCsvHandler({ CSV_DELIMITER: 'tab' }, overrides), accessData);


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
