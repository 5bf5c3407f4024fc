/**
 * Benchmark: the Firehose handler with the identity pipeline (parseJson → toJsonLine) on a 6 MB Lambda
 * event of ~1 KiB JSON records, against a floor measured in the same run: the same decode, JSON.parse,
 * JSON.stringify, newline and encode of the same records in a plain loop. Target: handler ≤ 1.25 × floor.
 */
import { Buffer } from 'node:buffer';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { firehoseHandler } from '../../blueprints/handler/firehoseHandler.js';
import { LAMBDA_RESPONSE_LIMIT_BYTES } from '../../limits/index.js';
import { silentLogger } from '../../blueprints/handler/logger.js';
import { parseJson } from '../../transforms/json/parseJson.js';
import { pipe } from '../../transforms/core/pipe.js';
import { toJsonLine } from '../../transforms/json/toJsonLine.js';
import { fmt, fmtSpread, measureInterleaved, ratioSpread } from './measure.js';
import type { BenchOptions, BenchReport } from './types.js';

const TARGET_RATIO = 1.25;

/** A realistic ~1 KiB clickstream record, varied by index so that no two are equal. */
export function syntheticRecord(i: number): string {
  return JSON.stringify({
    event_id: `evt-${i}`,
    event_type: ['page_view', 'click', 'purchase', 'search'][i % 4],
    event_time: 1_735_732_800_000 + i * 37,
    user: { id: `u-${i % 997}`, email: `user${i % 997}@example.com`, country: ['PT', 'US', 'JP', 'DE'][i % 4], logged_in: i % 3 !== 0 },
    page: { url: `https://shop.example.com/products/${i % 113}?utm_source=newsletter&utm_campaign=winter-${i % 7}`, referrer: i % 2 === 0 ? 'https://www.google.com/' : null },
    device: {
      user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      ip: `203.0.113.${i % 254}`,
      screen: { width: 1920, height: 1080 },
    },
    order: { order_id: `o-${100000 + i}`, total: Math.round(i * 7.31) / 100, currency: 'EUR', items: [{ sku: `SKU-${i % 900}`, qty: 1 + (i % 3) }, { sku: `SKU-${(i * 7) % 900}`, qty: 1 }] },
    tags: ['promo', 'homepage', 'recommendation'].slice(0, i % 4),
    note: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.',
    session: { id: `s-${(i * 7919) % 100_000}`, started_at: '2025-01-01T12:00:00.000Z', pages_viewed: i % 17, experiment_groups: ['checkout-v2', 'search-ranking-b'], consent: { analytics: true, marketing: i % 2 === 0 } },
    context: { app_version: '4.18.2', locale: 'pt-PT', timezone: 'Europe/Lisbon', network: 'wifi', campaign: { source: 'newsletter', medium: 'email', name: `winter-sale-${i % 5}` } },
  });
}

/** An event whose serialised size is just under `eventBytes`. */
export function syntheticEvent(eventBytes: number, record: (i: number) => string = syntheticRecord): FirehoseTransformationEvent {
  const event: FirehoseTransformationEvent = { invocationId: 'bench', deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/bench', region: 'us-east-1', records: [] };
  let size = 200;
  for (let i = 0; ; i++) {
    const data = Buffer.from(record(i)).toString('base64');
    const entry = { recordId: `49546986683135544286507457936321625675700192471156785154${String(i).padStart(6, '0')}`, approximateArrivalTimestamp: 1_735_732_800_000 + i, data };
    const entryBytes = JSON.stringify(entry).length + 1;
    if (size + entryBytes > eventBytes) break;
    size += entryBytes;
    event.records.push(entry);
  }
  return event;
}

/** The floor: the unavoidable work of an identity transformation, in a plain loop. */
export function identityFloor(event: FirehoseTransformationEvent): { records: { recordId: string; result: 'Ok'; data: string }[] } {
  const out: { recordId: string; result: 'Ok'; data: string }[] = new Array(event.records.length);
  for (let i = 0; i < event.records.length; i++) {
    const r = event.records[i]!;
    const value: unknown = JSON.parse(Buffer.from(r.data, 'base64').toString('utf8'));
    out[i] = { recordId: r.recordId, result: 'Ok', data: Buffer.from(`${JSON.stringify(value)}\n`, 'utf8').toString('base64') };
  }
  return { records: out };
}

export async function handlerBench(options: BenchOptions): Promise<BenchReport> {
  const eventBytes = options.quick ? 600_000 : 6_000_000;
  const event = syntheticEvent(eventBytes);
  const rawBytes = event.records.reduce((sum, r) => sum + Buffer.from(r.data, 'base64').byteLength, 0);
  const handler = firehoseHandler(pipe(parseJson(), toJsonLine()), { logger: silentLogger, reingest: 'off', maxResponseBytes: LAMBDA_RESPONSE_LIMIT_BYTES });
  const [floor, identity] = await measureInterleaved(
    [
      { name: 'floor (decode, JSON.parse, JSON.stringify, encode)', run: () => identityFloor(event).records.length },
      { name: 'firehoseHandler(pipe(parseJson(), toJsonLine()))', run: async () => (await handler(event)).records.length },
    ],
    { runs: options.runs, warmup: 2 },
  );
  // Judged on CPU time (all threads of the process): on the shared machine wall-clock ratios also measure waiting for a core.
  const spread = ratioSpread(identity!, floor!, 'cpu');
  const wall = ratioSpread(identity!, floor!);
  const ratio = spread.median;
  const row = (t: { name: string; medianMs: number }): string =>
    `| ${t.name} | ${fmt(t.medianMs)} | ${fmt(event.records.length / (t.medianMs / 1000), 0)} | ${fmt(rawBytes / 1e6 / (t.medianMs / 1000))} |`;
  const markdown = [
    `Input: one Lambda event of ${fmt(JSON.stringify(event).length / 1e6)} MB holding ${event.records.length} JSON records of ~${fmt(rawBytes / event.records.length / 1024, 1)} KiB (${fmt(rawBytes / 1e6)} MB raw). Median of ${options.runs} rounds after 2 warm-ups; each round runs both cases, interleaved.`,
    '',
    '| case | median ms | records/s | MB/s (raw) |',
    '|---|---:|---:|---:|',
    row(floor!),
    row(identity!),
    '',
    `Ratio handler / floor, per round, CPU time: **${fmtSpread(spread)}** (target ≤ ${TARGET_RATIO}, judged on the median): ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}. Wall clock: ${fmtSpread(wall)}.`,
  ].join('\n');
  return { id: 'handler', title: 'Firehose handler, identity pipeline vs. floor', markdown, targetMet: ratio <= TARGET_RATIO };
}
