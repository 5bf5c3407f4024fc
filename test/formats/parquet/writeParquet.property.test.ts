import fc from 'fast-check';
import { parquetMetadata } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import type { GlueTable } from '../../../formats/glue/glueTable.js';
import type { CellValue, GlueColumn, GlueType, Row, StructValue } from '../../../formats/glue/types.js';
import { ColumnChunkScratch, encodeColumnChunk } from '../../../formats/parquet/parquetColumnChunk.js';
import { buildParquetSchema } from '../../../formats/parquet/parquetSchema.js';
import { ParquetRowShredder } from '../../../formats/parquet/parquetShred.js';
import { CompressionCodec } from '../../../formats/parquet/parquetThrift.js';
import { createParquetWriter, type ParquetSerDeOptions } from '../../../formats/parquet/writeParquet.js';
import { closeDuckDb, expectedDuckDbType, readParquetWithDuckDb } from '../../helpers/duckdb.js';
import { readPageHeaders, readParquetWithHyparquet, toHyparquetView } from '../../helpers/hyparquet.js';
import { FIRST_DAY, FIRST_NANOS, LAST_DAY, LAST_NANOS, glueTableArb } from '../glueArbitraries.js';

afterAll(() => closeDuckDb());

// Cells for the writer: wider than what JSON can carry (NaN, ±Infinity, -0, non-BMP text, int64 bounds).
const codePointArb = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }),
  fc.integer({ min: 0x80, max: 0xffff }).filter((c) => c < 0xd800 || c > 0xdfff),
  fc.integer({ min: 0x10000, max: 0x10ffff }),
);
/**
 * Any code points except a leading U+FEFF: both JavaScript readers here (DuckDB's node API and hyparquet)
 * decode strings with a BOM-dropping UTF-8 decoder, so a leading U+FEFF would read back without it. The writer
 * keeps it (writeParquet.test.ts checks the bytes with DuckDB's own strlen()).
 */
const textArb = (maxLength: number): fc.Arbitrary<string> =>
  fc.array(codePointArb, { maxLength }).map((codes) => String.fromCodePoint(...codes)).filter((text) => text.charCodeAt(0) !== 0xfeff);
const LONG_PREFIX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 ';
const specialNumbers = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0];

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
      return fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n, 0n));
    case 'float':
      return fc.oneof(fc.float(), fc.constantFrom(...specialNumbers));
    case 'double':
      return fc.oneof(fc.double(), fc.constantFrom(...specialNumbers));
    case 'decimal': {
      const limit = 10n ** BigInt(type.precision) - 1n;
      return fc.oneof(fc.bigInt({ min: -limit, max: limit }), fc.constantFrom(limit, -limit, 0n));
    }
    case 'string':
    case 'char':
    case 'varchar':
      // Sometimes long, with a shared prefix longer than the writer's short-string paths (ASCII loop, byte
      // loop, first bytes compared in JavaScript) so that its long-value paths and statistics are covered too.
      return fc.oneof({ arbitrary: textArb(12), weight: 4 }, { arbitrary: fc.tuple(fc.constantFrom('', LONG_PREFIX), textArb(60)).map(([prefix, text]) => prefix + text), weight: 1 });
    case 'binary':
      return fc.oneof({ arbitrary: fc.uint8Array({ maxLength: 12 }), weight: 4 }, { arbitrary: fc.uint8Array({ minLength: 60, maxLength: 100 }), weight: 1 });
    case 'timestamp':
      return fc.oneof(fc.bigInt({ min: FIRST_NANOS, max: LAST_NANOS }), fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }));
    case 'array':
      return fc.array(optionalCellArb(type.element), { maxLength: 4 });
    case 'map':
      return fc
        .uniqueArray(fc.tuple(cellArb(type.key), optionalCellArb(type.value)), { maxLength: 4, selector: ([key]) => keyIdentity(key) })
        .map((entries) => new Map<CellValue, CellValue>(entries));
    case 'struct':
      return fc.tuple(...type.fields.map((field) => optionalCellArb(field.type))).map((cells) => {
        const struct: StructValue = Object.create(null) as StructValue;
        type.fields.forEach((field, index) => {
          struct[field.name.toLowerCase()] = cells[index]!;
        });
        return struct;
      });
  }
}

