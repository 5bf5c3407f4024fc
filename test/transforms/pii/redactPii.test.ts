import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TransformOptionError, UnsafeRecordError } from '../../../transforms/core/errors.js';
import { isOutcome } from '../../../transforms/core/outcome.js';
import { DETECTOR_NAMES, redactPii, type RedactPiiOptions } from '../../../transforms/pii/redactPii.js';
import { OUTCOME, type JsonValue } from '../../../transforms/core/types.js';
import { expectLinearTime } from '../../helpers/linearTime.js';
import { describeTransformContract, testContext } from '../../helpers/transformContract.js';

const KEY = 'test-hash-key-0123456789abcdef';

function run(options: RedactPiiOptions, input: JsonValue): unknown {
  return redactPii(options)(input, testContext);
}

describe('redactPii options are checked at start-up', () => {
  it.each([
    ['an unknown option', { detector: ['email'] }, "option 'detector' is not a known option"],
    ['an unknown detector', { detectors: ['creditcard'] }, 'names an unknown detector "creditcard"'],
    ['detectors not an array', { detectors: 'email' }, "option 'detectors' must be an array"],
    ['an unknown mode', { mode: 'blank' }, "option 'mode' is \"blank\""],
    ['a detectorModes key that is no detector', { detectorModes: { card: 'mask' } }, "option 'detectorModes.card' is not a detector"],
    ['partial where nothing is safe to keep', { detectorModes: { jwt: 'partial' } }, "asks for 'partial' where no part of the value is safe to keep (JWT)"],
    ['partial for a custom pattern', { customPatterns: [{ name: 'ticket', pattern: 'T-[0-9]{4}', replacement: 'partial' }] }, "option 'customPatterns.ticket' asks for 'partial'"],
    ['a mask object with extra fields', { detectorModes: { email: { mode: 'mask', text: 'x', extra: 1 } } }, "option 'detectorModes.email' is an object"],
    ['hash without a key', { mode: 'hash' }, "option 'hashKey' is missing, and mode 'hash' needs a secret key"],
    ['hash on one detector without a key', { detectorModes: { email: 'hash' } }, "option 'hashKey' is missing"],
    ['hash on a field without a key', { fields: [{ path: 'email', replacement: 'hash' }] }, "option 'hashKey' is missing"],
    ['a key shorter than 16 characters', { mode: 'hash', hashKey: 'short' }, "option 'hashKey' gives a key of 5 characters"],
    ['both hashKey and hashKeyEnv', { mode: 'hash', hashKey: KEY, hashKeyEnv: 'PII_KEY', env: { PII_KEY: KEY } }, "option 'hashKey' is given together with hashKeyEnv"],
    ['hashKeyEnv naming an unset variable', { mode: 'hash', hashKeyEnv: 'PII_KEY', env: {} }, 'names the environment variable PII_KEY, which is not set'],
    ['hashKeyEnv that is not a variable name', { mode: 'hash', hashKeyEnv: 'pii key', env: {} }, "option 'hashKeyEnv' is \"pii key\""],
    ['a hash template without {hash}', { hashTemplate: '[{label}]' }, "option 'hashTemplate' has no {hash} placeholder"],
    ['an empty mask template', { maskTemplate: '' }, "option 'maskTemplate' must be a non-empty string"],
    ['a field pattern with an empty segment', { fields: ['user..ssn'] }, 'with an empty segment'],
    ['a field pattern with ** inside a segment', { fields: ['a.b**'] }, '"**" is part of a segment'],
    ['an allowFields entry that is not a string', { allowFields: [42] }, "option 'allowFields' has a pattern that is not a non-empty string"],
    ['a field rule with an unknown field', { fields: [{ path: 'x', mode: 'mask' }] }, "option 'fields[0].mode' is not a known field"],
    ['a custom pattern with a nested quantifier', { customPatterns: [{ name: 'bad', pattern: '(a+)+$' }] }, 'has a nested quantifier, which can take exponential time'],
    ['a custom pattern repeating a bounded group without bound', { customPatterns: [{ name: 'bad', pattern: '([a-z]{1,5}\\.)*' }] }, 'has a nested quantifier'],
    ['a custom pattern with a backreference', { customPatterns: [{ name: 'bad', pattern: '(a)\\1' }] }, 'has a backreference'],
    ['a custom pattern matching the empty string', { customPatterns: [{ name: 'empty', pattern: '[0-9]*' }] }, 'matches the empty string'],
    ['a custom pattern that does not compile', { customPatterns: [{ name: 'broken', pattern: '[a-' }] }, 'is not a valid regular expression'],
    ['a custom pattern with the sticky flag', { customPatterns: [{ name: 'sticky', pattern: /EMP-[0-9]{6}/y }] }, "uses the flag 'y'"],
    ['a custom pattern named like a detector', { customPatterns: [{ name: 'email', pattern: 'x+' }] }, "repeats the name 'email'"],
    ['a custom pattern name with spaces', { customPatterns: [{ name: 'employee id', pattern: 'x+' }] }, "option 'customPatterns[0].name' is \"employee id\""],
    ['maxDepth above 1,000', { maxDepth: 5_000 }, "option 'maxDepth' is 5000"],
  ])('rejects %s', (_reason, options, message) => {
    // Act / Assess
    expect(() => redactPii(options as RedactPiiOptions)).toThrow(TransformOptionError);
    expect(() => redactPii(options as RedactPiiOptions)).toThrow(message);
  });

  it('accepts a bounded group repeated a bounded number of times', () => {
    // Act
    const redact = redactPii({ detectors: [], customPatterns: [{ name: 'dottedQuad', pattern: '\\b(?:[0-9]{1,3}\\.){3}[0-9]{1,3}\\b' }] });
    // Assess
    expect(redact('host 10.1.2.3 up', testContext)).toBe('host [REDACTED:DOTTED_QUAD] up');
  });
});

