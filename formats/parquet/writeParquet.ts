/**
 * Writes rows (formats/glue/types.ts `Row`, as the Firehose deserializer produces them) to Parquet files with
 * the options of Firehose's `ParquetSerDe`. Rows stream in: they are shredded into column buffers at
 * once, and when the buffered row group reaches `BlockSizeBytes` it is encoded and handed to the output,
 * so memory is bounded by the row-group size, not by the file size.
 *
 * File layout (apache/parquet-format README "File Format"): `PAR1`, the row groups' column chunks, the
 * Thrift-encoded FileMetaData, its 4-byte little-endian length, `PAR1`.
 */
import { gzipSync } from 'node:zlib';
import { FormatOptionError } from '../glue/index.js';
import { ParquetByteWriter } from './parquetByteWriter.js';
import { ColumnChunkScratch, encodeColumnChunk, type ColumnChunkSettings } from './parquetColumnChunk.js';
import { ParquetRowError, ParquetWriterClosedError, describeCell } from './errors.js';
import { buildParquetSchema, type ParquetSchema, type ParquetTimestampEncoding } from './parquetSchema.js';
import { ParquetRowShredder } from './parquetShred.js';
import { snappyCompressBlock } from '../compression/index.js';
import { CompressionCodec, writeFileMetaData, type ColumnMetaData, type RowGroupMetaData } from './parquetThrift.js';
import type { CellValue, GlueColumn, Row } from '../glue/index.js';

/**
 * The options of Firehose's ParquetSerDe (same names, same defaults), plus `TimestampEncoding`.
 * Firehose rejects BlockSizeBytes below 64 MiB and PageSizeBytes below 64 KiB; this writer accepts
 * smaller values (down to 1 KiB) so that tests and small files can have several row groups and pages.
 */
export interface ParquetSerDeOptions {
  /** Row-group size: a row group is closed when its buffered values reach this many bytes (PLAIN-encoded, before compression). Default 268_435_456 (256 MiB, Firehose's default). */
  readonly BlockSizeBytes?: number;
  /** Target size of a data page before compression. Default 1_048_576 (1 MiB, Firehose's default). Also the largest dictionary kept per column chunk. */
  readonly PageSizeBytes?: number;
  /** Page compression. Default 'SNAPPY' (Firehose's default). */
  readonly Compression?: ParquetCompression;
  /** Dictionary-encode columns where that makes them smaller (booleans and INT96 never). Default false: AWS does not document a default, and an unset boolean in the Firehose API is false. */
  readonly EnableDictionaryCompression?: boolean;
  /** Bytes of zero padding allowed to align a row group to a BlockSizeBytes boundary (an HDFS block), as parquet-mr pads. Default 0 (no padding). */
  readonly MaxPaddingBytes?: number;
  /** 'V1' writes DATA_PAGE pages (Firehose's default), 'V2' writes DATA_PAGE_V2 pages. Default 'V1'. */
  readonly WriterVersion?: ParquetWriterVersion;
  /**
   * firehose-kit only. 'INT64_MICROS' (default) writes timestamps as INT64 TIMESTAMP(MICROS, not adjusted to
   * UTC), which Athena engine v2/v3, Trino, Spark 3, Hive 4 and DuckDB read; 'INT96' writes the legacy
   * Julian-day layout that Firehose's Hive serializer writes (nanosecond precision), for older Hive readers.
   */
  readonly TimestampEncoding?: ParquetTimestampEncoding;
}

export const PARQUET_COMPRESSIONS = ['SNAPPY', 'GZIP', 'UNCOMPRESSED'] as const;
export type ParquetCompression = (typeof PARQUET_COMPRESSIONS)[number];
export const PARQUET_WRITER_VERSIONS = ['V1', 'V2'] as const;
export type ParquetWriterVersion = (typeof PARQUET_WRITER_VERSIONS)[number];
export const PARQUET_TIMESTAMP_ENCODINGS = ['INT64_MICROS', 'INT96'] as const;

/** Where a streaming writer puts its bytes, in order. `write` may keep the chunk (it is not reused). */
export interface ParquetOutput {
  write(chunk: Uint8Array): void;
}

export interface ParquetFileSummary {
  readonly rows: number;
  readonly rowGroups: number;
  readonly bytes: number;
}

export interface ParquetStreamWriter {
  /**
   * Adds a row. A row that does not match the schema throws `ParquetRowError` and is not written; the
   * writer stays usable. May emit a finished row group to the output.
   */
  write(row: Row): void;
  /**
   * Adds a row given as the cells of the table's columns in table order (`cells[i]` is the value of
   * `columns[i]`, what `write` reads from a row object under its lower-case name): the same checks and
   * the same bytes as `write`, without a row object (column-by-column feeding from the compiled decoder).
   */
  writeCells(cells: readonly CellValue[]): void;
  /** Rows accepted so far. */
  readonly rowCount: number;
  /** PLAIN-encoded bytes of the row group being buffered (what `BlockSizeBytes` bounds). */
  readonly bufferedBytes: number;
  /** Writes the last row group and the footer. The writer cannot be used afterwards. */
  close(): ParquetFileSummary;
}

