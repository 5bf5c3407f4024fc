/**
 * The ORC writer's options, row checks, statistics, row index positions, encodings, bloom filters, stripes
 * and padding, each checked on the file it writes (read back with formats/orc's reader and by hand).
 */
import { describe, expect, it } from 'vitest';
import { FormatOptionError } from '../../../formats/glue/errors.js';
import { parseGlueType } from '../../../formats/glue/glueType.js';
import type { CellValue, GlueColumn, Row } from '../../../formats/glue/types.js';
import { OrcCorruptFileError, OrcRowError, OrcSchemaError, OrcWriterClosedError } from '../../../formats/orc/errors.js';
import { bloomMightContain, longHash, murmur3Hash64 } from '../../../formats/orc/orcBloomFilter.js';
import { ByteSource } from '../../../formats/orc/orcByteSink.js';
import { compileFieldsReader } from '../../../formats/orc/orcColumns.js';
import { decompressStream } from '../../../formats/orc/orcCompression.js';
import { ColumnStatisticsCodec, CompressionKind, EncodingKind, StreamKind, type ColumnStatistics } from '../../../formats/orc/orcProto.js';
import { decodeBooleanRle, decodeIntegerRleV2 } from '../../../formats/orc/orcRle.js';
import { readOrc, readOrcMetadata, readOrcStripe, readOrcStripeContents, type OrcFileMetadata } from '../../../formats/orc/readOrc.js';
import { createOrcStreamWriter, createOrcWriter, type OrcSerDeOptions, type OrcWriterTuning } from '../../../formats/orc/writeOrc.js';

const columns = (spec: Record<string, string>): GlueColumn[] => Object.entries(spec).map(([name, typeString]) => ({ name, type: parseGlueType(typeString), typeString }));

function write(cols: GlueColumn[], rows: Row[], options: OrcSerDeOptions = {}, tuning: OrcWriterTuning = {}): Uint8Array {
  const writer = createOrcWriter(cols, options, tuning);
  for (const row of rows) writer.write(row);
  return writer.close();
}

describe('options (Firehose OrcSerDe names, defaults and ranges)', () => {
  const one = columns({ a: 'int' });
  it.each([
    ['StripeSizeBytes below 8 MiB', { StripeSizeBytes: 8 * 1024 * 1024 - 1 }, "option 'StripeSizeBytes' is 8388607. Firehose allows an integer from 8388608 to 2147483647."],
    ['BlockSizeBytes below 64 MiB', { BlockSizeBytes: 1024 }, "option 'BlockSizeBytes' is 1024. Firehose allows an integer from 67108864 to 2147483647."],
    ['RowIndexStride below 1,000', { RowIndexStride: 999 }, "option 'RowIndexStride' is 999. Firehose allows an integer from 1000 to 2147483647."],
    ['a fractional RowIndexStride', { RowIndexStride: 1000.5 }, "option 'RowIndexStride' is 1000.5"],
    ['PaddingTolerance above 1', { PaddingTolerance: 1.5 }, "option 'PaddingTolerance' is 1.5. Use a number from 0 to 1."],
    ['DictionaryKeyThreshold below 0', { DictionaryKeyThreshold: -0.1 }, "option 'DictionaryKeyThreshold' is -0.1. Use a number from 0 to 1."],
    ['BloomFilterFalsePositiveProbability of 0', { BloomFilterFalsePositiveProbability: 0 }, "option 'BloomFilterFalsePositiveProbability' is 0"],
    ['an unknown Compression', { Compression: 'GZIP' }, "option 'Compression' is 'GZIP'. Use one of: 'NONE', 'ZLIB', 'SNAPPY'."],
    ['an unknown FormatVersion', { FormatVersion: 'V0_13' }, "option 'FormatVersion' is 'V0_13'. Use one of: 'V0_11', 'V0_12'."],
    ['a string EnablePadding', { EnablePadding: 'yes' }, "option 'EnablePadding' is string. Use true or false."],
    ['BloomFilterColumns with a blank name', { BloomFilterColumns: ['a b'] }, "option 'BloomFilterColumns' must be a list of column names"],
    ['BloomFilterColumns naming no column', { BloomFilterColumns: ['b'] }, "option 'BloomFilterColumns' names 'b', which is not a column. Use top-level column names: a."],
    ['an option Firehose does not have', { BlockSize: 1 }, "option 'BlockSize' is not an OrcSerDe option"],
  ])('refuses %s, naming the option and the range', (_what, options, message) => {
    expect(() => createOrcWriter(one, options as OrcSerDeOptions)).toThrow(FormatOptionError);
    expect(() => createOrcWriter(one, options as OrcSerDeOptions)).toThrow(message);
  });

  it('accepts the boundaries of every range and writes Firehose defaults into the file', () => {
    const file = write(one, [{ a: 1 }], { StripeSizeBytes: 8 * 1024 * 1024, BlockSizeBytes: 64 * 1024 * 1024, RowIndexStride: 1000, PaddingTolerance: 0, DictionaryKeyThreshold: 1 });
    expect(readOrc(file)).toEqual([{ a: 1 }]);
    const meta = readOrcMetadata(write(one, [{ a: 1 }]));
    expect([meta.compression, meta.footer.rowIndexStride, meta.postscript.compressionBlockSize, meta.postscript.version]).toEqual(['SNAPPY', 10_000, 262_144, [0, 12]]);
  });

  it('refuses tables it cannot write', () => {
    expect(() => createOrcWriter([])).toThrow(OrcSchemaError);
    expect(() => createOrcWriter(columns({ a: 'int', A: 'string' }))).toThrow("column 'A': two columns have this name (names are case-insensitive)");
  });
});

