/**
 * The replay around the Lambda: batching on the arrival clock, Firehose's failure handling (retries,
 * per-record failures, never aborting), re-ingestion, and the error records it writes.
 */
import { Buffer } from 'node:buffer';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createProcessRecordHandler } from '../../../blueprints/processRecord.js';
import { rawDelivery } from '../../../firehose/delivery/delivery.js';
import { hourPrefix, objectName } from '../../../firehose/delivery/objectKeys.js';
import { checkPrefixes } from '../../../firehose/delivery/prefixExpression.js';
import { memoryObjectSink, type MemoryObjectSink } from '../../../firehose/sinks/memoryObjectSink.js';
import type { ProducerRecord } from '../../../firehose/sources/producerRecords.js';
import { replay, shardOf, totalFailed, type ReplayHandler, type ReplayOptions } from '../../../firehose/replay/replay.js';

async function* fromLines(lines: string[], arrivals?: number[]): AsyncGenerator<ProducerRecord> {
  let line = 0;
  for (const text of lines) {
    const arrival = arrivals?.[line];
    yield { line: ++line, data: Buffer.from(text), ...(arrival === undefined ? {} : { arrivalTimestamp: arrival }) };
  }
}

const T0 = Date.UTC(2025, 0, 1, 10, 0, 0);

function setup(handler: ReplayHandler | undefined, lines: string[], extra: Partial<ReplayOptions> = {}, delivery: { bufferBytes?: number; bufferSeconds?: number } = {}): { sink: MemoryObjectSink; run: Promise<Awaited<ReturnType<typeof replay>>>; options: ReplayOptions } {
  const sink = memoryObjectSink();
  const options: ReplayOptions = {
    createHandler: handler === undefined ? (overrides) => createProcessRecordHandler({}, overrides) as ReplayHandler : () => handler,
    records: fromLines(lines),
    delivery: rawDelivery(sink, { streamName: 's', bufferBytes: delivery.bufferBytes ?? 5 * 1024 * 1024, bufferSeconds: delivery.bufferSeconds ?? 300 }),
    streamName: 's',
    region: 'us-east-1',
    lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
    startTime: T0,
    ...extra,
  };
  return { sink, run: replay(options), options };
}

const objectsUnder = (sink: MemoryObjectSink, prefix: string): [string, string][] => [...sink.objects].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k, Buffer.from(v).toString('utf8')]);
const errorRecords = (sink: MemoryObjectSink): Record<string, unknown>[] => objectsUnder(sink, 'processing-failed/').flatMap(([, text]) => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>));
const echo: ReplayHandler = async (event) => ({ records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: r.data })) });