export interface ParquetWriter extends Omit<ParquetStreamWriter, 'close'> {
  /** Finishes the file and returns its bytes. */
  close(): Uint8Array;
}

const NAME = 'createParquetWriter';
const MIB = 1024 * 1024;
const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]); // "PAR1"
const OPTION_NAMES = ['BlockSizeBytes', 'PageSizeBytes', 'Compression', 'EnableDictionaryCompression', 'MaxPaddingBytes', 'WriterVersion', 'TimestampEncoding'] as const;
const MIN_SIZE_BYTES = 1024;
const MAX_SIZE_BYTES = 2 ** 31 - 1;
const CREATED_BY = 'firehose-kit version 0.1.0';

interface ResolvedOptions {
  readonly blockSizeBytes: number;
  readonly maxPaddingBytes: number;
  readonly timestamps: ParquetTimestampEncoding;
  readonly chunk: ColumnChunkSettings;
}

/** Checks options once: unknown names and bad values throw `FormatOptionError` naming the option and the fix. */
export function resolveParquetOptions(options: ParquetSerDeOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new FormatOptionError(NAME, 'options', `must be an object, got ${describeCell(options)}`, 'Pass ParquetSerDe options such as { Compression: "SNAPPY" }.');
  }
  for (const key of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      throw new FormatOptionError(NAME, key, 'is not a ParquetSerDe option', `Known options: ${OPTION_NAMES.join(', ')} (names as in Firehose's API, case-sensitive).`);
    }
  }
  const compression = oneOf('Compression', options.Compression ?? 'SNAPPY', PARQUET_COMPRESSIONS);
  const writerVersion = oneOf('WriterVersion', options.WriterVersion ?? 'V1', PARQUET_WRITER_VERSIONS);
  const timestamps = oneOf('TimestampEncoding', options.TimestampEncoding ?? 'INT64_MICROS', PARQUET_TIMESTAMP_ENCODINGS);
  const blockSizeBytes = integer('BlockSizeBytes', options.BlockSizeBytes ?? 256 * MIB, MIN_SIZE_BYTES, MAX_SIZE_BYTES);
  const pageSizeBytes = integer('PageSizeBytes', options.PageSizeBytes ?? MIB, MIN_SIZE_BYTES, MAX_SIZE_BYTES);
  const maxPaddingBytes = integer('MaxPaddingBytes', options.MaxPaddingBytes ?? 0, 0, MAX_SIZE_BYTES);
  const dictionary = options.EnableDictionaryCompression ?? false;
  if (typeof dictionary !== 'boolean') {
    throw new FormatOptionError(NAME, 'EnableDictionaryCompression', `is ${describeCell(dictionary)}`, 'Use true or false.');
  }
  const codec = compression === 'SNAPPY' ? CompressionCodec.SNAPPY : compression === 'GZIP' ? CompressionCodec.GZIP : CompressionCodec.UNCOMPRESSED;
  return {
    blockSizeBytes,
    maxPaddingBytes,
    timestamps,
    chunk: {
      codec,
      compress: compression === 'GZIP' ? (bytes) => gzipSync(bytes) : snappyCompressBlock,
      pageSizeBytes,
      dictionary,
      dictionaryPageSizeBytes: pageSizeBytes,
      writerVersion,
    },
  };
}

function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const got = typeof value === 'string' ? `'${value}'` : describeCell(value);
  throw new FormatOptionError(NAME, option, `is ${got}`, `Use one of: ${allowed.map((a) => `'${a}'`).join(', ')}.`);
}

function integer(option: string, value: unknown, min: number, max: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  const got = typeof value === 'number' ? String(value) : describeCell(value);
  throw new FormatOptionError(NAME, option, `is ${got}`, `Use an integer number of bytes from ${min} to ${max}.`);
}

/**
 * Creates a writer that returns the whole file from `close()`. Finished row groups are kept as encoded
 * bytes, so memory is the compressed file plus one row group being buffered.
 */
export function createParquetWriter(columns: readonly GlueColumn[], options: ParquetSerDeOptions = {}): ParquetWriter {
  const chunks: Uint8Array[] = [];
  const stream = createParquetStreamWriter(columns, options, { write: (chunk) => chunks.push(chunk) });
  return {
    write: (row) => stream.write(row),
    writeCells: (cells) => stream.writeCells(cells),
    get rowCount() {
      return stream.rowCount;
    },
    get bufferedBytes() {
      return stream.bufferedBytes;
    },
    close: () => {
      const summary = stream.close();
      const file = new Uint8Array(summary.bytes);
      let offset = 0;
      for (const chunk of chunks) {
        file.set(chunk, offset);
        offset += chunk.byteLength;
      }
      return file;
    },
  };
}

/** Creates a writer that hands each finished row group, then the footer, to `output`. */
export function createParquetStreamWriter(columns: readonly GlueColumn[], options: ParquetSerDeOptions, output: ParquetOutput): ParquetStreamWriter {
  const resolved = resolveParquetOptions(options);
  const schema = buildParquetSchema(columns, resolved.timestamps);
  return new StreamWriter(schema, resolved, output);
}