describe('rows', () => {
  const cols = columns({ b: 'boolean', t: 'tinyint', i: 'int', l: 'bigint', d: 'decimal(4,2)', s: 'varchar(3)', bin: 'binary', dt: 'date', ts: 'timestamp', arr: 'array<int>', m: 'map<string,int>', st: 'struct<x:int>' });
  it.each([
    ['a string for a boolean', { b: 'true' }, "column 'b' expects a boolean but the row holds a string of 4 characters"],
    ['300 for a tinyint', { t: 300 }, "column 't' expects an integer number from -128 to 127 but the row holds an integer number"],
    ['a fraction for an int', { i: 1.5 }, "column 'i' expects an integer number from -2147483648 to 2147483647"],
    ['a number for a bigint', { l: 1 }, "column 'l' expects a bigint from -2^63 to 2^63-1 but the row holds an integer number"],
    ['2^63 for a bigint', { l: 2n ** 63n }, "column 'l' expects a bigint from -2^63 to 2^63-1 but the row holds a bigint"],
    ['a decimal with too many digits', { d: 10_000n }, "column 'd' expects a bigint unscaled decimal(4,2) value"],
    ['a number for a string', { s: 5 }, "column 's' expects a string"],
    ['a string for binary', { bin: 'x' }, "column 'bin' expects a Uint8Array (binary)"],
    ['a date after 9999', { dt: 3_000_000 }, "column 'dt' expects a date as whole days since 1970-01-01"],
    ['a number for a timestamp', { ts: 1 }, "column 'ts' expects a bigint of nanoseconds since 1970"],
    ['a wrong array element', { arr: [1, 'x'] }, "column 'arr[]' expects an integer number"],
    ['a null map key', { m: new Map([[null, 1]]) }, "column 'm{key}' expects a non-null map key but the row holds null"],
    ['an array for a struct', { st: [1] }, "column 'st' expects a struct (plain object) but the row holds an array of 1 items"],
    ['a bad struct field', { st: { x: 'no' } }, "column 'st.x' expects an integer number"],
  ])('refuses %s without writing any of the row', (_what, bad, message) => {
    const writer = createOrcWriter(cols, { Compression: 'NONE' });
    writer.write({ i: 1, s: 'ok' });
    expect(() => writer.write(bad as Row)).toThrow(OrcRowError);
    expect(() => writer.write(bad as Row)).toThrow(message);
    writer.write({ i: 2, s: 'ok2', arr: [5], m: new Map([['k', 1]]), st: { x: 3 } });
    const reference = write(cols, [{ i: 1, s: 'ok' }, { i: 2, s: 'ok2', arr: [5], m: new Map([['k', 1]]), st: { x: 3 } }], { Compression: 'NONE' });
    // The bad row left no trace: the file is byte for byte the file without it.
    expect(writer.close()).toEqual(reference);
  });

  it.each([
    ['a string for a boolean', { b: 'true' }, "column 'b' expects a boolean"],
    ['a wrong array element', { arr: [1, 'x'] }, "column 'arr[]' expects an integer number"],
    ['a bad struct field', { st: { x: 'no' } }, "column 'st.x' expects an integer number"],
  ])('writeCells refuses %s without writing any of the row', (_what, bad, message) => {
    const cellsOf = (row: Row): CellValue[] => cols.map((c) => row[c.name] ?? null);
    const writer = createOrcWriter(cols, { Compression: 'NONE' });
    writer.writeCells(cellsOf({ i: 1, s: 'ok' }));
    expect(() => writer.writeCells(cellsOf(bad as Row))).toThrow(message);
    writer.writeCells(cellsOf({ i: 2, s: 'ok2', arr: [5], m: new Map([['k', 1]]), st: { x: 3 } }));
    const reference = write(cols, [{ i: 1, s: 'ok' }, { i: 2, s: 'ok2', arr: [5], m: new Map([['k', 1]]), st: { x: 3 } }], { Compression: 'NONE' });
    expect(writer.close()).toEqual(reference);
  });

  it('writeCells refuses anything but one cell per column', () => {
    const writer = createOrcWriter(columns({ a: 'int', b: 'string' }), { Compression: 'NONE' });
    expect(() => writer.writeCells([1])).toThrow("column '(row)' expects an array of 2 cells, one per column but the row holds an array of 1 items");
    expect(() => writer.writeCells(null as unknown as CellValue[])).toThrow(OrcRowError);
    writer.writeCells([1, 'x']);
    expect(readOrc(writer.close())).toEqual([{ a: 1, b: 'x' }]);
  });

  it('refuses rows that are not objects, and use after close', () => {
    const writer = createOrcWriter(cols);
    expect(() => writer.write(null as unknown as Row)).toThrow("column '(row)' expects an object with one property per column");
    writer.close();
    expect(() => writer.write({})).toThrow(OrcWriterClosedError);
    expect(() => writer.close()).toThrow(OrcWriterClosedError);
  });

  it('reads fields by generated code or by a loop alike: own properties only, any name', () => {
    const names = ['a', 'constructor', '__proto__', 'toString', 'x"y\\z', 'hasOwnProperty', '0', 'b c'];
    const withOwn = Object.defineProperty({ a: 1, constructor: 'c', toString: 't', 'x"y\\z': 'q', 0: 'zero', 'b c': 2 }, '__proto__', { value: 'p', enumerable: true });
    const expected = [[1, 'c', 'p', 't', 'q', undefined, 'zero', 2], [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]];
    for (const codeGeneration of [true, false]) {
      const read = compileFieldsReader(names, codeGeneration);
      [withOwn, {}].forEach((object, k) => {
        const into = new Array<CellValue | undefined>(names.length).fill(null);
        read(object as Row, into);
        expect(into).toEqual(expected[k]);
      });
    }
  });

  it('reads fields as own properties only: a missing "constructor" column is null, not Object', () => {
    const file = write(columns({ constructor: 'string' }), [{}], { Compression: 'NONE' });
    expect(readOrc(file)).toEqual([{ constructor: null }]);
  });
});

