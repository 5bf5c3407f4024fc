/**
 * Round trip: any Glue table and any conforming rows (nulls, empty strings, lists and maps, int64 extremes,
 * NaN and ±Infinity, decimals at full precision, timestamps from year 1 to 9999 with nanoseconds,
 * non-BMP text) written with any compression and format version, with small stripes and row-index strides,
 * read back equal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GlueTable } from '../../../formats/glue/glueTable.js';
import type { CellValue, GlueType, Row, StructValue } from '../../../formats/glue/types.js';
import { readOrc, readOrcMetadata } from '../../../formats/orc/readOrc.js';
import { createOrcWriter, type OrcSerDeOptions } from '../../../formats/orc/writeOrc.js';
import { FIRST_DAY, FIRST_NANOS, LAST_DAY, LAST_NANOS, glueTableArb } from '../glueArbitraries.js';

const codePointArb = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }),
  fc.integer({ min: 0x80, max: 0xffff }).filter((c) => c < 0xd800 || c > 0xdfff),
  fc.integer({ min: 0x10000, max: 0x10ffff }),
);
const textArb = (maxLength: number): fc.Arbitrary<string> => fc.array(codePointArb, { maxLength }).map((codes) => String.fromCodePoint(...codes));
const specialNumbers = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0];

/**
 * Timestamps from 1969-12-31T23:59:59.001 to 23:59:59.999999999 (a fraction of the second before 1970 of
 * 1 ms or more) have no ORC encoding that Apache's readers (and this one, which follows them) read back:
 * the seconds are stored rounded toward zero, and readers correct only negative seconds. That window is
 * left out here and tested on its own.
 */
const timestampArb = fc
  .oneof(fc.bigInt({ min: FIRST_NANOS, max: LAST_NANOS }), fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.constantFrom(FIRST_NANOS, LAST_NANOS, 0n, -1n, -1_000_000_000n))
  .filter((ns) => !(ns >= -999_000_000n && ns <= -1n));

function cellArb(type: GlueType): fc.Arbitrary<CellValue> {
  switch (type.kind) {
    case 'boolean':
      return fc.boolean();
    case 'tinyint':
      return fc.integer({ min: -128, max: 127 });
    case 'smallint':
      return fc.integer({ min: -32_768, max: 32_767 });
    case 'int':
      return fc.integer({ min: -2_147_483_648, max: 2_147_483_647 });
    case 'date':
      return fc.integer({ min: FIRST_DAY, max: LAST_DAY });
    case 'bigint':
      return fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n, 0n), fc.bigInt({ min: -1000n, max: 1000n }));
    case 'float':
      return fc.oneof(fc.float(), fc.constantFrom(...specialNumbers));
    case 'double':
      return fc.oneof(fc.double(), fc.constantFrom(...specialNumbers));
    case 'decimal': {
      const limit = 10n ** BigInt(type.precision) - 1n;
      return fc.oneof(fc.bigInt({ min: -limit, max: limit }), fc.constantFrom(limit, -limit, 0n));
    }
    case 'string':
      return fc.oneof(textArb(12), fc.constantFrom('', 'a', 'b'));
    case 'char':
    case 'varchar':
      return textArb(type.length);
    case 'binary':
      return fc.uint8Array({ maxLength: 12 });
    case 'timestamp':
      return timestampArb;
    case 'array':
      return fc.array(optionalCellArb(type.element), { maxLength: 4 });
    case 'map':
      return fc
        .uniqueArray(fc.tuple(cellArb(type.key), optionalCellArb(type.value)), { maxLength: 4, selector: ([key]) => (typeof key === 'number' && Object.is(key, -0) ? '0' : `${typeof key}:${String(key)}`) })
        .map((entries) => new Map<CellValue, CellValue>(entries));
    case 'struct':
      return fc.tuple(...type.fields.map((field) => optionalCellArb(field.type))).map((cells) => {
        const struct: StructValue = {};
        type.fields.forEach((field, index) => {
          struct[field.name.toLowerCase()] = cells[index]!;
        });
        return struct;
      });
  }
}

function optionalCellArb(type: GlueType): fc.Arbitrary<CellValue> {
  return fc.option(cellArb(type), { nil: null, freq: 5 });
}

