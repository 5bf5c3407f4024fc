import { readFileSync } from 'node:fs';
import { parquetMetadata } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import { FormatOptionError } from '../../../formats/glue/errors.js';
import { parseGlueType } from '../../../formats/glue/glueType.js';
import { ParquetRowError, ParquetSchemaError, ParquetWriterClosedError } from '../../../formats/parquet/errors.js';
import { buildParquetSchema, decimalByteLength, describeParquetSchema } from '../../../formats/parquet/parquetSchema.js';
import type { CellValue, GlueColumn, GlueType, Row } from '../../../formats/glue/types.js';
import { createParquetStreamWriter, createParquetWriter, type ParquetSerDeOptions } from '../../../formats/parquet/writeParquet.js';
import { fileOutput } from '../../../firehose/sinks/fileOutput.js';
import { closeDuckDb, expectedDuckDbType, queryDuckDb, readParquetWithDuckDb, scratchParquetFile } from '../../helpers/duckdb.js';
import { readPageHeaders, readParquetWithHyparquet, toHyparquetView } from '../../helpers/hyparquet.js';

afterAll(() => closeDuckDb());

/** Glue columns from `name: type string` pairs. */
function columnsOf(spec: Record<string, string>): GlueColumn[] {
  return Object.entries(spec).map(([name, typeString]) => ({ name, type: parseGlueType(typeString), typeString }));
}

function writeRows(columns: readonly GlueColumn[], rows: readonly Row[], options: ParquetSerDeOptions = {}): Uint8Array {
  const writer = createParquetWriter(columns, options);
  for (const row of rows) writer.write(row);
  return writer.close();
}

