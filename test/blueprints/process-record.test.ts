import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { BlueprintConfigError } from '../../blueprints/handler/errors.js';
import { silentLogger } from '../../blueprints/handler/logger.js';
import { createProcessRecordHandler } from '../../blueprints/processRecord.js';
import { jsonData, recordDataArbitrary, runHandlerChecked } from '../../testing/index.js';
import { describeBlueprintContract } from '../helpers/blueprintContract.js';

describeBlueprintContract('process-record', (overrides) => createProcessRecordHandler({}, overrides), recordDataArbitrary('any'));
describeBlueprintContract('process-record with FIELDS', (overrides) => createProcessRecordHandler({ FIELDS: 'a,b.c' }, overrides), fc.oneof(jsonData(), recordDataArbitrary('invalid-utf8')), { numRuns: 200 });

describe('process-record', () => {
  it('keeps only FIELDS and writes one JSON line per record', async () => {
    const handler = createProcessRecordHandler({ FIELDS: 'id, user.name' }, { logger: silentLogger });
    const data = Buffer.from(JSON.stringify({ id: 1, user: { name: 'ana', email: 'ana@example.com' }, x: true })).toString('base64');
    const response = await runHandlerChecked(handler, { invocationId: 'i', deliveryStreamArn: 'arn:aws:firehose:us-east-1:1:deliverystream/s', region: 'us-east-1', records: [{ recordId: '1', approximateArrivalTimestamp: 1, data }] });
    expect(Buffer.from(response.records[0]!.data!, 'base64').toString()).toBe('{"id":1,"user":{"name":"ana"}}\n');
  });

  it.each([
    ['NEWLINE', { NEWLINE: 'sometimes' }, 'environment variable NEWLINE="sometimes" is not a boolean; use true or false (default true)'],
    ['REINGEST', { REINGEST: 'always' }, 'environment variable REINGEST="always" is not allowed; use one of: auto, off (default auto)'],
    ['MAX_RESPONSE_BYTES', { MAX_RESPONSE_BYTES: '9000000' }, 'environment variable MAX_RESPONSE_BYTES="9000000" must be an integer from 1000 to 6291456 (default 6000000)'],
    ['FIELDS', { FIELDS: 'a..b' }, "pickFields: option 'fields' has an empty field path or segment"],
  ])('stops at cold start on a bad %s', (_name, env, message) => {
    expect(() => createProcessRecordHandler(env)).toThrow(message);
  });

  it('raises BlueprintConfigError for environment problems', () => {
    expect(() => createProcessRecordHandler({ NEWLINE: 'x' })).toThrow(BlueprintConfigError);
  });
});
