import { describe, expect, it } from 'vitest';
import { RecordFieldError, TransformOptionError, UnsafeRecordError } from '../../../transforms/core/errors.js';
import { convertKey, looksLikeTimestampKey } from '../../../transforms/shape/keyStyle.js';
import { normalizeRecord, type NormalizeRecordOptions } from '../../../transforms/shape/normalizeRecord.js';
import { OUTCOME, type JsonValue } from '../../../transforms/core/types.js';
import { describeTransformContract, testContext } from '../../helpers/transformContract.js';

function run(options: NormalizeRecordOptions, input: JsonValue): unknown {
  return normalizeRecord(options)(input, testContext);
}

function failure(output: unknown): Error {
  expect(output).toMatchObject({ [OUTCOME]: 'failed' });
  return (output as { error: Error }).error;
}

describe('normalizeRecord options are checked at start-up', () => {
  it.each([
    ['an unknown option', { keystyle: 'camelCase' }, "option 'keystyle' is not a known option"],
    ['an unknown key style', { keyStyle: 'kebab-case' }, "option 'keyStyle' is \"kebab-case\". Use one of: 'snake_case', 'camelCase', 'unchanged'."],
    ['a non-boolean trimStrings', { trimStrings: 'yes' }, "option 'trimStrings' is \"yes\". Use true or false."],
    ['an unknown timestamp format', { timestampFormat: 'rfc2822' }, "option 'timestampFormat' is \"rfc2822\""],
    ['an unknown epoch unit', { epochUnit: 'minutes' }, "option 'epochUnit' is \"minutes\""],
    ['an unknown invalid-timestamp policy', { onInvalidTimestamp: 'keep' }, "option 'onInvalidTimestamp' is \"keep\""],
    ['an unknown collision policy', { onKeyCollision: 'merge' }, "option 'onKeyCollision' is \"merge\""],
    ['a report field not in the key style', { collisionReportField: 'KeyCollisions' }, "option 'collisionReportField' is \"KeyCollisions\". Use null or a key already in snake_case style"],
    ['timestampFields not an array', { timestampFields: 'created_at' }, "option 'timestampFields' must be an array of field patterns"],
    ['a field pattern with an empty segment', { numberFields: ['order..total'] }, 'with an empty segment'],
    ['maxDepth of 0', { maxDepth: 0 }, "option 'maxDepth' is 0"],
  ])('rejects %s', (_reason, options, message) => {
    // Act / Assess
    expect(() => normalizeRecord(options as NormalizeRecordOptions)).toThrow(TransformOptionError);
    expect(() => normalizeRecord(options as NormalizeRecordOptions)).toThrow(message);
  });
});

