/**
 * inferGlueColumns: for any sample records, the inferred table is one Firehose's OpenX deserializer
 * converts every sample into (the laws of "fits every sample"), and it is the narrowest such integer type.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGlueTable } from '../../../formats/glue/index.js';
import { createDeserializer, inferGlueColumns } from '../../../formats/serde/index.js';

const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
const timestamp = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
const leaf = fc.oneof(fc.boolean(), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 8 }), timestamp, fc.constant(null));
const value = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 3 })),
})).value;
const record = fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 });

describe('inferGlueColumns', () => {
  it('infers columns into which every sample converts', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 6 }), (samples) => {
        const { columns } = inferGlueColumns(samples);
        const table = parseGlueTable({ Table: { Name: 't', StorageDescriptor: { Columns: columns.map((c) => ({ Name: c.name, Type: c.typeString })) } } }, 'inferred');
        const deserialize = createDeserializer(table);
        for (const sample of samples) {
          const result = deserialize(JSON.stringify(sample));
          expect('error' in result ? result.error.message : 'ok', JSON.stringify(sample)).toBe('ok');
        }
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    [[{ n: 1 }, { n: -128 }], 'tinyint'],
    [[{ n: 1 }, { n: 128 }], 'smallint'],
    [[{ n: 40_000 }], 'int'],
    [[{ n: 2 ** 31 }], 'bigint'],
    [[{ n: 1 }, { n: 1.5 }], 'double'],
    [[{ n: '2026-01-01T00:00:00Z' }, { n: '2026-01-01 10:00:00' }], 'timestamp'],
    [[{ n: '2026-01-01T00:00:00Z' }, { n: 'soon' }], 'string'],
    [[{ n: 1 }, { n: 'one' }], 'string'],
    [[{ n: null }], 'string'],
    [[{ n: { 'content-type': 'a' } }], 'map<string,string>'],
    [[{ n: [1, 2] }, { n: [300] }], 'array<smallint>'],
  ])('picks the narrowest type: %j → %s', (samples, expected) => {
    expect(inferGlueColumns(samples).columns.map((c) => c.typeString)).toEqual([expected]);
  });

  it('skips records that are not objects and counts them', () => {
    expect(inferGlueColumns([{ a: true }, [1], 'x', null])).toMatchObject({ records: 1, skipped: 3 });
  });
});
