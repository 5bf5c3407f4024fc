/**
 * Writes rows (formats/glue/types.ts `Row`, as the Firehose deserializer produces them) to ORC files
 * with the options of Firehose's `OrcSerDe` (apache/orc-format specification/ORCv1.md, file version
 * 0.12; 0.11 on request). Rows stream in: each column buffers its stripe's values, and when the buffered
 * bytes reach `StripeSizeBytes` the stripe is encoded and handed to the output, so memory is bounded by
 * the stripe size, not by the file size.
 *
 * File layout (specification "File Tail" and "Stripes"): `ORC`, the stripes (index streams, data
 * streams, stripe footer), the Metadata (stripe statistics), the Footer (types, stripes, file
 * statistics), the PostScript, and its length in the last byte. Every part but the PostScript goes
 * through the chosen compression in chunks with 3-byte headers.
 */
import { FormatOptionError, type CellValue, type GlueColumn, type Row } from '../glue/index.js';
import { OrcRowError, OrcSchemaError, OrcWriterClosedError } from './errors.js';
import { buildRootWriter, flattenWriters, type ColumnSettings, type ColumnWriter, type EncodedStream, type StructWriter } from './orcColumns.js';
import {
  compressSection,
  compressStream,
  compressionKindOf,
  MAX_CHUNK_BYTES,
  ORC_COMPRESSIONS,
  ZLIB_FOR_LENGTHS,
  ZLIB_FOR_VALUES,
  type OrcCompression,
} from './orcCompression.js';
import {
  BloomFilterIndexCodec,
  FooterCodec,
  MetadataCodec,
  PostScriptCodec,
  RowIndexCodec,
  StreamKind,
  StripeFooterCodec,
  type ColumnEncoding,
  type ColumnStatistics,
  type Stream,
  type StripeInformation,
  type StripeStatistics,
} from './orcProto.js';
import { ColumnStatisticsAccumulator } from './orcStatistics.js';

/**
 * The options of Firehose's OrcSerDe (same names, same defaults, same allowed ranges: Firehose's API
 * model, OrcSerDe shape). A value outside the range is refused with the range.
 */
export interface OrcSerDeOptions {
  /** Stripe size: a stripe is cut when its buffered values reach this many bytes (before encoding). Default 67_108_864 (64 MiB); minimum 8 MiB. */
  readonly StripeSizeBytes?: number;
  /** HDFS block size, used only for padding. Default 268_435_456 (256 MiB); minimum 64 MiB. */
  readonly BlockSizeBytes?: number;
  /** Rows per row-index entry. Default 10_000; minimum 1_000. */
  readonly RowIndexStride?: number;
  /** Pad stripes so that none crosses a BlockSizeBytes boundary. Default false. */
  readonly EnablePadding?: boolean;
  /** Share of the stripe size that padding may use (0–1). Default 0.05. */
  readonly PaddingTolerance?: number;
  /** Default 'SNAPPY' (Firehose's default). */
  readonly Compression?: OrcCompression;
  /** Columns (top-level names) that get bloom filters. Default none. */
  readonly BloomFilterColumns?: readonly string[];
  /** False-positive probability of the bloom filters (0–1, exclusive of 0 and 1 here). Default 0.05. */
  readonly BloomFilterFalsePositiveProbability?: number;
  /**
   * A string column of a stripe is dictionary-encoded when its distinct values are at most this share of
   * its values (0–1; 0 never, 1 always). Default 0.8: AWS documents none; 0.8 is Hive's and Apache
   * ORC's orc.dictionary.key.threshold default (assumed to be what Firehose's Hive writer uses).
   */
  readonly DictionaryKeyThreshold?: number;
  /** 'V0_12' (default) or 'V0_11' (RLE v1, DIRECT/DICTIONARY encodings, for Hive 0.11 readers). */
  readonly FormatVersion?: OrcFormatVersion;
}

export const ORC_FORMAT_VERSIONS = ['V0_11', 'V0_12'] as const;
export type OrcFormatVersion = (typeof ORC_FORMAT_VERSIONS)[number];
export { ORC_COMPRESSIONS, type OrcCompression };