/** What DuckDB reads back from INT64 microsecond or INT96 timestamps: nanoseconds floored to microseconds. */
function atMicroseconds(rows: readonly Row[], columns: readonly GlueColumn[]): Row[] {
  const floor = (nanos: bigint): bigint => {
    const micros = nanos / 1000n;
    return (nanos < 0n && micros * 1000n !== nanos ? micros - 1n : micros) * 1000n;
  };
  const visit = (cell: CellValue, type: GlueType): CellValue => {
    if (cell === null) return null;
    switch (type.kind) {
      case 'timestamp':
        return floor(cell as bigint);
      case 'array':
        return (cell as CellValue[]).map((item) => visit(item, type.element));
      case 'map':
        return new Map([...(cell as Map<CellValue, CellValue>)].map(([k, v]) => [visit(k, type.key), visit(v, type.value)]));
      case 'struct': {
        const out: Row = Object.create(null) as Row;
        for (const field of type.fields) out[field.name] = visit((cell as Row)[field.name] ?? null, field.type);
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

const EVERY_TYPE = columnsOf({
  flag: 'boolean',
  tiny: 'tinyint',
  small: 'smallint',
  count: 'int',
  big: 'bigint',
  ratio: 'float',
  score: 'double',
  price: 'decimal(12,2)',
  huge: 'decimal(38,10)',
  name: 'string',
  code: 'char(3)',
  label: 'varchar(20)',
  payload: 'binary',
  day: 'date',
  at: 'timestamp',
  tags: 'array<string>',
  attributes: 'map<string,int>',
  geo: 'struct<lat:double,lon:double,place:struct<city:string,zip:int>>',
  matrix: 'array<array<int>>',
  events: 'array<struct<kind:string,at:timestamp>>',
  counters: 'map<bigint,array<double>>',
});

/** Rows with every edge the issue names: nulls, empty containers, int64 bounds, NaN, full-precision decimals, old and far timestamps, non-BMP text. */
const EDGE_ROWS: Row[] = [
  {
    flag: true,
    tiny: -128,
    small: 32767,
    count: -2147483648,
    big: 9223372036854775807n,
    ratio: Math.fround(3.4028234663852886e38),
    score: Number.NaN,
    price: 9_999_999_999_99n,
    huge: 99_999_999_999_999_999_999_999_999_999_999_999_999n,
    name: 'emoji 😀 and 𝄞, CJK 漢字, combining é',
    code: 'abc',
    label: 'varchar',
    payload: new Uint8Array([0, 1, 255, 0]),
    day: -719_162,
    at: -62_135_596_800_000_000_000n, // 0001-01-01T00:00:00Z
    tags: ['a', '', null, '😀'],
    attributes: new Map<CellValue, CellValue>([['k', 1], ['empty', null]]),
    geo: { lat: -0, lon: Number.POSITIVE_INFINITY, place: { city: 'Zürich', zip: null } },
    matrix: [[1, 2], [], null, [null, 3]],
    events: [{ kind: 'click', at: 1_700_000_000_123_456_789n }, null, { kind: null, at: null }],
    counters: new Map<CellValue, CellValue>([[-(2n ** 63n), [1.5, Number.NEGATIVE_INFINITY]], [0n, []], [1n, null]]),
  },
  {
    flag: null,
    tiny: null,
    small: null,
    count: null,
    big: null,
    ratio: null,
    score: null,
    price: null,
    huge: null,
    name: null,
    code: null,
    label: null,
    payload: null,
    day: null,
    at: null,
    tags: null,
    attributes: null,
    geo: null,
    matrix: null,
    events: null,
    counters: null,
  },
  {
    flag: false,
    tiny: 127,
    small: -32768,
    count: 2147483647,
    big: -9223372036854775808n,
    ratio: -0,
    score: -1.7976931348623157e308,
    price: -1n,
    huge: -99_999_999_999_999_999_999_999_999_999_999_999_999n,
    name: '',
    code: 'x',
    label: '',
    payload: new Uint8Array(0),
    day: 2_932_896,
    at: 253_402_300_799_999_999_999n, // 9999-12-31T23:59:59.999999999Z
    tags: [],
    attributes: new Map(),
    geo: { lat: null, lon: null, place: null },
    matrix: [],
    events: [],
    counters: new Map(),
  },
  {
    flag: true,
    tiny: 0,
    small: 0,
    count: 0,
    big: 0n,
    ratio: 1.5,
    score: 5e-324,
    price: 12345n,
    huge: 1n,
    name: 'before 1970',
    code: 'old',
    label: 'pre-epoch',
    payload: new Uint8Array([7]),
    day: -1,
    at: -1n, // one nanosecond before 1970
    tags: [null],
    attributes: new Map<CellValue, CellValue>([['', 0]]),
    geo: { lat: 1, lon: 2, place: { city: null, zip: 0 } },
    matrix: [[]],
    events: [null],
    counters: new Map<CellValue, CellValue>([[2n ** 63n - 1n, [Number.NaN]]]),
  },
  {
    flag: false,
    tiny: 1,
    small: 1,
    count: 1,
    big: 2n ** 53n + 1n,
    ratio: Math.fround(0.1),
    score: 0.1 + 0.2,
    price: -99_999_999_999_9n,
    huge: -1n,
    name: 'after 2038',
    code: 'new',
    label: 'y2038',
    payload: new Uint8Array(300).fill(9),
    day: 24_855, // 2038-01-19
    at: 2_147_483_648_000_000_001n, // 2038-01-19T03:14:08.000000001Z
    tags: ['x'],
    attributes: new Map<CellValue, CellValue>([['a', -1], ['b', 2147483647]]),
    geo: { lat: 0, lon: 0, place: { city: '', zip: -1 } },
    matrix: [[-2147483648]],
    events: [{ kind: '', at: -1_000_000_000_000_000_000n }],
    counters: new Map<CellValue, CellValue>([[5n, [0, -0, 5e-324]]]),
  },
];

describe('createParquetWriter: types DuckDB reads', () => {
  it('gives every Glue type the DuckDB column type Hive/Athena users expect', async () => {
    // Prepare / Act
    const bytes = writeRows(EVERY_TYPE, EDGE_ROWS);
    const table = await readParquetWithDuckDb(bytes, EVERY_TYPE);
    // Assess
    expect(table.columns).toEqual(EVERY_TYPE.map((column) => ({ name: column.name, type: expectedDuckDbType(column.type) })));
    expect(table.columns.map((c) => c.type)).toEqual([
      'BOOLEAN',
      'TINYINT',
      'SMALLINT',
      'INTEGER',
      'BIGINT',
      'FLOAT',
      'DOUBLE',
      'DECIMAL(12,2)',
      'DECIMAL(38,10)',
      'VARCHAR',
      'VARCHAR',
      'VARCHAR',
      'BLOB',
      'DATE',
      'TIMESTAMP',
      'VARCHAR[]',
      'MAP(VARCHAR, INTEGER)',
      'STRUCT(lat DOUBLE, lon DOUBLE, place STRUCT(city VARCHAR, zip INTEGER))',
      'INTEGER[][]',
      'STRUCT(kind VARCHAR, at TIMESTAMP)[]',
      'MAP(BIGINT, DOUBLE[])',
    ]);
  });

  it('writes the Parquet schema with Hive annotations: INT_8/INT_16, DECIMAL in FIXED_LEN_BYTE_ARRAY, DATE, TIMESTAMP_MICROS, 3-level LIST, MAP with key_value', () => {
    // Act
    const text = describeParquetSchema(buildParquetSchema(EVERY_TYPE, 'INT64_MICROS'));
    // Assess
    expect(text).toBe(
      [
        'message hive_schema {',
        '  optional boolean flag;',
        '  optional int32 tiny (INTEGER(8,true));',
        '  optional int32 small (INTEGER(16,true));',
        '  optional int32 count;',
        '  optional int64 big;',
        '  optional float ratio;',
        '  optional double score;',
        '  optional fixed_len_byte_array(6) price (DECIMAL(12,2));',
        '  optional fixed_len_byte_array(16) huge (DECIMAL(38,10));',
        '  optional binary name (STRING);',
        '  optional binary code (STRING);',
        '  optional binary label (STRING);',
        '  optional binary payload;',
        '  optional int32 day (DATE);',
        '  optional int64 at (TIMESTAMP(MICROS,false));',
        '  optional group tags (LIST) {',
        '    repeated group list {',
        '      optional binary element (STRING);',
        '    }',
        '  }',
        '  optional group attributes (MAP) {',
        '    repeated group key_value {',
        '      required binary key (STRING);',
        '      optional int32 value;',
        '    }',
        '  }',
        '  optional group geo {',
        '    optional double lat;',
        '    optional double lon;',
        '    optional group place {',
        '      optional binary city (STRING);',
        '      optional int32 zip;',
        '    }',
        '  }',
        '  optional group matrix (LIST) {',
        '    repeated group list {',
        '      optional group element (LIST) {',
        '        repeated group list {',
        '          optional int32 element;',
        '        }',
        '      }',
        '    }',
        '  }',
        '  optional group events (LIST) {',
        '    repeated group list {',
        '      optional group element {',
        '        optional binary kind (STRING);',
        '        optional int64 at (TIMESTAMP(MICROS,false));',
        '      }',
        '    }',
        '  }',
        '  optional group counters (MAP) {',
        '    repeated group key_value {',
        '      required int64 key;',
        '      optional group value (LIST) {',
        '        repeated group list {',
        '          optional double element;',
        '        }',
        '      }',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  it('stores the converted types in the footer as hyparquet reads them (converted and logical types)', () => {
    // Prepare / Act
    const bytes = writeRows(EVERY_TYPE, EDGE_ROWS);
    const metadata = parquetMetadata(toArrayBuffer(bytes));
    const byName = new Map(metadata.schema.map((element) => [element.name, element]));
    // Assess
    expect(byName.get('tiny')).toMatchObject({ type: 'INT32', converted_type: 'INT_8', logical_type: { type: 'INTEGER', bitWidth: 8, isSigned: true } });
    expect(byName.get('small')).toMatchObject({ type: 'INT32', converted_type: 'INT_16' });
    expect(byName.get('price')).toMatchObject({ type: 'FIXED_LEN_BYTE_ARRAY', type_length: 6, converted_type: 'DECIMAL', precision: 12, scale: 2 });
    expect(byName.get('huge')).toMatchObject({ type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16, precision: 38, scale: 10 });
    expect(byName.get('day')).toMatchObject({ type: 'INT32', converted_type: 'DATE' });
    expect(byName.get('at')).toMatchObject({ type: 'INT64', converted_type: 'TIMESTAMP_MICROS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' } });
    expect(byName.get('name')).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8' });
    expect(byName.get('payload')).toMatchObject({ type: 'BYTE_ARRAY', converted_type: undefined });
    expect(byName.get('tags')).toMatchObject({ converted_type: 'LIST', repetition_type: 'OPTIONAL' });
    expect(byName.get('key_value')).toMatchObject({ repetition_type: 'REPEATED', num_children: 2 });
    expect(byName.get('key')).toMatchObject({ repetition_type: 'REQUIRED' });
    expect(metadata.created_by).toBe('firehose-kit version 0.1.0');
    expect(metadata.num_rows).toBe(BigInt(EDGE_ROWS.length));
  });

  it.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [4, 2],
    [9, 4],
    [10, 5],
    [12, 6],
    [18, 8],
    [19, 9],
    [38, 16],
  ])('stores decimal(%i, s) in %i bytes, the fewest that hold its digits', (precision, bytes) => {
    expect(decimalByteLength(precision)).toBe(bytes);
  });
});

describe('createParquetWriter: values DuckDB and hyparquet read back', () => {
  const optionSets: [string, ParquetSerDeOptions][] = [
    ['defaults (V1, SNAPPY, no dictionary)', {}],
    ['V2 pages', { WriterVersion: 'V2' }],
    ['dictionary', { EnableDictionaryCompression: true }],
    ['V2 + dictionary + GZIP', { WriterVersion: 'V2', EnableDictionaryCompression: true, Compression: 'GZIP' }],
    ['UNCOMPRESSED', { Compression: 'UNCOMPRESSED' }],
    ['GZIP', { Compression: 'GZIP' }],
    ['tiny pages and row groups', { PageSizeBytes: 1024, BlockSizeBytes: 1024, EnableDictionaryCompression: true }],
  ];

  it.each(optionSets)('round-trips every edge value with %s', async (_name, options) => {
    // Prepare
    const rows = Array.from({ length: 40 }, (_, i) => EDGE_ROWS[i % EDGE_ROWS.length]!);
    // Act
    const bytes = writeRows(EVERY_TYPE, rows, options);
    const duck = await readParquetWithDuckDb(bytes, EVERY_TYPE);
    const hyparquet = await readParquetWithHyparquet(bytes, EVERY_TYPE);
    // Assess
    expect(duck.rows).toEqual(atMicroseconds(rows, EVERY_TYPE));
    expect(hyparquet).toEqual(toHyparquetView(atMicroseconds(rows, EVERY_TYPE), EVERY_TYPE));
  });

  it('keeps decimals at full precision (38 digits) where DuckDB reads them', async () => {
    // Prepare
    const columns = columnsOf({ d: 'decimal(38,0)', e: 'decimal(38,38)', f: 'decimal(18,4)', g: 'decimal(19,4)' });
    const values = [10n ** 38n - 1n, -(10n ** 38n - 1n), 12_345_678_901_234_567_890_123_456_789_012_345_678n, 2n ** 63n, -(2n ** 63n), 0n, 1n, -1n];
    const rows = values.map((v) => ({ d: v, e: v, f: v % 10n ** 18n, g: v % 10n ** 19n }));
    // Act
    const table = await readParquetWithDuckDb(writeRows(columns, rows, { EnableDictionaryCompression: true }), columns);
    // Assess
    expect(table.rows).toEqual(rows);
  });

  it('writes timestamps before 1970 and after 2038 (INT64 microseconds, floored)', async () => {
    // Prepare
    const columns = columnsOf({ at: 'timestamp' });
    const nanos = [-1n, -999n, -1000n, -1001n, 0n, 999n, 1_000n, -2_208_988_800_000_000_000n, 2_147_483_648_000_000_000n, 4_102_444_800_123_456_789n, 253_402_300_799_999_999_999n, -62_135_596_800_000_000_000n];
    const rows = nanos.map((at) => ({ at }));
    // Act
    const table = await readParquetWithDuckDb(writeRows(columns, rows), columns);
    // Assess
    expect(table.rows.map((r) => r['at'])).toEqual([-1000n, -1000n, -1000n, -2000n, 0n, 0n, 1000n, -2_208_988_800_000_000_000n, 2_147_483_648_000_000_000n, 4_102_444_800_123_456_000n, 253_402_300_799_999_999_000n, -62_135_596_800_000_000_000n]);
  });

  it('writes INT96 timestamps as Firehose does: DuckDB reads TIMESTAMP, hyparquet gets every nanosecond', async () => {
    // Prepare
    const columns = columnsOf({ at: 'timestamp', nested: 'array<timestamp>' });
    const nanos = [-1n, 0n, 1n, 86_399_999_999_999n, 86_400_000_000_000n, -2_208_988_800_000_000_001n, 4_102_444_800_123_456_789n, 253_402_300_799_999_999_999n, -62_135_596_800_000_000_000n];
    const rows = nanos.map((at) => ({ at, nested: [at, null] }));
    // Act
    const bytes = writeRows(columns, rows, { TimestampEncoding: 'INT96' });
    const duck = await readParquetWithDuckDb(bytes, columns);
    const hyparquet = await readParquetWithHyparquet(bytes, columns);
    // Assess
    expect(duck.columns.map((c) => c.type)).toEqual(['TIMESTAMP', 'TIMESTAMP[]']);
    expect(duck.rows).toEqual(atMicroseconds(rows, columns));
    expect(hyparquet).toEqual(rows);
    expect(parquetMetadata(toArrayBuffer(bytes)).schema[1]).toMatchObject({ type: 'INT96', converted_type: undefined });
  });

  it('replaces lone surrogates, which UTF-8 cannot hold, with U+FFFD', async () => {
    // Prepare
    const columns = columnsOf({ s: 'string' });
    const long = 'x'.repeat(60);
    // The last two are a surrogate pair only when joined: each value is encoded as if alone.
    const rows = [{ s: 'a\ud800b' }, { s: '\udfff' }, { s: '😀\ud83d' }, { s: `${long}\ud800` }, { s: 'a\ud83d' }, { s: '\ude80b' }];
    // Act
    const table = await readParquetWithDuckDb(writeRows(columns, rows), columns);
    // Assess
    expect(table.rows.map((r) => r['s'])).toEqual(['a\ufffdb', '\ufffd', '😀\ufffd', `${long}\ufffd`, 'a\ufffd', '\ufffdb']);
  });

  it('keeps a leading U+FEFF in strings and map keys (checked with DuckDB SQL, as the JS decoders drop it)', async () => {
    // Prepare
    const columns = columnsOf({ s: 'string', m: 'map<varchar(1),char(1)>' });
    const file = scratchParquetFile(writeRows(columns, [{ s: '\ufeffx', m: new Map([['\ufeff', null]]) }]));
    // Act
    const result = await queryDuckDb(`SELECT strlen(s), s = chr(65279) || 'x', map_keys(m)[1] = chr(65279) FROM read_parquet('${file}')`);
    // Assess: 3 UTF-8 bytes of U+FEFF plus 'x'
    expect(result.rows).toEqual([[4n, true, true]]);
  });

  it('writes a file with no rows that DuckDB reads with the right column types', async () => {
    // Act
    const table = await readParquetWithDuckDb(writeRows(EVERY_TYPE, []), EVERY_TYPE);
    // Assess
    expect(table.rows).toEqual([]);
    expect(table.columns.map((c) => c.type)).toEqual(EVERY_TYPE.map((c) => expectedDuckDbType(c.type)));
  });

  it('reads columns named like Object.prototype members only from own properties', async () => {
    // Prepare: `constructor` and `__proto__` exist on every object, but only as inherited members.
    const columns = columnsOf({ constructor: 'string', ['__proto__']: 'int', s: 'struct<constructor:int>' });
    const own = JSON.parse('{"__proto__": 7, "constructor": "c", "s": {"constructor": 3}}') as Row;
    // Act
    const table = await readParquetWithDuckDb(writeRows(columns, [own, {}, { s: {} }]), columns);
    // Assess
    expect(table.rows.map((r) => [r['constructor'], r['__proto__'], r['s']])).toEqual([
      ['c', 7, Object.assign(Object.create(null) as Row, { constructor: 3 })],
      [null, null, null],
      [null, null, Object.assign(Object.create(null) as Row, { constructor: null })],
    ]);
    expect(Object.prototype).not.toHaveProperty('s');
  });
});

describe('createParquetWriter: ParquetSerDe options', () => {
  const ROWS = Array.from({ length: 3000 }, (_, i) => ({
    id: BigInt(i),
    status: [200, 404, 500][i % 3]!,
    path: `/items/${i % 50}`,
    ok: i % 7 !== 0,
    tags: i % 5 === 0 ? [] : ['a', `t${i % 4}`],
  }));
  const COLUMNS = columnsOf({ id: 'bigint', status: 'int', path: 'string', ok: 'boolean', tags: 'array<string>' });

  function chunkMeta(bytes: Uint8Array) {
    return parquetMetadata(toArrayBuffer(bytes)).row_groups.flatMap((group) => group.columns.map((column) => column.meta_data!));
  }

  it('writes V1 data pages, SNAPPY and PLAIN values by default (Firehose defaults)', () => {
    // Act
    const meta = chunkMeta(writeRows(COLUMNS, ROWS));
    // Assess
    for (const column of meta) {
      expect(column.codec).toBe('SNAPPY');
      expect(column.encoding_stats).toEqual([{ page_type: 'DATA_PAGE', encoding: 'PLAIN', count: 1 }]);
      expect(column.dictionary_page_offset).toBeUndefined();
    }
  });

  it('writes DATA_PAGE_V2 pages with WriterVersion V2', () => {
    const meta = chunkMeta(writeRows(COLUMNS, ROWS, { WriterVersion: 'V2' }));
    expect(meta.map((c) => c.encoding_stats?.map((s) => s.page_type))).toEqual(COLUMNS.map(() => ['DATA_PAGE_V2']));
  });

  it('dictionary-encodes columns where it pays with EnableDictionaryCompression (PLAIN_DICTIONARY in V1, RLE_DICTIONARY in V2), never booleans', () => {
    // Act
    const v1 = chunkMeta(writeRows(COLUMNS, ROWS, { EnableDictionaryCompression: true }));
    const v2 = chunkMeta(writeRows(COLUMNS, ROWS, { EnableDictionaryCompression: true, WriterVersion: 'V2' }));
    // Assess
    const byPath = (meta: typeof v1, path: string) => meta.find((c) => c.path_in_schema.join('.') === path)!;
    expect(byPath(v1, 'status').encoding_stats).toEqual([
      { page_type: 'DICTIONARY_PAGE', encoding: 'PLAIN_DICTIONARY', count: 1 },
      { page_type: 'DATA_PAGE', encoding: 'PLAIN_DICTIONARY', count: 1 },
    ]);
    expect(byPath(v2, 'path').encoding_stats).toEqual([
      { page_type: 'DICTIONARY_PAGE', encoding: 'PLAIN', count: 1 },
      { page_type: 'DATA_PAGE_V2', encoding: 'RLE_DICTIONARY', count: 1 },
    ]);
    expect(byPath(v1, 'tags.list.element').dictionary_page_offset).toBeDefined();
    // Unique ids do not pay for a dictionary; booleans never get one.
    expect(byPath(v1, 'id').encoding_stats).toEqual([{ page_type: 'DATA_PAGE', encoding: 'PLAIN', count: 1 }]);
    expect(byPath(v1, 'ok').encoding_stats).toEqual([{ page_type: 'DATA_PAGE', encoding: 'PLAIN', count: 1 }]);
  });

  it.each([
    ['UNCOMPRESSED', 'UNCOMPRESSED'],
    ['GZIP', 'GZIP'],
    ['SNAPPY', 'SNAPPY'],
  ] as const)('compresses pages with Compression %s', async (compression, codec) => {
    // Act
    const bytes = writeRows(COLUMNS, ROWS, { Compression: compression });
    // Assess
    expect(new Set(chunkMeta(bytes).map((c) => c.codec))).toEqual(new Set([codec]));
    expect((await readParquetWithDuckDb(bytes, COLUMNS)).rows).toEqual(ROWS);
  });

  it('cuts pages at PageSizeBytes, at row boundaries', async () => {
    // Act
    const v1 = writeRows(COLUMNS, ROWS, { PageSizeBytes: 1024 });
    const v2 = writeRows(COLUMNS, ROWS, { PageSizeBytes: 1024, WriterVersion: 'V2' });
    const v1Pages = readPageHeaders(v1);
    const v2Pages = readPageHeaders(v2);
    // Assess: 1024 bytes hold 126 ids of 64 bits plus a 1-bit definition level.
    expect(v1Pages.get('id')!.map((p) => p.numValues)).toEqual([...Array.from({ length: 23 }, () => 126), 3000 - 23 * 126]);
    expect(v1Pages.get('id')!.every((p) => p.type === 0)).toBe(true);
    const tagPages = v2Pages.get('tags.list.element')!;
    expect(tagPages.length).toBeGreaterThan(3);
    expect(tagPages.every((p) => p.type === 3)).toBe(true);
    expect(tagPages.reduce((sum, p) => sum + p.numRows!, 0)).toBe(3000);
    expect((await readParquetWithDuckDb(v1, COLUMNS)).rows).toEqual(ROWS);
    expect((await readParquetWithDuckDb(v2, COLUMNS)).rows).toEqual(ROWS);
    expect(await readParquetWithHyparquet(v2, COLUMNS)).toEqual(toHyparquetView(ROWS, COLUMNS));
  });

  it('cuts row groups at BlockSizeBytes and keeps its buffer below that size', async () => {
    // Prepare
    const chunks: number[] = [];
    const writer = createParquetStreamWriter(COLUMNS, { BlockSizeBytes: 8192 }, { write: (chunk) => chunks.push(chunk.byteLength) });
    let largestBuffer = 0;
    // Act
    for (const row of ROWS) {
      writer.write(row);
      largestBuffer = Math.max(largestBuffer, writer.bufferedBytes);
    }
    const chunksBeforeClose = chunks.length;
    const summary = writer.close();
    // Assess
    expect(largestBuffer).toBeLessThan(8192 + 200);
    expect(summary.rowGroups).toBeGreaterThan(10);
    expect(chunksBeforeClose).toBeGreaterThan(10 * COLUMNS.length);
    expect(summary.rows).toBe(3000);
    expect(summary.bytes).toBe(chunks.reduce((a, b) => a + b, 0));
  });

  it('pads row groups to BlockSizeBytes boundaries within MaxPaddingBytes', async () => {
    // Prepare
    const options = { BlockSizeBytes: 4096, MaxPaddingBytes: 4096, Compression: 'UNCOMPRESSED' } as const;
    // Act
    const bytes = writeRows(COLUMNS, ROWS, options);
    const groups = parquetMetadata(toArrayBuffer(bytes)).row_groups;
    // Assess
    expect(groups.length).toBeGreaterThan(2);
    for (const group of groups.slice(1)) expect(Number(group.columns[0]!.meta_data!.data_page_offset) % 4096).toBe(0);
    expect((await readParquetWithDuckDb(bytes, COLUMNS)).rows).toEqual(ROWS);
  });

  it('writes statistics DuckDB uses to skip row groups without losing matching rows', async () => {
    // Prepare
    const columns = columnsOf({ n: 'int', s: 'string', t: 'timestamp', d: 'decimal(10,2)', f: 'double', b: 'bigint' });
    const rows = Array.from({ length: 2000 }, (_, i) => ({
      n: i,
      s: ['é', 'z', 'a', '😀', '\uffff', 'Z'][i % 6]! + String(i),
      t: BigInt(i - 1000) * 1_000_000_000n,
      d: BigInt(i * 7 - 5000),
      f: i % 10 === 0 ? Number.NaN : i / 3,
      b: BigInt(i) * 2n ** 40n - 2n ** 50n,
    }));
    const path = scratchParquetFile(writeRows(columns, rows, { BlockSizeBytes: 4096 }));
    // Act
    const count = async (where: string) => Number((await queryDuckDb(`SELECT count(*) FROM read_parquet('${path}') WHERE ${where}`)).rows[0]![0]);
    const stats = await queryDuckDb(`SELECT path_in_schema, stats_min_value, stats_max_value, row_group_num_rows FROM parquet_metadata('${path}') WHERE row_group_id = 0`);
    // Assess
    expect(await count('n = 1234')).toBe(1);
    expect(await count("s = '😀1233'")).toBe(1);
    expect(await count("s = '\uffff1234'")).toBe(1);
    expect(await count("s > '\uffff'")).toBe(rows.filter((r) => Buffer.compare(Buffer.from(r.s), Buffer.from('\uffff')) > 0).length);
    expect(await count("t = TIMESTAMP '1970-01-01 00:03:20'")).toBe(1);
    expect(await count('d = -49.93')).toBe(1);
    // DuckDB orders NaN above every number, so row groups holding NaNs must not be pruned.
    expect(await count('f > 600')).toBe(rows.filter((r) => Number.isNaN(r.f) || r.f > 600).length);
    expect(await count(`b = ${1500n * 2n ** 40n - 2n ** 50n}`)).toBe(1);
    const groupSize = Number(stats.rows.find((r) => r[0] === 'n')![3]);
    expect(stats.rows.find((r) => r[0] === 'n')!.slice(1, 3)).toEqual(['0', String(groupSize - 1)]);
    expect(stats.rows.find((r) => r[0] === 'b')!.slice(1, 3)).toEqual([String(-(2n ** 50n)), String(BigInt(groupSize - 1) * 2n ** 40n - 2n ** 50n)]);
  });

  it('accepts any valid ParquetSerDe value and a file output', async () => {
    // Prepare
    const path = scratchParquetFile(new Uint8Array(0));
    const output = fileOutput(path);
    const writer = createParquetStreamWriter(COLUMNS, { BlockSizeBytes: 67_108_864, PageSizeBytes: 65_536, Compression: 'GZIP', EnableDictionaryCompression: false, MaxPaddingBytes: 0, WriterVersion: 'V1', TimestampEncoding: 'INT64_MICROS' }, output);
    // Act
    for (const row of ROWS) writer.write(row);
    const summary = writer.close();
    output.close();
    // Assess
    expect(readFileSync(path).byteLength).toBe(summary.bytes);
    expect((await readParquetWithDuckDb(path, COLUMNS)).rows).toEqual(ROWS);
  });
});

describe('createParquetWriter: rejected options, schemas and rows', () => {
  const COLUMNS = columnsOf({ id: 'int' });

  it.each([
    ['an unknown option', { Compresion: 'GZIP' }, "option 'Compresion' is not a ParquetSerDe option"],
    ['a lower-case codec', { Compression: 'snappy' }, "option 'Compression' is 'snappy'. Use one of: 'SNAPPY', 'GZIP', 'UNCOMPRESSED'"],
    ['a codec Firehose lacks', { Compression: 'ZSTD' }, "option 'Compression' is 'ZSTD'"],
    ['an unknown writer version', { WriterVersion: 'V3' }, "option 'WriterVersion' is 'V3'. Use one of: 'V1', 'V2'"],
    ['a zero block size', { BlockSizeBytes: 0 }, "option 'BlockSizeBytes' is 0. Use an integer number of bytes from 1024"],
    ['a fractional page size', { PageSizeBytes: 1.5 }, "option 'PageSizeBytes' is 1.5"],
    ['a block size given as text', { BlockSizeBytes: '64MB' }, "option 'BlockSizeBytes' is a string of 4 characters"],
    ['a page size over 2 GiB', { PageSizeBytes: 2 ** 31 }, "option 'PageSizeBytes' is 2147483648"],
    ['negative padding', { MaxPaddingBytes: -1 }, "option 'MaxPaddingBytes' is -1. Use an integer number of bytes from 0"],
    ['a dictionary flag given as text', { EnableDictionaryCompression: 'true' }, "option 'EnableDictionaryCompression' is a string of 4 characters. Use true or false"],
    ['an unknown timestamp encoding', { TimestampEncoding: 'INT64_NANOS' }, "option 'TimestampEncoding' is 'INT64_NANOS'. Use one of: 'INT64_MICROS', 'INT96'"],
    ['options that are an array', [], "option 'options' must be an object, got an array of 0 items"],
  ])('throws FormatOptionError for %s', (_reason, options, message) => {
    // Act / Assess
    expect(() => createParquetWriter(COLUMNS, options as ParquetSerDeOptions)).toThrow(FormatOptionError);
    expect(() => createParquetWriter(COLUMNS, options as ParquetSerDeOptions)).toThrow(message);
  });

  const deep = (depth: number): GlueType => (depth === 0 ? { kind: 'int' } : { kind: 'array', element: deep(depth - 1) });

  it.each([
    ['no columns', [], 'the table has no columns'],
    ['a name repeated in another case', [{ name: 'a', type: { kind: 'int' } }, { name: 'A', type: { kind: 'string' } }], "column 'A': repeats the name 'A'"],
    ['a struct field repeated', [{ name: 's', type: { kind: 'struct', fields: [{ name: 'x', type: { kind: 'int' } }, { name: 'X', type: { kind: 'int' } }] } }], "column 's.X': repeats the name 'X'"],
    ['an empty struct', [{ name: 's', type: { kind: 'struct', fields: [] } }], "column 's': is a struct without fields"],
    ['a decimal precision over 38', [{ name: 'd', type: { kind: 'decimal', precision: 39, scale: 0 } }], "column 'd': has decimal(39,0)"],
    ['a decimal scale over its precision', [{ name: 'd', type: { kind: 'decimal', precision: 5, scale: 6 } }], "column 'd': has decimal(5,6)"],
    ['nesting deeper than 64 levels', [{ name: 'deep', type: deep(70) }], 'nests types deeper than 64 levels'],
  ] as [string, GlueColumn[], string][])('throws ParquetSchemaError for %s', (_reason, columns, message) => {
    const typed = columns.map((c) => ({ ...c, typeString: '' }));
    expect(() => createParquetWriter(typed)).toThrow(ParquetSchemaError);
    expect(() => createParquetWriter(typed)).toThrow(message);
  });

  const SECRET = 'secret-4111-1111-1111-1111';
  it.each([
    ['a string in an int column', 'int', SECRET, "column 'c' expects an integer from -2147483648 to 2147483647 but the row holds a string of 26 characters"],
    ['a tinyint out of range', 'tinyint', 128, "column 'c' expects an integer from -128 to 127 but the row holds an integer number"],
    ['a fraction in a smallint', 'smallint', 1.5, 'expects an integer from -32768 to 32767 but the row holds a non-integer number'],
    ['a number in a bigint column', 'bigint', 5, "column 'c' expects a bigint within the signed 64-bit range but the row holds an integer number"],
    ['a bigint over int64', 'bigint', 2n ** 63n, 'expects a bigint within the signed 64-bit range but the row holds a bigint'],
    ['a decimal with too many digits', 'decimal(4,2)', 10000n, 'expects a bigint unscaled value of decimal(4,2) (fewer than 5 digits) but the row holds a bigint'],
    ['a number in a decimal column', 'decimal(4,2)', 1.5, 'holds a non-integer number'],
    ['a number in a string column', 'string', 42, "column 'c' expects a string but the row holds an integer number"],
    ['a string in a binary column', 'binary', SECRET, 'expects a Uint8Array but the row holds a string of 26 characters'],
    ['a Date in a timestamp column', 'timestamp', new Date(0), 'expects a bigint of nanoseconds since 1970-01-01T00:00:00Z but the row holds an object'],
    ['a fraction in a date column', 'date', 0.5, 'expects a day number from -2147483648 to 2147483647'],
    ['text in a boolean column', 'boolean', 'true', 'expects a boolean but the row holds a string of 4 characters'],
    ['a string in a double column', 'double', SECRET, 'expects a number but the row holds a string of 26 characters'],
    ['an object for an array', 'array<int>', { 0: 1 }, "column 'c' expects an array but the row holds an object"],
    ['a bad array element', 'array<int>', [1, SECRET], "column 'c[]' expects an integer"],
    ['an object for a map', 'map<string,int>', { a: 1 }, "column 'c' expects a Map but the row holds an object"],
    ['a null map key', 'map<string,int>', new Map([[null, 1]]), "column 'c{key}' expects a non-null string (map keys cannot be null) but the row holds null"],
    ['a bad map value', 'map<string,int>', new Map([['k', SECRET]]), "column 'c{value}' expects an integer"],
    ['an array for a struct', 'struct<a:int>', [1], "column 'c' expects a struct (plain object) but the row holds an array of 1 items"],
    ['a bad struct field', 'struct<a:int,b:string>', { a: 1, b: 2 }, "column 'c.b' expects a string but the row holds an integer number"],
  ])('throws ParquetRowError for %s, naming the column and never the value', (_reason, type, value, message) => {
    // Prepare
    const writer = createParquetWriter(columnsOf({ c: type }));
    // Act
    let error: unknown;
    try {
      writer.write({ c: value as CellValue });
    } catch (caught) {
      error = caught;
    }
    // Assess
    expect(error).toBeInstanceOf(ParquetRowError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain(SECRET);
    expect((error as Error).message).not.toContain('4111');
  });

  it('throws ParquetRowError for a row that is not an object', () => {
    const writer = createParquetWriter(COLUMNS);
    expect(() => writer.write(null as unknown as Row)).toThrow("column '(row)' expects an object with one property per column but the row holds null");
    expect(() => writer.write([1] as unknown as Row)).toThrow(ParquetRowError);
  });

  it('leaves the file as it was before a rejected row, even one that failed half-way', async () => {
    // Prepare
    const columns = columnsOf({ a: 'int', b: 'array<struct<x:string,y:int>>', c: 'string' });
    const writer = createParquetWriter(columns, { EnableDictionaryCompression: true });
    const good = [
      { a: 1, b: [{ x: 'p', y: 1 }], c: 'one' },
      { a: 2, b: [], c: 'two' },
    ];
    // Act
    writer.write(good[0]!);
    expect(() => writer.write({ a: 9, b: [{ x: 'written', y: 1 }, { x: 'then', y: 'bad' }], c: 'never' } as unknown as Row)).toThrow(ParquetRowError);
    writer.write(good[1]!);
    const bytes = writer.close();
    // Assess
    expect(writer.rowCount).toBe(2);
    expect((await readParquetWithDuckDb(bytes, columns)).rows).toEqual(good);
  });

  it('writeCells rejects what write rejects, a wrong number of cells and a non-array, and keeps the file as it was', async () => {
    // Prepare
    const columns = columnsOf({ a: 'int', b: 'array<struct<x:string,y:int>>', c: 'string' });
    const writer = createParquetWriter(columns);
    // Act
    writer.writeCells([1, [{ x: 'p', y: 1 }], 'one']);
    expect(() => writer.writeCells([9, [{ x: 'written', y: 1 }, { x: 'then', y: 'bad' as unknown as number }], 'never'])).toThrow("column 'b[].y' expects an integer");
    expect(() => writer.writeCells([1, null])).toThrow("column '(row)' expects an array of 3 cells, one per column but the row holds an array of 2 items");
    expect(() => writer.writeCells({ a: 1 } as unknown as CellValue[])).toThrow(ParquetRowError);
    writer.writeCells([2, [], 'two']);
    const bytes = writer.close();
    // Assess
    expect(writer.rowCount).toBe(2);
    expect((await readParquetWithDuckDb(bytes, columns)).rows).toEqual([
      { a: 1, b: [{ x: 'p', y: 1 }], c: 'one' },
      { a: 2, b: [], c: 'two' },
    ]);
    expect(() => writer.writeCells([3, [], 'three'])).toThrow(ParquetWriterClosedError);
  });

  it('refuses use after close', () => {
    const writer = createParquetWriter(COLUMNS);
    writer.close();
    expect(() => writer.write({ id: 1 })).toThrow(ParquetWriterClosedError);
    expect(() => writer.close()).toThrow(ParquetWriterClosedError);
  });
});

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
