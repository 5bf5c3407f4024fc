/**
 * Property tests of normalizeRecord: normalising twice equals normalising once (for any option set and
 * any JSON, including hostile keys), and converted keys are always safe Glue/Hive column names.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { convertKey } from '../../../transforms/shape/keyStyle.js';
import { normalizeRecord, type NormalizeRecordOptions } from '../../../transforms/shape/normalizeRecord.js';
import { isOutcome } from '../../../transforms/core/outcome.js';
import type { JsonValue } from '../../../transforms/core/types.js';
import { testContext } from '../../helpers/transformContract.js';

const NUM_RUNS = 200;

const interestingKey = fc.constantFrom(
  'userId', 'user_id', 'UserID', 'HTTPStatus', 'first name', 'e-mail', '2fa', '_id', '__proto__', 'constructor', 'prototype',
  'créé_le', 'Straße', '名前', 'created_at', 'updatedAt', 'time', 'ts', 'amount', 'active', '', ' a ', 'key_collisions', 'keyCollisions', 'user_id_2',
);
const key = fc.oneof({ weight: 3, arbitrary: interestingKey }, { weight: 2, arbitrary: fc.string({ maxLength: 12 }) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) });

const interestingString = fc.constantFrom(
  ' padded ', 'e\u0301', '\u212b', '', '   ', 'yes', 'No', 'TRUE', '1', '0', '42', '-3.5', '1e3', '007', '12345678901234567890',
  '2000-10-10T13:55:36-07:00', '10/Oct/2000:13:55:36 -0700', 'Tue, 10 Oct 2000 13:55:36 GMT', '2000-10-10 13:55:36.5', '1700000000', 'not a date', '2016-12-31T23:59:60Z',
);
const scalar: fc.Arbitrary<JsonValue> = fc.oneof(
  { weight: 3, arbitrary: interestingString },
  { weight: 2, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 2, arbitrary: fc.integer({ min: -2e12, max: 2e15 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** JSON text of a random tree; parsing it (as a record would be parsed) keeps `__proto__` keys as own keys. */
const { text: jsonText } = fc.letrec<{ text: string; array: string; object: string }>((tie) => ({
  text: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar.map((value) => JSON.stringify(value)), tie('array'), tie('object')),
  array: fc.array(tie('text'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  object: fc.array(fc.tuple(key, tie('text')), { maxLength: 6 }).map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
}));
const record: fc.Arbitrary<JsonValue> = jsonText.map((text) => JSON.parse(text) as JsonValue);

const options: fc.Arbitrary<NormalizeRecordOptions> = fc.record({
  keyStyle: fc.constantFrom('snake_case', 'camelCase', 'unchanged'),
  trimStrings: fc.boolean(),
  emptyStringToNull: fc.boolean(),
  unicodeNfc: fc.boolean(),
  booleanFields: fc.constantFrom([], ['*'], ['active', '**.flag*']),
  numberFields: fc.constantFrom([], ['*'], ['amount']),
  timestampFields: fc.constantFrom([], ['*'], ['created_at', 'ts']),
  detectTimestampFields: fc.boolean(),
  timestampFormat: fc.constantFrom('iso8601', 'hiveTimestamp'),
  onInvalidTimestamp: fc.constantFrom('fail', 'null'),
  onKeyCollision: fc.constantFrom('suffix', 'fail'),
});

describe('normalizeRecord properties', () => {
  it('is idempotent: normalising twice equals normalising once', () => {
    fc.assert(
      fc.property(options, record, (chosen, value) => {
        // Prepare
        const normalize = normalizeRecord(chosen);
        // Act
        const once = normalize(value, testContext);
        fc.pre(!isOutcome(once));
        const twice = normalize(once as JsonValue, testContext);
        // Assess
        expect(isOutcome(twice)).toBe(false);
        expect(isDeepStrictEqual(twice, once)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('is idempotent on timestamps in every accepted form, for every output format', () => {
    const instant = fc.integer({ min: 100_000_000_000, max: 253_402_300_799_999 });
    const form = fc.constantFrom('number', 'iso', 'isoOffset', 'hive', 'rfc2822', 'apache');
    fc.assert(
      fc.property(instant, form, fc.constantFrom('iso8601', 'epochMillis', 'hiveTimestamp') as fc.Arbitrary<NormalizeRecordOptions['timestampFormat']>, (ms, shape, timestampFormat) => {
        // Prepare
        const date = new Date(ms);
        const iso = date.toISOString();
        const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
        const pad = (n: number): string => String(n).padStart(2, '0');
        const hms = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
        const value: JsonValue = {
          number: ms,
          iso,
          isoOffset: `${iso.slice(0, 19)}+00:00`,
          hive: `${iso.slice(0, 10)} ${iso.slice(11, 23)}`,
          rfc2822: `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()} ${hms} GMT`,
          apache: `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${hms} +0000`,
        }[shape]!;
        fc.pre(date.getUTCFullYear() >= 1000 || (shape !== 'rfc2822' && shape !== 'apache'));
        // Epoch numbers are read by magnitude: milliseconds only below 1e14 (year 5138), see parseTimestamp.ts.
        fc.pre((shape !== 'number' && timestampFormat !== 'epochMillis') || ms < 1e14);
        const normalize = normalizeRecord({ timestampFields: ['at'], timestampFormat });
        // Act
        const once = normalize({ at: value }, testContext);
        const twice = normalize(once as JsonValue, testContext);
        // Assess
        expect(isOutcome(once)).toBe(false);
        expect(twice).toEqual(once);
        const seconds = Math.floor(ms / 1000) * 1000;
        const expected = shape === 'number' || shape === 'iso' || shape === 'hive' ? ms : seconds;
        const written = (once as { at: string | number }).at;
        expect(timestampFormat === 'epochMillis' ? written : Date.parse(`${String(written).replace(' ', 'T')}${timestampFormat === 'hiveTimestamp' ? 'Z' : ''}`)).toBe(expected);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('turns any key into a safe, stable Glue/Hive column name', () => {
    fc.assert(
      fc.property(fc.oneof(key, fc.string({ unit: 'binary', maxLength: 300 })), (raw) => {
        // Act
        const snake = convertKey(raw, 'snake_case');
        const camel = convertKey(raw, 'camelCase');
        // Assess
        expect(snake).toMatch(/^[a-z_][a-z0-9_]{0,254}$/);
        expect(camel).toMatch(/^[A-Za-z_][A-Za-z0-9_]{0,254}$/);
        expect(convertKey(snake, 'snake_case')).toBe(snake);
        expect(convertKey(camel, 'camelCase')).toBe(camel);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('gives every key of an object a distinct, safe name (collisions resolved, never merged)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(key, { maxLength: 8 }), (keys) => {
        // Prepare
        const input = JSON.parse(`{${keys.map((k, index) => `${JSON.stringify(k)}:${index}`).join(',')}}`) as Record<string, number>;
        // Act
        const output = normalizeRecord({ collisionReportField: null })(input, testContext);
        fc.pre(!isOutcome(output));
        // Assess: every input value is still there, under a Glue-safe key
        const out = output as Record<string, number>;
        expect(Object.values(out).sort((a, b) => a - b)).toEqual(keys.map((_, index) => index));
        for (const name of Object.keys(out)) expect(name).toMatch(/^[a-z_][a-z0-9_]{0,254}$/);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
