/**
 * Benchmark: redactPii, normalizeRecord, flattenRecord, unflattenRecord and the clean-json blueprint on
 * 6 MB batches of realistic ~1 KiB JSON records (nested, camelCase keys, timestamps, some PII), each as
 * records/s and as a ratio to the identity-handler floor measured in the same run, interleaved: base64
 * decode + JSON.parse + JSON.stringify + "\n" + base64 encode of the same records in a plain loop.
 * Target: the whole clean-json blueprint handler within 4 × the floor.
 */
import { Buffer } from 'node:buffer';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { cleanJsonConfigFromEnv, cleanJsonPipeline, createCleanJsonHandler } from '../../blueprints/cleanJson.js';
import { LAMBDA_RESPONSE_LIMIT_BYTES } from '../../limits/index.js';
import { silentLogger } from '../../blueprints/handler/logger.js';
import { flattenRecord } from '../../transforms/shape/flattenRecord.js';
import { normalizeRecord } from '../../transforms/shape/normalizeRecord.js';
import { isOutcome } from '../../transforms/core/outcome.js';
import { redactPii } from '../../transforms/pii/redactPii.js';
import type { JsonValue, RecordContext } from '../../transforms/core/types.js';
import { unflattenRecord } from '../../transforms/shape/unflattenRecord.js';
import { syntheticEvent } from './handler.js';
import { fmt, fmtSpread, measureInterleaved, ratioSpread, type CaseTiming } from './measure.js';
import type { BenchOptions, BenchReport } from './types.js';

const TARGET_RATIO = 4;

