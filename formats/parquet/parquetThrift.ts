/**
 * The Parquet metadata structures the writer emits, and their Thrift compact-protocol encoding.
 *
 * Structures and field ids follow apache/parquet-format `src/main/thrift/parquet.thrift` (FileMetaData,
 * RowGroup, ColumnChunk, ColumnMetaData, SchemaElement, LogicalType, Statistics, PageHeader,
 * DataPageHeader, DataPageHeaderV2, DictionaryPageHeader, ColumnOrder). The wire format follows
 * apache/thrift `doc/specs/thrift-compact-protocol.md`: a field header packs the field-id delta (1..15)
 * and the type in one byte (otherwise type byte + zigzag i16 id), integers are zigzag varints, binary
 * is a varint length plus bytes, a list header packs size (< 15) and element type, a struct ends with 0.
 */
import { ParquetByteWriter } from './parquetByteWriter.js';

/** parquet.thrift `enum Type`. */
export const PhysicalType = { BOOLEAN: 0, INT32: 1, INT64: 2, INT96: 3, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6, FIXED_LEN_BYTE_ARRAY: 7 } as const;
export type PhysicalType = (typeof PhysicalType)[keyof typeof PhysicalType];

/** parquet.thrift `enum ConvertedType` (the values the writer uses). */
export const ConvertedType = { UTF8: 0, MAP: 1, LIST: 3, DECIMAL: 5, DATE: 6, TIMESTAMP_MICROS: 10, INT_8: 15, INT_16: 16 } as const;
export type ConvertedType = (typeof ConvertedType)[keyof typeof ConvertedType];

/** parquet.thrift `enum FieldRepetitionType`. */
export const Repetition = { REQUIRED: 0, OPTIONAL: 1, REPEATED: 2 } as const;
export type Repetition = (typeof Repetition)[keyof typeof Repetition];

/** parquet.thrift `enum Encoding`. */
export const Encoding = { PLAIN: 0, PLAIN_DICTIONARY: 2, RLE: 3, RLE_DICTIONARY: 8 } as const;
export type Encoding = (typeof Encoding)[keyof typeof Encoding];

/** parquet.thrift `enum CompressionCodec`. */
export const CompressionCodec = { UNCOMPRESSED: 0, SNAPPY: 1, GZIP: 2 } as const;
export type CompressionCodec = (typeof CompressionCodec)[keyof typeof CompressionCodec];

/** parquet.thrift `enum PageType`. */
export const PageType = { DATA_PAGE: 0, DICTIONARY_PAGE: 2, DATA_PAGE_V2: 3 } as const;
export type PageType = (typeof PageType)[keyof typeof PageType];

/** parquet.thrift `union LogicalType`, the members the writer uses. */
export type LogicalType =
  | { readonly kind: 'STRING' }
  | { readonly kind: 'MAP' }
  | { readonly kind: 'LIST' }
  | { readonly kind: 'DATE' }
  | { readonly kind: 'DECIMAL'; readonly scale: number; readonly precision: number }
  | { readonly kind: 'TIMESTAMP'; readonly isAdjustedToUTC: boolean; readonly unit: 'MILLIS' | 'MICROS' | 'NANOS' }
  | { readonly kind: 'INTEGER'; readonly bitWidth: 8 | 16 | 32 | 64; readonly isSigned: boolean };

export interface SchemaElement {
  readonly type?: PhysicalType;
  readonly typeLength?: number;
  readonly repetition?: Repetition;
  readonly name: string;
  readonly numChildren?: number;
  readonly convertedType?: ConvertedType;
  readonly scale?: number;
  readonly precision?: number;
  readonly logicalType?: LogicalType;
}

export interface Statistics {
  readonly nullCount: number;
  /** PLAIN-encoded bounds (byte arrays without length prefix), per the column's sort order. */
  readonly minValue?: Uint8Array;
  readonly maxValue?: Uint8Array;
  /** Also write the deprecated signed `min`/`max` fields, for readers older than min_value/max_value. */
  readonly legacyMinMax?: boolean;
  readonly nanCount?: number;
}

export interface PageEncodingStats {
  readonly pageType: PageType;
  readonly encoding: Encoding;
  readonly count: number;
}

