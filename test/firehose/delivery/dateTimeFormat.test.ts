import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileDateTimePattern } from '../../../firehose/delivery/dateTimeFormat.js';

const t = Date.UTC(2018, 7, 27, 10, 30, 5, 123);
const f = (pattern: string, zone?: string): string => compileDateTimePattern(pattern).format(t, zone);

describe('compileDateTimePattern (Java DateTimeFormatter subset)', () => {
  it.each([
    ['yyyy/MM/dd/HH/', '2018/08/27/10/'],
    ["'year='yyyy'/month='MM", 'year=2018/month=08'],
    ['yy-M-d H:m:s.SSS', '18-8-27 10:30:5.123'],
    ["EEE EEEE MMM MMMM a h D ''", "Mon Monday Aug August AM 10 239 '"],
    ["'it''s' HH", "it's 10"],
    ['[yyyy]', '2018'],
    ['HH X XX XXX x xx xxx', '10 Z Z Z +00 +0000 +00:00'],
    ['SSSSSS A', '123000 37805123'],
  ])('formats %s as %s (UTC)', (pattern, expected) => {
    expect(f(pattern)).toBe(expected);
  });

  it('formats in a custom time zone, with its offset and id', () => {
    expect(f('yyyy-MM-dd HH XXX', 'Asia/Tokyo')).toBe('2018-08-27 19 +09:00');
    expect(f('HH VV Z X', 'America/New_York')).toBe('06 America/New_York -0400 -04');
    expect(f('HH ZZZZ', 'Asia/Kolkata')).toBe('16 GMT+05:30');
  });

  it.each([
    ['ddd', /Too many pattern letters: d/],
    ['aa', /Too many pattern letters: a/],
    ["yyyy'", /incomplete string literal/],
    ['yyyy#', /reserved character: '#'/],
    ['yyyy]', /contains \] without previous \[/],
    ['ww', /'w' \(week-of-week-based-year\) is valid in Java but firehose-kit does not emulate it/],
    ['b', /Unknown pattern letter: b/],
    ['V', /Pattern letter count must be 2: V/],
  ])('refuses %s, naming the problem', (pattern, message) => {
    expect(() => compileDateTimePattern(pattern)).toThrow(message);
  });

  it('agrees with Date for the default hour layout at any instant (property)', () => {
    const pattern = compileDateTimePattern('yyyy-MM-dd HH:mm:ss.SSS');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        expect(pattern.format(ms)).toBe(new Date(ms).toISOString().slice(0, 23).replace('T', ' '));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same wall time as Intl in any supported zone (property)', () => {
    const pattern = compileDateTimePattern('yyyy-MM-dd HH:mm');
    const zones = ['Asia/Tokyo', 'America/New_York', 'Europe/Berlin', 'Australia/Adelaide', 'UTC'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
        expect(pattern.format(ms, zone)).toBe(`${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}`);
      }),
      { numRuns: 200 },
    );
  });
});