describe('replay: Firehose failure handling', () => {
  it('retries an invocation that throws, then fails every record of the batch with Lambda.FunctionError and carries on', async () => {
    // Prepare: the first batch always throws, later ones work
    let calls = 0;
    const firstBatchIds = new Set<string>();
    const handler: ReplayHandler = async (event) => {
      calls++;
      if (firstBatchIds.size === 0) event.records.forEach((r) => firstBatchIds.add(r.recordId));
      if (event.records.every((r) => firstBatchIds.has(r.recordId))) throw new TypeError('boom');
      return echo(event, undefined as never);
    };
    // Act: two batches, split by the Lambda buffer interval (records 2 minutes apart)
    const { sink, run } = setup(handler, ['{"a":1}', '{"a":2}'], { records: fromLines(['{"a":1}', '{"a":2}'], [T0, T0 + 120_000]), retries: 2 });
    const summary = await run;
    // Assess
    expect(calls).toBe(3 + 1);
    expect(summary).toMatchObject({ invocations: 4, retries: 2, ok: 1, processingFailed: { 'Lambda.FunctionError': 1 } });
    const [failed] = errorRecords(sink);
    expect(Object.keys(failed!)).toEqual(['attemptsMade', 'arrivalTimestamp', 'errorCode', 'errorMessage', 'attemptEndingTimestamp', 'rawData', 'lambdaARN']);
    expect(failed).toMatchObject({ attemptsMade: 3, arrivalTimestamp: T0, errorCode: 'Lambda.FunctionError', attemptEndingTimestamp: T0 + 60_000, rawData: Buffer.from('{"a":1}').toString('base64'), lambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:f' });
    expect(failed!['errorMessage']).toMatch(/invoked 3 times.*threw TypeError/);
  });

  it('gives each attempt a fresh invocationId and the same recordIds', async () => {
    const seen: FirehoseTransformationEvent[] = [];
    const handler: ReplayHandler = async (event) => {
      seen.push(structuredClone(event));
      throw new Error('x');
    };
    await setup(handler, ['{}'], { retries: 3 }).run;
    expect(seen).toHaveLength(4);
    expect(new Set(seen.map((e) => e.invocationId)).size).toBe(4);
    expect(new Set(seen.map((e) => e.records[0]!.recordId)).size).toBe(1);
    expect(seen[0]!.records[0]!.recordId).toMatch(/^\d{56}$/);
  });

  it('fails only the records a response leaves out or repeats; the rest are delivered', async () => {
    const handler: ReplayHandler = async (event) => {
      const [a, b, c] = event.records;
      return { records: [b, b, c].map((r) => ({ recordId: r!.recordId, result: 'Ok', data: r!.data })).concat([{ recordId: 'unknown', result: 'Ok', data: '' }]).filter(() => a !== undefined) };
    };
    const { sink, run } = setup(handler, ['"a"', '"b"', '"c"']);
    const summary = await run;
    expect(summary).toMatchObject({ invocations: 1, ok: 1, processingFailed: { 'Lambda.MissingRecordId': 1, 'Lambda.DuplicatedRecordId': 1 } });
    expect(objectsUnder(sink, '2025/').map(([, t]) => t)).toEqual(['"c"']);
    const errors = errorRecords(sink);
    expect(errors.map((e) => [e['errorCode'], Buffer.from(e['rawData'] as string, 'base64').toString()])).toEqual([
      ['Lambda.MissingRecordId', '"a"'],
      ['Lambda.DuplicatedRecordId', '"b"'],
    ]);
    expect(errors[0]!['errorMessage']).toBe('One or more record Ids were not returned. Ensure that the Lambda function returns all received record Ids.');
  });

  it('does not retry a response that was returned, however malformed; the whole batch fails with the rule\'s code', async () => {
    let calls = 0;
    const { sink, run } = setup(async () => {
      calls++;
      return { recordz: [] };
    }, ['{}', '{}']);
    const summary = await run;
    expect(calls).toBe(1);
    expect(summary.processingFailed).toEqual({ 'Lambda.JsonProcessingException': 2 });
    expect(errorRecords(sink).every((e) => e['attemptsMade'] === 1)).toBe(true);
  });

  it('retries a response over 6 MB (Lambda refuses it) and then fails the batch with Lambda.FunctionError', async () => {
    let calls = 0;
    const big = Buffer.alloc(5_000_000).toString('base64');
    const summary = await setup(async (event) => {
      calls++;
      return { records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: big })) };
    }, ['{}'], { retries: 1 }).run;
    expect(calls).toBe(2);
    expect(summary.processingFailed).toEqual({ 'Lambda.FunctionError': 1 });
  });

  it('times an invocation out at --timeout and treats it as a failed invocation', async () => {
    const summary = await setup(() => new Promise(() => undefined), ['{}'], { retries: 0, timeoutMs: 50 }).run;
    expect(summary.processingFailed).toEqual({ 'Lambda.FunctionError': 1 });
  });

  it('passes a Lambda-like context whose remaining time counts down from the timeout', async () => {
    let remaining = -1;
    await setup(async (event, context) => {
      remaining = context.getRemainingTimeInMillis();
      return echo(event, context);
    }, ['{}'], { timeoutMs: 10_000 }).run;
    expect(remaining).toBeGreaterThan(5_000);
    expect(remaining).toBeLessThanOrEqual(10_000);
  });

  it('writes ProcessingFailed records with the observed code and message, and the blueprint error class in the summary', async () => {
    const { sink, run } = setup(undefined, ['{"ok":1}', 'not json']);
    const summary = await run;
    expect(summary.failureClasses).toEqual({ RecordParseError: 1 });
    expect(errorRecords(sink)).toEqual([
      { attemptsMade: 1, arrivalTimestamp: T0 + 1, errorCode: 'Lambda.ProcessingFailedStatus', errorMessage: 'ProcessingFailed status set for record', attemptEndingTimestamp: T0 + 60_000, rawData: Buffer.from('not json').toString('base64'), lambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:f' },
    ]);
  });
});

