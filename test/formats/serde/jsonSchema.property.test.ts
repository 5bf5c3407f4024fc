import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeserializer } from '../../../formats/serde/deserializeJson.js';
import { compileRecordValidator } from '../../../formats/serde/jsonSchema.js';
import { chooser, encodeCell, glueTableArb, rowArb } from '../glueArbitraries.js';

describe('compileRecordValidator laws', () => {
  it('accepts every conforming record, in any spelling the SerDe reads', () => {
    fc.assert(
      fc.property(glueTableArb.chain((table) => fc.tuple(fc.constant(table), rowArb(table), fc.integer(), fc.boolean())), ([table, row, seed, openx]) => {
        // Prepare
        const rowType = { kind: 'struct' as const, fields: table.columns.map((column) => ({ name: column.name, type: column.type })) };
        const record = JSON.parse(encodeCell(rowType, row, chooser(seed), openx)) as unknown;
        const validate = compileRecordValidator(table, { serde: openx ? { kind: 'openx' } : { kind: 'hive' } });

        // Act
        const result = validate(record);

        // Assess
        expect(result).toEqual({ valid: true });
      }),
      { numRuns: 200 },
    );
  });

  it('never rejects a record that the deserializer converts', () => {
    const caseArb = glueTableArb.chain((table) =>
      fc.tuple(
        fc.constant(table),
        fc.oneof(
          fc.tuple(rowArb(table), fc.integer()).map(([row, seed]) =>
            encodeCell({ kind: 'struct', fields: table.columns.map((column) => ({ name: column.name, type: column.type })) }, row, chooser(seed)),
          ),
          fc
            .array(fc.tuple(fc.constantFrom(...table.columns.map((column) => column.name)), fc.jsonValue({ maxDepth: 3 })), { maxLength: 4 })
            .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',')}}`),
        ),
        fc.boolean(),
      ),
    );
    let converted = 0;
    fc.assert(
      fc.property(caseArb, ([table, record, openx]) => {
        // Prepare
        const serde = openx ? ({ kind: 'openx' } as const) : ({ kind: 'hive' } as const);
        const deserialized = createDeserializer(table, serde)(record);
        fc.pre('rows' in deserialized);
        converted++;

        // Act
        const result = compileRecordValidator(table, { serde })(JSON.parse(record));

        // Assess
        expect(result).toEqual({ valid: true });
      }),
      { numRuns: 300 },
    );
    expect(converted).toBeGreaterThan(100);
  });
});
