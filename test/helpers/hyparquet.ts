/**
 * Reads Parquet bytes with hyparquet, the second independent reader of the writer's tests, and converts
 * what it returns into the row model of formats/glue/types.ts. hyparquet reads decimals as JavaScript numbers
 * (`unscaled × 10^-scale`), map keys as object keys (strings) and missing nested values as undefined;
 * `toHyparquetView` applies the same lossy steps to expected rows, so that both sides compare exactly.
 */
import { gunzipSync } from 'node:zlib';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { deserializeTCompactProtocol } from 'hyparquet/src/thrift.js';
import type { CellValue, GlueColumn, GlueType, Row, StructValue } from '../../formats/glue/types.js';

/** Reads all rows; timestamps become bigint nanoseconds and dates day numbers, as in the row model. */
export async function readParquetWithHyparquet(bytes: Uint8Array, columns: readonly GlueColumn[]): Promise<Row[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const rows = (await parquetReadObjects({
    file,
    utf8: false,
    // hyparquet ships SNAPPY only; Node's zlib reads GZIP pages.
    compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)) },
    parsers: {
      timestampFromMicroseconds: (micros: bigint) => micros * 1000n,
      timestampFromNanoseconds: (nanos: bigint) => nanos,
      dateFromDays: (days: number) => days,
    },
  })) as Record<string, unknown>[];
  return rows.map((raw) => {
    const row: Row = Object.create(null) as Row;
    for (const column of columns) {
      const key = column.name.toLowerCase();
      row[key] = fromHyparquet(Object.prototype.hasOwnProperty.call(raw, key) ? raw[key] : undefined, column.type);
    }
    return row;
  });
}

function fromHyparquet(value: unknown, type: GlueType): CellValue {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'array':
      return (value as unknown[]).map((item) => fromHyparquet(item, type.element));
    case 'map': {
      const map = new Map<CellValue, CellValue>();
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) map.set(mapKeyFromString(key, type.key), fromHyparquet(item, type.value));
      return map;
    }
    case 'struct': {
      const struct: StructValue = Object.create(null) as StructValue;
      const source = value as Record<string, unknown>;
      for (const field of type.fields) {
        const key = field.name.toLowerCase();
        struct[key] = fromHyparquet(Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined, field.type);
      }
      return struct;
    }
    case 'binary':
      return new Uint8Array(value as Uint8Array);
    default:
      return value as CellValue;
  }
}

/** hyparquet turns map keys into object keys; this undoes it for the key types tests use with it. */
function mapKeyFromString(key: string, type: GlueType): CellValue {
  switch (type.kind) {
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'date':
    case 'float':
    case 'double':
    case 'decimal':
      return Number(key);
    case 'bigint':
    case 'timestamp':
      return BigInt(key);
    case 'boolean':
      return key === 'true';
    default:
      return key;
  }
}

/** The expected rows as hyparquet can represent them: decimals as `Number(unscaled) × 10^-scale`, map keys as their string form allows. */
export function toHyparquetView(rows: readonly Row[], columns: readonly GlueColumn[]): Row[] {
  return rows.map((row) => {
    const view: Row = Object.create(null) as Row;
    for (const column of columns) {
      const key = column.name.toLowerCase();
      view[key] = viewCell(Object.prototype.hasOwnProperty.call(row, key) ? (row[key] ?? null) : null, column.type);
    }
    return view;
  });
}

function viewCell(value: CellValue, type: GlueType): CellValue {
  if (value === null) return null;
  switch (type.kind) {
    case 'decimal':
      return Number(value as bigint) * 10 ** -type.scale;
    case 'array':
      return (value as CellValue[]).map((item) => viewCell(item, type.element));
    case 'map': {
      // Keys pass through an object key (a string): -0 comes back as 0.
      const map = new Map<CellValue, CellValue>();
      for (const [key, item] of value as Map<CellValue, CellValue>) map.set(Object.is(key, -0) ? 0 : viewCell(key, type.key), viewCell(item, type.value));
      return map;
    }
    case 'struct': {
      const struct: StructValue = Object.create(null) as StructValue;
      const source = value as StructValue;
      for (const field of type.fields) {
        const key = field.name.toLowerCase();
        struct[key] = viewCell(Object.prototype.hasOwnProperty.call(source, key) ? (source[key] ?? null) : null, field.type);
      }
      return struct;
    }
    default:
      return value;
  }
}

export interface PageHeaderSummary {
  /** parquet.thrift PageType: 0 DATA_PAGE, 2 DICTIONARY_PAGE, 3 DATA_PAGE_V2. */
  readonly type: number;
  readonly numValues: number;
  /** DATA_PAGE_V2 only. */
  readonly numRows?: number;
}

/**
 * The page headers of every column chunk, by dotted column path, decoded with hyparquet's Thrift reader
 * (an implementation independent of the writer's): walks each chunk header by header.
 */
export function readPageHeaders(bytes: Uint8Array): Map<string, PageHeaderSummary[]> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const view = new DataView(buffer);
  const pages = new Map<string, PageHeaderSummary[]>();
  for (const group of parquetMetadata(buffer).row_groups) {
    for (const column of group.columns) {
      const meta = column.meta_data!;
      const path = meta.path_in_schema.join('.');
      const list = pages.get(path) ?? [];
      pages.set(path, list);
      const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      const reader = { view, offset: start };
      while (reader.offset < end) {
        const header = deserializeTCompactProtocol(reader);
        const type = header.field_1 as number;
        const data = (header.field_5 ?? header.field_7 ?? header.field_8) as { field_1: number; field_3?: number };
        list.push(type === 3 ? { type, numValues: data.field_1, numRows: data.field_3! } : { type, numValues: data.field_1 });
        reader.offset += header.field_3 as number;
      }
    }
  }
  return pages;
}
