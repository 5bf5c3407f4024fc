import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { BlueprintConfigError } from '../../blueprints/handler/errors.js';
import { silentLogger } from '../../blueprints/handler/logger.js';
import { createPiiRedactionHandler, DEFAULT_REDACT_FIELDS } from '../../blueprints/piiRedaction.js';
import { blueprints } from '../../blueprints/registry.js';
import { recordDataArbitrary, runHandlerChecked } from '../../testing/index.js';
import { describeBlueprintContract } from '../helpers/blueprintContract.js';

const KEY = 'blueprint-test-key-0123456789';

/** JSON records holding PII in free text and in sensitive fields. */
const piiJson: fc.Arbitrary<Uint8Array> = fc
  .record({
    id: fc.integer(),
    note: fc.constantFrom('mail ana@example.org', 'card 4111 1111 1111 1111', 'from 203.0.113.7', 'call +1 415 555 0132', 'nothing here'),
    password: fc.string({ maxLength: 10 }),
    nested: fc.dictionary(fc.constantFrom('email', 'Authorization', 'x'), fc.constantFrom('jane@example.com', 'Bearer abc', 'ok')),
  })
  .map((record) => Buffer.from(JSON.stringify(record)));

describeBlueprintContract('pii-redaction', (overrides) => createPiiRedactionHandler({}, overrides), fc.oneof(recordDataArbitrary('any'), piiJson));
describeBlueprintContract(
  'pii-redaction (json input, hash mode)',
  (overrides) => createPiiRedactionHandler({ PII_INPUT: 'json', PII_MODE: 'hash', PII_HASH_KEY: KEY }, overrides),
  fc.oneof(recordDataArbitrary('json'), recordDataArbitrary('invalid-utf8'), piiJson),
);

function event(...lines: (string | Uint8Array)[]): FirehoseTransformationEvent {
  return {
    invocationId: 'test',
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/test',
    region: 'us-east-1',
    records: lines.map((line, index) => ({ recordId: `r${index}`, approximateArrivalTimestamp: 1_700_000_000_000, data: Buffer.from(line).toString('base64') })),
  };
}

async function outputs(env: Record<string, string>, ...lines: (string | Uint8Array)[]): Promise<{ result: string; text: string }[]> {
  const response = await runHandlerChecked(createPiiRedactionHandler(env, { logger: silentLogger, reingest: 'off' }), event(...lines));
  return response.records.map((record) => ({ result: record.result, text: Buffer.from(record.data ?? '', 'base64').toString('utf8') }));
}