const CONTEXT: RecordContext = {
  recordId: 'bench',
  arrivalTimestamp: 1_735_732_800_000,
  partitionKeys: {},
  source: { deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/bench', region: 'us-east-1', invocationId: 'bench' },
};

const FIRST_NAMES = ['Ana', 'Bruno', 'Chloé', 'Dmitri', 'Eun-ji', 'Farah', 'Gustavo', 'Hiroshi', 'Inès', 'Jakob'];
const CITIES = ['Lisboa', 'Porto', 'São Paulo', 'Zürich', 'Kraków', 'Osaka', 'Austin', 'Nairobi'];
const MESSAGES = [
  'Checkout completed after 2 retries; payment gateway latency 412 ms (p95 380 ms).',
  'User asked support to call back on {phone} about order {order}.',
  'Password reset link sent to {email}; request came from {ip}.',
  'Shipment label printed for order {order}, carrier reference 1Z999AA10123456784.',
  'Card ending 4242 declined (insufficient funds), customer notified at {email}.',
  'Session refreshed with token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTQyIn0.c2lnbmF0dXJlLWJ5dGVz for device {ip}.',
];
const CARDS = ['4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005', '6011111111111117'];

/** A realistic ~1 KiB order event, varied by index; about one record in three carries PII in free text. */
export function transformBenchRecord(i: number): string {
  const name = FIRST_NAMES[i % FIRST_NAMES.length]!;
  const email = `${name.toLowerCase().replace(/[^a-z]/g, '')}.${i % 991}@example.com`;
  const phone = `+1 415 555 ${String(1000 + (i % 9000)).padStart(4, '0')}`;
  const ip = `198.51.100.${i % 254}`;
  const order = `ORD-2025-${String(100000 + i).slice(-6)}`;
  const message = MESSAGES[i % MESSAGES.length]!.replace('{phone}', phone).replace('{order}', order).replace('{email}', email).replace('{ip}', ip);
  return JSON.stringify({
    eventId: `9b2f${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}-7c1e-4a8b-9d3f-${String(i).padStart(12, '0')}`,
    eventType: ['order.created', 'order.paid', 'order.shipped', 'support.ticket'][i % 4],
    createdAt: new Date(1_735_732_800_000 + i * 37_000).toISOString(),
    customer: {
      customerId: `c-${i % 9973}`,
      firstName: ` ${name} `,
      email,
      phoneNumber: i % 3 === 0 ? phone : '',
      address: { streetLine1: `${1 + (i % 300)} Rua Augusta`, city: CITIES[i % CITIES.length], postalCode: `1100-${String(i % 999).padStart(3, '0')}`, countryCode: 'PT' },
      marketingOptIn: i % 2 === 0 ? 'yes' : 'no',
    },
    order: {
      orderId: order,
      totalAmount: (Math.round(i * 731) / 100).toFixed(2),
      currency: 'EUR',
      items: [
        { sku: `SKU-${i % 900}`, quantity: 1 + (i % 3), unitPrice: 19.9 },
        { sku: `SKU-${(i * 7) % 900}`, quantity: 1, unitPrice: 4.5 },
      ],
      payment: { method: 'card', cardNumber: i % 5 === 0 ? CARDS[i % CARDS.length] : null, authorizedAt: 1_735_732_800 + i },
    },
    device: { ipAddress: ip, userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15', appVersion: '4.18.2' },
    message,
    tags: ['web', 'eu-west-1', i % 2 === 0 ? 'returning' : 'new'],
  });
}


/** The identity floor, or the same loop with `transform` between JSON.parse and JSON.stringify. */
function loop(event: FirehoseTransformationEvent, transform?: (value: JsonValue, ctx: RecordContext) => unknown): number {
  let bytes = 0;
  for (const record of event.records) {
    let value: unknown = JSON.parse(Buffer.from(record.data, 'base64').toString('utf8'));
    if (transform !== undefined) {
      value = transform(value as JsonValue, CONTEXT);
      if (isOutcome(value)) value = 'value' in value ? value.value : null;
    }
    bytes += Buffer.from(`${JSON.stringify(value)}\n`, 'utf8').toString('base64').length;
  }
  return bytes;
}

export async function transformsBench(options: BenchOptions): Promise<BenchReport> {
  const eventBytes = options.quick ? 600_000 : 6_000_000;
  const event = syntheticEvent(eventBytes, transformBenchRecord);
  const count = event.records.length;
  const rawBytes = event.records.reduce((sum, r) => sum + Buffer.from(r.data, 'base64').byteLength, 0);

  // unflattenRecord reads flat records: the same records, flattened, in their own event with their own floor.
  const flatten = flattenRecord();
  const flatEvent = syntheticEvent(eventBytes, (i) => JSON.stringify(flatten(JSON.parse(transformBenchRecord(i)) as JsonValue, CONTEXT)));

  const redact = redactPii();
  const normalize = normalizeRecord({ detectTimestampFields: true, booleanFields: ['*opt_in'], numberFields: ['total_amount'] });
  const unflatten = unflattenRecord();
  const cleanEnv = { DETECT_TIMESTAMP_FIELDS: 'true', BOOLEAN_FIELDS: '*opt_in', NUMBER_FIELDS: 'total_amount' };
  const cleanPipeline = cleanJsonPipeline(cleanJsonConfigFromEnv(cleanEnv));
  const cleanHandler = createCleanJsonHandler(cleanEnv, { logger: silentLogger, reingest: 'off', maxResponseBytes: LAMBDA_RESPONSE_LIMIT_BYTES });

  // Check once, outside the timing, that the pipeline really transforms the records.
  const sample = await cleanHandler({ ...event, records: event.records.slice(0, 50) });
  const okCount = sample.records.filter((r) => r.result === 'Ok').length;
  if (okCount !== 50) throw new Error(`transforms bench: clean-json answered ${okCount}/50 records Ok; the bench input is broken`);

  const timings = await measureInterleaved(
    [
      { name: 'floor (decode, JSON.parse, JSON.stringify, "\\n", encode)', run: () => loop(event) },
      { name: 'redactPii() (all detectors)', run: () => loop(event, redact) },
      { name: 'normalizeRecord({ detectTimestampFields, booleanFields, numberFields })', run: () => loop(event, normalize) },
      { name: 'flattenRecord()', run: () => loop(event, flatten) },
      { name: 'clean-json pipeline (plain loop over the blueprint pipeline)', run: () => cleanLoop(event, cleanPipeline) },
      { name: 'clean-json blueprint handler (whole Lambda handler)', run: async () => (await cleanHandler(event)).records.length },
      { name: 'floor on the flattened records', run: () => loop(flatEvent) },
      { name: 'unflattenRecord() on the flattened records', run: () => loop(flatEvent, unflatten) },
    ],
    { runs: options.runs, warmup: 2 },
  );
  const [floor, redactT, normalizeT, flattenT, cleanLoopT, cleanHandlerT, flatFloor, unflattenT] = timings as [CaseTiming, CaseTiming, CaseTiming, CaseTiming, CaseTiming, CaseTiming, CaseTiming, CaseTiming];
  const row = (t: CaseTiming, base: CaseTiming, records: number): string => {
    const spread = ratioSpread(t, base, 'cpu');
    const wall = ratioSpread(t, base);
    return `| ${t.name} | ${fmt(t.medianMs)} | ${fmt(records / (t.medianMs / 1000), 0)} | ${fmt(spread.median)} | ${fmt(spread.q1)}–${fmt(spread.q3)} | ${fmt(spread.min)}–${fmt(spread.max)} | ${fmt(wall.median)} (${fmt(wall.q1)}–${fmt(wall.q3)}) |`;
  };
  // Judged on CPU time (all threads of the process): on the shared machine wall-clock ratios also measure waiting for a core.
  const spread = ratioSpread(cleanHandlerT, floor, 'cpu');
  const ratio = spread.median;
  const markdown = [
    `Input: one Lambda event of ${fmt(JSON.stringify(event).length / 1e6)} MB holding ${count} JSON order events of ~${fmt(rawBytes / count / 1024, 1)} KiB (nested, camelCase keys, ISO and epoch timestamps, emails/phones/IPs/cards/JWTs in about a third of them). Each transform runs inside the floor's loop (decode, parse, transform, stringify, encode). Median of ${options.runs} rounds after 2 warm-ups; each round runs every case, interleaved, and × floor is the median of the per-round ratios (CPU time of the process, all threads; wall clock in the last column), with their interquartile range and extremes.`,
    '',
    '| case | median ms (wall) | records/s | × floor, CPU | IQR | min–max | × floor, wall (IQR) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    row(floor, floor, count),
    row(redactT, floor, count),
    row(normalizeT, floor, count),
    row(flattenT, floor, count),
    row(cleanLoopT, floor, count),
    row(cleanHandlerT, floor, count),
    row(flatFloor, flatFloor, flatEvent.records.length),
    row(unflattenT, flatFloor, flatEvent.records.length),
    '',
    `clean-json blueprint handler / floor, per round, CPU time: **${fmtSpread(spread)}** (judged on the median; target ≤ ${TARGET_RATIO}): ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}.`,
  ].join('\n');
  return { id: 'transforms', title: 'Transforms: redactPii, normalizeRecord, flattenRecord, unflattenRecord, clean-json vs. floor', markdown, targetMet: ratio <= TARGET_RATIO };
}

/** The blueprint's own pipeline (bytes in, JSON line out) in the floor's loop, with the handler's base64 work. */
function cleanLoop(event: FirehoseTransformationEvent, pipeline: ReturnType<typeof cleanJsonPipeline>): number {
  let bytes = 0;
  for (const record of event.records) {
    const out = pipeline(Buffer.from(record.data, 'base64'), CONTEXT);
    const text = isOutcome(out) ? ('value' in out ? String(out.value) : '') : String(out);
    bytes += Buffer.from(`${text}\n`, 'utf8').toString('base64').length;
  }
  return bytes;
}