export interface ColumnMetaData {
  readonly type: PhysicalType;
  readonly encodings: readonly Encoding[];
  readonly pathInSchema: readonly string[];
  readonly codec: CompressionCodec;
  readonly numValues: number;
  readonly totalUncompressedSize: number;
  readonly totalCompressedSize: number;
  readonly dataPageOffset: number;
  readonly dictionaryPageOffset?: number;
  readonly statistics?: Statistics;
  readonly encodingStats: readonly PageEncodingStats[];
}

export interface RowGroupMetaData {
  readonly columns: readonly ColumnMetaData[];
  readonly totalByteSize: number;
  readonly numRows: number;
  readonly fileOffset: number;
  readonly totalCompressedSize: number;
  readonly ordinal: number;
}

export interface FileMetaData {
  readonly schema: readonly SchemaElement[];
  readonly numRows: number;
  readonly rowGroups: readonly RowGroupMetaData[];
  readonly createdBy: string;
  readonly keyValueMetadata?: readonly { readonly key: string; readonly value: string }[];
  /** Number of leaf columns; each gets TYPE_ORDER so readers trust min_value/max_value. */
  readonly leafCount: number;
}

export interface DataPageHeader {
  readonly numValues: number;
  readonly encoding: Encoding;
  readonly definitionLevelEncoding: Encoding;
  readonly repetitionLevelEncoding: Encoding;
}

export interface DataPageHeaderV2 {
  readonly numValues: number;
  readonly numNulls: number;
  readonly numRows: number;
  readonly encoding: Encoding;
  readonly definitionLevelsByteLength: number;
  readonly repetitionLevelsByteLength: number;
  readonly isCompressed: boolean;
}

export interface DictionaryPageHeader {
  readonly numValues: number;
  readonly encoding: Encoding;
}

export type PageHeader = {
  readonly uncompressedPageSize: number;
  readonly compressedPageSize: number;
} & (
  | { readonly type: typeof PageType.DATA_PAGE; readonly dataPageHeader: DataPageHeader }
  | { readonly type: typeof PageType.DATA_PAGE_V2; readonly dataPageHeaderV2: DataPageHeaderV2 }
  | { readonly type: typeof PageType.DICTIONARY_PAGE; readonly dictionaryPageHeader: DictionaryPageHeader }
);

// Compact protocol type ids (thrift-compact-protocol.md, "Struct encoding").
const T_BOOL_TRUE = 1;
const T_BOOL_FALSE = 2;
const T_I8 = 3;
const T_I16 = 4;
const T_I32 = 5;
const T_I64 = 6;
const T_BINARY = 8;
const T_LIST = 9;
const T_STRUCT = 12;

const textEncoder = new TextEncoder();

/** Writes compact-protocol structs into a byte writer, tracking the last field id of each open struct. */
class CompactWriter {
  private lastFieldId = 0;
  private readonly stack: number[] = [];

  constructor(readonly out: ParquetByteWriter) {}

  private fieldHeader(id: number, type: number): void {
    const delta = id - this.lastFieldId;
    if (delta > 0 && delta <= 15) {
      this.out.writeByte((delta << 4) | type);
    } else {
      this.out.writeByte(type);
      this.out.writeVarint(zigzag(id));
    }
    this.lastFieldId = id;
  }

  /** i8: type id 3, the byte itself. */
  i8(id: number, value: number): void {
    this.fieldHeader(id, T_I8);
    this.out.writeByte(value & 0xff);
  }

  /** i16: type id 4, a zigzag varint like i32. */
  i16(id: number, value: number): void {
    this.fieldHeader(id, T_I16);
    this.out.writeVarint(zigzag(value));
  }

  i32(id: number, value: number): void {
    this.fieldHeader(id, T_I32);
    this.out.writeVarint(zigzag(value));
  }

  i64(id: number, value: number): void {
    this.fieldHeader(id, T_I64);
    this.out.writeVarint(zigzag(value));
  }

  bool(id: number, value: boolean): void {
    this.fieldHeader(id, value ? T_BOOL_TRUE : T_BOOL_FALSE);
  }

