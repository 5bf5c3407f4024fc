import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEpochText, parseOpenXTimestamp, parseSqlDate } from '../../../formats/serde/parseOpenXTimestamp.js';
import { FIRST_DAY, FIRST_NANOS, LAST_DAY, LAST_NANOS } from '../glueArbitraries.js';

/** The UTC calendar fields of an instant, computed with Date (independently of formats/serde/civilTime.ts). */
function fieldsOf(nanos: bigint): { year: number; month: number; day: number; time: string; fraction: string } {
  const seconds = nanos >= 0n ? nanos / 1_000_000_000n : -((-nanos + 999_999_999n) / 1_000_000_000n);
  const date = new Date(Number(seconds) * 1000);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    time: date.toISOString().slice(11, 19),
    fraction: (nanos - seconds * 1_000_000_000n).toString().padStart(9, '0'),
  };
}

const instantArb = fc.bigInt({ min: FIRST_NANOS, max: LAST_NANOS });

describe('OpenX timestamp shapes', () => {
  it("reads yyyy-MM-dd'T'HH:mm:ss[.S]'Z' with 0 to 9 fraction digits", () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 0, max: 9 }), (nanos, digits) => {
        // Prepare
        const f = fieldsOf(nanos);
        const fraction = f.fraction.slice(0, digits);
        const text = `${String(f.year).padStart(4, '0')}-${String(f.month).padStart(2, '0')}-${String(f.day).padStart(2, '0')}T${f.time}${digits === 0 ? '' : `.${fraction}`}Z`;
        const expected = BigInt(Date.parse(`${text.slice(0, 19)}Z`)) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));

        // Act / Assess
        expect(parseOpenXTimestamp(text)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('reads yyyy-[M]M-[d]d HH:mm:ss[.S] with one- or two-digit month and day', () => {
    fc.assert(
      fc.property(instantArb, fc.boolean(), fc.boolean(), (nanos, padMonth, padDay) => {
        // Prepare
        const f = fieldsOf(nanos);
        const month = padMonth ? String(f.month).padStart(2, '0') : String(f.month);
        const day = padDay ? String(f.day).padStart(2, '0') : String(f.day);
        const text = `${String(f.year).padStart(4, '0')}-${month}-${day} ${f.time}.${f.fraction}`;

        // Act / Assess
        expect(parseOpenXTimestamp(text)).toBe(nanos);
      }),
      { numRuns: 300 },
    );
  });

  it('reads epoch seconds (fewer than 13 digits), milliseconds (13 or more) and fractional seconds', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -62_135_596_800n, max: 253_402_300_799n }), fc.integer({ min: 0, max: 999 }), (seconds, millis) => {
        // Prepare
        const epochMillis = seconds * 1000n + BigInt(millis);
        const magnitude = epochMillis < 0n ? -epochMillis : epochMillis;

        // Act
        const fromSeconds = (seconds < 0n ? -seconds : seconds) < 10n ** 12n ? parseEpochText(String(seconds)) : undefined;
        const fromMillis = magnitude >= 10n ** 12n ? parseEpochText(String(epochMillis)) : undefined;
        const fromFraction = parseEpochText(`${seconds}.${String(millis).padStart(3, '0')}`);

        // Assess
        expect(fromSeconds).toBe(seconds * 1_000_000_000n);
        if (magnitude >= 10n ** 12n) expect(fromMillis).toBe(epochMillis * 1_000_000n);
        // Fractional seconds of a negative number count away from zero, as the decimal text says.
        const fraction = seconds * 1_000_000_000n + (seconds < 0n ? -1n : 1n) * BigInt(millis) * 1_000_000n;
        expect(fromFraction).toBe(fraction >= FIRST_NANOS && fraction <= LAST_NANOS ? fraction : undefined);
      }),
      { numRuns: 300 },
    );
  });

  it('reads every date from 0001-01-01 to 9999-12-31', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST_DAY, max: LAST_DAY }), (days) => {
        // Prepare
        const text = new Date(days * 86_400_000).toISOString().slice(0, 10);

        // Act / Assess
        expect(parseSqlDate(text)).toBe(days);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on damaged timestamps and returns only instants Hive can store', () => {
    fc.assert(
      fc.property(instantArb, fc.nat(), fc.constantFrom('', '0', ':', '-', ' ', 'T', 'Z', '.', '9'), (nanos, at, insert) => {
        // Prepare
        const f = fieldsOf(nanos);
        const text = `${String(f.year).padStart(4, '0')}-${String(f.month).padStart(2, '0')}-${String(f.day).padStart(2, '0')}T${f.time}.${f.fraction}Z`;
        const cut = at % (text.length + 1);
        const damaged = `${text.slice(0, cut)}${insert}${text.slice(cut + 1)}`;

        // Act
        const value = parseOpenXTimestamp(damaged);

        // Assess
        if (value !== undefined) {
          expect(value >= FIRST_NANOS && value <= LAST_NANOS).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