/** The streams of a stripe with their stored (compressed) bytes, as the stripe footer lists them. */
function storedStreams(file: Uint8Array, meta: OrcFileMetadata, stripe: number): { kind: number; column: number; bytes: Uint8Array }[] {
  const info = meta.stripes[stripe]!;
  const { footer } = readOrcStripeContents(file, meta, stripe);
  let at = info.offset!;
  return (footer.streams ?? []).map((s) => {
    const bytes = file.subarray(at, at + s.length!);
    at += s.length!;
    return { kind: s.kind!, column: s.column!, bytes };
  });
}

describe('statistics (spec "Column Statistics")', () => {
  const cols = columns({ i: 'int', l: 'bigint', d: 'double', s: 'string', b: 'boolean', bin: 'binary', dec: 'decimal(10,3)', dt: 'date', ts: 'timestamp', arr: 'array<int>' });
  const rows: Row[] = [
    { i: 5, l: 2n ** 62n, d: 1.5, s: 'pear', b: true, bin: new Uint8Array(3), dec: 12_345n, dt: -1, ts: -1_500_000_001n, arr: [1, 2] },
    { i: -7, l: 2n ** 62n, d: Number.NaN, s: 'apple', b: false, bin: new Uint8Array(2), dec: -5n, dt: 19_000, ts: 1_700_000_000_123_456_789n, arr: [] },
    { i: null, l: null, d: -2.25, s: 'é', b: true, bin: null, dec: null, dt: null, ts: null, arr: null },
  ];
  const file = write(cols, rows, { Compression: 'ZLIB' }, { rowIndexStride: 2 });
  const meta = readOrcMetadata(file);
  const stat = (column: number): ColumnStatistics => meta.footer.statistics![column]!;

  it('records count, nulls, min, max and sum by type in the footer', () => {
    expect(stat(0)).toMatchObject({ numberOfValues: 3, hasNull: false });
    expect(stat(1)).toMatchObject({ numberOfValues: 2, hasNull: true, intStatistics: { minimum: -7n, maximum: 5n, sum: -2n } });
    // 2^62 + 2^62 overflows int64: no sum (spec: "If the sum overflows long at any point ... no sum is recorded").
    expect(stat(2).intStatistics).toEqual({ minimum: 2n ** 62n, maximum: 2n ** 62n });
    // NaN is left out of min/max; the sum is NaN, which is not recorded.
    expect(stat(3).doubleStatistics).toEqual({ minimum: -2.25, maximum: 1.5 });
    // Strings compare by UTF-8 bytes; the sum is the total length in bytes.
    expect(stat(4).stringStatistics).toEqual({ minimum: 'apple', maximum: 'é', sum: 11n });
    expect(stat(5).bucketStatistics).toEqual({ count: [2] });
    expect(stat(6)).toMatchObject({ numberOfValues: 2, binaryStatistics: { sum: 5n } });
    expect(stat(7).decimalStatistics).toEqual({ minimum: '-0.005', maximum: '12.345', sum: '12.34' });
    expect(stat(8).dateStatistics).toEqual({ minimum: -1, maximum: 19_000 });
    // UTC milliseconds (floored: -1.500000001 s is -1501 ms + 999,999 ns), and the nanoseconds within the millisecond + 1, as Apache stores them.
    expect(stat(9).timestampStatistics).toEqual({ minimumUtc: -1_501n, maximumUtc: 1_700_000_000_123n, minimumNanos: 999_999 + 1, maximumNanos: 456_789 + 1 });
    expect(stat(10).collectionStatistics).toEqual({ minChildren: 0, maxChildren: 2, totalChildren: 2 });
    expect(stat(11).intStatistics).toEqual({ minimum: 1n, maximum: 2n, sum: 3n });
  });

  it('records the same per stripe (Metadata) and per row group (row index), merging to the file statistics', () => {
    expect(meta.metadata.stripeStats).toHaveLength(1);
    expect(meta.metadata.stripeStats![0]!.colStats).toEqual(meta.footer.statistics);
    const index = readOrcStripeContents(file, meta, 0).rowIndexes;
    expect(index.get(1)!.entry!.map((e) => e.statistics)).toEqual([
      { numberOfValues: 2, hasNull: false, intStatistics: { minimum: -7n, maximum: 5n, sum: -2n } },
      { numberOfValues: 0, hasNull: true, intStatistics: {} },
    ]);
    expect(index.get(4)!.entry!.map((e) => e.statistics!.stringStatistics)).toEqual([{ minimum: 'apple', maximum: 'pear', sum: 9n }, { minimum: 'é', maximum: 'é', sum: 2n }]);
  });

  it('keeps per-row-group string min/max exact when dictionary values repeat across row groups', () => {
    const f = write(columns({ s: 'string' }), ['b', 'a', 'b', 'c', 'a', 'a'].map((v) => ({ s: v })), { Compression: 'NONE', DictionaryKeyThreshold: 1 }, { rowIndexStride: 2 });
    const m = readOrcMetadata(f);
    const stripe = readOrcStripeContents(f, m, 0);
    expect(stripe.footer.columns![1]!.kind).toBe(EncodingKind.DICTIONARY_V2);
    expect(stripe.rowIndexes.get(1)!.entry!.map((e) => e.statistics!.stringStatistics)).toEqual([
      { minimum: 'a', maximum: 'b', sum: 2n },
      { minimum: 'b', maximum: 'c', sum: 2n },
      { minimum: 'a', maximum: 'a', sum: 2n },
    ]);
    expect(m.footer.statistics![1]).toMatchObject({ numberOfValues: 6, stringStatistics: { minimum: 'a', maximum: 'c', sum: 6n } });
  });

  it('replaces a min or max longer than 1,024 bytes with a truncated bound', () => {
    const long = 'b'.repeat(2000);
    const m = readOrcMetadata(write(columns({ s: 'string' }), [{ s: long }, { s: 'a' }], { Compression: 'NONE' }));
    expect(m.footer.statistics![1]!.stringStatistics).toEqual({ minimum: 'a', upperBound: `${'b'.repeat(1023)}c`, sum: 2001n });
  });

  it('encodes statistics with the field numbers of orc_proto.proto (hand-checked bytes)', () => {
    // numberOfValues=1 (field 1 varint), intStatistics (field 2) { minimum -1 → sint64 zigzag 1, maximum 1 → 2 }, hasNull=false (field 10).
    expect([...ColumnStatisticsCodec.encode({ numberOfValues: 1, intStatistics: { minimum: -1n, maximum: 1n }, hasNull: false })]).toEqual([0x08, 0x01, 0x12, 0x04, 0x08, 0x01, 0x10, 0x02, 0x50, 0x00]);
  });
});

