/**
 * The response budget holds whatever re-ingestion does (issue 12, item 1): records sent back come back
 * Dropped when re-ingestion works and ProcessingFailed with their original bytes when it does not, and
 * either way the response fits. Sizes, expansion factors and re-ingestion failures are random.
 */
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firehoseHandler } from '../../../blueprints/handler/firehoseHandler.js';
import { LAMBDA_RESPONSE_LIMIT_BYTES } from '../../../limits/index.js';
import { silentLogger } from '../../../blueprints/handler/logger.js';
import { blueprints } from '../../../blueprints/registry.js';
import type { ReingestSink } from '../../../blueprints/handler/reingest.js';
import { planResponse } from '../../../blueprints/handler/responseBudget.js';
import { RESPONSE_ENVELOPE_BYTES, responseEntryBytes, jsonBytes } from '../../../blueprints/handler/responseSize.js';
import { memoryReingestSink } from '../../../testing/index.js';
import { eventOf } from '../../helpers/events.js';

const size = (response: unknown): number => Buffer.byteLength(JSON.stringify(response));

/** Size of the response if every record came back ProcessingFailed with its original bytes. */
function allFailedSize(event: { records: readonly { recordId: string; data: string }[] }): number {
  return event.records.reduce((sum, r, i) => sum + responseEntryBytes(jsonBytes(r.recordId), 'ProcessingFailed', r.data.length) + (i > 0 ? 1 : 0), RESPONSE_ENVELOPE_BYTES);
}