class StreamWriter implements ParquetStreamWriter {
  private readonly shredder: ParquetRowShredder;
  private readonly scratch = new ColumnChunkScratch();
  private readonly rowGroups: RowGroupMetaData[] = [];
  private position = 0;
  private rows = 0;
  private rowsInGroup = 0;
  private closed = false;
  /** Checking the buffered size costs a pass over the leaves; it is done every `checkEvery` rows. */
  private checkEvery = 1;
  private untilCheck = 1;

  constructor(
    private readonly schema: ParquetSchema,
    private readonly options: ResolvedOptions,
    private readonly output: ParquetOutput,
  ) {
    this.shredder = new ParquetRowShredder(schema);
    this.emit(MAGIC.slice());
  }

  get rowCount(): number {
    return this.rows;
  }

  get bufferedBytes(): number {
    return this.shredder.bufferedBytes();
  }

  write(row: Row): void {
    if (this.closed) throw new ParquetWriterClosedError();
    if (typeof row !== 'object' || row === null || Array.isArray(row) || row instanceof Map || row instanceof Uint8Array) {
      throw new ParquetRowError('(row)', 'an object with one property per column', describeCell(row));
    }
    try {
      this.shredder.write(row);
    } catch (error) {
      this.shredder.rollback();
      throw error;
    }
    this.accepted();
  }

  writeCells(cells: readonly CellValue[]): void {
    if (this.closed) throw new ParquetWriterClosedError();
    if (!Array.isArray(cells) || cells.length !== this.schema.columns.length) {
      throw new ParquetRowError('(row)', `an array of ${this.schema.columns.length} cells, one per column`, describeCell(cells));
    }
    try {
      this.shredder.writeCells(cells);
    } catch (error) {
      this.shredder.rollback();
      throw error;
    }
    this.accepted();
  }

  private accepted(): void {
    this.rows++;
    this.rowsInGroup++;
    if (--this.untilCheck === 0) this.checkRowGroupSize();
  }

  private checkRowGroupSize(): void {
    const buffered = this.shredder.bufferedBytes();
    const limit = this.options.blockSizeBytes;
    if (buffered >= limit) {
      this.flushRowGroup();
      this.untilCheck = this.checkEvery;
      return;
    }
    // Check again when the row group could be full at the current bytes per row (at most every 1,000 rows).
    const perRow = buffered / Math.max(1, this.rowsInGroup);
    const rowsLeft = perRow > 0 ? Math.floor((limit - buffered) / perRow / 2) : 1000;
    this.checkEvery = Math.max(1, Math.min(1000, rowsLeft));
    this.untilCheck = this.checkEvery;
  }

  close(): ParquetFileSummary {
    if (this.closed) throw new ParquetWriterClosedError();
    this.closed = true;
    if (this.rowsInGroup > 0) this.flushRowGroup();
    this.shredder.release();
    const footer = new ParquetByteWriter(16 * 1024);
    writeFileMetaData(footer, {
      schema: this.schema.elements,
      numRows: this.rows,
      rowGroups: this.rowGroups,
      createdBy: CREATED_BY,
      leafCount: this.schema.leaves.length,
    });
    const footerLength = footer.length;
    footer.writeInt32(footerLength);
    footer.writeBytes(MAGIC);
    this.emit(footer.toBytes());
    return { rows: this.rows, rowGroups: this.rowGroups.length, bytes: this.position };
  }

  private emit(bytes: Uint8Array): void {
    this.output.write(bytes);
    this.position += bytes.byteLength;
  }

  /** Encodes the buffered row group, column chunk by column chunk, and hands each chunk to the output. */
  private flushRowGroup(): void {
    this.padToBlock();
    const fileOffset = this.position;
    const columns: ColumnMetaData[] = [];
    let totalByteSize = 0;
    for (const buffer of this.shredder.buffers) {
      const chunk = encodeColumnChunk(buffer, this.options.chunk, this.scratch);
      columns.push(chunk.metadata(this.position));
      totalByteSize += chunk.uncompressedSize;
      this.emit(chunk.bytes);
      buffer.clear();
    }
    this.rowGroups.push({
      columns,
      totalByteSize,
      numRows: this.rowsInGroup,
      fileOffset,
      totalCompressedSize: this.position - fileOffset,
      ordinal: this.rowGroups.length,
    });
    this.rowsInGroup = 0;
  }

  /**
   * parquet-mr's padding: when the space left in the current BlockSizeBytes block is below
   * MaxPaddingBytes, zeros fill it so that the row group starts on a block boundary.
   */
  private padToBlock(): void {
    const { maxPaddingBytes, blockSizeBytes } = this.options;
    if (maxPaddingBytes === 0 || this.rowGroups.length === 0) return;
    const remaining = blockSizeBytes - (this.position % blockSizeBytes);
    if (remaining < blockSizeBytes && remaining <= maxPaddingBytes) this.emit(new Uint8Array(remaining));
  }
}