describe('row index positions (spec "Row Group Index"): seeking to an entry gives the row group\'s first values', () => {
  const cols = columns({ i: 'int', s: 'string', k: 'string', d: 'double', ts: 'timestamp' });
  const rows: Row[] = Array.from({ length: 1000 }, (_, n) => ({
    i: n % 11 === 0 ? null : (n * 7919) % 1000,
    s: `distinct-${(n * 31) % 997}`,
    k: `key${n % 5}`,
    d: n / 3,
    ts: BigInt(n) * 1_000_000_007n,
  }));

  it.each(['NONE', 'ZLIB', 'SNAPPY'] as const)('%s', (compression) => {
    const stride = 97;
    const file = write(cols, rows, { Compression: compression }, { rowIndexStride: stride, compressionBlockSize: 64 });
    const meta = readOrcMetadata(file);
    const kind = CompressionKind[compression];
    const compressed = compression !== 'NONE';
    const streams = storedStreams(file, meta, 0);
    const { rowIndexes, footer } = readOrcStripeContents(file, meta, 0);
    /** The uncompressed bytes of a stream from a position: (chunk start, offset in chunk) or (offset). */
    const from = (column: number, streamKind: number, positions: number[]): Uint8Array => {
      const stored = streams.find((s) => s.column === column && s.kind === streamKind)!.bytes;
      if (!compressed) return stored.subarray(positions.shift()!);
      const chunk = positions.shift()!;
      const within = positions.shift()!;
      return decompressStream(stored.subarray(chunk), kind, 64).subarray(within);
    };
    expect(footer.columns!.map((c) => c.kind)).toEqual([EncodingKind.DIRECT, EncodingKind.DIRECT_V2, EncodingKind.DIRECT_V2, EncodingKind.DICTIONARY_V2, EncodingKind.DIRECT, EncodingKind.DIRECT_V2]);
    for (let g = 0; g * stride < rows.length; g++) {
      const first = rows[g * stride]!;
      const nonNullBefore = rows.slice(0, g * stride).filter((r) => r.i !== null).length;
      // int with nulls: PRESENT (byte RLE offset, bytes into the run, bits into the byte), then DATA (offset, values into the run).
      const pi = [...rowIndexes.get(1)!.entry![g]!.positions!];
      const present = from(1, StreamKind.PRESENT, pi);
      const [byteSkip, bitSkip] = [pi.shift()!, pi.shift()!];
      // From the run's start to the end of the stream: the slots after the row group's first, plus those skipped.
      const bits = decodeBooleanRle(new ByteSource(present, 'present'), rows.length - g * stride + byteSkip * 8 + bitSkip);
      expect(bits[byteSkip * 8 + bitSkip]).toBe(first.i === null ? 0 : 1);
      const data = decodeIntegerRleV2(new ByteSource(from(1, StreamKind.DATA, pi), 'data'), true);
      const firstValue = rows.slice(g * stride).find((r) => r.i !== null)!.i;
      expect(data[pi.shift()!]).toBe(firstValue);
      expect(nonNullBefore).toBeGreaterThanOrEqual(0);
      // direct string: DATA (offset), LENGTH (offset, values into the run).
      const ps = [...rowIndexes.get(2)!.entry![g]!.positions!];
      const bytes = from(2, StreamKind.DATA, ps);
      const lengths = decodeIntegerRleV2(new ByteSource(from(2, StreamKind.LENGTH, ps), 'length'), false);
      const length = Number(lengths[ps.shift()!]);
      expect(new TextDecoder().decode(bytes.subarray(0, length))).toBe(first.s);
      // dictionary string: DATA of dictionary references only.
      const pk = [...rowIndexes.get(3)!.entry![g]!.positions!];
      const refs = decodeIntegerRleV2(new ByteSource(from(3, StreamKind.DATA, pk), 'refs'), false);
      expect(refs[pk.shift()!]).toBe(Number((first.k as string).slice(3)));
      // double: DATA (offset).
      const pd = [...rowIndexes.get(4)!.entry![g]!.positions!];
      expect(new DataView(from(4, StreamKind.DATA, pd).slice(0, 8).buffer).getFloat64(0, true)).toBe(first.d);
      // timestamp: DATA (seconds), SECONDARY (nanoseconds).
      const pt = [...rowIndexes.get(5)!.entry![g]!.positions!];
      const seconds = decodeIntegerRleV2(new ByteSource(from(5, StreamKind.DATA, pt), 'seconds'), true)[pt.shift()!];
      const nanos = decodeIntegerRleV2(new ByteSource(from(5, StreamKind.SECONDARY, pt), 'nanos'), false)[pt.shift()!];
      expect(BigInt(seconds!) + 1_420_070_400n).toBe((first.ts as bigint) / 1_000_000_000n);
      expect(nanos).toBeDefined();
      // Nothing left over: each column's positions are exactly its streams'.
      for (const rest of [pi, ps, pk, pd, pt]) expect(rest).toEqual([]);
    }
  });
});