describe('redactPii detectors find PII inside free text', () => {
  it.each([
    ['email', 'mail jane.doe+news@mail.example.co.uk today', 'jane.doe+news@mail.example.co.uk'],
    ['email', 'url /u/jane%40example.com/edit', 'jane%40example.com'],
    ['phone', 'call +1 415 555 0132 now', '+1 415 555 0132'],
    ['phone', 'call +14155550132 now', '+14155550132'],
    ['phone', 'call (415) 555-0176 now', '(415) 555-0176'],
    ['phone', 'call 415-555-0199 now', '415-555-0199'],
    ['phone', 'call 415.555.0143 now', '415.555.0143'],
    ['phone', 'call 1-800-555-0199 now', '1-800-555-0199'],
    ['phone', 'call +44 20 7946 0958 now', '+44 20 7946 0958'],
    ['phone', 'call 020 7946 0958 now', '020 7946 0958'],
    ['phone', 'call 06 12 34 56 78 now', '06 12 34 56 78'],
    ['phone', 'call +1 (646) 555-0187 now', '+1 (646) 555-0187'],
    ['phone', 'call 0044 20 7946 0958 now', '0044 20 7946 0958'],
    ['creditCard', 'card 4111111111111111 ok', '4111111111111111'],
    ['creditCard', 'card 4111 1111 1111 1111 ok', '4111 1111 1111 1111'],
    ['creditCard', 'card 4111-1111-1111-1111 ok', '4111-1111-1111-1111'],
    ['creditCard', 'amex 3782 822463 10005 ok', '3782 822463 10005'],
    ['creditCard', 'visa13 4222222222222 ok', '4222222222222'],
    ['creditCard', 'mc2 2223003122003222 ok', '2223003122003222'],
    ['ssn', 'ssn 536-22-8841 ok', '536-22-8841'],
    ['ssn', 'ssn 536 22 8841 ok', '536 22 8841'],
    ['ssn', 'social security number 536228841 ok', '536228841'],
    ['ipv4', 'from 203.0.113.42:8080', '203.0.113.42'],
    ['ipv4', 'from http://192.168.1.254/admin', '192.168.1.254'],
    ['ipv4', 'host 10.0.0.5/24', '10.0.0.5'],
    ['ipv6', 'from 2001:db8:85a3::8a2e:370:7334 ok', '2001:db8:85a3::8a2e:370:7334'],
    ['ipv6', 'from [2001:db8::1]:443 ok', '2001:db8::1'],
    ['ipv6', 'from ::1 ok', '::1'],
    ['ipv6', 'from ::ffff:192.0.2.128 ok', '::ffff:192.0.2.128'],
    ['ipv6', 'from 2001:0db8:0000:0000:0000:ff00:0042:8329.', '2001:0db8:0000:0000:0000:ff00:0042:8329'],
    ['iban', 'iban DE89 3704 0044 0532 0130 00 ok', 'DE89 3704 0044 0532 0130 00'],
    ['iban', 'iban GB82WEST12345698765432 ok', 'GB82WEST12345698765432'],
    ['awsAccessKey', 'key AKIAIOSFODNN7EXAMPLE ok', 'AKIAIOSFODNN7EXAMPLE'],
    ['awsSecretKey', 'AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['awsSecretKey', 'aws_secret = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['jwt', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl ok', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'],
    ['urlCredentials', 'dsn postgres://app:S3cret@db:5432/x', 'app:S3cret'],
    ['urlCredentials', 'dsn redis://:p4ss@cache:6379', ':p4ss'],
    ['urlCredentials', 'GET /x?password=hunter2&page=1', 'hunter2'],
    ['urlCredentials', 'GET /x?access_token=ya29.abc&page=1', 'ya29.abc'],
    ['urlCredentials', 'GET /x?API_KEY=abc123 ok', 'abc123'],
    ['urlCredentials', 'conn User Id=app;Password=Pa$$w0rd;Encrypt=true', 'Pa$$w0rd'],
  ])('%s: %s', (detector, text, value) => {
    // Prepare
    const label = { email: 'EMAIL', phone: 'PHONE', creditCard: 'CREDIT_CARD', ssn: 'SSN', ipv4: 'IPV4', ipv6: 'IPV6', iban: 'IBAN', awsAccessKey: 'AWS_ACCESS_KEY', awsSecretKey: 'AWS_SECRET_KEY', jwt: 'JWT', urlCredentials: 'URL_CREDENTIALS' }[detector]!;
    // Act
    const all = run({}, text);
    const only = run({ detectors: [detector as (typeof DETECTOR_NAMES)[number]] }, text);
    // Assess: the detector alone finds exactly the value; with all detectors the value is gone too
    expect(only).toBe(text.replace(value, `[REDACTED:${label}]`));
    expect(all).not.toContain(value);
  });

  it.each([
    ['a card number failing the Luhn check', 'card 4111 1111 1111 1112 ok'],
    ['a 16-digit id starting with 1 (epoch micros)', 'ts 1709627412123456'],
    ['epoch seconds and milliseconds', 'ts 1709627412 and 1709627412123'],
    ['a long digit run', `id ${'7'.repeat(40)}`],
    ['SSN area 000', 'ssn 000-12-3456'],
    ['SSN area 666', 'ssn 666-12-3456'],
    ['SSN area 900-999', 'ssn 912-34-5678'],
    ['SSN group 00', 'ssn 123-00-4567'],
    ['SSN serial 0000', 'ssn 123-45-0000'],
    ['nine digits without SSN context', 'routing 021000021'],
    ['ISO dates and times', 'at 2024-03-05T08:30:12.481Z and 2024-03-05 08:30'],
    ['European dates', 'on 05.03.2024 and 05-03-2024 and 05/03/2024'],
    ['order ids', 'order ORD-2024-000123 and PO-77812-B'],
    ['version strings', 'v2.14.1, 1.2.3.4.5, Chrome/120.0.6099.109, version 4.18.2.1, rv:1.8.1.4'],
    ['IPv4 with an octet above 255 or a leading zero', 'hosts 256.1.1.1 and 01.02.03.04'],
    ['a CIDR network', 'route 10.0.0.0/8 via gw'],
    ['times and MAC addresses', '12:30:45 23:59:59.999 00:1a:2b:3c:4d:5e'],
    ['package@version and local users', 'lodash@4.17.21 user@localhost @channel'],
    ['a URL user without a password', 'amqp://guest@mq.internal:5672'],
    ['plain short numbers with separators', '555-0123, 100 200 300, 12-34-56'],
    ['an IBAN with a wrong check digit', 'iban DE89370400440532013001'],
    ['a git SHA (40 hex characters)', 'commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 by secret-santa'],
    ['an AWS-like prefix without the key', 'codes AKIA AKIA123 AKIA-2024'],
    ['PWD=/path from sudo logs', 'sudo: x ; PWD=/home/x ; USER=root'],
    ['base64 that is no JWT', 'eyJmb28iOiJiYXIifQ=='],
  ])('leaves alone %s', (_reason, text) => {
    // Act / Assess
    expect(run({}, text)).toBe(text);
  });

  it('runs only the detectors selected', () => {
    // Act
    const output = run({ detectors: ['email'] }, 'ana@example.org +1 415 555 0132 203.0.113.7');
    // Assess
    expect(output).toBe('[REDACTED:EMAIL] +1 415 555 0132 203.0.113.7');
  });

  it('resolves overlaps by priority: URL credentials before the email shape they contain', () => {
    // Act
    const output = run({}, 'https://user:pass@host.example.com/x');
    // Assess
    expect(output).toBe('https://[REDACTED:URL_CREDENTIALS]@host.example.com/x');
  });

  it('redacts a card number stored as a JSON number, and leaves other numbers alone', () => {
    // Act
    const output = run({}, { pan: 4111111111111111, id: 1709627412123, amount: 59.9 });
    // Assess
    expect(output).toEqual({ pan: '[REDACTED:CREDIT_CARD]', id: 1709627412123, amount: 59.9 });
  });

  it('recognises a secret key beside an access key id in sibling fields, or under a key naming a secret', () => {
    // Act
    const siblings = run({}, { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
    const named = run({}, { aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
    const alone = run({}, { blob: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
    // Assess
    expect(siblings).toEqual({ AccessKeyId: '[REDACTED:AWS_ACCESS_KEY]', Value: '[REDACTED:AWS_SECRET_KEY]' });
    expect(named).toEqual({ aws_secret_access_key: '[REDACTED:AWS_SECRET_KEY]' });
    expect(alone).toEqual({ blob: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
  });

  it('accepts bare nine-digit SSNs under a key that names an SSN', () => {
    // Act / Assess
    expect(run({}, { ssn: '536228841', order: '536228841' })).toEqual({ ssn: '[REDACTED:SSN]', order: '536228841' });
  });
});

describe('redactPii field rules', () => {
  const record = {
    user: { name: 'Ana', SSN: '536-22-8841', Password: 'hunter2', profile: { ssn: 'x' } },
    headers: { Authorization: 'Basic dXNlcjpwYXNz', Cookie: 'sid=abc' },
    cookie: 'top',
    items: [{ token: 't1', sku: 'A' }, { token: 't2', sku: 'B' }],
    note: 'mail ana@example.org',
  };

  it('redacts whole values by name at any depth, case-insensitively', () => {
    // Act
    const output = run({ detectors: [], fields: ['password', 'cookie'] }, record) as typeof record;
    // Assess
    expect(output.user.Password).toBe('[REDACTED:PASSWORD]');
    expect(output.headers.Cookie).toBe('[REDACTED:COOKIE]');
    expect(output.cookie).toBe('[REDACTED:COOKIE]');
    expect(output.user.name).toBe('Ana');
    expect(Object.keys(output.user)).toEqual(Object.keys(record.user));
  });

  it('anchors dotted paths at the root; * matches one key, ** any number', () => {
    // Act
    const oneLevel = run({ detectors: [], fields: ['*.ssn'] }, record) as typeof record;
    const anyLevel = run({ detectors: [], fields: ['**.ssn'] }, record) as typeof record;
    const exact = run({ detectors: [], fields: ['headers.authorization'] }, record) as typeof record;
    // Assess
    expect(oneLevel.user.SSN).toBe('[REDACTED:SSN]');
    expect(oneLevel.user.profile.ssn).toBe('x');
    expect(anyLevel.user.profile.ssn).toBe('[REDACTED:SSN]');
    expect(exact.headers.Authorization).toBe('[REDACTED:AUTHORIZATION]');
    expect(exact.headers.Cookie).toBe('sid=abc');
  });

  it('treats arrays as transparent and supports * inside a segment', () => {
    // Act
    const output = run({ detectors: [], fields: ['items.*oken'] }, record) as typeof record;
    // Assess
    expect(output.items).toEqual([{ token: '[REDACTED:FIELD]', sku: 'A' }, { token: '[REDACTED:FIELD]', sku: 'B' }]);
  });

  it('masks non-string values whole and removes fields with mode remove', () => {
    // Act
    const masked = run({ detectors: [], fields: ['user'] }, record);
    const removed = run({ detectors: [], fields: [{ path: 'user', replacement: 'remove' }, { path: 'items.token', replacement: 'remove' }] }, record) as Record<string, unknown>;
    // Assess
    expect((masked as Record<string, unknown>)['user']).toBe('[REDACTED:USER]');
    expect(Object.hasOwn(removed, 'user')).toBe(false);
    expect(removed['items']).toEqual([{ sku: 'A' }, { sku: 'B' }]);
  });

  it('never scans allow-listed fields, but still applies field rules inside them (fail-safe)', () => {
    // Act
    const output = run({ allowFields: ['note', 'user'], fields: ['password'] }, record) as typeof record;
    // Assess
    expect(output.note).toBe('mail ana@example.org');
    expect(output.user.SSN).toBe('536-22-8841');
    expect(output.user.Password).toBe('[REDACTED:PASSWORD]');
  });

  it('uses a rule label and a mask text of its own', () => {
    // Act
    const output = run({ fields: [{ path: 'secret_note', label: 'NOTE' }, { path: 'pin', replacement: { mode: 'mask', text: '****' } }] }, { secret_note: 'x', pin: 1234 });
    // Assess
    expect(output).toEqual({ secret_note: '[REDACTED:NOTE]', pin: '****' });
  });

  it('partial on a field keeps a part only when a detector recognises the whole value', () => {
    // Act
    const output = run({ detectors: [], fields: [{ path: 'card', replacement: 'partial' }, { path: 'email', replacement: 'partial' }, { path: 'password', replacement: 'partial' }] }, { card: '4111-1111-1111-1111', email: 'ana@example.org', password: 'correct horse battery staple' });
    // Assess
    expect(output).toEqual({ card: '****-****-****-1111', email: '***@example.org', password: '[REDACTED:PASSWORD]' });
  });
});

describe('redactPii replacement modes', () => {
  it('writes partial forms per detector', () => {
    // Prepare
    const text = 'a ana@example.org b 4111 1111 1111 1111 c 536-22-8841 d +1 415 555 0132 e 203.0.113.42 f 2001:db8:85a3::7334 g DE89 3704 0044 0532 0130 00 h AKIAIOSFODNN7EXAMPLE';
    // Act
    const output = run({ mode: 'partial' }, text);
    // Assess
    expect(output).toBe('a ***@example.org b **** **** **** 1111 c ***-**-8841 d +* *** *** **32 e 203.0.*.* f 2001:db8:85a3:* g DE** **** **** **** **30 00 h AKIA************MPLE');
  });

  it('falls back to mask where partial has no safe part, when partial is the general mode', () => {
    // Act
    const output = run({ mode: 'partial' }, 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln');
    // Assess
    expect(output).toBe('Bearer [REDACTED:JWT]');
  });

  it('hash gives the same token for the same value (normalised), a different one for another value or key', () => {
    // Prepare
    const redact = redactPii({ mode: 'hash', hashKey: KEY, hashTemplate: '{hash}' });
    const other = redactPii({ mode: 'hash', hashKey: `${KEY}-other`, hashTemplate: '{hash}' });
    // Act
    const a = redact({ x: '4111 1111 1111 1111', y: '4111-1111-1111-1111', z: '5555 5555 5555 4444', e: 'Ana@Example.org' }, testContext) as Record<string, string>;
    const b = other({ x: '4111 1111 1111 1111' }, testContext) as Record<string, string>;
    // Assess
    expect(a['x']).toBe(createHmac('sha256', KEY).update('4111111111111111').digest('hex'));
    expect(a['y']).toBe(a['x']);
    expect(a['z']).not.toBe(a['x']);
    expect(a['e']).toBe(createHmac('sha256', KEY).update('ana@example.org').digest('hex'));
    expect(b['x']).not.toBe(a['x']);
  });

  it('reads the hash key from the environment variable named by hashKeyEnv', () => {
    // Act
    const output = run({ mode: 'hash', hashKeyEnv: 'PII_TEST_KEY', env: { PII_TEST_KEY: KEY }, detectors: ['ipv4'] }, 'ip 203.0.113.42');
    // Assess
    expect(output).toBe(`ip [IPV4:${createHmac('sha256', KEY).update('203.0.113.42').digest('hex')}]`);
  });

  it('hash on a field hashes its JSON text when it is not a string', () => {
    // Act
    const output = run({ detectors: [], fields: [{ path: 'dob', replacement: 'hash' }], hashKey: KEY }, { dob: { y: 1985, m: 7 } });
    // Assess
    expect(output).toEqual({ dob: `[DOB:${createHmac('sha256', KEY).update('{"y":1985,"m":7}').digest('hex')}]` });
  });

  it('remove drops the field holding the value, the element of an array, or the whole record', () => {
    // Prepare
    const redact = redactPii({ detectorModes: { email: 'remove' } });
    // Act
    const object = redact({ a: 'x', b: 'write to ana@example.org', c: ['ok', 'ana@example.org', 'fine'] }, testContext);
    const root = redact('ana@example.org', testContext);
    // Assess
    expect(object).toEqual({ a: 'x', c: ['ok', 'fine'] });
    expect(isOutcome(root)).toBe(true);
    expect(root).toMatchObject({ [OUTCOME]: 'dropped' });
  });

  it('uses a custom mask template', () => {
    // Act / Assess
    expect(run({ maskTemplate: '<{label}>' }, 'ana@example.org')).toBe('<EMAIL>');
  });

  it('custom patterns win overlaps and get their own label and replacement', () => {
    // Act
    const output = run({ customPatterns: [{ name: 'employeeId', pattern: /EMP-[0-9]{6}/i }, { name: 'ticket', pattern: 'TCK-[0-9]{4}', replacement: 'remove' }] }, { a: 'by emp-004211', b: 'see TCK-1234' });
    // Assess
    expect(output).toEqual({ a: 'by [REDACTED:EMPLOYEE_ID]' });
  });
});

describe('redactPii on hostile input', () => {
  const MB = 1 << 20;
  const adversarial: [string, (n: number) => string][] = [
    ['a run of digits', (n) => '1'.repeat(n)],
    ['digit groups of four', (n) => '4111 '.repeat(n / 5)],
    ['a@a@a@…', (n) => 'a@'.repeat(n / 2)],
    ['a.a@a.a@…', (n) => 'a.a@'.repeat(n / 4)],
    ['nested separators 1-1-1…', (n) => '1-'.repeat(n / 2)],
    ['dotted digits 1.1.1…', (n) => '1.'.repeat(n / 2)],
    ['colons 1:1:1…', (n) => '1:'.repeat(n / 2)],
    ['double colons a::a::…', (n) => 'a::'.repeat(n / 3)],
    ['eyJ repeated', (n) => 'eyJ'.repeat(n / 3)],
    ['JWT-like headers', (n) => 'eyJaaaaaaaaaa.'.repeat(n / 14)],
    ['key=value chains a=a=a…', (n) => 'a='.repeat(n / 2)],
    ['secret names token=token=…', (n) => 'token='.repeat(n / 6)],
    ['schemes ://a:b…', (n) => '://a:b'.repeat(n / 6)],
    ['parentheses +1 (2) …', (n) => '+1 (2) '.repeat(n / 7)],
    ['IBAN starts DE89 …', (n) => 'DE89 '.repeat(n / 5)],
    ['percent-encoded @ %40%40…', (n) => '%40'.repeat(n / 3)],
    ['secret-shaped runs after "secret"', (n) => `secret ${'Ab1/'.repeat(n / 4)}`],
    ['mixed separators', (n) => 'a@1.2.3.4:5::6-7 (8) +9=eyJ/'.repeat(n / 28)],
  ];

  it.each(adversarial)('scans %s in time linear in its length (up to 512 KiB)', (_name, text) => {
    // Prepare
    const redact = redactPii({ customPatterns: [{ name: 'employeeId', pattern: '\\bEMP-[0-9]{6}\\b' }] });
    // Act / Assess: 8× the text, at most 24× the time (quadratic would be 64×)
    expect(typeof redact(text(1_000), testContext)).toBe('string');
    expectLinearTime(text, (input) => redact(input, testContext), { size: MB / 2 });
  });

  it('fails a record nested deeper than maxDepth instead of overflowing the stack (100,000 levels)', () => {
    // Prepare
    let deep: JsonValue = 'ana@example.org';
    for (let level = 0; level < 100_000; level++) deep = { a: deep };
    // Act
    const output = redactPii()(deep, testContext);
    // Assess
    expect(output).toMatchObject({ [OUTCOME]: 'failed', error: expect.any(UnsafeRecordError) });
    expect((output as { error: Error }).error.message).toBe('redactPii: the record nests objects/arrays deeper than maxDepth 100; raise redactPii({ maxDepth }) (at most 1,000) if such records are expected');
  });

  it('keeps __proto__, constructor and prototype keys as own properties and leaves Object.prototype alone', () => {
    // Prepare
    const hostile = JSON.parse('{"__proto__":{"polluted":"ana@example.org"},"constructor":{"prototype":{"polluted":"x"}},"note":"203.0.113.7"}') as JsonValue;
    // Act
    const output = redactPii()(hostile, testContext) as Record<string, unknown>;
    // Assess
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.hasOwn(output, '__proto__')).toBe(true);
    expect(JSON.stringify(output)).toBe('{"__proto__":{"polluted":"[REDACTED:EMAIL]"},"constructor":{"prototype":{"polluted":"x"}},"note":"[REDACTED:IPV4]"}');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('returns the input itself when nothing needs redacting (copy on write), never mutating it', () => {
    // Prepare
    const input = { a: { b: ['x', 'y'] }, c: 'no pii here' };
    const snapshot = structuredClone(input);
    // Act
    const clean = redactPii()(input, testContext);
    const dirty = redactPii()({ ...input, d: 'ana@example.org' }, testContext) as Record<string, unknown>;
    // Assess
    expect(clean).toBe(input);
    expect(dirty['a']).toBe(input.a);
    expect(input).toEqual(snapshot);
  });
});

describeTransformContract('redactPii()', redactPii());
describeTransformContract('redactPii(hash, fields, custom)', redactPii({ mode: 'hash', hashKey: KEY, fields: ['*.v', 'polluted'], customPatterns: [{ name: 'word', pattern: '[a-z]{3}' }] }));