  binary(id: number, value: Uint8Array): void {
    this.fieldHeader(id, T_BINARY);
    this.out.writeVarint(value.byteLength);
    this.out.writeBytes(value);
  }

  string(id: number, value: string): void {
    this.binary(id, textEncoder.encode(value));
  }

  /** Opens a struct-typed field; close it with `end()`. */
  struct(id: number): void {
    this.fieldHeader(id, T_STRUCT);
    this.begin();
  }

  /** Opens a struct that is a list element or the top-level value. */
  begin(): void {
    this.stack.push(this.lastFieldId);
    this.lastFieldId = 0;
  }

  end(): void {
    this.out.writeByte(0);
    this.lastFieldId = this.stack.pop() ?? 0;
  }

  /** An empty struct as a field (the members of LogicalType and TimeUnit are empty structs). */
  emptyStruct(id: number): void {
    this.struct(id);
    this.end();
  }

  listHeader(id: number, elementType: number, size: number): void {
    this.fieldHeader(id, T_LIST);
    if (size < 15) {
      this.out.writeByte((size << 4) | elementType);
    } else {
      this.out.writeByte(0xf0 | elementType);
      this.out.writeVarint(size);
    }
  }

  i32List(id: number, values: readonly number[]): void {
    this.listHeader(id, T_I32, values.length);
    for (const value of values) this.out.writeVarint(zigzag(value));
  }

  stringList(id: number, values: readonly string[]): void {
    this.listHeader(id, T_BINARY, values.length);
    for (const value of values) {
      const bytes = textEncoder.encode(value);
      this.out.writeVarint(bytes.byteLength);
      this.out.writeBytes(bytes);
    }
  }

  structList<T>(id: number, values: readonly T[], writeOne: (value: T) => void): void {
    this.listHeader(id, T_STRUCT, values.length);
    for (const value of values) {
      this.begin();
      writeOne(value);
      this.end();
    }
  }
}

/** Zigzag of a safe integer (i32 or i64 within ±2^52), as a non-negative number. */
function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

/** Appends a serialized PageHeader. */
export function writePageHeader(out: ParquetByteWriter, header: PageHeader): void {
  const w = new CompactWriter(out);
  w.begin();
  w.i32(1, header.type);
  w.i32(2, header.uncompressedPageSize);
  w.i32(3, header.compressedPageSize);
  if (header.type === PageType.DATA_PAGE) {
    const h = header.dataPageHeader;
    w.struct(5);
    w.i32(1, h.numValues);
    w.i32(2, h.encoding);
    w.i32(3, h.definitionLevelEncoding);
    w.i32(4, h.repetitionLevelEncoding);
    w.end();
  } else if (header.type === PageType.DICTIONARY_PAGE) {
    const h = header.dictionaryPageHeader;
    w.struct(7);
    w.i32(1, h.numValues);
    w.i32(2, h.encoding);
    w.end();
  } else {
    const h = header.dataPageHeaderV2;
    w.struct(8);
    w.i32(1, h.numValues);
    w.i32(2, h.numNulls);
    w.i32(3, h.numRows);
    w.i32(4, h.encoding);
    w.i32(5, h.definitionLevelsByteLength);
    w.i32(6, h.repetitionLevelsByteLength);
    w.bool(7, h.isCompressed);
    w.end();
  }
  w.end();
}

/** Appends a serialized FileMetaData (the footer, before its length and the closing magic). */
export function writeFileMetaData(out: ParquetByteWriter, meta: FileMetaData): void {
  const w = new CompactWriter(out);
  w.begin();
  // version 1: the file uses only features of format 1.x readers (2 is also read by all readers, but
  // parquet-mr and DuckDB write 1 for files like these).
  w.i32(1, 1);
  w.structList(2, meta.schema, (element) => writeSchemaElement(w, element));
  w.i64(3, meta.numRows);
  w.structList(4, meta.rowGroups, (rowGroup) => writeRowGroup(w, rowGroup));
  if (meta.keyValueMetadata !== undefined && meta.keyValueMetadata.length > 0) {
    w.structList(5, meta.keyValueMetadata, (kv) => {
      w.string(1, kv.key);
      w.string(2, kv.value);
    });
  }
  w.string(6, meta.createdBy);
  // ColumnOrder is a union; TYPE_ORDER (field 1) is an empty struct.
  w.structList(7, Array.from({ length: meta.leafCount }, () => 0), () => w.emptyStruct(1));
  w.end();
}