describe('encodings, stripes and versions', () => {
  it('picks DICTIONARY_V2 when distinct values are at most DictionaryKeyThreshold × values, per stripe', () => {
    const cols = columns({ s: 'string' });
    const rows = Array.from({ length: 100 }, (_, n) => ({ s: `v${n % 10}` }));
    const kinds = (threshold: number) => {
      const file = write(cols, rows, { DictionaryKeyThreshold: threshold });
      return readOrcStripeContents(file, readOrcMetadata(file), 0).footer.columns![1]!;
    };
    expect(kinds(0.1)).toEqual({ kind: EncodingKind.DICTIONARY_V2, dictionarySize: 10 });
    expect(kinds(0.09).kind).toBe(EncodingKind.DIRECT_V2);
    expect(kinds(0).kind).toBe(EncodingKind.DIRECT_V2);
  });

  it('sorts the dictionary by UTF-8 bytes (U+FFFD before U+1F600, unlike UTF-16 order)', () => {
    const rows = ['\u{1F600}', '\uFFFD', 'a', '\u{1F600}', 'a', '\uFFFD'].map((s) => ({ s }));
    const file = write(columns({ s: 'string' }), rows, { Compression: 'NONE', DictionaryKeyThreshold: 1 });
    const meta = readOrcMetadata(file);
    const blob = storedStreams(file, meta, 0).find((s) => s.kind === StreamKind.DICTIONARY_DATA)!.bytes;
    expect(new TextDecoder().decode(blob)).toBe('a\uFFFD\u{1F600}');
    expect(readOrc(file)).toEqual(rows);
  });

  it('FormatVersion V0_11 writes RLE v1 with DIRECT and DICTIONARY encodings and version 0.11', () => {
    const file = write(columns({ i: 'int', s: 'string' }), Array.from({ length: 50 }, (_, n) => ({ i: n, s: `x${n % 3}` })), { FormatVersion: 'V0_11' });
    const meta = readOrcMetadata(file);
    expect(meta.postscript.version).toEqual([0, 11]);
    expect(readOrcStripeContents(file, meta, 0).footer.columns!.map((c) => c.kind)).toEqual([EncodingKind.DIRECT, EncodingKind.DIRECT, EncodingKind.DICTIONARY]);
    expect(readOrc(file)).toHaveLength(50);
  });

  it('writes PRESENT only for columns with nulls in the stripe', () => {
    const file = write(columns({ a: 'int', b: 'int' }), [{ a: 1, b: null }, { a: 2, b: 3 }], { Compression: 'NONE' });
    const kinds = storedStreams(file, readOrcMetadata(file), 0).map((s) => `${s.column}:${s.kind}`);
    expect(kinds).toContain(`2:${StreamKind.PRESENT}`);
    expect(kinds).not.toContain(`1:${StreamKind.PRESENT}`);
  });

  it('cuts stripes at the stripe size and keeps no more than one stripe buffered', () => {
    const cols = columns({ s: 'string', n: 'bigint' });
    const chunks: Uint8Array[] = [];
    const writer = createOrcStreamWriter(cols, { Compression: 'SNAPPY' }, { write: (chunk) => chunks.push(chunk) }, { stripeSizeBytes: 4096 });
    let peak = 0;
    for (let n = 0; n < 2000; n++) {
      writer.write({ s: `row ${n} ${'x'.repeat(n % 50)}`, n: BigInt(n) });
      peak = Math.max(peak, writer.bufferedBytes);
    }
    const summary = writer.close();
    // A row adds at most ~130 buffered bytes here; the buffer is emptied as soon as it reaches 4 KiB.
    expect(peak).toBeLessThan(4096 + 200);
    const file = Buffer.concat(chunks);
    const meta = readOrcMetadata(file);
    expect(summary).toEqual({ rows: 2000, stripes: meta.stripes.length, bytes: file.length });
    expect(meta.stripes.length).toBeGreaterThan(10);
    expect(readOrc(file).map((r) => r.n)).toEqual(Array.from({ length: 2000 }, (_, n) => BigInt(n)));
  });

  it('with EnablePadding, no stripe crosses a block boundary when the gap is within PaddingTolerance', () => {
    const cols = columns({ s: 'string' });
    const rows = Array.from({ length: 3000 }, (_, n) => ({ s: `${n}-${(n * 7919) % 10007}` }));
    const block = 20_000;
    const file = write(cols, rows, { Compression: 'NONE', EnablePadding: true, PaddingTolerance: 0.5 }, { stripeSizeBytes: 8000, blockSizeBytes: block });
    const meta = readOrcMetadata(file);
    for (const s of meta.stripes) {
      const end = s.offset! + s.indexLength! + s.dataLength! + s.footerLength! - 1;
      expect(Math.floor(s.offset! / block)).toBe(Math.floor(end / block));
    }
    expect(readOrc(file)).toEqual(rows);
    const unpadded = readOrcMetadata(write(cols, rows, { Compression: 'NONE' }, { stripeSizeBytes: 8000, blockSizeBytes: block }));
    expect(unpadded.stripes.some((s) => Math.floor(s.offset! / block) !== Math.floor((s.offset! + s.indexLength! + s.dataLength! + s.footerLength! - 1) / block))).toBe(true);
  });
});