describe('replay: reproducible output', () => {
  it('writes the same objects, byte for byte and in the same order, for the same input and options', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => (i % 37 === 0 ? `broken ${i}` : JSON.stringify({ i, k: i % 3, pad: 'p'.repeat(i % 50) })));
    const arrivals = lines.map((_, i) => T0 + i * 1_500);
    const run = async (): Promise<[string, string][]> => {
      const sink = memoryObjectSink();
      const prefixes = checkPrefixes({ prefix: 'r=!{firehose:random-string}/!{timestamp:HH}/', errorOutputPrefix: 'e/!{firehose:error-output-type}/!{firehose:random-string}/', dynamicPartitioning: false });
      await replay({
        createHandler: (overrides) => createProcessRecordHandler({}, { ...overrides, maxResponseBytes: 6_000 }) as ReplayHandler,
        records: fromLines(lines, arrivals),
        delivery: rawDelivery(sink, { streamName: 's', bufferBytes: 4_000, bufferSeconds: 60, prefixes, compression: 'GZIP' }),
        streamName: 's', region: 'us-east-1', lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:f', startTime: T0, lambdaBufferBytes: 3_000, lambdaBufferSeconds: 30,
      });
      return [...sink.objects].map(([k, v]) => [k, Buffer.from(v).toString('base64')]);
    };
    const first = await run();
    expect(first.length).toBeGreaterThan(5);
    expect(await run()).toEqual(first);
  });
});

describe('replay: Kinesis data stream source', () => {
  it('names the source stream and gives every record its shard, partition key and per-shard sequence numbers', async () => {
    const events: FirehoseTransformationEvent[] = [];
    const handler: ReplayHandler = async (event) => {
      events.push(structuredClone(event));
      return echo(event, undefined as never);
    };
    await setup(handler, Array.from({ length: 40 }, (_, i) => `"${i}"`), { source: { kind: 'kinesis', shards: 4, streamName: 'clicks' } }).run;
    expect(events[0]!.sourceKinesisStreamArn).toBe('arn:aws:kinesis:us-east-1:123456789012:stream/clicks');
    const metadata = events.flatMap((e) => e.records.map((r) => r.kinesisRecordMetadata!));
    expect(metadata).toHaveLength(40);
    expect(new Set(metadata.map((m) => m.shardId))).toEqual(new Set(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002', 'shardId-000000000003']));
    for (const shard of new Set(metadata.map((m) => m.shardId))) {
      const sequence = metadata.filter((m) => m.shardId === shard).map((m) => BigInt(m.sequenceNumber));
      expect(sequence).toEqual([...sequence].sort((a, b) => (a < b ? -1 : 1)));
    }
    expect(metadata.every((m) => /^\d{56}$/.test(m.sequenceNumber) && m.partitionKey.length > 0)).toBe(true);
  });

  it('maps partition keys to shards by MD5 hash key ranges, evenly (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 500 }), (key, shards) => {
        const shard = shardOf(key, shards);
        expect(shard).toBeGreaterThanOrEqual(0);
        expect(shard).toBeLessThan(shards);
        expect(shardOf(key, 1)).toBe(0);
      }),
      { numRuns: 200 },
    );
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[shardOf(`pk-${i}`, 4)]!++;
    expect(Math.min(...counts)).toBeGreaterThan(850);
  });
});

