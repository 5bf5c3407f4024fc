/**
 * Differential test: the schema-compiled decoder (formats/serde/compiledDeserializer.ts) against the reference
 * deserializer (formats/serde/deserializeJson.ts) on arbitrary schemas, SerDe options and partly malformed
 * records. Both must give identical rows (key order, -0, Map entry order included) or identical
 * failures (code, message, column).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createColumnDecoder, createCompiledDeserializer, createRowDecoder } from '../../../formats/serde/compiledDeserializer.js';
import { createDeserializer } from '../../../formats/serde/deserializeJson.js';
import type { CellValue, StructValue } from '../../../formats/glue/index.js';
import { canonical, caseArb, probeCaseArb, type Case } from './jsonRecordArbitraries.js';

/** The differential property's case count; the issue asks for 1,000 in CI. */
const DIFFERENTIAL_RUNS = 1000;

/** The row object the cells stand for: columns' lower-case names in table order, built as the reference builds rows. */
function rowOf(table: Case['table'], cells: readonly CellValue[]): StructValue {
  const row: StructValue = {};
  for (const column of table.columns) row[column.name.toLowerCase()] = null;
  const struct: StructValue = { ...row };
  table.columns.forEach((column, index) => {
    struct[column.name.toLowerCase()] = cells[index]!;
  });
  return struct;
}

function copyOf(input: string | Uint8Array): string | Uint8Array {
  return typeof input === 'string' ? input : Uint8Array.from(input);
}

describe('createCompiledDeserializer', () => {
  it('gives exactly the reference deserializer’s rows and failures on arbitrary schemas and partly malformed JSON', () => {
    fc.assert(
      fc.property(caseArb, ({ table, serde, input }) => {
        // Prepare
        const reference = createDeserializer(table, serde);
        const compiled = createCompiledDeserializer(table, serde);
        const columns = createColumnDecoder(table, serde);

        // Act
        const expected = canonical(reference(copyOf(input)));
        const first = canonical(compiled(copyOf(input)));
        const again = canonical(compiled(copyOf(input)));
        const cells = columns(copyOf(input));

        // Assess (again: the decoder keeps state between records — learned key positions, caches)
        expect(first).toBe(expected);
        expect(again).toBe(expected);
        // Column feeding: the cells of each row, in column order, are the reference row's values.
        if (cells !== undefined) expect(canonical({ rows: cells.map((row) => rowOf(table, row)) })).toBe(expected);
        // The same record as UTF-8 bytes (as deliveries pass it): the byte scan for escapes and control
        // characters then decides which strings are plain.
        if (typeof input === 'string') {
          const bytes = new TextEncoder().encode(input);
          expect(canonical(compiled(bytes))).toBe(canonical(reference(Uint8Array.from(bytes))));
        }
      }),
      { numRuns: DIFFERENTIAL_RUNS },
    );
  });

  it('decides the same without the byte scan (escapes found by the regular expression alone)', () => {
    fc.assert(
      fc.property(caseArb, ({ table, serde, input }) => {
        // Prepare
        const reference = createDeserializer(table, serde);
        const withoutScan = createRowDecoder(table, serde, { byteScan: false });
        const withScan = createRowDecoder(table, serde);
        // Act
        const rows = withoutScan(copyOf(input));
        // Assess: the same rows as with the scan, and the reference's when it decides
        expect(rows === undefined ? 'handed over' : canonical({ rows })).toBe(((r) => (r === undefined ? 'handed over' : canonical({ rows: r })))(withScan(copyOf(input))));
        if (rows !== undefined) expect(canonical({ rows })).toBe(canonical(reference(copyOf(input))));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the reference’s cell for every odd spelling of a value in a one-column record', () => {
    fc.assert(
      fc.property(probeCaseArb, (probe: Case) => {
        // Prepare
        const reference = createDeserializer(probe.table, probe.serde);
        const compiled = createCompiledDeserializer(probe.table, probe.serde);

        // Act
        const expected = canonical(reference(copyOf(probe.input)));
        const actual = canonical(compiled(copyOf(probe.input)));

        // Assess
        expect(actual).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
