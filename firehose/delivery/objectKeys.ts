/**
 * S3 object names as Firehose writes them by default:
 * `<prefix>YYYY/MM/DD/HH/<stream>-<version>-YYYY-MM-DD-HH-MM-SS-<random>` (UTC), with error output under
 * `processing-failed/` (see the Firehose developer guide, "Configure Amazon S3 object name format").
 * The random part is derived from the stream name and a counter, so that replays are reproducible.
 */
import { createHash } from 'node:crypto';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY/MM/DD/HH/` for an epoch-milliseconds time, in UTC. */
export function hourPrefix(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCHours())}/`;
}

export function objectName(streamName: string, epochMs: number, sequence: number, extension = ''): string {
  const d = new Date(epochMs);
  const stamp = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}-${pad(d.getUTCHours())}-${pad(d.getUTCMinutes())}-${pad(d.getUTCSeconds())}`;
  return `${streamName}-1-${stamp}-${deterministicUuid(`${streamName}/${epochMs}/${sequence}`)}${extension}`;
}

function deterministicUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The prefix for records with dynamic-partitioning keys: `key=value/…` in the keys' order. */
export function partitionPrefix(partitionKeys: Readonly<Record<string, string>> | undefined): string {
  if (partitionKeys === undefined) return '';
  const entries = Object.entries(partitionKeys);
  return entries.length === 0 ? '' : entries.map(([k, v]) => `${k}=${v}/`).join('');
}