describe('pii-redaction blueprint', () => {
  it('redacts JSON records (fields by name, detectors in text) and writes JSON lines', async () => {
    // Act
    const [out] = await outputs({}, JSON.stringify({ user: 'ana@example.org', password: 'hunter2', headers: { Authorization: 'Basic x' }, ip: '203.0.113.7', n: 1 }));
    // Assess
    expect(out).toEqual({ result: 'Ok', text: '{"user":"[REDACTED:EMAIL]","password":"[REDACTED:PASSWORD]","headers":{"Authorization":"[REDACTED:AUTHORIZATION]"},"ip":"[REDACTED:IPV4]","n":1}\n' });
  });

  it('redacts records that are not JSON as text lines (PII_INPUT=auto), instead of failing them with their PII', async () => {
    // Act
    const [text, brokenJson] = await outputs({}, '203.0.113.7 - - "GET /?token=abc HTTP/1.1" 200', '{"email":"ana@example.org"');
    // Assess
    expect(text).toEqual({ result: 'Ok', text: '[REDACTED:IPV4] - - "GET /?token=[REDACTED:URL_CREDENTIALS] HTTP/1.1" 200\n' });
    expect(brokenJson).toEqual({ result: 'Ok', text: '{"email":"[REDACTED:EMAIL]"\n' });
  });

  it.each([
    ['auto', {}],
    ['text', { PII_INPUT: 'text' }],
    ['json', { PII_INPUT: 'json' }],
  ])('fails text that is not valid UTF-8 with its original bytes (PII_INPUT=%s), so no byte is silently changed', async (_mode, env) => {
    // Prepare: the bytes from the reproduction
    const bytes = Buffer.from([0x68, 0x69, 0xff, 0xfe, 0x00, 0x80, 0x0a]);
    const sent = event(bytes);
    // Act
    const response = await runHandlerChecked(createPiiRedactionHandler(env, { logger: silentLogger, reingest: 'off' }), sent);
    // Assess
    expect(response.records[0]).toEqual({ recordId: 'r0', result: 'ProcessingFailed', data: sent.records[0]!.data });
  });

  it('replaces invalid UTF-8 with U+FFFD and redacts the text when PII_INVALID_UTF8=replace', async () => {
    const [invalidUtf8] = await outputs({ PII_INVALID_UTF8: 'replace' }, Buffer.from([0x61, 0x40, 0xff, 0x20, 0x31, 0x2e, 0x32, 0x2e, 0x33, 0x2e, 0x34]));
    expect(invalidUtf8).toEqual({ result: 'Ok', text: 'a@\ufffd [REDACTED:IPV4]\n' });
  });

  it('refuses an unknown PII_INVALID_UTF8 at start-up, naming the allowed values', () => {
    expect(() => createPiiRedactionHandler({ PII_INVALID_UTF8: 'drop' })).toThrow(/PII_INVALID_UTF8="drop" is not allowed; use one of: fail, replace/);
  });

  it('fails non-JSON records with PII_INPUT=json and treats every record as text with PII_INPUT=text', async () => {
    // Act
    const [json] = await outputs({ PII_INPUT: 'json' }, 'not json 203.0.113.7');
    const [text] = await outputs({ PII_INPUT: 'text' }, '{"ip":"203.0.113.7"}');
    // Assess
    expect(json!.result).toBe('ProcessingFailed');
    expect(text).toEqual({ result: 'Ok', text: '{"ip":"[REDACTED:IPV4]"}\n' });
  });

  it('reads detectors, modes, fields and templates from the environment', async () => {
    // Prepare
    const env = {
      PII_DETECTORS: 'email,creditCard',
      PII_DETECTOR_MODES: 'creditCard:partial, email:hash',
      PII_HASH_KEY: KEY,
      PII_REDACT_FIELDS: 'secret_*',
      PII_ALLOW_FIELDS: 'trace',
      PII_MASK_TEMPLATE: '<{label}>',
      PII_HASH_TEMPLATE: '{label}#{hash}',
    };
    // Act
    const [out] = await outputs(env, JSON.stringify({ card: '4111 1111 1111 1111', mail: 'ana@example.org', secret_pin: '1234', trace: 'ana@example.org', ip: '203.0.113.7', password: 'p' }));
    // Assess
    const token = createHmac('sha256', KEY).update('ana@example.org').digest('hex');
    expect(JSON.parse(out!.text)).toEqual({ card: '**** **** **** 1111', mail: `EMAIL#${token}`, secret_pin: '<FIELD>', trace: 'ana@example.org', ip: '203.0.113.7', password: 'p' });
  });

  it('redacts the default sensitive fields unless PII_REDACT_FIELDS=none', async () => {
    // Act
    const [defaults] = await outputs({ PII_DETECTORS: 'none' }, JSON.stringify({ password: 'a', api_key: 'b', cookie: 'c', refresh_token: 'd', other: 'e' }));
    const [none] = await outputs({ PII_DETECTORS: 'none', PII_REDACT_FIELDS: 'none' }, JSON.stringify({ password: 'a' }));
    // Assess
    expect(JSON.parse(defaults!.text)).toEqual({ password: '[REDACTED:PASSWORD]', api_key: '[REDACTED:API_KEY]', cookie: '[REDACTED:COOKIE]', refresh_token: '[REDACTED:FIELD]', other: 'e' });
    expect(JSON.parse(none!.text)).toEqual({ password: 'a' });
    expect(DEFAULT_REDACT_FIELDS).toContain('authorization');
  });

  it('drops a record whose whole value is removed (mode remove on a text record)', async () => {
    // Act
    const [out] = await outputs({ PII_MODE: 'remove', PII_INPUT: 'text' }, 'mail ana@example.org');
    // Assess
    expect(out!.result).toBe('Dropped');
  });

  it.each([
    ['PII_DETECTORS', { PII_DETECTORS: 'email,creditcard' }, 'environment variable PII_DETECTORS names "creditcard", which is not allowed; use any of: email, phone, creditCard, ssn, ipv4, ipv6, iban, awsAccessKey, awsSecretKey, jwt, urlCredentials'],
    ['PII_MODE', { PII_MODE: 'blur' }, 'environment variable PII_MODE="blur" is not allowed; use one of: mask, partial, hash, remove (default mask)'],
    ['PII_DETECTOR_MODES (shape)', { PII_DETECTOR_MODES: 'email' }, 'environment variable PII_DETECTOR_MODES has "email", not detector:mode; write e.g. "creditCard:partial,email:hash"'],
    ['PII_DETECTOR_MODES (mode)', { PII_DETECTOR_MODES: 'email:blur' }, 'environment variable PII_DETECTOR_MODES names "blur", which is not allowed; use any of: mask, partial, hash, remove'],
    ['PII_DETECTOR_MODES (partial on a JWT)', { PII_DETECTOR_MODES: 'jwt:partial' }, "environment variable PII_DETECTOR_MODES: redactPii: option 'detectorModes.jwt' asks for 'partial'"],
    ['PII_INPUT', { PII_INPUT: 'xml' }, 'environment variable PII_INPUT="xml" is not allowed; use one of: auto, json, text (default auto)'],
    ['PII_HASH_KEY missing', { PII_MODE: 'hash' }, 'environment variable PII_HASH_KEY: redactPii: option \'hashKeyEnv\' names the environment variable PII_HASH_KEY, which is not set'],
    ['PII_HASH_KEY too short', { PII_MODE: 'hash', PII_HASH_KEY: 'short' }, "environment variable PII_HASH_KEY: redactPii: option 'hashKeyEnv' gives a key of 5 characters. Use a random key of at least 16 characters."],
    ['PII_HASH_TEMPLATE', { PII_HASH_TEMPLATE: '[{label}]' }, "environment variable PII_HASH_TEMPLATE: redactPii: option 'hashTemplate' has no {hash} placeholder"],
    ['PII_REDACT_FIELDS', { PII_REDACT_FIELDS: 'a..b' }, 'environment variable PII_REDACT_FIELDS: redactPii: option \'fields\' has the pattern "a..b" with an empty segment'],
  ])('stops at cold start on a bad %s, naming the variable and the allowed values', (_name, env, message) => {
    // Act / Assess
    expect(() => createPiiRedactionHandler(env)).toThrow(BlueprintConfigError);
    expect(() => createPiiRedactionHandler(env)).toThrow(message);
  });

  it('is registered as a blueprint with its environment documented', () => {
    // Assess
    const definition = blueprints['pii-redaction']!;
    expect(definition.create).toBe(createPiiRedactionHandler);
    expect(definition.producerEncoding).toBe('raw');
    expect(Object.keys(definition.env)).toEqual(['PII_DETECTORS', 'PII_MODE', 'PII_DETECTOR_MODES', 'PII_REDACT_FIELDS', 'PII_ALLOW_FIELDS', 'PII_MASK_TEMPLATE', 'PII_HASH_TEMPLATE', 'PII_HASH_KEY', 'PII_INPUT', 'PII_INVALID_UTF8']);
  });
});
