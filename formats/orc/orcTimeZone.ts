/**
 * Time-zone offsets for ORC timestamps. A timestamp column stores seconds from 2015-01-01 00:00:00 in
 * the writer's time zone (apache/orc-format specification/ORCv1.md, "Timestamp Columns"; the stripe
 * footer's writerTimezone names the zone). This writer always writes UTC; the reader turns other
 * zones' values back into the wall-clock time the writer saw, as Apache's readers do when the reader's
 * zone is the writer's, using the IANA database that Node's Intl carries.
 */
import { OrcUnsupportedError } from './errors.js';

/** 2015-01-01T00:00:00Z in seconds since 1970. */
export const ORC_EPOCH_UTC_SECONDS = 1_420_070_400;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      throw new OrcUnsupportedError(`the writer time zone '${zone}' (unknown to this Node.js)`);
    }
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Offset of `zone` from UTC, in seconds, at the instant `epochSeconds`. */
export function zoneOffsetSeconds(zone: string, epochSeconds: number): number {
  if (zone === 'UTC' || zone === 'GMT' || zone === 'Etc/UTC') return 0;
  // Offsets change at most every few hours: cache by the quarter hour.
  const key = `${zone}|${Math.floor(epochSeconds / 900)}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const parts = formatterFor(zone).formatToParts(new Date(Math.floor(epochSeconds / 900) * 900 * 1000));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  let year = get('year');
  if (parts.find((p) => p.type === 'era')?.value === 'BC') year = 1 - year;
  // setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 1900..1999.
  const date = new Date(0);
  date.setUTCFullYear(year, get('month') - 1, get('day'));
  date.setUTCHours(get('hour'), get('minute'), get('second'), 0);
  const wall = date.getTime() / 1000;
  const offset = wall - Math.floor(epochSeconds / 900) * 900;
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** Seconds since 1970 (UTC) of 2015-01-01 00:00:00 in `zone`: what stored seconds are relative to. */
export function orcEpochInZone(zone: string): number {
  return ORC_EPOCH_UTC_SECONDS - zoneOffsetSeconds(zone, ORC_EPOCH_UTC_SECONDS);
}
