import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEpochText, parseOpenXTimestamp, parseSqlDate, scanTimestamp } from '../../../formats/serde/parseOpenXTimestamp.js';
import { isValidDate, isValidTime, timestampNanos } from '../../../formats/serde/civilTime.js';
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

/**
 * The character-by-character reader before its digit pairs (round 3 of issue 11), kept here as the
 * oracle: the faster reader must accept and reject exactly the same texts, with the same instants.
 */
function referenceScan(text: string, start: number, end: number, iso: boolean): bigint | undefined {
  const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
  const digits = (from: number, count: number): number => {
    let value = 0;
    for (let i = from; i < from + count; i++) {
      const code = text.charCodeAt(i);
      if (!isDigit(code)) return -1;
      value = value * 10 + (code - 0x30);
    }
    return value;
  };
  if (end - start < 17 || text.charCodeAt(start + 4) !== 0x2d) return undefined;
  const year = digits(start, 4);
  let pos = start + 5;
  const monthWidth = iso || isDigit(text.charCodeAt(pos + 1)) ? 2 : 1;
  const month = digits(pos, monthWidth);
  pos += monthWidth;
  if (text.charCodeAt(pos) !== 0x2d) return undefined;
  pos++;
  const dayWidth = iso || isDigit(text.charCodeAt(pos + 1)) ? 2 : 1;
  const day = digits(pos, dayWidth);
  pos += dayWidth;
  if (text.charCodeAt(pos) !== (iso ? 0x54 : 0x20)) return undefined;
  const hour = digits(pos + 1, 2);
  if (text.charCodeAt(pos + 3) !== 0x3a) return undefined;
  const minute = digits(pos + 4, 2);
  if (text.charCodeAt(pos + 6) !== 0x3a) return undefined;
  const second = digits(pos + 7, 2);
  pos += 9;
  let nanos = 0;
  if (text.charCodeAt(pos) === 0x2e) {
    const fractionStart = ++pos;
    while (pos < end && pos - fractionStart < 10 && isDigit(text.charCodeAt(pos))) pos++;
    const count = pos - fractionStart;
    if (count === 0 || count > 9) return undefined;
    nanos = digits(fractionStart, count) * 10 ** (9 - count);
  }
  if (iso) {
    if (text.charCodeAt(pos) !== 0x5a) return undefined;
    pos++;
  }
  if (pos !== end || year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  if (!isValidDate(year, month, day) || !isValidTime(hour, minute, second)) return undefined;
  return timestampNanos(year, month, day, hour, minute, second, nanos);
}

describe('scanTimestamp', () => {
  // Timestamps in both shapes, then damaged: a character replaced, inserted or removed anywhere, so that
  // every fixed place sees digits, separators and the end of the text.
  const shapedArb = fc.tuple(instantArb, fc.integer({ min: 0, max: 10 }), fc.boolean(), fc.boolean()).map(([nanos, digits, iso, padded]) => {
    const f = fieldsOf(nanos);
    const month = padded || iso ? String(f.month).padStart(2, '0') : String(f.month);
    const day = padded || iso ? String(f.day).padStart(2, '0') : String(f.day);
    const fraction = digits === 0 ? '' : `.${(f.fraction + '7').slice(0, digits)}`;
    return `${String(f.year).padStart(4, '0')}-${month}-${day}${iso ? 'T' : ' '}${f.time}${fraction}${iso ? 'Z' : ''}`;
  });
  const damagedArb = fc.tuple(shapedArb, fc.nat(), fc.constantFrom('', '0', '9', '-', ':', ' ', 'T', 'Z', '.', 'x', '/', '\u0660'), fc.constantFrom('replace', 'insert', 'remove', 'keep')).map(([text, at, char, how]) => {
    const i = at % (text.length + 1);
    if (how === 'replace') return text.slice(0, i) + char + text.slice(i + 1);
    if (how === 'insert') return text.slice(0, i) + char + text.slice(i);
    if (how === 'remove') return text.slice(0, i) + text.slice(i + 1);
    return text;
  });
  const anyArb = fc.oneof(damagedArb, fc.array(fc.constantFrom('0', '1', '2', '9', '-', ':', ' ', 'T', 'Z', '.'), { maxLength: 32 }).map((parts) => parts.join('')));

  it('accepts and rejects exactly what the character-by-character reader did, with the same instant', () => {
    fc.assert(
      fc.property(anyArb, fc.boolean(), fc.string({ maxLength: 3 }), (text, iso, around) => {
        // Prepare: the value sits inside a longer text, as in a record, with a quote after it.
        const record = `${around}${text}"${around}`;
        const start = around.length;
        const end = start + text.length;
        // Act / Assess
        expect(scanTimestamp(record, start, end, iso)).toBe(referenceScan(record, start, end, iso));
        expect(scanTimestamp(text, 0, text.length, iso)).toBe(referenceScan(text, 0, text.length, iso));
      }),
      { numRuns: 3000 },
    );
  });
});