describe('replay: batching and buffering on the arrival clock', () => {
  it('splits events at the Lambda buffering size', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ i, pad: 'y'.repeat(1000) }));
    const summary = await setup(undefined, lines, { lambdaBufferBytes: 10_000 }).run;
    expect(summary.invocations).toBe(Math.ceil(50 / Math.floor(10_000 / lines[0]!.length)));
  });

  it('invokes when the Lambda buffer interval passes: records an hour apart go in separate events and objects of their hour', async () => {
    const arrivals = [T0, T0 + 1000, T0 + 3_600_000, T0 + 3_601_000];
    const { sink, run } = setup(echo, [], { records: fromLines(['"a"', '"b"', '"c"', '"d"'], arrivals) });
    const summary = await run;
    expect(summary.invocations).toBe(2);
    const keys = [...sink.objects.keys()];
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(`2025/01/01/10/${objectName('s', T0, 0)}`);
    expect(keys[1]!.startsWith(hourPrefix(T0 + 3_600_000))).toBe(true);
    expect(Buffer.from(sink.objects.get(keys[0]!)!).toString()).toBe('"a""b"');
  });

  it('delivers an S3 object when the S3 buffer interval passes, and another for what came later', async () => {
    // One record per minute for 10 minutes, Lambda interval 0: every record its own event
    const arrivals = Array.from({ length: 10 }, (_, i) => T0 + i * 60_000);
    const { sink, run } = setup(echo, [], { records: fromLines(arrivals.map((_, i) => `${i}\n`), arrivals), lambdaBufferSeconds: 0 }, { bufferSeconds: 300 });
    await run;
    const objects = [...sink.objects.values()].map((v) => Buffer.from(v).toString());
    expect(objects).toEqual(['0\n1\n2\n3\n4\n', '5\n6\n7\n8\n9\n']);
  });

  it('delivers an S3 object as soon as the buffer holds the buffer size', async () => {
    const { sink, run } = setup(echo, Array.from({ length: 10 }, () => 'x'.repeat(100)), {}, { bufferBytes: 250 });
    await run;
    expect([...sink.objects.values()].map((v) => v.byteLength)).toEqual([300, 300, 300, 100]);
  });

  it('delivers every record exactly once when the blueprint re-ingests overflow, over several invocations', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(200) }));
    const { sink, run } = setup(undefined, lines, { maxResponseBytes: 8_000, createHandler: (overrides) => createProcessRecordHandler({}, { ...overrides, maxResponseBytes: 8_000 }) as ReplayHandler });
    const summary = await run;
    expect(summary.reingested).toBeGreaterThan(0);
    expect(summary.invocations).toBeGreaterThan(1);
    expect(summary.ok).toBe(60);
    expect(summary.lambdaRecords).toBe(60 + summary.reingested);
    expect(summary.lambdaRecords).toBe(summary.ok + summary.dropped + totalFailed(summary));
    const delivered = objectsUnder(sink, '2025/').flatMap(([, t]) => t.split('\n').filter((l) => l !== ''));
    expect(delivered.map((l) => (JSON.parse(l) as { i: number }).i).sort((a, b) => a - b)).toEqual(lines.map((_, i) => i));
  });

  it('names the refused records over 1,000 KiB and keeps going', async () => {
    const summary = await setup(undefined, ['{"a":1}', `"${'z'.repeat(1_024_001)}"`, '{"b":2}']).run;
    expect(summary.rejectedByProducerApi).toEqual([2]);
    expect(summary.ok).toBe(2);
  });

  it('stops reading input when interrupted, without waiting for an idle input, and still delivers what it read', async () => {
    const controller = new AbortController();
    async function* records(): AsyncGenerator<ProducerRecord> {
      yield { line: 1, data: Buffer.from('"a"') };
      controller.abort();
      // An idle input: the next record never comes.
      await new Promise(() => undefined);
    }
    const { sink, run } = setup(echo, [], { records: records(), signal: controller.signal });
    const summary = await run;
    expect(summary).toMatchObject({ interrupted: true, recordsIn: 1, ok: 1 });
    expect([...sink.objects.values()].map((v) => Buffer.from(v).toString())).toEqual(['"a"']);
  });
});