/**
 * firehose-kit only, for tests and small files: sizes below Firehose's minimums (a stripe of a few KiB,
 * a row index stride of a few rows) so that several stripes and index entries appear in small files.
 * They replace the corresponding OrcSerDe options.
 */
export interface OrcWriterTuning {
  readonly stripeSizeBytes?: number;
  readonly blockSizeBytes?: number;
  readonly rowIndexStride?: number;
  readonly compressionBlockSize?: number;
}

/** Where a streaming writer puts its bytes, in order. `write` may keep the chunk (it is not reused). */
export interface OrcOutput {
  write(chunk: Uint8Array): void;
}

export interface OrcFileSummary {
  readonly rows: number;
  readonly stripes: number;
  readonly bytes: number;
}

export interface OrcStreamWriter {
  /** Adds a row. A row that does not match the schema throws `OrcRowError` and is not written; the writer stays usable. */
  write(row: Row): void;
  /**
   * Adds a row given as the cells of the table's columns in table order (what `write` reads from a row
   * object under each column's lower-case name), as the schema-compiled decoder produces them, with the
   * same checks: a bad row throws `OrcRowError` and is not written.
   */
  writeCells(cells: readonly CellValue[]): void;
  readonly rowCount: number;
  /** Bytes of the stripe being buffered (what StripeSizeBytes bounds). */
  readonly bufferedBytes: number;
  /** Writes the last stripe and the file tail. The writer cannot be used afterwards. */
  close(): OrcFileSummary;
}

export interface OrcWriter extends Omit<OrcStreamWriter, 'close'> {
  /** Finishes the file and returns its bytes. */
  close(): Uint8Array;
}

const NAME = 'createOrcWriter';
const MIB = 1024 * 1024;
const OPTION_NAMES = [
  'StripeSizeBytes',
  'BlockSizeBytes',
  'RowIndexStride',
  'EnablePadding',
  'PaddingTolerance',
  'Compression',
  'BloomFilterColumns',
  'BloomFilterFalsePositiveProbability',
  'DictionaryKeyThreshold',
  'FormatVersion',
] as const;
const MAX_INT32 = 2 ** 31 - 1;
/** Apache ORC's default compression chunk size (orc.compress.size, 256 KiB). Firehose has no option for it. */
const COMPRESSION_BLOCK_SIZE = 256 * 1024;
const MAGIC = new Uint8Array([0x4f, 0x52, 0x43]); // "ORC"
/** PostScript.writerVersion: 6 = ORC-135 (timestamp statistics in UTC), the first value open to writers other than ORC Java. */
const WRITER_VERSION = 6;
const SOFTWARE_VERSION = 'firehose-kit 0.1.0';
/** Footer.calendar: the deserializer's dates and timestamps are proleptic Gregorian. */
const PROLEPTIC_GREGORIAN = 2;

interface ResolvedOptions {
  readonly stripeSizeBytes: number;
  readonly blockSizeBytes: number;
  readonly rowIndexStride: number;
  readonly padding: boolean;
  readonly paddingTolerance: number;
  readonly compression: OrcCompression;
  readonly bloomColumns: readonly string[];
  readonly bloomFpp: number;
  readonly dictionaryKeyThreshold: number;
  readonly formatVersion: OrcFormatVersion;
  readonly compressionBlockSize: number;
}

