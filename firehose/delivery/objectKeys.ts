/**
 * Firehose's default object key layout in UTC (developer guide, "Configure Amazon S3 object name
 * format"): `YYYY/MM/dd/HH/` then `<stream>-<version>-YYYY-MM-dd-HH-mm-ss-<uuid>`. Delivery builds keys
 * through prefixExpression.ts (custom prefixes, time zones); these helpers name the default layout for
 * reports and tests.
 */
import { seededUuid } from './compression.js';
import { compileDateTimePattern } from './dateTimeFormat.js';

const HOUR = compileDateTimePattern('yyyy/MM/dd/HH/');
const STAMP = compileDateTimePattern('yyyy-MM-dd-HH-mm-ss');

/** `YYYY/MM/DD/HH/` for an epoch-milliseconds time, in UTC. */
export function hourPrefix(epochMs: number): string {
  return HOUR.format(epochMs);
}

/** `<stream>-<version>-YYYY-MM-dd-HH-mm-ss-<uuid><extension>`, the UUID derived from the stream and a counter. */
export function objectName(streamName: string, epochMs: number, sequence: number, extension = '', version = 1): string {
  return `${streamName}-${version}-${STAMP.format(epochMs)}-${seededUuid(`${streamName}/${sequence}`)}${extension}`;
}