function writeSchemaElement(w: CompactWriter, e: SchemaElement): void {
  if (e.type !== undefined) w.i32(1, e.type);
  if (e.typeLength !== undefined) w.i32(2, e.typeLength);
  if (e.repetition !== undefined) w.i32(3, e.repetition);
  w.string(4, e.name);
  if (e.numChildren !== undefined) w.i32(5, e.numChildren);
  if (e.convertedType !== undefined) w.i32(6, e.convertedType);
  if (e.scale !== undefined) w.i32(7, e.scale);
  if (e.precision !== undefined) w.i32(8, e.precision);
  if (e.logicalType !== undefined) {
    w.struct(10);
    writeLogicalType(w, e.logicalType);
    w.end();
  }
}

function writeLogicalType(w: CompactWriter, t: LogicalType): void {
  switch (t.kind) {
    case 'STRING':
      w.emptyStruct(1);
      return;
    case 'MAP':
      w.emptyStruct(2);
      return;
    case 'LIST':
      w.emptyStruct(3);
      return;
    case 'DECIMAL':
      w.struct(5);
      w.i32(1, t.scale);
      w.i32(2, t.precision);
      w.end();
      return;
    case 'DATE':
      w.emptyStruct(6);
      return;
    case 'TIMESTAMP':
      w.struct(8);
      w.bool(1, t.isAdjustedToUTC);
      w.struct(2);
      w.emptyStruct(t.unit === 'MILLIS' ? 1 : t.unit === 'MICROS' ? 2 : 3);
      w.end();
      w.end();
      return;
    case 'INTEGER':
      w.struct(10);
      w.i8(1, t.bitWidth);
      w.bool(2, t.isSigned);
      w.end();
      return;
  }
}

function writeRowGroup(w: CompactWriter, g: RowGroupMetaData): void {
  w.structList(1, g.columns, (column) => writeColumnChunk(w, column));
  w.i64(2, g.totalByteSize);
  w.i64(3, g.numRows);
  w.i64(5, g.fileOffset);
  w.i64(6, g.totalCompressedSize);
  // ordinal is an i16: files with more row groups leave it out.
  if (g.ordinal <= 0x7fff) w.i16(7, g.ordinal);
}

function writeColumnChunk(w: CompactWriter, c: ColumnMetaData): void {
  // file_offset (2, required, deprecated): the offset of the chunk's first page.
  w.i64(2, c.dictionaryPageOffset ?? c.dataPageOffset);
  w.struct(3);
  w.i32(1, c.type);
  w.i32List(2, c.encodings);
  w.stringList(3, c.pathInSchema);
  w.i32(4, c.codec);
  w.i64(5, c.numValues);
  w.i64(6, c.totalUncompressedSize);
  w.i64(7, c.totalCompressedSize);
  w.i64(9, c.dataPageOffset);
  if (c.dictionaryPageOffset !== undefined) w.i64(11, c.dictionaryPageOffset);
  if (c.statistics !== undefined) {
    w.struct(12);
    writeStatistics(w, c.statistics);
    w.end();
  }
  w.structList(13, c.encodingStats, (s) => {
    w.i32(1, s.pageType);
    w.i32(2, s.encoding);
    w.i32(3, s.count);
  });
  w.end();
}

function writeStatistics(w: CompactWriter, s: Statistics): void {
  if (s.legacyMinMax === true && s.maxValue !== undefined && s.minValue !== undefined) {
    w.binary(1, s.maxValue);
    w.binary(2, s.minValue);
  }
  w.i64(3, s.nullCount);
  if (s.maxValue !== undefined) w.binary(5, s.maxValue);
  if (s.minValue !== undefined) w.binary(6, s.minValue);
  if (s.maxValue !== undefined) w.bool(7, true);
  if (s.minValue !== undefined) w.bool(8, true);
  if (s.nanCount !== undefined) w.i64(9, s.nanCount);
}