describe('normalizeRecord keys', () => {
  it.each([
    ['userId', 'user_id', 'userId'],
    ['UserID', 'user_id', 'userId'],
    ['HTTPStatusCode', 'http_status_code', 'httpStatusCode'],
    ['first name', 'first_name', 'firstName'],
    ['e-mail', 'e_mail', 'eMail'],
    ['user.id', 'user_id', 'userId'],
    ['ipv4Address', 'ipv4_address', 'ipv4Address'],
    ['2fa_enabled', '_2fa_enabled', '_2faEnabled'],
    ['_id', '_id', '_id'],
    ['__proto__', '_proto', '_proto'],
    ['Straße', 'strasse', 'strasse'],
    ['café_crème', 'cafe_creme', 'cafeCreme'],
    ['名前', 'u540d_u524d', 'u540dU524d'],
    ['', '_', '_'],
    ['!!!', '_', '_'],
    ['already_snake_2', 'already_snake_2', 'alreadySnake2'],
  ])('%j → snake_case %j, camelCase %j', (key, snake, camel) => {
    // Act / Assess
    expect(convertKey(key, 'snake_case')).toBe(snake);
    expect(convertKey(key, 'camelCase')).toBe(camel);
    expect(convertKey(snake, 'snake_case')).toBe(snake);
    expect(convertKey(camel, 'camelCase')).toBe(camel);
  });

  it('cuts keys to 255 characters, never ending on "_"', () => {
    // Prepare
    const long = `${'a'.repeat(254)}_b_${'c'.repeat(20)}`;
    // Act
    const snake = convertKey(long, 'snake_case');
    // Assess
    expect(snake).toBe('a'.repeat(254));
    expect(convertKey(snake, 'snake_case')).toBe(snake);
  });

  it('converts keys at every depth, inside arrays too, and keeps unchanged keys as they are', () => {
    // Prepare
    const input = { orderInfo: { lineItems: [{ SKUCode: 'A', unitPrice: 1 }] } };
    // Act / Assess
    expect(run({}, input)).toEqual({ order_info: { line_items: [{ sku_code: 'A', unit_price: 1 }] } });
    expect(run({ keyStyle: 'unchanged' }, input)).toEqual(input);
  });

  it('resolves collisions by the documented rule, whatever the key order, and reports them', () => {
    // Act
    const forward = run({}, { userId: 1, user_id: 2, UserID: 3, user_id_2: 4 });
    const backward = run({}, { user_id_2: 4, UserID: 3, user_id: 2, userId: 1 });
    // Assess: user_id (already snake) keeps the name; UserID < userId in code-unit order; user_id_2 is taken
    const expected = { user_id: 2, user_id_3: 3, user_id_4: 1, user_id_2: 4, key_collisions: ['UserID -> user_id_3', 'userId -> user_id_4'] };
    expect(forward).toEqual(expected);
    expect(backward).toEqual(expected);
  });

  it('reports nested collisions with their path and appends to an existing report', () => {
    // Act
    const output = run({}, { key_collisions: ['earlier -> entry'], order: { itemCount: 1, item_count: 2 } });
    // Assess
    expect(output).toEqual({ key_collisions: ['earlier -> entry', 'order.itemCount -> order.item_count_2'], order: { item_count_2: 1, item_count: 2 } });
  });

  it('writes keys that are not printable ASCII as JSON strings in the report', () => {
    // Act
    const output = run({}, { ' a': 1, a: 2 });
    // Assess
    expect(output).toEqual({ a_2: 1, a: 2, key_collisions: ['" a" -> a_2'] });
  });

  it('fails the record on a collision with onKeyCollision: "fail", naming the keys', () => {
    // Act
    const error = failure(run({ onKeyCollision: 'fail' }, { profile: { userId: 1, user_id: 2 } }));
    // Assess
    expect(error).toBeInstanceOf(RecordFieldError);
    expect(error.message).toBe("normalizeRecord: keys 'profile.user_id' and 'profile.userId' all become 'profile.user_id'; rename one upstream or set onKeyCollision: 'suffix'");
  });

  it('fails the record when the report field already holds something else than a list', () => {
    // Act
    const error = failure(run({}, { key_collisions: 'mine', a: 1, A: 2 }));
    // Assess
    expect(error.message).toBe("normalizeRecord: the record already has a field 'key_collisions' (string) where key renames are reported; rename it upstream or set collisionReportField");
  });

  it('leaves the report out with collisionReportField: null', () => {
    // Act / Assess
    expect(run({ collisionReportField: null }, { a: 1, A: 2 })).toEqual({ a: 1, a_2: 2 });
  });
});

describe('normalizeRecord values', () => {
  it('trims strings, applies NFC, and optionally turns empty strings into null', () => {
    // Prepare
    const input = { a: '  x  ', b: 'e\u0301', c: '   ', d: ['  y ', ''] };
    // Act / Assess
    expect(run({}, input)).toEqual({ a: 'x', b: '\u00e9', c: '', d: ['y', ''] });
    expect(run({ emptyStringToNull: true }, input)).toEqual({ a: 'x', b: '\u00e9', c: null, d: ['y', null] });
    expect(run({ trimStrings: false, unicodeNfc: false }, input)).toEqual(input);
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    [' Yes ', true],
    ['1', true],
    ['false', false],
    ['No', false],
    ['0', false],
    ['maybe', 'maybe'],
    ['', ''],
  ])('booleanFields: %j → %j', (value, expected) => {
    // Act / Assess
    expect(run({ booleanFields: ['flags.*'] }, { flags: { on: value }, other: value })).toEqual({ flags: { on: expected }, other: value.trim() });
  });

  it.each([
    ['42', 42],
    ['-3.5', -3.5],
    ['1e3', 1000],
    [' 7 ', 7],
    ['007', '007'],
    ['1,000', '1,000'],
    ['12345678901234567890', '12345678901234567890'],
    ['0x10', '0x10'],
    ['NaN', 'NaN'],
  ])('numberFields: %j → %j', (value, expected) => {
    // Act / Assess
    expect(run({ numberFields: ['amount'] }, { amount: value })).toEqual({ amount: expected });
  });

  it('matches field patterns against output keys, converting plain segments to the key style', () => {
    // Act
    const output = run({ numberFields: ['orderTotal', '*.itemCount'] }, { OrderTotal: '10', order: { item_count: '3' } });
    // Assess
    expect(output).toEqual({ order_total: 10, order: { item_count: 3 } });
  });
});