/** Checks options once: unknown names and values outside Firehose's ranges throw `FormatOptionError` naming the option and the range. */
export function resolveOrcOptions(options: OrcSerDeOptions = {}, tuning: OrcWriterTuning = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new FormatOptionError(NAME, 'options', 'must be an object', 'Pass OrcSerDe options such as { Compression: "SNAPPY" }.');
  }
  for (const key of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      throw new FormatOptionError(NAME, key, 'is not an OrcSerDe option', `Known options: ${OPTION_NAMES.join(', ')} (names as in Firehose's API, case-sensitive).`);
    }
  }
  const stripeSizeBytes = tuning.stripeSizeBytes ?? integer('StripeSizeBytes', options.StripeSizeBytes ?? 64 * MIB, 8 * MIB, MAX_INT32);
  const blockSizeBytes = tuning.blockSizeBytes ?? integer('BlockSizeBytes', options.BlockSizeBytes ?? 256 * MIB, 64 * MIB, MAX_INT32);
  const rowIndexStride = tuning.rowIndexStride ?? integer('RowIndexStride', options.RowIndexStride ?? 10_000, 1_000, MAX_INT32);
  const padding = options.EnablePadding ?? false;
  if (typeof padding !== 'boolean') throw new FormatOptionError(NAME, 'EnablePadding', `is ${typeof padding}`, 'Use true or false.');
  const paddingTolerance = proportion('PaddingTolerance', options.PaddingTolerance ?? 0.05, true);
  const compression = oneOf('Compression', options.Compression ?? 'SNAPPY', ORC_COMPRESSIONS);
  const bloomFpp = proportion('BloomFilterFalsePositiveProbability', options.BloomFilterFalsePositiveProbability ?? 0.05, false);
  const dictionaryKeyThreshold = proportion('DictionaryKeyThreshold', options.DictionaryKeyThreshold ?? 0.8, true);
  const formatVersion = oneOf('FormatVersion', options.FormatVersion ?? 'V0_12', ORC_FORMAT_VERSIONS);
  const bloomColumns = options.BloomFilterColumns ?? [];
  if (!Array.isArray(bloomColumns) || bloomColumns.some((c) => typeof c !== 'string' || c.length === 0 || /\s/.test(c))) {
    throw new FormatOptionError(NAME, 'BloomFilterColumns', 'must be a list of column names', 'List top-level column names without whitespace, e.g. ["user_id"].');
  }
  const compressionBlockSize = tuning.compressionBlockSize ?? COMPRESSION_BLOCK_SIZE;
  if (!Number.isInteger(compressionBlockSize) || compressionBlockSize < 1 || compressionBlockSize > MAX_CHUNK_BYTES) {
    throw new FormatOptionError(NAME, 'compressionBlockSize', `is ${compressionBlockSize}`, `Use an integer from 1 to ${MAX_CHUNK_BYTES}.`);
  }
  for (const [name, value] of [
    ['stripeSizeBytes', stripeSizeBytes],
    ['blockSizeBytes', blockSizeBytes],
    ['rowIndexStride', rowIndexStride],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new FormatOptionError(NAME, name, `is ${value}`, 'Use a positive integer.');
  }
  return { stripeSizeBytes, blockSizeBytes, rowIndexStride, padding, paddingTolerance, compression, bloomColumns, bloomFpp, dictionaryKeyThreshold, formatVersion, compressionBlockSize };
}

function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new FormatOptionError(NAME, option, `is ${typeof value === 'string' ? `'${value}'` : typeof value}`, `Use one of: ${allowed.map((a) => `'${a}'`).join(', ')}.`);
}

function integer(option: string, value: unknown, min: number, max: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  throw new FormatOptionError(NAME, option, `is ${typeof value === 'number' ? String(value) : typeof value}`, `Firehose allows an integer from ${min} to ${max}.`);
}

function proportion(option: string, value: unknown, closed: boolean): number {
  if (typeof value === 'number' && (closed ? value >= 0 && value <= 1 : value > 0 && value < 1)) return value;
  const range = closed ? 'from 0 to 1' : 'between 0 and 1 (exclusive: a bloom filter needs 0 < p < 1)';
  throw new FormatOptionError(NAME, option, `is ${typeof value === 'number' ? String(value) : typeof value}`, `Use a number ${range}.`);
}