describe('response budget', () => {
  it('holds for random sizes, expansion factors and a sink that fails at random (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ bytes: fc.nat({ max: 3_000 }), factor: fc.double({ min: 0, max: 8, noNaN: true }), refused: fc.boolean() }), { maxLength: 30 }),
        fc.integer({ min: 1_000, max: 40_000 }),
        fc.constantFrom('sink', 'off', 'throws'),
        async (specs, budget, mode) => {
          // Prepare: record i's output is its input repeated to factor × its length
          const factors = specs.map((s) => s.factor);
          const pipeline = (input: Uint8Array, ctx: { recordId: string }): Uint8Array => {
            const factor = factors[Number(ctx.recordId.slice(1))]!;
            const out = Buffer.alloc(Math.round(input.byteLength * factor), input.byteLength === 0 ? 'x' : Buffer.from(input));
            return out;
          };
          const memory = memoryReingestSink((record) => specs[Number(record.recordId.slice(1))]!.refused);
          const throwing: ReingestSink = { reingest: async () => Promise.reject(new Error('AccessDenied')) };
          const handler = firehoseHandler(pipeline, { logger: silentLogger, maxResponseBytes: budget, reingest: mode === 'sink' ? memory : mode === 'off' ? 'off' : throwing });
          const event = eventOf(specs.map((s, i) => Buffer.alloc(s.bytes, `record ${i};`)));
          // Act
          const response = await handler(event);
          // Assess: every record answered once, in order; failures keep their bytes; Dropped only once sent
          expect(response.records.map((r) => r.recordId)).toEqual(event.records.map((r) => r.recordId));
          const sent = new Set(memory.received.map(({ record }) => record.recordId));
          response.records.forEach((r, i) => {
            if (r.result === 'ProcessingFailed') expect(r.data).toBe(event.records[i]!.data);
            if (r.result === 'Dropped') expect(sent.has(r.recordId)).toBe(true);
          });
          // The budget holds whenever the records fit it as they came in; Lambda's limit always holds
          if (allFailedSize(event) <= budget) expect(size(response)).toBeLessThanOrEqual(budget);
          expect(size(response)).toBeLessThanOrEqual(LAMBDA_RESPONSE_LIMIT_BYTES);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('requires re-ingestion only when the original bytes do not fit, and keeps earlier records first', () => {
    // Prepare: three records whose original bytes (1,100-byte answers each) cannot all fit 2,600 bytes
    const item = { own: 1_400, failed: 1_100, dropped: 60 };
    // Act
    const plan = planResponse([item, item, item], 2_600);
    const tighter = planResponse([item, item, item], 2_500);
    // Assess: the last one must leave the response; the others fit as failed, and the first even as Ok
    expect(plan.decisions).toEqual(['keep', 'reingest', 'reingest-required']);
    expect(plan.plannedBytes).toBe(14 + 1_400 + 1 + 1_100 + 1 + 60);
    expect(tighter.decisions).toEqual(['reingest', 'reingest', 'reingest-required']);
  });

  it('plans the worst case: whatever re-ingestion does, the planned answers fit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.integer({ min: 20, max: 200 }), original: fc.nat({ max: 2_000 }), output: fc.option(fc.nat({ max: 8_000 })) }), { maxLength: 40 }),
        fc.integer({ min: 1_000, max: 50_000 }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        (records, budget, succeeds) => {
          const items = records.map((r) => ({
            own: r.output === null ? undefined : r.id + r.output,
            failed: r.id + 16 + r.original,
            dropped: r.id + 7,
          }));
          const plan = planResponse(items, budget);
          let total = RESPONSE_ENVELOPE_BYTES;
          items.forEach((item, i) => {
            const decision = plan.decisions[i]!;
            const answer = decision === 'keep' ? item.own! : decision === 'reingest' ? (succeeds[i] ? item.dropped : item.failed) : item.dropped;
            total += answer + (i > 0 ? 1 : 0);
          });
          const failedAll = items.reduce((sum, item, i) => sum + Math.min(item.own ?? item.failed, item.failed) + (i > 0 ? 1 : 0), RESPONSE_ENVELOPE_BYTES);
          if (failedAll <= budget) {
            expect(plan.decisions).not.toContain('reingest-required');
            expect(total).toBeLessThanOrEqual(budget);
          }
          expect(plan.plannedBytes).toBeGreaterThanOrEqual(total - items.reduce((s, item, i) => s + (plan.decisions[i] === 'reingest' ? item.failed - item.dropped : 0), 0));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never sends back a record whose own fields are unusable, even when records must leave the response', async () => {
    // Prepare: originals that cannot all fit 1,500 bytes, and a record whose data is not base64
    const sink = memoryReingestSink();
    const handler = firehoseHandler((input) => input, { logger: silentLogger, maxResponseBytes: 1_500, reingest: sink });
    const event = eventOf(['a'.repeat(600), 'b'.repeat(600)]);
    const broken = { recordId: 'broken', approximateArrivalTimestamp: 1, data: '{{{data}}}'.repeat(20) };
    // Act
    const response = await handler({ ...event, records: [broken, ...event.records] });
    // Assess
    expect(response.records[0]).toEqual({ recordId: 'broken', result: 'ProcessingFailed', data: '' });
    expect(sink.received.map(({ record }) => record.recordId)).not.toContain('broken');
    expect(size(response)).toBeLessThanOrEqual(1_500);
  });

  it.each([
    ['apache-log-to-json', 2_000_000, (i: number) => `203.0.113.${i % 250} - - [10/Oct/2000:13:55:36 -0700] "GET /a/${i} HTTP/1.1" 200 2326 "-" "curl/8"`],
    ['syslog-to-json', 2_000_000, (i: number) => `<34>Oct 11 22:14:15 host${i % 9} su[${i}]: 'su root' failed for lonvick on /dev/pts/8`],
  ])('keeps %s with REINGEST=off within the budget on a batch of short lines that expand (regression: 7.2 MB)', async (name, rawBytes, line) => {
    // Prepare
    const lines: string[] = [];
    for (let i = 0, total = 0; total < rawBytes; i++) {
      lines.push(line(i));
      total += lines[i]!.length;
    }
    const handler = blueprints[name]!.create({ REINGEST: 'off' }, { logger: silentLogger });
    const event = eventOf(lines);
    // Act
    const response = await handler(event);
    // Assess
    expect(size(response)).toBeLessThanOrEqual(6_000_000);
    expect(response.records).toHaveLength(lines.length);
    expect(response.records.some((r) => r.result === 'Ok')).toBe(true);
    expect(response.records.every((r, i) => r.result === 'Ok' || (r.result === 'ProcessingFailed' && r.data === event.records[i]!.data))).toBe(true);
  });

  it('keeps pii-redaction within the budget on four 1,000 KiB binary records (regression: 7.55 MB)', async () => {
    // Prepare: bytes that are not UTF-8 become text (replacement chosen) and grow when escaped
    const record = Buffer.alloc(1_024_000, Buffer.from([0x01, 0xff, 0x7f, 0x80]));
    const handler = blueprints['pii-redaction']!.create({ REINGEST: 'off', PII_INVALID_UTF8: 'replace' }, { logger: silentLogger });
    const event = eventOf([record, record, record, record]);
    // Act
    const response = await handler(event);
    // Assess
    expect(size(response)).toBeLessThanOrEqual(6_000_000);
    expect(response.records.every((r, i) => r.result !== 'ProcessingFailed' || r.data === event.records[i]!.data)).toBe(true);
  });
});

describe('re-ingestion deadline', () => {
  const neverAnswers: ReingestSink = { reingest: () => new Promise(() => undefined) };
  const overflowing = (): ReturnType<typeof eventOf> => eventOf(['a'.repeat(1_500), 'b'.repeat(1_500)]);
  const copy = (input: Uint8Array): Uint8Array => Buffer.concat([Buffer.from(input), Buffer.from(input)]);

  it('fails what a sink that never answers has not confirmed, once the time Lambda leaves runs out', async () => {
    // Prepare: Lambda says 1,600 ms are left; the deadline timer records its wait and fires at once
    const waits: number[] = [];
    const handler = firehoseHandler(copy, { logger: silentLogger, maxResponseBytes: 7_000, reingest: neverAnswers, deadlineTimer: async (ms) => void waits.push(ms) });
    const event = overflowing();
    // Act
    const response = await handler(event, { getRemainingTimeInMillis: () => 1_600 });
    // Assess: the handler answered; the record it could not send keeps its original bytes
    expect(response.records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed']);
    expect(response.records[1]!.data).toBe(event.records[1]!.data);
    expect(waits).toEqual([1_600 - 1_500]);
  });

  it('uses reingestTimeoutMs without a Lambda context, and aborts the sink when the deadline passes', async () => {
    // Prepare: a real timer of 20 ms; the sink waits for its abort signal
    let abortedSeen = false;
    const waitsForAbort: ReingestSink = {
      reingest: (_target, records, options) =>
        new Promise((resolve) => options?.signal?.addEventListener('abort', () => {
          abortedSeen = true;
          resolve(new Set(records.map((r) => r.recordId)));
        })),
    };
    const handler = firehoseHandler(copy, { logger: silentLogger, maxResponseBytes: 7_000, reingest: waitsForAbort, reingestTimeoutMs: 20 });
    // Act
    const response = await handler(overflowing());
    // Assess
    expect(response.records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed']);
    expect(abortedSeen).toBe(true);
  });

  it('does not wait for the deadline when the sink answers first', async () => {
    // Prepare: a timer that never fires unless aborted; the handler must cancel it
    let cancelled = false;
    const handler = firehoseHandler(copy, {
      logger: silentLogger,
      maxResponseBytes: 7_000,
      reingest: memoryReingestSink(),
      deadlineTimer: (_ms, signal) => new Promise((resolve) => signal?.addEventListener('abort', () => {
        cancelled = true;
        resolve();
      })),
    });
    // Act
    const response = await handler(overflowing());
    // Assess
    expect(response.records.map((r) => r.result)).toEqual(['Ok', 'Dropped']);
    expect(cancelled).toBe(true);
  });
});
