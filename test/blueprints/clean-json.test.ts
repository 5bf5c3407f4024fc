import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createCleanJsonHandler } from '../../blueprints/cleanJson.js';
import { CLEAN_JSON_VARIABLES } from '../../blueprints/environment.js';
import { BlueprintConfigError } from '../../blueprints/handler/errors.js';
import { silentLogger } from '../../blueprints/handler/logger.js';
import { blueprints } from '../../blueprints/registry.js';
import { jsonData, recordDataArbitrary, runHandlerChecked } from '../../testing/index.js';
import { describeBlueprintContract } from '../helpers/blueprintContract.js';

/** Nested camelCase events with timestamps, flags and PII. */
const events: fc.Arbitrary<Uint8Array> = fc
  .record({
    eventId: fc.uuid(),
    createdAt: fc.oneof(fc.integer({ min: 0, max: 4_000_000_000 }), fc.constantFrom('2024-03-05T08:30:00Z', '10/Oct/2000:13:55:36 -0700', 'later')),
    customer: fc.record({ firstName: fc.string({ maxLength: 8 }), email: fc.constantFrom('ana@example.org', ''), optIn: fc.constantFrom('yes', 'no', 'maybe') }),
    items: fc.array(fc.record({ sku: fc.string({ maxLength: 5 }), qty: fc.nat(5) }), { maxLength: 3 }),
  })
  .map((record) => Buffer.from(JSON.stringify(record)));

describeBlueprintContract('clean-json', (overrides) => createCleanJsonHandler({}, overrides), fc.oneof(recordDataArbitrary('any'), events));
describeBlueprintContract(
  'clean-json (timestamps detected, camelCase, indexed arrays)',
  (overrides) => createCleanJsonHandler({ DETECT_TIMESTAMP_FIELDS: 'true', KEY_STYLE: 'camelCase', FLATTEN_ARRAYS: 'index', BOOLEAN_FIELDS: '*opt_in,*optIn', INVALID_TIMESTAMP: 'fail' }, overrides),
  fc.oneof(jsonData(), events),
);

function event(...lines: string[]): FirehoseTransformationEvent {
  return {
    invocationId: 'test',
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/test',
    region: 'us-east-1',
    records: lines.map((line, index) => ({ recordId: `r${index}`, approximateArrivalTimestamp: 1_700_000_000_000, data: Buffer.from(line).toString('base64') })),
  };
}

async function outputs(env: Record<string, string>, ...lines: string[]): Promise<{ result: string; text: string }[]> {
  const response = await runHandlerChecked(createCleanJsonHandler(env, { logger: silentLogger, reingest: 'off' }), event(...lines));
  return response.records.map((record) => ({ result: record.result, text: Buffer.from(record.data ?? '', 'base64').toString('utf8') }));
}

const sample = JSON.stringify({
  eventId: 'e-1',
  createdAt: 1700000000,
  Customer: { firstName: '  Zoe\u0301 ', email: 'ana@example.org', password: 'x', optIn: 'Yes' },
  order: { totalAmount: '19.90', items: [{ sku: 'A', qty: 1 }], meta: {} },
});