describe('normalizeRecord timestamps', () => {
  it.each([
    ['epoch seconds', 1700000000, '2023-11-14T22:13:20.000Z'],
    ['epoch seconds with a fraction', 1700000000.5, '2023-11-14T22:13:20.500Z'],
    ['epoch milliseconds', 1700000000123, '2023-11-14T22:13:20.123Z'],
    ['epoch microseconds', 1700000000123456, '2023-11-14T22:13:20.123Z'],
    ['epoch seconds as text', '1700000000', '2023-11-14T22:13:20.000Z'],
    ['negative epoch seconds', -86400, '1969-12-31T00:00:00.000Z'],
    ['ISO 8601 with an offset', '2000-10-10T13:55:36-07:00', '2000-10-10T20:55:36.000Z'],
    ['ISO 8601 with nanoseconds', '2000-10-10T13:55:36.123456789Z', '2000-10-10T13:55:36.123Z'],
    ['ISO 8601 with +hhmm', '2000-10-10T13:55:36+0530', '2000-10-10T08:25:36.000Z'],
    ['ISO 8601 with +hh', '2000-10-10T13:55:36+05', '2000-10-10T08:55:36.000Z'],
    ['ISO 8601 without seconds', '2000-10-10T13:55Z', '2000-10-10T13:55:00.000Z'],
    ['ISO 8601 date only', '2000-10-10', '2000-10-10T00:00:00.000Z'],
    ['ISO 8601 basic form', '20001010T135536Z', '2000-10-10T13:55:36.000Z'],
    ['yyyy-MM-dd HH:mm:ss (UTC)', '2000-10-10 13:55:36', '2000-10-10T13:55:36.000Z'],
    ['yyyy-MM-dd HH:mm:ss.S', '2000-10-10 13:55:36.5', '2000-10-10T13:55:36.500Z'],
    ['RFC 2822', 'Tue, 10 Oct 2000 13:55:36 -0700', '2000-10-10T20:55:36.000Z'],
    ['RFC 2822 without day name or seconds', '10 Oct 2000 13:55 GMT', '2000-10-10T13:55:00.000Z'],
    ['RFC 2822 two-digit year and zone name', 'Tue, 10 Oct 00 13:55:36 EST', '2000-10-10T18:55:36.000Z'],
    ['Apache %t', '10/Oct/2000:13:55:36 -0700', '2000-10-10T20:55:36.000Z'],
    ['Apache %t in brackets', '[10/Oct/2000:13:55:36 -0700]', '2000-10-10T20:55:36.000Z'],
    ['a leap second (rolls over)', '2016-12-31T23:59:60Z', '2017-01-01T00:00:00.000Z'],
    ['a leap day', '2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
  ])('reads %s', (_form, value, expected) => {
    // Act / Assess
    expect(run({ timestampFields: ['at'] }, { at: value })).toEqual({ at: expected });
  });

  it('writes epoch milliseconds or the Hive/Parquet form when asked', () => {
    // Prepare
    const input = { at: '2000-10-10T13:55:36.123-07:00' };
    // Act / Assess
    expect(run({ timestampFields: ['at'], timestampFormat: 'epochMillis' }, input)).toEqual({ at: 971211336123 });
    expect(run({ timestampFields: ['at'], timestampFormat: 'hiveTimestamp' }, input)).toEqual({ at: '2000-10-10 20:55:36.123' });
  });

  it('reads epoch numbers in the unit named by epochUnit', () => {
    // Act / Assess
    expect(run({ timestampFields: ['at'], epochUnit: 'milliseconds' }, { at: 86_400_000 })).toEqual({ at: '1970-01-02T00:00:00.000Z' });
    expect(run({ timestampFields: ['at'], epochUnit: 'milliseconds' }, { at: 1_700_000_000 })).toEqual({ at: '1970-01-20T16:13:20.000Z' });
    expect(run({ timestampFields: ['at'], epochUnit: 'microseconds' }, { at: 1_700_000_000 })).toEqual({ at: '1970-01-01T00:28:20.000Z' });
    expect(failure(run({ timestampFields: ['at'], epochUnit: 'seconds' }, { at: 1_700_000_000_123 })).message).toContain("field 'at' holds a number that is not a timestamp");
  });

  it.each([
    ['a date that does not exist', '2023-02-29'],
    ['month 13', '2000-13-01'],
    ['hour 25', '2000-10-10T25:00:00Z'],
    ['an offset of 25 hours', '2000-10-10T13:55:36+25:00'],
    ['an unknown month name', '10/Foo/2000:13:55:36 -0700'],
    ['a word', 'yesterday'],
    ['an empty string', ''],
    ['a boolean', true],
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['an epoch beyond year 9999', 1e21],
  ])('fails the record on %s, naming the field', (_reason, value) => {
    // Act
    const error = failure(run({ timestampFields: ['event.at'] }, { event: { at: value } }));
    // Assess
    expect(error).toBeInstanceOf(RecordFieldError);
    expect(error.message).toBe(
      `normalizeRecord: field 'event.at' holds a ${typeof value === 'string' ? `string of ${value.length} characters` : typeof value} that is not a timestamp (epoch s/ms/µs, ISO 8601, RFC 2822, Apache, yyyy-MM-dd HH:mm:ss); fix the producer or set onInvalidTimestamp: 'null'`,
    );
  });

  it('writes null for an unparseable timestamp with onInvalidTimestamp: "null", and keeps null', () => {
    // Act / Assess
    expect(run({ timestampFields: ['at', 'seen'], onInvalidTimestamp: 'null' }, { at: 'soon', seen: null })).toEqual({ at: null, seen: null });
  });

  it('detects timestamp fields by name when asked, and only then', () => {
    // Prepare
    const input = { createdAt: 0, event_time: 1, ts: 2, format: 3, lat: 4, timezone: 'UTC' };
    // Act / Assess
    expect(run({ detectTimestampFields: true }, input)).toEqual({ created_at: '1970-01-01T00:00:00.000Z', event_time: '1970-01-01T00:00:01.000Z', ts: '1970-01-01T00:00:02.000Z', format: 3, lat: 4, timezone: 'UTC' });
    expect(run({}, input)).toEqual({ created_at: 0, event_time: 1, ts: 2, format: 3, lat: 4, timezone: 'UTC' });
    expect(['created_at', 'updatedAt', '@timestamp', 'date', 'birth_date'].every(looksLikeTimestampKey)).toBe(true);
    expect(['format', 'lat', 'timezone', 'runtime', 'data'].some(looksLikeTimestampKey)).toBe(false);
  });

  it('converts every element of an array under a timestamp field', () => {
    // Act / Assess
    expect(run({ timestampFields: ['seen'] }, { seen: [0, '1970-01-01 00:00:01'] })).toEqual({ seen: ['1970-01-01T00:00:00.000Z', '1970-01-01T00:00:01.000Z'] });
  });
});

describe('normalizeRecord on hostile input', () => {
  it('fails a record nested deeper than maxDepth instead of overflowing the stack (100,000 levels)', () => {
    // Prepare
    let deep: JsonValue = 1;
    for (let level = 0; level < 100_000; level++) deep = [deep];
    // Act
    const error = failure(normalizeRecord()(deep, testContext));
    // Assess
    expect(error).toBeInstanceOf(UnsafeRecordError);
    expect(error.message).toBe('normalizeRecord: the record nests objects/arrays deeper than maxDepth 100; raise normalizeRecord({ maxDepth }) (at most 1,000) if such records are expected');
  });

  it('never reaches Object.prototype through __proto__, constructor or prototype keys', () => {
    // Prepare
    const hostile = JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"prototype":3}') as JsonValue;
    // Act
    const snake = normalizeRecord()(hostile, testContext) as Record<string, unknown>;
    const unchanged = normalizeRecord({ keyStyle: 'unchanged' })(hostile, testContext) as Record<string, unknown>;
    // Assess
    expect(snake).toEqual({ _proto: { polluted: 1 }, constructor: { prototype: { polluted: 2 } }, prototype: 3 });
    expect(Object.hasOwn(unchanged, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(unchanged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describeTransformContract('normalizeRecord()', normalizeRecord());
describeTransformContract('normalizeRecord(camelCase, all conversions)', normalizeRecord({ keyStyle: 'camelCase', detectTimestampFields: true, booleanFields: ['*'], numberFields: ['*'], emptyStringToNull: true, onInvalidTimestamp: 'null' }));
