import fc from 'fast-check';
import { Buffer, isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { firehoseEventArbitrary, MAX_RECORD_BYTES, recordDataArbitrary } from '../../testing/index.js';

describe('test kit arbitraries', () => {
  it('make records of the promised kinds', () => {
    fc.assert(fc.property(recordDataArbitrary('invalid-utf8'), (bytes) => {
      expect(isUtf8(bytes)).toBe(false);
    }), { numRuns: 200 });
    fc.assert(fc.property(recordDataArbitrary('text'), (bytes) => {
      expect(isUtf8(bytes)).toBe(true);
    }), { numRuns: 200 });
    fc.assert(fc.property(recordDataArbitrary('json'), (bytes) => {
      expect(() => JSON.parse(Buffer.from(bytes).toString())).not.toThrow();
    }), { numRuns: 200 });
    fc.assert(fc.property(recordDataArbitrary('large'), (bytes) => {
      expect(bytes.byteLength).toBe(MAX_RECORD_BYTES);
    }), { numRuns: 20 });
  });

  it('make events with unique ids, base64 data, the requested source and a bounded size', () => {
    fc.assert(
      fc.property(fc.constantFrom('direct-put' as const, 'kinesis' as const), fc.nat({ max: 10 }), (source, seed) => {
        const [event] = fc.sample(firehoseEventArbitrary({ source, maxRecords: 15 }), { numRuns: 1, seed });
        const ids = event!.records.map((r) => r.recordId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const r of event!.records) {
          expect(Buffer.from(r.data, 'base64').toString('base64')).toBe(r.data);
          expect(r.kinesisRecordMetadata !== undefined).toBe(source === 'kinesis');
        }
        expect(event!.sourceKinesisStreamArn !== undefined).toBe(source === 'kinesis');
        const raw = event!.records.reduce((s, r) => s + Buffer.from(r.data, 'base64').byteLength, 0);
        expect(raw <= 4_300_000 || event!.records.length === 1).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
