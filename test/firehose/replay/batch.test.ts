/**
 * Batches as they travel to the handler's thread (batch.ts): the packed form builds the same event as
 * the records it packs, the packed verdict says what `interpretResponse` says, and a replay run on
 * worker threads writes the same objects, in the same order, as one run in this thread (Kinesis
 * source, Lambda partition keys, every kind of failure).
 */
import { Buffer } from 'node:buffer';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawDelivery } from '../../../firehose/delivery/delivery.js';
import { checkPrefixes } from '../../../firehose/delivery/prefixExpression.js';
import { memoryObjectSink } from '../../../firehose/sinks/memoryObjectSink.js';
import type { ProducerRecord } from '../../../firehose/sources/producerRecords.js';
import { eventOf, OUTCOME_DROPPED, OUTCOME_FAILED, OUTCOME_OK, packBatch, packOutcomes, type EventFrame } from '../../../firehose/replay/batch.js';
import { interpretResponse } from '../../../firehose/replay/contract.js';
import { replay, type ReplayHandler, type ReplaySummary } from '../../../firehose/replay/replay.js';
import { workerInvoker } from '../../../firehose/replay/workerInvoker.js';

const FRAME: EventFrame = { deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/s', region: 'us-east-1', lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:f' };

const recordsArb = fc.array(
  fc.record({ data: fc.uint8Array({ maxLength: 64 }), arrival: fc.integer({ min: 0, max: 2 ** 42 }), kinesis: fc.boolean() }),
  { maxLength: 30 },
);

