import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_YEAR, MIN_YEAR, timestampNanos } from '../../../formats/serde/civilTime.js';

/** Nanoseconds since the epoch computed with Date.UTC and bigint arithmetic only (independent of civilTime.ts). */
function expectedNanos(year: number, month: number, day: number, hour: number, minute: number, second: number, nanos: number): bigint {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return BigInt(date.getTime()) * 1_000_000n + BigInt(nanos);
}

// Fractions that are whole seconds, whole milliseconds, whole microseconds, or any nanosecond count:
// timestampNanos takes a different arithmetic path for each.
const fractionArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 999 }).map((ms) => ms * 1_000_000),
  fc.integer({ min: 0, max: 999_999 }).map((us) => us * 1_000),
  fc.integer({ min: 0, max: 999_999_999 }),
);

describe('timestampNanos', () => {
  it('equals the calendar instant plus the fraction, whatever the fraction and year', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_YEAR, max: MAX_YEAR }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fractionArb,
        (year, month, day, hour, minute, second, nanos) => {
          expect(timestampNanos(year, month, day, hour, minute, second, nanos)).toBe(expectedNanos(year, month, day, hour, minute, second, nanos));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is exact at the ends of Hive range and just before the epoch', () => {
    expect(timestampNanos(1, 1, 1, 0, 0, 0, 1_000_000)).toBe(expectedNanos(1, 1, 1, 0, 0, 0, 1_000_000));
    expect(timestampNanos(9999, 12, 31, 23, 59, 59, 999_000_000)).toBe(253_402_300_799_999_000_000n);
    expect(timestampNanos(1969, 12, 31, 23, 59, 59, 500_000_000)).toBe(-500_000_000n);
  });
});