/** Creates a writer that returns the whole file from `close()`. */
export function createOrcWriter(columns: readonly GlueColumn[], options: OrcSerDeOptions = {}, tuning: OrcWriterTuning = {}): OrcWriter {
  const chunks: Uint8Array[] = [];
  const stream = createOrcStreamWriter(columns, options, { write: (chunk) => chunks.push(chunk) }, tuning);
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

/** Creates a writer that hands each finished stripe, then the file tail, to `output`. */
export function createOrcStreamWriter(columns: readonly GlueColumn[], options: OrcSerDeOptions, output: OrcOutput, tuning: OrcWriterTuning = {}): OrcStreamWriter {
  const resolved = resolveOrcOptions(options, tuning);
  checkColumns(columns);
  const names = columns.map((c) => c.name.toLowerCase());
  const bloomIds = new Set<number>();
  const budget = { bytes: 0 };
  const settings: ColumnSettings = {
    v2: resolved.formatVersion === 'V0_12',
    dictionaryKeyThreshold: resolved.dictionaryKeyThreshold,
    budget,
    bloomColumns: bloomIds,
    bloomFalsePositiveProbability: resolved.bloomFpp,
    rowIndexStride: resolved.rowIndexStride,
  };
  const root = buildRootWriter(columns, settings);
  for (const name of resolved.bloomColumns) {
    const index = names.indexOf(name.toLowerCase());
    if (index < 0) throw new FormatOptionError(NAME, 'BloomFilterColumns', `names '${name}', which is not a column`, `Use top-level column names: ${names.join(', ')}.`);
    bloomIds.add((root.children[index] as ColumnWriter).id);
  }
  // Bloom filters were sized at construction: rebuild the tree now that the ids are known.
  const tree = bloomIds.size > 0 ? buildRootWriter(columns, settings) : root;
  return new StreamWriter(tree, resolved, output, budget);
}

function checkColumns(columns: readonly GlueColumn[]): void {
  if (!Array.isArray(columns) || columns.length === 0) throw new OrcSchemaError('(table)', 'the table has no columns', 'Give the Glue table at least one column.');
  const seen = new Set<string>();
  for (const column of columns) {
    const key = column.name.toLowerCase();
    if (key.length === 0) throw new OrcSchemaError(column.name, 'the name is empty', 'Name every column.');
    if (seen.has(key)) throw new OrcSchemaError(column.name, 'two columns have this name (names are case-insensitive)', 'Rename one of them.');
    seen.add(key);
  }
}

class StreamWriter implements OrcStreamWriter {
  private readonly writers: ColumnWriter[];
  /** The row being written, as its columns' cells (reused). */
  private readonly cells: (CellValue | undefined)[];
  private readonly stripes: StripeInformation[] = [];
  private readonly stripeStats: StripeStatistics[] = [];
  private readonly fileStats: ColumnStatisticsAccumulator[];
  private position = 0;
  private rows = 0;
  private rowsInStripe = 0;
  private rowsInGroup = 0;
  private closed = false;
  /** Stripe size for the next stripe (smaller than StripeSizeBytes when padding fits one into a block). */
  private stripeTarget: number;

  constructor(
    private readonly root: StructWriter,
    private readonly options: ResolvedOptions,
    private readonly output: OrcOutput,
    private readonly budget: { bytes: number },
  ) {
    this.writers = flattenWriters(root);
    this.cells = new Array<CellValue | undefined>(root.children.length).fill(undefined);
    this.fileStats = this.writers.map((w) => new ColumnStatisticsAccumulator(kindOf(w), scaleOf(w)));
    this.stripeTarget = options.stripeSizeBytes;
    this.emit(MAGIC.slice());
  }

  get rowCount(): number {
    return this.rows;
  }

  get bufferedBytes(): number {
    return this.budget.bytes;
  }

  write(row: Row): void {
    if (this.closed) throw new OrcWriterClosedError();
    if (typeof row !== 'object' || row === null || Array.isArray(row) || row instanceof Map || row instanceof Uint8Array) {
      throw new OrcRowError('(row)', 'an object with one property per column', row === null ? 'null' : typeof row);
    }
    const cells = this.cells;
    this.root.readFields(row, cells);
    this.addRow(cells);
  }

  writeCells(cells: readonly CellValue[]): void {
    if (this.closed) throw new OrcWriterClosedError();
    if (!Array.isArray(cells) || cells.length !== this.cells.length) {
      throw new OrcRowError('(row)', `an array of ${this.cells.length} cells, one per column`, Array.isArray(cells) ? `an array of ${cells.length} items` : cells === null ? 'null' : typeof cells);
    }
    this.addRow(cells);
  }

  private addRow(cells: readonly (CellValue | undefined)[]): void {
    // Check the whole row first, so that a bad row leaves every column as it was.
    this.root.checkCells(cells);
    if (this.rowsInGroup === 0) this.root.beginRowGroup();
    this.root.addCells(cells);
    this.rows++;
    this.rowsInStripe++;
    if (++this.rowsInGroup === this.options.rowIndexStride) {
      this.root.endRowGroup();
      this.rowsInGroup = 0;
    }
    if (this.budget.bytes >= this.stripeTarget) this.flushStripe();
  }

  close(): OrcFileSummary {
    if (this.closed) throw new OrcWriterClosedError();
    this.closed = true;
    if (this.rowsInStripe > 0) this.flushStripe();
    const { compression, compressionBlockSize } = this.options;
    const contentLength = this.position;
    const metadata = compressSection(MetadataCodec.encode({ stripeStats: this.stripeStats }), compression, compressionBlockSize);
    this.emit(metadata);
    const footer = compressSection(
      FooterCodec.encode({
        headerLength: MAGIC.length,
        contentLength,
        stripes: this.stripes,
        types: this.root.types(),
        numberOfRows: this.rows,
        statistics: this.fileStats.map((s) => s.toProto()),
        rowIndexStride: this.options.rowIndexStride,
        calendar: PROLEPTIC_GREGORIAN,
        softwareVersion: SOFTWARE_VERSION,
      }),
      compression,
      compressionBlockSize,
    );
    this.emit(footer);
    const postscript = PostScriptCodec.encode({
      footerLength: footer.length,
      compression: compressionKindOf(compression),
      compressionBlockSize,
      version: this.options.formatVersion === 'V0_12' ? [0, 12] : [0, 11],
      metadataLength: metadata.length,
      writerVersion: WRITER_VERSION,
      magic: 'ORC',
    });
    this.emit(postscript);
    this.emit(new Uint8Array([postscript.length]));
    return { rows: this.rows, stripes: this.stripes.length, bytes: this.position };
  }

  private emit(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.output.write(bytes);
    this.position += bytes.length;
  }

  /** Encodes the buffered stripe (specification "Stripes"): index streams, data streams, stripe footer. */
  private flushStripe(): void {
    if (this.rowsInGroup > 0) {
      this.root.endRowGroup();
      this.rowsInGroup = 0;
    }
    const { compression, compressionBlockSize } = this.options;
    const indexParts: Uint8Array[] = [];
    const dataParts: Uint8Array[] = [];
    const indexStreams: Stream[] = [];
    const dataStreams: Stream[] = [];
    const encodings: ColumnEncoding[] = [];
    const stripeColumnStats: ColumnStatistics[] = [];
    let indexLength = 0;
    let dataLength = 0;
    for (const writer of this.writers) {
      const encoded = writer.encodeStripe();
      encodings.push(encoded.encoding);
      const entries = writer.rowGroupStats.map(() => [] as number[]);
      for (const stream of encoded.streams) {
        const valueStream = stream.kind === StreamKind.DATA || stream.kind === StreamKind.DICTIONARY_DATA;
        const compressed = compressStream(stream.bytes, compression, compressionBlockSize, valueStream ? ZLIB_FOR_VALUES : ZLIB_FOR_LENGTHS);
        if (stream.positions !== undefined) addPositions(entries, stream, compressed.chunkStarts, compression !== 'NONE', compressionBlockSize);
        dataParts.push(...compressed.parts);
        dataStreams.push({ kind: stream.kind, column: writer.id, length: compressed.length });
        dataLength += compressed.length;
      }
      const stripeStats = new ColumnStatisticsAccumulator(kindOf(writer), scaleOf(writer));
      for (const group of writer.rowGroupStats) stripeStats.merge(group);
      stripeColumnStats.push(stripeStats.toProto());
      (this.fileStats[writer.id] as ColumnStatisticsAccumulator).merge(stripeStats);
      const index = compressSection(
        RowIndexCodec.encode({ entry: entries.map((positions, g) => ({ positions, statistics: (writer.rowGroupStats[g] as ColumnStatisticsAccumulator).toProto() })) }),
        compression,
        compressionBlockSize,
        ZLIB_FOR_LENGTHS,
      );
      indexParts.push(index);
      indexStreams.push({ kind: StreamKind.ROW_INDEX, column: writer.id, length: index.length });
      indexLength += index.length;
      if (writer.bloom !== undefined) {
        const bloom = compressSection(
          BloomFilterIndexCodec.encode({ bloomFilter: writer.rowGroupBlooms.map((b) => ({ numHashFunctions: b.numHashFunctions, utf8bitset: b.bytes })) }),
          compression,
          compressionBlockSize,
          ZLIB_FOR_VALUES,
        );
        indexParts.push(bloom);
        indexStreams.push({ kind: StreamKind.BLOOM_FILTER_UTF8, column: writer.id, length: bloom.length });
        indexLength += bloom.length;
      }
    }
    const footer = compressSection(StripeFooterCodec.encode({ streams: [...indexStreams, ...dataStreams], columns: encodings, writerTimezone: 'UTC' }), compression, compressionBlockSize);
    const stripeLength = indexLength + dataLength + footer.length;
    this.padBeforeStripe(stripeLength);
    this.stripes.push({ offset: this.position, indexLength, dataLength, footerLength: footer.length, numberOfRows: this.rowsInStripe });
    this.stripeStats.push({ colStats: stripeColumnStats });
    for (const part of indexParts) this.emit(part);
    for (const part of dataParts) this.emit(part);
    this.emit(footer);
    this.root.resetStripe();
    this.rowsInStripe = 0;
    this.budget.bytes = 0;
    this.planNextStripe();
  }

  /**
   * EnablePadding (Firehose's OrcSerDe documentation, "PaddingTolerance"): a stripe that would cross a
   * BlockSizeBytes boundary starts on the next block when the space left is within PaddingTolerance ×
   * StripeSizeBytes; the gap is zeros.
   */
  private padBeforeStripe(stripeLength: number): void {
    const { padding, blockSizeBytes, paddingTolerance, stripeSizeBytes } = this.options;
    if (!padding) return;
    const left = blockSizeBytes - (this.position % blockSizeBytes);
    if (stripeLength > left && left <= paddingTolerance * stripeSizeBytes) this.emit(new Uint8Array(left));
  }

  /** With padding, when more than the tolerance is left in the block, the next stripe is made to fit it. */
  private planNextStripe(): void {
    const { padding, blockSizeBytes, paddingTolerance, stripeSizeBytes } = this.options;
    this.stripeTarget = stripeSizeBytes;
    if (!padding) return;
    const left = blockSizeBytes - (this.position % blockSizeBytes);
    if (left < stripeSizeBytes && left > paddingTolerance * stripeSizeBytes) this.stripeTarget = left;
  }
}

function kindOf(writer: ColumnWriter): ConstructorParameters<typeof ColumnStatisticsAccumulator>[0] {
  return writer.statisticsKindName;
}

function scaleOf(writer: ColumnWriter): number {
  return writer.statisticsScale;
}

/**
 * Appends a stream's positions to each row-group entry: with compression the byte offset becomes (start
 * of its compression chunk in the stored stream, offset inside the uncompressed chunk); then the RLE
 * counts follow unchanged (specification "Row Group Index").
 */
function addPositions(entries: number[][], stream: EncodedStream, chunkStarts: readonly number[], compressed: boolean, blockSize: number): void {
  const positions = stream.positions as readonly number[][];
  positions.forEach((position, g) => {
    const entry = entries[g];
    if (entry === undefined) return;
    const [offset, ...rest] = position as [number, ...number[]];
    if (compressed) {
      const chunk = Math.floor(offset / blockSize);
      entry.push(chunkStarts[chunk] ?? chunkStarts[chunkStarts.length - 1] ?? 0, offset - chunk * blockSize, ...rest);
    } else entry.push(offset, ...rest);
  });
}