/** Distinct map keys as every reader sees them (DuckDB rejects duplicate keys; 0 and -0 collide). */
function keyIdentity(key: CellValue): string {
  if (typeof key === 'number') return Object.is(key, -0) ? '0' : String(key);
  return `${typeof key}:${String(key)}`;
}

function optionalCellArb(type: GlueType): fc.Arbitrary<CellValue> {
  return fc.option(cellArb(type), { nil: null, freq: 5 });
}

function rowsArb(table: GlueTable): fc.Arbitrary<Row[]> {
  const rowArb = fc.tuple(...table.columns.map((column) => optionalCellArb(column.type))).map((cells) => {
    const row: Row = Object.create(null) as Row;
    table.columns.forEach((column, index) => {
      row[column.name] = cells[index]!;
    });
    return row;
  });
  return fc.array(rowArb, { maxLength: 12 });
}

/** Map keys: NaN cannot be a key DuckDB accepts; the table arbitrary never makes binary keys. */
function hasNaNKey(rows: readonly Row[]): boolean {
  const visit = (cell: CellValue): boolean => {
    if (cell instanceof Map) return [...cell].some(([k, v]) => (typeof k === 'number' && Number.isNaN(k)) || visit(v));
    if (Array.isArray(cell)) return cell.some(visit);
    if (cell !== null && typeof cell === 'object' && !(cell instanceof Uint8Array)) return Object.values(cell).some(visit);
    return false;
  };
  return rows.some((row) => Object.values(row).some(visit));
}

const optionsArb: fc.Arbitrary<ParquetSerDeOptions> = fc.record(
  {
    WriterVersion: fc.constantFrom('V1', 'V2'),
    EnableDictionaryCompression: fc.boolean(),
    Compression: fc.constantFrom('SNAPPY', 'GZIP', 'UNCOMPRESSED'),
    PageSizeBytes: fc.constantFrom(1024, 4096, 1_048_576),
    BlockSizeBytes: fc.constantFrom(1024, 268_435_456),
    TimestampEncoding: fc.constantFrom('INT64_MICROS', 'INT96'),
  },
  { requiredKeys: [] },
);

/** What DuckDB reads from our timestamps: nanoseconds floored to microseconds. */
function floorTimestamps(rows: readonly Row[], columns: readonly GlueColumn[]): Row[] {
  const visit = (cell: CellValue, type: GlueType): CellValue => {
    if (cell === null) return null;
    switch (type.kind) {
      case 'timestamp': {
        const nanos = cell as bigint;
        const micros = nanos / 1000n;
        return (nanos < 0n && micros * 1000n !== nanos ? micros - 1n : micros) * 1000n;
      }
      case 'array':
        return (cell as CellValue[]).map((item) => visit(item, type.element));
      case 'map':
        return new Map([...(cell as Map<CellValue, CellValue>)].map(([k, v]) => [visit(k, type.key), visit(v, type.value)]));
      case 'struct': {
        const out: Row = Object.create(null) as Row;
        for (const field of type.fields) out[field.name.toLowerCase()] = visit((cell as Row)[field.name.toLowerCase()] ?? null, field.type);
        return out;
      }
      default:
        return cell;
    }
  };
  return rows.map((row) => {
    const out: Row = Object.create(null) as Row;
    for (const column of columns) out[column.name] = visit(row[column.name] ?? null, column.type);
    return out;
  });
}