describe('bloom filters (spec "Bloom Filter Index")', () => {
  it('hold every value of their row group, for integers, doubles and strings', () => {
    const cols = columns({ i: 'bigint', d: 'double', s: 'string', plain: 'int' });
    const rows: Row[] = Array.from({ length: 500 }, (_, n) => ({ i: BigInt(n * 1_000_003), d: n / 7, s: `name-${n}-é`, plain: n }));
    const file = write(cols, rows, { BloomFilterColumns: ['i', 'D', 's'], BloomFilterFalsePositiveProbability: 0.01 }, { rowIndexStride: 100 });
    const meta = readOrcMetadata(file);
    const { bloomFilters, footer } = readOrcStripeContents(file, meta, 0);
    expect([...bloomFilters.keys()].sort()).toEqual([1, 2, 3]);
    expect(footer.streams!.filter((s) => s.kind === StreamKind.BLOOM_FILTER_UTF8).map((s) => s.column)).toEqual([1, 2, 3]);
    const view = new DataView(new ArrayBuffer(8));
    const hashes: Record<number, (row: Row) => bigint> = {
      1: (row) => longHash(row.i as bigint),
      2: (row) => {
        view.setFloat64(0, row.d as number);
        return longHash(view.getBigInt64(0));
      },
      3: (row) => murmur3Hash64(new TextEncoder().encode(row.s as string)),
    };
    for (const [column, hash] of Object.entries(hashes)) {
      const filters = bloomFilters.get(Number(column))!.bloomFilter!;
      expect(filters).toHaveLength(5);
      let falsePositives = 0;
      filters.forEach((filter, g) => {
        for (const row of rows.slice(g * 100, g * 100 + 100)) expect(bloomMightContain(filter.utf8bitset!, filter.numHashFunctions!, hash(row))).toBe(true);
        // The next group's values are mostly absent (false positives at about the configured 1 %).
        for (const row of rows.slice(((g + 1) % 5) * 100, ((g + 1) % 5) * 100 + 100)) if (bloomMightContain(filter.utf8bitset!, filter.numHashFunctions!, hash(row))) falsePositives++;
      });
      expect(falsePositives).toBeLessThan(25);
    }
  });

  it('hold every value of every primitive type, hashed as Apache hashes that type; compound columns get none', () => {
    const cols = columns({ b: 'boolean', t: 'tinyint', dt: 'date', f: 'float', dec: 'decimal(9,3)', c: 'char(4)', bin: 'binary', ts: 'timestamp', st: 'struct<x:int>' });
    const rows: Row[] = Array.from({ length: 60 }, (_, n) => ({
      b: n % 3 === 0,
      t: n - 30,
      dt: 18_000 + n,
      f: n / 3,
      dec: BigInt(n * 1010),
      c: `c${n}`,
      bin: Uint8Array.of(n, 255 - n),
      ts: BigInt(n) * 1_234_567_891n - 30_000_000_000n,
      st: { x: n },
    }));
    const file = write(cols, rows, { BloomFilterColumns: cols.map((c) => c.name) }, { rowIndexStride: 20 });
    const { bloomFilters } = readOrcStripeContents(file, readOrcMetadata(file), 0);
    expect([...bloomFilters.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const view = new DataView(new ArrayBuffer(8));
    const doubleHash = (v: number) => {
      view.setFloat64(0, v);
      return longHash(view.getBigInt64(0));
    };
    const text = (v: string) => murmur3Hash64(new TextEncoder().encode(v));
    const floorDiv = (a: bigint, b: bigint) => (a < 0n && a % b !== 0n ? a / b - 1n : a / b);
    const hashes: [number, (row: Row) => bigint][] = [
      [1, (row) => longHash(row.b ? 1n : 0n)],
      [2, (row) => longHash(BigInt(row.t as number))],
      [3, (row) => longHash(BigInt(row.dt as number))],
      [4, (row) => doubleHash(Math.fround(row.f as number))],
      // decimal(9,3) 1010 × n → e.g. 1.01, 2.02 (Hive's text: trailing fraction zeros dropped).
      [5, (row) => text(String(Number(row.dec) / 1000))],
      [6, (row) => text((row.c as string).padEnd(4, ' '))],
      [7, (row) => murmur3Hash64(row.bin as Uint8Array)],
      [8, (row) => longHash(floorDiv(row.ts as bigint, 1_000_000n))],
    ];
    for (const [column, hash] of hashes) {
      bloomFilters.get(column)!.bloomFilter!.forEach((filter, g) => {
        for (const row of rows.slice(g * 20, g * 20 + 20)) expect(bloomMightContain(filter.utf8bitset!, filter.numHashFunctions!, hash(row)), `column ${column}`).toBe(true);
      });
    }
  });

  it('sizes filters as Apache does: m = ⌊−n ln p / ln²2⌋ rounded up to 64 bits, k = round(m/n ln 2)', () => {
    const file = write(columns({ s: 'string' }), [{ s: 'a' }], { BloomFilterColumns: ['s'], RowIndexStride: 10_000, BloomFilterFalsePositiveProbability: 0.05 });
    const filter = readOrcStripeContents(file, readOrcMetadata(file), 0).bloomFilters.get(1)!.bloomFilter![0]!;
    // ⌊62353.6⌋ = 62353 → 62400 bits = 7800 bytes; k = round(62400 / 10000 × ln 2) = 4.
    expect([filter.utf8bitset!.length, filter.numHashFunctions]).toEqual([7800, 4]);
  });

  it('hashes as worked out by hand: Murmur3 of no bytes is fmix64(seed 104729); Thomas Wang of 0 is 0 (~0 = -1, then -1 ^ (-1 >> 24) = 0)', () => {
    expect(murmur3Hash64(new Uint8Array(0))).toBe(BigInt.asIntN(64, fmix(104729n)));
    expect(longHash(0n)).toBe(0n);
    expect(longHash(1n)).not.toBe(longHash(2n));
  });
});

/** Murmur3's finaliser of the empty input (seed 104729, length 0): an independent expression of fmix64. */
function fmix(h0: bigint): bigint {
  const M = (1n << 64n) - 1n;
  let h = h0 & M;
  h ^= h >> 33n;
  h = (h * 0xff51afd7ed558ccdn) & M;
  h ^= h >> 33n;
  h = (h * 0xc4ceb9fe1a85ec53n) & M;
  h ^= h >> 33n;
  return h;
}

describe('hostile files', () => {
  it('refuses truncated files and flipped bytes with ORC errors, never a crash of another kind', () => {
    const cols = columns({ i: 'int', s: 'string', m: 'map<string,array<decimal(20,2)>>' });
    const rows = Array.from({ length: 200 }, (_, n) => ({ i: n, s: `s${n % 7}`, m: new Map([[`k${n}`, [BigInt(n), null]]]) }));
    for (const compression of ['NONE', 'ZLIB', 'SNAPPY'] as const) {
      const file = write(cols, rows, { Compression: compression }, { rowIndexStride: 50, stripeSizeBytes: 2000 });
      for (let cut = 0; cut < file.length; cut += Math.max(1, Math.floor(file.length / 60))) {
        expect(() => readOrc(file.subarray(0, cut)), `cut at ${cut}`).toThrow(/ORC reader/);
      }
      for (let at = 0; at < file.length; at += Math.max(1, Math.floor(file.length / 150))) {
        const flipped = file.slice();
        flipped[at] = (flipped[at] as number) ^ 0x5a;
        try {
          readOrc(flipped);
        } catch (error) {
          expect((error as Error).message, `flip at ${at}`).toMatch(/^ORC reader/);
        }
      }
    }
  });
});

describe('hostile counts', () => {
  it.each([
    ['an int column (its stream runs out)', 'int', 1, /column 1's stream 1 has 2 values, 1099511627776 expected/],
    ['a boolean column (the allocation fails first)', 'boolean', true, /stripe 0 declares more values than it can hold/],
  ])('refuses a stripe that declares more rows than its streams hold: %s', (_what, type, value, message) => {
    const file = write(columns({ a: type }), [{ a: value }, { a: value }], { Compression: 'NONE' });
    const meta = readOrcMetadata(file);
    const huge = { ...meta, stripes: [{ ...meta.stripes[0]!, numberOfRows: 2 ** 40 }] };
    expect(() => readOrcStripe(file, huge, 0)).toThrow(OrcCorruptFileError);
    expect(() => readOrcStripe(file, huge, 0)).toThrow(message);
  });
});