describe('clean-json blueprint', () => {
  it('normalises, redacts and flattens each record into one JSON line ready for a Glue table', async () => {
    // Act
    const [out] = await outputs({ DETECT_TIMESTAMP_FIELDS: 'true', BOOLEAN_FIELDS: '*.opt_in', NUMBER_FIELDS: '*.total_amount' }, sample);
    // Assess
    expect(out!.result).toBe('Ok');
    expect(out!.text.endsWith('\n')).toBe(true);
    expect(JSON.parse(out!.text)).toEqual({
      event_id: 'e-1',
      created_at: '2023-11-14T22:13:20.000Z',
      customer_first_name: 'Zoé',
      customer_email: '[REDACTED:EMAIL]',
      customer_password: '[REDACTED:PASSWORD]',
      customer_opt_in: true,
      order_total_amount: 19.9,
      order_items: [{ sku: 'A', qty: 1 }],
      order_meta: {},
    });
  });

  it('follows KEY_STYLE, TIMESTAMP_FORMAT, FLATTEN_SEPARATOR, FLATTEN_ARRAYS and FLATTEN_EMPTY_OBJECTS', async () => {
    // Act
    const [out] = await outputs(
      { KEY_STYLE: 'camelCase', TIMESTAMP_FIELDS: 'createdAt', TIMESTAMP_FORMAT: 'hiveTimestamp', FLATTEN_SEPARATOR: '.', FLATTEN_ARRAYS: 'index', FLATTEN_EMPTY_OBJECTS: 'drop', REDACT_PII: 'false' },
      sample,
    );
    // Assess
    expect(JSON.parse(out!.text)).toEqual({
      eventId: 'e-1',
      createdAt: '2023-11-14 22:13:20.000',
      'customer.firstName': 'Zoé',
      'customer.email': 'ana@example.org',
      'customer.password': 'x',
      'customer.optIn': 'Yes',
      'order.totalAmount': '19.90',
      'order.items.0.sku': 'A',
      'order.items.0.qty': 1,
    });
  });

  it('can skip flattening, and reports key collisions of both steps in key_collisions', async () => {
    // Act
    const [nested] = await outputs({ FLATTEN: 'false', REDACT_PII: 'false' }, JSON.stringify({ a: { bC: 1 } }));
    const [collided] = await outputs({}, JSON.stringify({ userId: 1, user_id: 2, user: { id: 3 } }));
    // Assess
    expect(JSON.parse(nested!.text)).toEqual({ a: { b_c: 1 } });
    expect(JSON.parse(collided!.text)).toEqual({ user_id_2: 1, user_id: 2, user_id_3: 3, key_collisions: ['userId -> user_id_2', 'user.id -> user_id_3'] });
  });

  it('fails records with an unparseable timestamp (original bytes kept), or writes null with INVALID_TIMESTAMP=null', async () => {
    // Prepare
    const record = JSON.stringify({ id: 1, created_at: 'next tuesday' });
    // Act
    const [failed] = await outputs({ DETECT_TIMESTAMP_FIELDS: 'true' }, record);
    const [nulled] = await outputs({ DETECT_TIMESTAMP_FIELDS: 'true', INVALID_TIMESTAMP: 'null' }, record);
    // Assess
    expect(failed).toEqual({ result: 'ProcessingFailed', text: record });
    expect(JSON.parse(nulled!.text)).toEqual({ id: 1, created_at: null });
  });

  it('fails records that are not JSON objects', async () => {
    // Act
    const [text, array] = await outputs({}, 'plain text', '[1,2]');
    // Assess
    expect(text!.result).toBe('ProcessingFailed');
    expect(array!.result).toBe('ProcessingFailed');
  });

  it.each([
    ['KEY_STYLE', { KEY_STYLE: 'kebab' }, 'environment variable KEY_STYLE="kebab" is not allowed; use one of: snake_case, camelCase, unchanged (default snake_case)'],
    ['TIMESTAMP_FORMAT', { TIMESTAMP_FORMAT: 'unix' }, 'environment variable TIMESTAMP_FORMAT="unix" is not allowed; use one of: iso8601, epochMillis, hiveTimestamp (default iso8601)'],
    ['EPOCH_UNIT', { EPOCH_UNIT: 'minutes' }, 'environment variable EPOCH_UNIT="minutes" is not allowed; use one of: auto, seconds, milliseconds, microseconds, nanoseconds (default auto)'],
    ['INVALID_TIMESTAMP', { INVALID_TIMESTAMP: 'keep' }, 'environment variable INVALID_TIMESTAMP="keep" is not allowed; use one of: fail, null (default fail)'],
    ['KEY_COLLISION', { KEY_COLLISION: 'merge' }, 'environment variable KEY_COLLISION="merge" is not allowed; use one of: suffix, fail (default suffix)'],
    ['FLATTEN', { FLATTEN: 'sometimes' }, 'environment variable FLATTEN="sometimes" is not a boolean; use true or false (default true)'],
    ['FLATTEN_ARRAYS', { FLATTEN_ARRAYS: 'explode' }, 'environment variable FLATTEN_ARRAYS="explode" is not allowed; use one of: keep, index, stringify (default keep)'],
    ['FLATTEN_SEPARATOR', { FLATTEN_SEPARATOR: '::' }, "environment variable FLATTEN_SEPARATOR: flattenRecord: option 'separator' is \"::\". Use one ASCII punctuation character"],
    ['TIMESTAMP_FIELDS', { TIMESTAMP_FIELDS: 'a..b' }, "environment variable TIMESTAMP_FIELDS: normalizeRecord: option 'timestampFields' has the pattern \"a..b\" with an empty segment"],
    ['PII_MODE', { PII_MODE: 'blur' }, 'environment variable PII_MODE="blur" is not allowed; use one of: mask, partial, hash, remove (default mask)'],
    ['PII_HASH_KEY', { PII_DETECTOR_MODES: 'email:hash' }, 'environment variable PII_HASH_KEY: redactPii: option \'hashKeyEnv\' names the environment variable PII_HASH_KEY, which is not set'],
  ])('stops at cold start on a bad %s, naming the variable and the allowed values', (_name, env, message) => {
    // Act / Assess
    expect(() => createCleanJsonHandler(env)).toThrow(BlueprintConfigError);
    expect(() => createCleanJsonHandler(env)).toThrow(message);
  });

  it('is registered as a blueprint with its environment documented', () => {
    // Assess
    const definition = blueprints['clean-json']!;
    expect(definition.create).toBe(createCleanJsonHandler);
    expect(definition.producerEncoding).toBe('raw');
    expect(Object.keys(definition.env)).toEqual(Object.keys(CLEAN_JSON_VARIABLES));
    expect(Object.keys(definition.env)).toEqual(expect.arrayContaining(['KEY_STYLE', 'REDACT_PII', 'FLATTEN', 'PII_MODE', 'PII_HASH_KEY']));
  });
});