describe('createParquetWriter (property)', () => {
  it('writes arbitrary Glue schemas and conforming rows that DuckDB and hyparquet read back equal', async () => {
    await fc.assert(
      fc.asyncProperty(
        glueTableArb.chain((table) => fc.tuple(fc.constant(table), rowsArb(table).filter((rows) => !hasNaNKey(rows)), optionsArb)),
        async ([table, rows, options]) => {
          // Act
          const writer = createParquetWriter(table.columns, options);
          for (const row of rows) writer.write(row);
          const bytes = writer.close();
          const duck = await readParquetWithDuckDb(bytes, table.columns);
          const hyparquet = await readParquetWithHyparquet(bytes, table.columns);
          // Assess
          expect(duck.columns.map((c) => c.type)).toEqual(table.columns.map((c) => expectedDuckDbType(c.type)));
          expect(duck.rows).toEqual(floorTimestamps(rows, table.columns));
          const exact = options.TimestampEncoding === 'INT96' ? rows : floorTimestamps(rows, table.columns);
          expect(hyparquet).toEqual(toHyparquetView(exact, table.columns));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes the same bytes from cells in column order (writeCells) as from row objects (write)', () => {
    fc.assert(
      fc.property(glueTableArb.chain((table) => fc.tuple(fc.constant(table), rowsArb(table), optionsArb)), ([table, rows, options]) => {
        // Prepare
        const cellRows = rows.map((row) => table.columns.map((column) => row[column.name] ?? null));
        // Act
        const fromRows = createParquetWriter(table.columns, options);
        for (const row of rows) fromRows.write(row);
        const fromCells = createParquetWriter(table.columns, options);
        for (const cells of cellRows) fromCells.writeCells(cells);
        // Assess
        expect(fromCells.rowCount).toBe(rows.length);
        expect(Buffer.from(fromCells.close()).equals(Buffer.from(fromRows.close()))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('shreds rows and cells to the same column chunks with generated code and with loops (code generation disallowed)', () => {
    const encoded = (shredder: ParquetRowShredder): string[] => {
      const scratch = new ColumnChunkScratch();
      const settings = { codec: CompressionCodec.UNCOMPRESSED, compress: (bytes: Uint8Array) => bytes, pageSizeBytes: 256, dictionary: true, dictionaryPageSizeBytes: 1 << 20, writerVersion: 'V2' as const };
      return shredder.buffers.map((buffer) => Buffer.from(encodeColumnChunk(buffer, settings, scratch).bytes).toString('hex'));
    };
    fc.assert(
      fc.property(
        glueTableArb.chain((table) => fc.tuple(fc.constant(table), rowsArb(table), fc.constantFrom('INT64_MICROS' as const, 'INT96' as const))),
        ([table, rows, timestamps]) => {
          // Prepare
          const schema = buildParquetSchema(table.columns, timestamps);
          const generated = [new ParquetRowShredder(schema), new ParquetRowShredder(schema)];
          const looped = [new ParquetRowShredder(schema, false), new ParquetRowShredder(schema, false)];
          // Act
          for (const row of rows) {
            const cells = table.columns.map((column) => row[column.name] ?? null);
            generated[0]!.write(row);
            generated[1]!.writeCells(cells);
            looped[0]!.write(row);
            looped[1]!.writeCells(cells);
          }
          // Assess
          const expected = encoded(generated[0]!);
          for (const shredder of [generated[1]!, ...looped]) expect(encoded(shredder)).toEqual(expected);
          for (const shredder of [...generated, ...looped]) shredder.release();
        },
      ),
      { numRuns: 100 },
    );
  });

  it('writes the exact byte-order min/max of string and binary columns whose values share long prefixes', () => {
    // Values that differ only after a long common prefix, or are prefixes of each other: the writer's
    // statistics compare the first bytes in JavaScript and the rest natively, so both parts are exercised.
    const suffixArb = fc.oneof(textArb(3), fc.constantFrom('', '\u00e9', '\u{1f680}', 'a', 'ab'));
    const stringArb = fc.tuple(fc.constantFrom('', 'M', LONG_PREFIX, LONG_PREFIX + 'x'.repeat(40)), suffixArb).map(([prefix, suffix]) => prefix + suffix);
    const binaryArb = fc.tuple(fc.constantFrom(0, 1, 9, 70), fc.uint8Array({ maxLength: 3 })).map(([length, tail]) => new Uint8Array([...new Uint8Array(length).fill(0xe0), ...tail]));
    const columns: GlueColumn[] = [
      { name: 's', type: { kind: 'string' }, typeString: 'string' },
      { name: 'b', type: { kind: 'binary' }, typeString: 'binary' },
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(stringArb, binaryArb), { minLength: 1, maxLength: 30 }), fc.boolean(), (pairs, dictionary) => {
        // Act
        const writer = createParquetWriter(columns, { EnableDictionaryCompression: dictionary });
        for (const [s, b] of pairs) writer.write({ s, b });
        const bytes = writer.close();
        const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        const metadata = parquetMetadata(file, { parsers: { stringFromBytes: (b: Uint8Array) => b, timestampFromMicroseconds: (m: bigint) => m, dateFromDays: (d: number) => d } });
        // Assess
        const [stringStats, binaryStats] = metadata.row_groups[0]!.columns.map((chunk) => chunk.meta_data!.statistics!);
        const expectedStrings = bounds(
          pairs.map(([s]) => new Uint8Array(Buffer.from(s, 'utf8'))),
          (a, b) => Buffer.compare(a, b),
        );
        const expectedBinaries = bounds(
          pairs.map(([, b]) => b),
          (a, b) => Buffer.compare(a, b),
        );
        expect({ min: stringStats!.min_value, max: stringStats!.max_value }).toEqual(expectedStrings);
        expect({ min: binaryStats!.min_value, max: binaryStats!.max_value }).toEqual(expectedBinaries);
      }),
      { numRuns: 200 },
    );
  });

  it('dictionary-encodes strings and binaries by their bytes: every value reads back, one dictionary entry per distinct value', async () => {
    // Pools of up to 3,000 distinct values (past the writer's 2,048-value sample and several hash-table
    // growths), near neighbours included: prefixes of each other, a trailing NUL, one differing last byte.
    const near = (k: number): string => [`k${k}`, `${LONG_PREFIX}${k}`, `${LONG_PREFIX}${k}\u0000`, `${k}\u00e9`][k % 4]!;
    const poolArb = fc
      .tuple(fc.constantFrom(1, 7, 300, 511, 513, 700, 1000, 1500, 3000), fc.uniqueArray(textArb(6), { maxLength: 20 }))
      .map(([size, texts]) => [...new Set([...texts, ...Array.from({ length: size }, (_, k) => near(k))])]);
    const columns: GlueColumn[] = [
      { name: 's', type: { kind: 'string' }, typeString: 'string' },
      { name: 'b', type: { kind: 'binary' }, typeString: 'binary' },
    ];
    await fc.assert(
      fc.asyncProperty(poolArb, fc.nat(), async (pool, seed) => {
        // Prepare: 4,000 rows drawn from the pool (the same value for s and, as its UTF-8 bytes, for b)
        const rows: Row[] = Array.from({ length: 4000 }, (_, i) => {
          const text = pool[(i * 7919 + seed) % pool.length]!;
          return { s: text, b: new Uint8Array(Buffer.from(text, 'utf8')) };
        });
        // Act
        const writer = createParquetWriter(columns, { EnableDictionaryCompression: true, WriterVersion: 'V2' });
        for (const row of rows) writer.write(row);
        const bytes = writer.close();
        // Assess
        const pages = readPageHeaders(bytes);
        const distinct = new Set(rows.map((row) => Buffer.from(row['s'] as string, 'utf8').toString('latin1'))).size;
        for (const path of ['s', 'b']) {
          const dictionary = pages.get(path)!.find((page) => page.type === 2);
          // Few distinct values always pay for a dictionary; any dictionary holds each distinct value once.
          if (distinct <= 1000) expect(dictionary?.numValues).toBe(distinct);
          if (dictionary !== undefined) expect(dictionary.numValues).toBe(distinct);
        }
        expect(await readParquetWithHyparquet(bytes, columns)).toEqual(toHyparquetView(rows, columns));
      }),
      { numRuns: 15 },
    );
  });

  it('keeps the values of writers that run side by side and one after another apart while their byte stores are reused', async () => {
    // Each file's string and binary columns outgrow the first 64 KiB store, so stores are grown, given
    // back on growth and on close, and taken again by the writers still open and by the next ones.
    const columns: GlueColumn[] = [
      { name: 's', type: { kind: 'string' }, typeString: 'string' },
      { name: 'b', type: { kind: 'binary' }, typeString: 'binary' },
    ];
    const fileArb = fc.tuple(fc.integer({ min: 1, max: 1200 }), fc.nat(), fc.boolean());
    await fc.assert(
      fc.asyncProperty(fc.array(fileArb, { minLength: 2, maxLength: 4 }), fc.array(fileArb, { maxLength: 2 }), async (together, after) => {
        const rowsOf = ([count, seed]: [number, number, boolean]): Row[] =>
          Array.from({ length: count }, (_, i) => {
            const text = `${LONG_PREFIX}${seed}-${i}${i % 7 === 0 ? 'é' : ''}`;
            return { s: text, b: new Uint8Array(Buffer.from(text.repeat(1 + (i % 3)), 'utf8')) };
          });
        // Act: the first files written row by row in turn, closed in turn; then the others, one by one
        const open = together.map((file) => ({ rows: rowsOf(file), writer: createParquetWriter(columns, { EnableDictionaryCompression: file[2] }) }));
        const longest = Math.max(...open.map((file) => file.rows.length));
        for (let i = 0; i < longest; i++) for (const file of open) if (i < file.rows.length) file.writer.write(file.rows[i]!);
        const written = open.map((file) => ({ rows: file.rows, bytes: file.writer.close() }));
        for (const file of after) {
          const writer = createParquetWriter(columns, { EnableDictionaryCompression: file[2] });
          const rows = rowsOf(file);
          for (const row of rows) writer.write(row);
          written.push({ rows, bytes: writer.close() });
        }
        // Assess
        for (const file of written) expect(await readParquetWithHyparquet(file.bytes, columns)).toEqual(toHyparquetView(file.rows, columns));
      }),
      { numRuns: 8 },
    );
  });

  it('writes min/max statistics that bound every value of their row group, in the column order', async () => {
    const primitive = (type: GlueType): boolean => !['array', 'map', 'struct'].includes(type.kind);
    await fc.assert(
      fc.asyncProperty(
        glueTableArb.filter((table) => table.columns.some((c) => primitive(c.type))).chain((table) => fc.tuple(fc.constant(table), rowsArb(table), optionsArb)),
        async ([table, rows, options]) => {
          // Act
          const writer = createParquetWriter(table.columns, options);
          for (const row of rows) writer.write(row);
          const bytes = writer.close();
          const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
          const metadata = parquetMetadata(file, { parsers: { stringFromBytes: (b: Uint8Array) => b, timestampFromMicroseconds: (m: bigint) => m * 1000n, dateFromDays: (d: number) => d } });
          // Assess
          let first = 0;
          for (const group of metadata.row_groups) {
            const groupRows = rows.slice(first, first + Number(group.num_rows));
            first += Number(group.num_rows);
            for (const chunk of group.columns) {
              const path = chunk.meta_data!.path_in_schema;
              const column = table.columns.find((c) => c.name === path[0]);
              if (path.length !== 1 || column === undefined) continue;
              const values = groupRows.map((row) => row[column.name] ?? null).filter((v) => v !== null);
              const stats = chunk.meta_data!.statistics!;
              expect(Number(stats.null_count)).toBe(groupRows.length - values.length);
              const expected = expectedBounds(column.type, values, options);
              expect({ min: stats.min_value, max: stats.max_value }).toEqual(expected);
            }
          }
          expect(first).toBe(rows.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** Min/max as hyparquet decodes them (strings and binary as raw bytes, decimals as numbers). */
function expectedBounds(type: GlueType, values: CellValue[], options: ParquetSerDeOptions): { min: unknown; max: unknown } {
  const none = { min: undefined, max: undefined };
  if (values.length === 0) return none;
  switch (type.kind) {
    case 'timestamp': {
      if (options.TimestampEncoding === 'INT96') return none;
      const micros = floorTimestamps(values.map((v) => ({ t: v })), [{ name: 't', type, typeString: 'timestamp' }]).map((r) => r['t'] as bigint);
      return bounds(micros, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    }
    case 'float':
    case 'double': {
      const numbers = values as number[];
      if (numbers.some((n) => Number.isNaN(n))) return none;
      const { min, max } = bounds(numbers, (a, b) => a - b);
      return { min: min === 0 ? -0 : min, max: max === 0 ? 0 : max };
    }
    case 'string':
    case 'char':
    case 'varchar': {
      const encoded = (values as string[]).map((s) => new Uint8Array(Buffer.from(s, 'utf8')));
      return bounds(encoded, (a, b) => Buffer.compare(a, b));
    }
    case 'binary':
      return bounds(values as Uint8Array[], (a, b) => Buffer.compare(a, b));
    case 'decimal': {
      const { min, max } = bounds(values as bigint[], (a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return { min: Number(min) * 10 ** -type.scale, max: Number(max) * 10 ** -type.scale };
    }
    case 'boolean':
      return { min: (values as boolean[]).every((v) => v), max: (values as boolean[]).some((v) => v) };
    default:
      return bounds(values as (number | bigint)[], (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

function bounds<T>(values: readonly T[], compare: (a: T, b: T) => number): { min: T; max: T } {
  let min = values[0] as T;
  let max = values[0] as T;
  for (const value of values) {
    if (compare(value, min) < 0) min = value;
    if (compare(value, max) > 0) max = value;
  }
  return { min, max };
}
