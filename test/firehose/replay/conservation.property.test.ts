/**
 * Conservation: whatever the input, the handler's behaviour and the options, every record is accounted
 * for exactly once: records in = refused by the producer API + sent to the Lambda (minus re-ingested
 * copies), and every record sent to the Lambda is Ok, Dropped or in processing-failed; every Ok record
 * is delivered or in an error output; every delivered or failed record is in some object.
 */
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createProcessRecordHandler } from '../../../blueprints/processRecord.js';
import { rawDelivery } from '../../../firehose/delivery/delivery.js';
import { checkPrefixes } from '../../../firehose/delivery/prefixExpression.js';
import { memoryObjectSink } from '../../../firehose/sinks/memoryObjectSink.js';
import type { ProducerRecord } from '../../../firehose/sources/producerRecords.js';
import { replay, totalFailed, type ReplayHandler } from '../../../firehose/replay/replay.js';

type Behaviour = 'echo' | 'throw' | 'drop-id' | 'duplicate-id' | 'oversize' | 'bad-result' | 'no-data' | 'mixed' | 'blueprint';

/** A handler that misbehaves in the chosen way on some invocations (decided by the event's content). */
function handlerFor(behaviour: Behaviour, seed: number): ReplayHandler {
  return async (event) => {
    const records = event.records;
    const pick = (records.length + seed) % 3 === 0;
    const echo = records.map((r, i) => ({ recordId: r.recordId, result: ['Ok', 'Dropped', 'ProcessingFailed'][(i + seed) % 3]!, data: r.data, metadata: { partitionKeys: { k: String(i % 2) } } }));
    switch (behaviour) {
      case 'echo':
        return { records: echo };
      case 'throw':
        if (pick) throw new Error('boom');
        return { records: echo };
      case 'drop-id':
        return { records: echo.slice(1) };
      case 'duplicate-id':
        return { records: [...echo, ...echo.slice(0, 1)] };
      case 'oversize':
        return pick ? { records: echo.map((r) => ({ ...r, data: Buffer.alloc(7_000_000 / Math.max(1, echo.length)).toString('base64') })) } : { records: echo };
      case 'bad-result':
        return { records: echo.map((r, i) => (i === 0 && pick ? { ...r, result: 'Maybe' } : r)) };
      case 'no-data':
        return { records: echo.map((r) => (r.result === 'Ok' && pick ? { recordId: r.recordId, result: 'Ok' } : r)) };
      case 'mixed':
        return pick ? { records: [...echo.slice(1), ...echo.slice(0, 1), ...echo.slice(0, 1)] } : { records: echo.reverse() };
      case 'blueprint':
        return {};
    }
  };
}

const recordText = fc.oneof(fc.json({ maxDepth: 2 }), fc.string({ maxLength: 40 }), fc.constant('x'.repeat(1_024_001)));

describe('replay conservation (property)', () => {
  it('accounts for every record exactly once, for any input, handler behaviour and options', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(recordText, fc.integer({ min: 0, max: 200_000 })), { maxLength: 40 }),
        fc.constantFrom<Behaviour>('echo', 'throw', 'drop-id', 'duplicate-id', 'oversize', 'bad-result', 'no-data', 'mixed', 'blueprint'),
        fc.record({
          seed: fc.nat(10),
          lambdaBufferBytes: fc.constantFrom(300, 5_000, 1 << 20),
          lambdaBufferSeconds: fc.constantFrom(0, 1, 60),
          bufferBytes: fc.constantFrom(100, 1 << 20),
          bufferSeconds: fc.constantFrom(0, 60, 300),
          retries: fc.integer({ min: 0, max: 2 }),
          partition: fc.boolean(),
          appendDelimiter: fc.boolean(),
          compression: fc.constantFrom('UNCOMPRESSED' as const, 'GZIP' as const),
          budget: fc.constantFrom(2_000, 6_000_000),
        }),
        async (input, behaviour, o) => {
          // Prepare
          const sink = memoryObjectSink();
          const partition = o.partition && behaviour !== 'blueprint';
          const prefixes = partition
            ? checkPrefixes({ prefix: 'k=!{partitionKeyFromLambda:k}/', errorOutputPrefix: 'errors/!{firehose:error-output-type}/', dynamicPartitioning: true })
            : checkPrefixes({ dynamicPartitioning: false });
          const delivery = rawDelivery(sink, { streamName: 's', bufferBytes: o.bufferBytes, bufferSeconds: o.bufferSeconds, prefixes, appendDelimiter: o.appendDelimiter, compression: o.compression, ...(partition ? { dynamicPartitioning: {} } : {}) });
          let t = Date.UTC(2025, 0, 1);
          async function* records(): AsyncGenerator<ProducerRecord> {
            let line = 0;
            for (const [text, gap] of input) {
              t += gap;
              yield { line: ++line, data: Buffer.from(text), arrivalTimestamp: t };
            }
          }
          // Act
          const summary = await replay({
            createHandler: behaviour === 'blueprint' ? (overrides) => createProcessRecordHandler({}, { ...overrides, maxResponseBytes: o.budget }) as ReplayHandler : () => handlerFor(behaviour, o.seed),
            records: records(),
            delivery,
            streamName: 's',
            region: 'us-east-1',
            lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
            startTime: 0,
            lambdaBufferBytes: o.lambdaBufferBytes,
            lambdaBufferSeconds: o.lambdaBufferSeconds,
            retries: o.retries,
          });
          // Assess
          const refused = summary.rejectedByProducerApi.length;
          expect(summary.recordsIn).toBe(input.length);
          expect(summary.lambdaRecords).toBe(summary.recordsIn - refused + summary.reingested);
          expect(summary.lambdaRecords).toBe(summary.ok + summary.dropped + totalFailed(summary));
          const partitionFailures = Object.values(delivery.stats.partitioningFailed).reduce((a, b) => a + b, 0);
          expect(summary.ok).toBe(delivery.stats.recordsDelivered + partitionFailures + delivery.stats.formatConversionFailed);
          const inObjects = (kind: string): number => delivery.written.filter((w) => w.kind === kind).reduce((a, w) => a + w.records, 0);
          expect(inObjects('data')).toBe(delivery.stats.recordsDelivered);
          expect(inObjects('processing-failed')).toBe(totalFailed(summary) + partitionFailures);
          expect(sink.objects.size).toBe(delivery.written.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
