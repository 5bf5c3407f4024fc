/**
 * The compiled decoder's in-place readers (formats/serde/scanCellText.ts) against the reference's readers
 * of a cut-out string: dates, OpenX timestamps, base64. Texts are drawn from the characters these formats
 * use, so that near misses (a digit short, a separator wrong, bad padding) are common.
 */
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOpenXTimestamp, parseSqlDate } from '../../../formats/serde/parseOpenXTimestamp.js';
import { scanBase64, scanOpenXTimestamp, scanSqlDate } from '../../../formats/serde/scanCellText.js';

/** A value as it stands in a record: something before it, its closing quote and more after it. */
function inRecord(value: string): { text: string; start: number; end: number } {
  const text = `{"k":"${value}","z":7}`;
  return { text, start: 6, end: 6 + value.length };
}

const temporalTextArb = fc.oneof(
  fc.string({ unit: fc.constantFrom('0', '1', '2', '9', '-', ':', ' ', 'T', 'Z', '.', '+'), maxLength: 32 }),
  fc.date({ min: new Date(Date.UTC(1, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).chain((date) => {
    const iso = date.toISOString();
    return fc.constantFrom(iso, iso.replace('T', ' ').replace('Z', ''), iso.slice(0, 10), iso.slice(0, 19), `${iso.slice(0, 19)}.123456789Z`, `${iso.slice(0, 19)}.1234567891Z`, iso.replace(/-0/g, '-'), String(date.getTime()), String(date.getTime() / 1000));
  }),
);

const base64TextArb = fc.oneof(
  fc.uint8Array({ maxLength: 20 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  fc.string({ unit: fc.constantFrom('A', 'z', '0', '+', '/', '=', '-', '_', ' ', 'é'), maxLength: 12 }),
);

describe('scanCellText', () => {
  it('reads dates and OpenX timestamps in place exactly as the reference reads the cut-out string', () => {
    fc.assert(
      fc.property(temporalTextArb, (value) => {
        // Prepare
        const { text, start, end } = inRecord(value);
        // Act, Assess
        expect(scanSqlDate(text, start, end)).toBe(parseSqlDate(value));
        expect(scanOpenXTimestamp(text, start, end)).toBe(parseOpenXTimestamp(value));
      }),
      { numRuns: 300 },
    );
  });

  it('reads standard padded base64 in place exactly as the reference (its regex, then Buffer.from)', () => {
    const reference = (value: string): Uint8Array | undefined =>
      /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value) ? new Uint8Array(Buffer.from(value, 'base64')) : undefined;
    fc.assert(
      fc.property(base64TextArb, (value) => {
        // Prepare
        const { text, start, end } = inRecord(value);
        // Act, Assess
        expect(scanBase64(text, start, end)).toEqual(reference(value));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['a month of three digits', '2024-123-1'],
    ['a one-digit year', '202-01-01'],
    ['a day of three digits', '2024-01-011'],
    ['February 30', '2024-02-30'],
  ])('rejects a date with %s', (_reason, value) => {
    const { text, start, end } = inRecord(value);
    expect(scanSqlDate(text, start, end)).toBeUndefined();
  });

  it.each([
    ['no Z after an ISO time', '2017-02-07T15:13:01.39'],
    ['ten fraction digits', '2017-02-07 15:13:01.1234567891'],
    ['hour 24', '2017-02-07 24:00:00'],
  ])('rejects a timestamp with %s', (_reason, value) => {
    const { text, start, end } = inRecord(value);
    expect(scanOpenXTimestamp(text, start, end)).toBeUndefined();
  });

  it.each([
    ['a length not a multiple of 4', 'aGVsbG8'],
    ['padding inside', 'aG==bG8='],
    ['three padding characters', 'a==='],
    ['a URL-safe character', 'aGVs_G8='],
  ])('rejects base64 with %s', (_reason, value) => {
    const { text, start, end } = inRecord(value);
    expect(scanBase64(text, start, end)).toBeUndefined();
  });
});