function rowsArb(table: GlueTable): fc.Arbitrary<Row[]> {
  const rowArb = fc.tuple(...table.columns.map((column) => optionalCellArb(column.type))).map((cells) => {
    const row: Row = {};
    table.columns.forEach((column, index) => {
      row[column.name.toLowerCase()] = cells[index]!;
    });
    return row;
  });
  return fc.array(rowArb, { maxLength: 40 });
}

/** What the file holds: floats at 32-bit precision, char(n) padded to n characters with spaces. */
function expectedCell(cell: CellValue, type: GlueType): CellValue {
  if (cell === null) return null;
  switch (type.kind) {
    case 'float':
      return Math.fround(cell as number);
    case 'char': {
      const length = [...(cell as string)].length;
      return length >= type.length ? cell : (cell as string) + ' '.repeat(type.length - length);
    }
    case 'array':
      return (cell as CellValue[]).map((item) => expectedCell(item, type.element));
    case 'map':
      return new Map([...(cell as Map<CellValue, CellValue>)].map(([k, v]) => [expectedCell(k, type.key), expectedCell(v, type.value)]));
    case 'struct': {
      const out: StructValue = {};
      for (const field of type.fields) out[field.name.toLowerCase()] = expectedCell((cell as StructValue)[field.name.toLowerCase()] ?? null, field.type);
      return out;
    }
    default:
      return cell;
  }
}

/** Comparable text: bigints, -0, NaN, ±Infinity, Maps and bytes made explicit. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : Number.isFinite(v) ? v : String(v);
    if (v instanceof Map) return { map: [...v] };
    if (v instanceof Uint8Array) return { bytes: [...v] };
    return v;
  });
}

const optionsArb: fc.Arbitrary<OrcSerDeOptions> = fc.record(
  {
    Compression: fc.constantFrom('NONE', 'ZLIB', 'SNAPPY'),
    FormatVersion: fc.constantFrom('V0_11', 'V0_12'),
    DictionaryKeyThreshold: fc.constantFrom(0, 0.5, 0.8, 1),
  },
  { requiredKeys: ['Compression'] },
);
const tuningArb = fc.record({
  stripeSizeBytes: fc.constantFrom(64, 512, 4096, 1 << 20),
  rowIndexStride: fc.constantFrom(1, 3, 7, 10_000),
  compressionBlockSize: fc.constantFrom(16, 100, 262_144),
});

describe('createOrcWriter round trip', () => {
  it('reads back every row of any table, with any options, stripes and strides', () => {
    fc.assert(
      fc.property(
        glueTableArb.chain((table) => fc.tuple(fc.constant(table), rowsArb(table))),
        optionsArb,
        tuningArb,
        ([table, rows], options, tuning) => {
          const writer = createOrcWriter(table.columns, options, tuning);
          for (const row of rows) writer.write(row);
          const file = writer.close();
          const meta = readOrcMetadata(file);
          expect(meta.rowCount).toBe(rows.length);
          expect(meta.stripes.reduce((sum, s) => sum + (s.numberOfRows ?? 0), 0)).toBe(rows.length);
          const expected = rows.map((row) => {
            const out: StructValue = {};
            for (const column of table.columns) out[column.name.toLowerCase()] = expectedCell(row[column.name.toLowerCase()] ?? null, column.type);
            return out;
          });
          expect(canonical(readOrc(file))).toBe(canonical(expected));
          // The same rows as cells in column order (the compiled decoder's form) make the same file.
          const cellWriter = createOrcWriter(table.columns, options, tuning);
          for (const row of rows) cellWriter.writeCells(table.columns.map((column) => row[column.name.toLowerCase()] ?? null));
          expect(cellWriter.close()).toEqual(file);
        },
      ),
      { numRuns: 250 },
    );
  });

  it('a time in the second before 1970 with a fraction of 1 ms or more reads back one second late, as in every ORC reader', () => {
    const columns = [{ name: 'ts', type: { kind: 'timestamp' } as GlueType, typeString: 'timestamp' }];
    const writer = createOrcWriter(columns, { Compression: 'NONE' });
    for (const ns of [-500_000_000n, -1n, -999_000_000n, -999_000_001n, -1_000_000_000n, -1_500_000_000n]) writer.write({ ts: ns });
    const back = readOrc(writer.close()).map((row) => row.ts);
    expect(back).toEqual([500_000_000n, 999_999_999n, 1_000_000n, -999_000_001n, -1_000_000_000n, -1_500_000_000n]);
  });
});