describe('packed batches', () => {
  it('build the event of the records they pack: data as base64, arrival, recordId, Kinesis metadata (property)', () => {
    fc.assert(
      fc.property(recordsArb, fc.boolean(), (records, kinesis) => {
        const input = records.map((r, i) => ({ data: r.data, arrival: r.arrival, recordId: `id-${i}`, ...(kinesis ? { kinesis: { shardId: `shardId-${i % 3}`, partitionKey: `pk-${i}` } } : {}) }));
        const frame = kinesis ? { ...FRAME, sourceKinesisStreamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/k' } : FRAME;
        const event = eventOf(packBatch(input), frame, 'inv-1');
        expect(event).toEqual({
          invocationId: 'inv-1',
          deliveryStreamArn: FRAME.deliveryStreamArn,
          ...(kinesis ? { sourceKinesisStreamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/k' } : {}),
          region: 'us-east-1',
          records: input.map((r) => ({
            recordId: r.recordId,
            approximateArrivalTimestamp: r.arrival,
            data: Buffer.from(r.data).toString('base64'),
            ...(r.kinesis === undefined ? {} : { kinesisRecordMetadata: { shardId: r.kinesis.shardId, partitionKey: r.kinesis.partitionKey, approximateArrivalTimestamp: r.arrival, sequenceNumber: r.recordId, subsequenceNumber: '0' } }),
          })),
        });
      }),
      { numRuns: 200 },
    );
  });

  it('carry buffers of their own (transferable), not views of the records they copy', () => {
    const pool = Buffer.from('abcdefgh');
    const batch = packBatch([{ data: pool.subarray(2, 5), arrival: 1, recordId: 'a' }]);
    expect(batch.bytes.byteOffset).toBe(0);
    expect(batch.bytes.buffer.byteLength).toBe(3);
    pool[2] = 0x7a;
    expect(Buffer.from(batch.bytes).toString()).toBe('cde');
  });

  it('give the verdict interpretResponse gives, record by record, for any response (property)', () => {
    const answer = fc.record({
      result: fc.constantFrom('Ok', 'Dropped', 'ProcessingFailed', 'Bad'),
      data: fc.oneof(fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('base64')), fc.constant(undefined), fc.constant('not base64!')),
      keys: fc.option(fc.dictionary(fc.constantFrom('k', 'c'), fc.oneof(fc.string({ maxLength: 5 }), fc.integer())), { nil: undefined }),
      id: fc.constantFrom('own', 'missing', 'duplicate'),
    });
    fc.assert(
      fc.property(recordsArb, fc.array(answer, { maxLength: 30 }), (records, answers) => {
        const event = eventOf(packBatch(records.map((r, i) => ({ data: r.data, arrival: r.arrival, recordId: `id-${i}` }))), FRAME, 'inv');
        const out: Record<string, unknown>[] = [];
        event.records.forEach((r, i) => {
          const a = answers[i % Math.max(1, answers.length)];
          if (a === undefined || a.id === 'missing') return;
          const entry = { recordId: r.recordId, result: a.result, ...(a.data === undefined ? {} : { data: a.data }), ...(a.keys === undefined ? {} : { metadata: { partitionKeys: a.keys } }) };
          out.push(entry);
          if (a.id === 'duplicate') out.push(entry);
        });
        const response = { records: out };
        const expected = interpretResponse(event, response);
        const packed = packOutcomes(event, response);
        if (expected.sizeExceeded === true && expected.batchError?.errorCode === 'Lambda.FunctionError') {
          expect(packed).toBeUndefined();
          return;
        }
        expect(packed).toBeDefined();
        let start = 0;
        let failure = 0;
        let keys = 0;
        expected.outcomes.forEach((outcome, i) => {
          const end = packed!.dataEnds[i]!;
          if (outcome.kind === 'ok') {
            expect(packed!.kinds[i]).toBe(OUTCOME_OK);
            expect(Buffer.from(packed!.data.subarray(start, end)).equals(outcome.data)).toBe(true);
            if (outcome.partitionKeys !== undefined) expect(packed!.partitionKeys[keys++]).toEqual({ index: i, keys: outcome.partitionKeys });
          } else if (outcome.kind === 'dropped') {
            expect([packed!.kinds[i], end - start]).toEqual([OUTCOME_DROPPED, 0]);
          } else {
            expect([packed!.kinds[i], end - start]).toEqual([OUTCOME_FAILED, 0]);
            expect(packed!.failures[failure++]).toEqual({ index: i, errorCode: outcome.errorCode, errorMessage: outcome.errorMessage });
          }
          start = end;
        });
        expect([failure, keys]).toEqual([packed!.failures.length, packed!.partitionKeys.length]);
      }),
      { numRuns: 200 },
    );
  });

  it('refuse a response over 6 MB as Lambda does (undefined: the attempt is retried)', () => {
    const event = eventOf(packBatch([{ data: Buffer.from('x'), arrival: 0, recordId: 'a' }]), FRAME, 'inv');
    expect(packOutcomes(event, { records: [{ recordId: 'a', result: 'Ok', data: 'QUFB'.repeat(1_600_000) }] })).toBeUndefined();
    expect(packOutcomes(event, { records: [{ recordId: 'a', result: 'Ok', data: 'QUFB' }] })).toBeDefined();
  });
});

/** A handler whose behaviour depends on each record's content only: Ok with partition keys, Dropped, ProcessingFailed, a missing id, a repeated id, a throw. */
const HANDLER_SOURCE = `
export const handler = async (event) => {
  const text = (r) => Buffer.from(r.data, 'base64').toString();
  if (event.records.some((r) => text(r).includes('"throw"'))) throw new RangeError('no');
  const records = [];
  for (const r of event.records) {
    const n = JSON.parse(text(r)).n;
    if (n % 11 === 0) continue;
    const out = { recordId: r.recordId, result: n % 7 === 0 ? 'Dropped' : n % 5 === 0 ? 'ProcessingFailed' : 'Ok', data: Buffer.from(JSON.stringify({ n, shard: r.kinesisRecordMetadata?.shardId }) + '\\n').toString('base64'), metadata: { partitionKeys: { k: String(n % 3) } } };
    records.push(out);
    if (n % 13 === 0) records.push(out);
  }
  return { records };
};
`;

describe('replay on worker threads', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fhk-batch-'));
    await writeFile(join(dir, 'handler.mjs'), HANDLER_SOURCE);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the same objects, in the same order, with the same summary, as in this thread', async () => {
    const lines = Array.from({ length: 600 }, (_, i) => JSON.stringify(i === 250 ? { n: i, note: 'throw' } : { n: i, pad: 'p'.repeat(i % 90) }));
    const run = async (workers: number): Promise<{ objects: [string, string][]; summary: ReplaySummary }> => {
      const sink = memoryObjectSink();
      const prefixes = checkPrefixes({ prefix: 'k=!{partitionKeyFromLambda:k}/', errorOutputPrefix: 'e/!{firehose:error-output-type}/', dynamicPartitioning: true });
      async function* records(): AsyncGenerator<ProducerRecord> {
        for (let i = 0; i < lines.length; i++) yield { line: i + 1, data: Buffer.from(lines[i]!), arrivalTimestamp: Date.UTC(2025, 0, 1) + i * 500 };
      }
      const module = (await import(join(dir, 'handler.mjs'))) as { handler: ReplayHandler };
      const invoker = workers > 1 ? workerInvoker({ kind: 'module', path: join(dir, 'handler.mjs') }, workers) : undefined;
      try {
        const summary = await replay({
          createHandler: () => module.handler,
          ...(invoker === undefined ? {} : { invoker }),
          records: records(),
          delivery: rawDelivery(sink, { streamName: 's', bufferBytes: 3_000, bufferSeconds: 60, prefixes, dynamicPartitioning: {} }),
          streamName: 's', region: 'us-east-1', lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:f', startTime: 0,
          lambdaBufferBytes: 2_000, lambdaBufferSeconds: 20, retries: 1, source: { kind: 'kinesis', shards: 3, streamName: 'k' },
        });
        return { objects: [...sink.objects].map(([k, v]) => [k, Buffer.from(v).toString('base64')]), summary: { ...summary, seconds: 0 } };
      } finally {
        await invoker?.close();
      }
    };
    const one = await run(1);
    // Every path is taken: Ok, Dropped, ProcessingFailed, missing and repeated ids, a failed invocation.
    expect(one.summary.ok).toBeGreaterThan(0);
    expect(one.summary.dropped).toBeGreaterThan(0);
    expect(Object.keys(one.summary.processingFailed).sort()).toEqual(['Lambda.DuplicatedRecordId', 'Lambda.FunctionError', 'Lambda.MissingRecordId', 'Lambda.ProcessingFailedStatus']);
    expect(one.objects.some(([k]) => k.startsWith('k=2/'))).toBe(true);
    const three = await run(3);
    expect(three.summary).toEqual(one.summary);
    expect(three.objects).toEqual(one.objects);
  }, 60_000);
});
