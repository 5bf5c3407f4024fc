import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeserializer, type DeserializeResult } from '../../../formats/serde/deserializeJson.js';
import { FormatConversionError } from '../../../formats/serde/errors.js';
import type { StructValue } from '../../../formats/glue/types.js';
import { chooser, encodeCell, glueTableArb, rowArb } from '../glueArbitraries.js';

const tableWithRowsArb = glueTableArb.chain((table) => fc.tuple(fc.constant(table), fc.array(rowArb(table), { minLength: 1, maxLength: 3 }), fc.integer()));

function encodeRows(table: Parameters<typeof rowArb>[0], rows: StructValue[], seed: number, openx: boolean): string {
  const choose = chooser(seed);
  const rowType = { kind: 'struct' as const, fields: table.columns.map((column) => ({ name: column.name, type: column.type })) };
  const separators = ['', '\n', ' ', '\r\n'];
  return rows.map((row) => encodeCell(rowType, row, choose, openx)).join(separators[choose(separators.length)]);
}

/** Forces the lossless parser: a 17-digit number, in a key no column has. */
function withPad(record: string): string {
  const pad = '"zz_pad":12345678901234567';
  return record.startsWith('{}') ? `{${pad}}${record.slice(2)}` : record.replace(/^\{/, `{${pad},`);
}

function summary(result: DeserializeResult): unknown {
  return 'rows' in result ? result.rows : { code: result.error.errorCode, message: result.error.errorCode === 'DataFormatConversion.MalformedData' ? result.error.message : '' };
}

describe('createDeserializer laws', () => {
  it('reads back every conforming row of a random schema, written in any spelling OpenX accepts', () => {
    fc.assert(
      fc.property(tableWithRowsArb, ([table, rows, seed]) => {
        // Prepare
        const record = encodeRows(table, rows, seed, true);

        // Act
        const result = createDeserializer(table)(new TextEncoder().encode(record));

        // Assess
        expect(result).toEqual({ rows });
      }),
      { numRuns: 250 },
    );
  });

  it('reads back every conforming row with the Hive SerDe, in the spellings Hive accepts', () => {
    fc.assert(
      fc.property(tableWithRowsArb, ([table, rows, seed]) => {
        // Prepare
        const record = encodeRows(table, rows, seed, false);

        // Act
        const result = createDeserializer(table, { kind: 'hive' })(record);

        // Assess
        expect(result).toEqual({ rows });
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same result on the fast (JSON.parse) and the lossless path', () => {
    const recordArb = glueTableArb.chain((table) =>
      fc.tuple(
        fc.constant(table),
        fc.oneof(
          // Conforming rows…
          fc.tuple(fc.array(rowArb(table), { minLength: 1, maxLength: 2 }), fc.integer()).map(([rows, seed]) => encodeRows(table, rows, seed, true)),
          // …and objects whose column keys hold arbitrary JSON.
          fc
            .array(fc.tuple(fc.constantFrom(...table.columns.map((column) => column.name)), fc.jsonValue({ maxDepth: 3 })), { maxLength: 4 })
            .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',')}}`),
        ),
      ),
    );
    fc.assert(
      fc.property(recordArb, ([table, record]) => {
        // Prepare
        const deserialize = createDeserializer(table);
        fc.pre(!/[0-9.]{16}/.test(record));

        // Act
        const fast = deserialize(record);
        const lossless = deserialize(withPad(record));

        // Assess
        expect(summary(lossless)).toEqual(summary(fast));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, never mutates its input, and fails only with FormatConversionError', () => {
    const inputArb = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', 'a', '1', '.', 'e', '-', ' ', '\n', 'n', 'u', 'l') }).map((text) => new TextEncoder().encode(text)),
      fc.jsonValue().map((value) => new TextEncoder().encode(JSON.stringify(value))),
    );
    fc.assert(
      fc.property(glueTableArb, inputArb, (table, bytes) => {
        // Prepare
        const copy = Uint8Array.from(bytes);
        const deserialize = createDeserializer(table);

        // Act
        const result = deserialize(bytes);

        // Assess
        expect(bytes).toEqual(copy);
        if ('error' in result) {
          expect(result.error).toBeInstanceOf(FormatConversionError);
          expect(['DataFormatConversion.ParseError', 'DataFormatConversion.MalformedData']).toContain(result.error.errorCode);
        } else {
          expect(result.rows.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });
});
