/**
 * Encodes the buffered cells of one leaf column into a column chunk: an optional dictionary page, then
 * data pages (V1 or V2), each compressed, plus the chunk's statistics and metadata.
 *
 * Page layouts follow apache/parquet-format README "Data Pages" and parquet.thrift `DataPageHeader` /
 * `DataPageHeaderV2`:
 * - V1 (DATA_PAGE): repetition levels, definition levels (each RLE hybrid with a 4-byte length prefix,
 *   present only when the column's max level is above 0), then the values; the whole body is compressed.
 * - V2 (DATA_PAGE_V2): the same levels without length prefixes and never compressed, then the values,
 *   compressed alone; the header carries num_nulls, num_rows and the level byte lengths. Pages start at
 *   row boundaries (repetition level 0), as V2 requires and V1 readers prefer.
 * Values are PLAIN (Encodings.md "Plain") or dictionary indices (Encodings.md "Dictionary Encoding": one
 * byte of bit width, then the RLE hybrid). V1 files use PLAIN_DICTIONARY for the dictionary and data pages
 * as parquet-mr's V1 writer (Firehose's) does; V2 files use PLAIN for the dictionary page and RLE_DICTIONARY.
 */
import { endianness } from 'node:os';
import { ParquetByteWriter } from './parquetByteWriter.js';
import { bitWidthOf, writeHybrid } from './parquetEncoding.js';
import type { LeafStorage } from './parquetSchema.js';
import type { LeafBuffer } from './parquetShred.js';
import {
  CompressionCodec,
  Encoding,
  PageType,
  writePageHeader,
  type ColumnMetaData,
  type PageEncodingStats,
  type Statistics,
} from './parquetThrift.js';

export interface ColumnChunkSettings {
  readonly codec: CompressionCodec;
  readonly compress: (bytes: Uint8Array) => Uint8Array;
  /** Target uncompressed size of a data page. */
  readonly pageSizeBytes: number;
  readonly dictionary: boolean;
  /** Largest dictionary (PLAIN-encoded bytes) before the chunk falls back to PLAIN. */
  readonly dictionaryPageSizeBytes: number;
  readonly writerVersion: 'V1' | 'V2';
}

/** Scratch buffers reused for every chunk of a writer. */
export class ColumnChunkScratch {
  readonly page = new ParquetByteWriter(1 << 20);
  readonly levels = new ParquetByteWriter(64 * 1024);
  readonly chunk = new ParquetByteWriter(1 << 20);
}

export interface EncodedColumnChunk {
  /** Dictionary page (if any) and data pages, headers included. */
  readonly bytes: Uint8Array;
  /** Metadata for the footer, given the file offset at which `bytes` is written. */
  readonly metadata: (fileOffset: number) => ColumnMetaData;
  readonly uncompressedSize: number;
}

/** Dictionaries larger than this many entries fall back to PLAIN (keeps index bit widths ≤ 20). */
const MAX_DICTIONARY_ENTRIES = 1 << 20;
/** Statistics bounds longer than this are left out rather than bloating the footer. */
const MAX_STATISTICS_BYTES = 1024;
const LITTLE_ENDIAN = endianness() === 'LE';
const NEGATIVE_ZERO_KEY = '-0';

export interface Dictionary {
  /** The distinct values in first-seen order; for strings and binaries, the index of each one's first occurrence in the buffer. */
  readonly values: unknown[];
  readonly indices: Int32Array;
  readonly bitWidth: number;
}

interface PageRange {
  readonly levelStart: number;
  readonly levelEnd: number;
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly rows: number;
}

export function encodeColumnChunk(buffer: LeafBuffer, settings: ColumnChunkSettings, scratch: ColumnChunkScratch): EncodedColumnChunk {
  buffer.encodePending();
  const leaf = buffer.leaf;
  const v1 = settings.writerVersion === 'V1';
  const dictionary = settings.dictionary ? buildDictionary(buffer, settings.dictionaryPageSizeBytes) : undefined;
  const valueEncoding = dictionary === undefined ? Encoding.PLAIN : v1 ? Encoding.PLAIN_DICTIONARY : Encoding.RLE_DICTIONARY;
  const out = scratch.chunk;
  out.reset();
  let uncompressedSize = 0;
  let dictionaryPageOffset: number | undefined;
  const encodingStats: PageEncodingStats[] = [];

  if (dictionary !== undefined) {
    const page = scratch.page;
    page.reset();
    writePlainList(page, buffer, dictionary.values);
    const body = page.written();
    const compressed = settings.codec === CompressionCodec.UNCOMPRESSED ? body : settings.compress(body);
    dictionaryPageOffset = out.length;
    const headerStart = out.length;
    writePageHeader(out, {
      type: PageType.DICTIONARY_PAGE,
      uncompressedPageSize: body.byteLength,
      compressedPageSize: compressed.byteLength,
      dictionaryPageHeader: { numValues: dictionary.values.length, encoding: v1 ? Encoding.PLAIN_DICTIONARY : Encoding.PLAIN },
    });
    uncompressedSize += out.length - headerStart + body.byteLength;
    out.writeBytes(compressed);
    encodingStats.push({ pageType: PageType.DICTIONARY_PAGE, encoding: v1 ? Encoding.PLAIN_DICTIONARY : Encoding.PLAIN, count: 1 });
  }

  const dataPageOffset = out.length;
  const pages = splitPages(buffer, settings.pageSizeBytes, dictionary);
  for (const range of pages) {
    uncompressedSize += writeDataPage(buffer, range, dictionary, valueEncoding, settings, scratch);
  }
  encodingStats.push({ pageType: v1 ? PageType.DATA_PAGE : PageType.DATA_PAGE_V2, encoding: valueEncoding, count: pages.length });

  const bytes = out.toBytes();
  const statistics = computeStatistics(buffer, dictionary);
  const encodings: Encoding[] = dictionary === undefined ? [Encoding.PLAIN, Encoding.RLE] : v1 ? [Encoding.PLAIN_DICTIONARY, Encoding.RLE] : [Encoding.PLAIN, Encoding.RLE, Encoding.RLE_DICTIONARY];
  return {
    bytes,
    uncompressedSize,
    metadata: (fileOffset) => ({
      type: leaf.physicalType,
      encodings,
      pathInSchema: leaf.path,
      codec: settings.codec,
      numValues: buffer.levelCount,
      totalUncompressedSize: uncompressedSize,
      totalCompressedSize: bytes.byteLength,
      dataPageOffset: fileOffset + dataPageOffset,
      ...(dictionaryPageOffset === undefined ? {} : { dictionaryPageOffset: fileOffset + dictionaryPageOffset }),
      ...(statistics === undefined ? {} : { statistics }),
      encodingStats,
    }),
  };
}

/** Cuts the chunk into pages of about `pageSizeBytes` (estimated encoded size), at row boundaries. */
function splitPages(buffer: LeafBuffer, pageSizeBytes: number, dictionary: Dictionary | undefined): PageRange[] {
  const leaf = buffer.leaf;
  const levelBits = bitWidthOf(leaf.maxDefinitionLevel) + bitWidthOf(leaf.maxRepetitionLevel);
  const fixedValueBits = dictionary !== undefined ? dictionary.bitWidth : fixedPlainBits(leaf.storage, leaf.typeLength);
  const maxDef = leaf.maxDefinitionLevel;
  const defs = buffer.defs;
  const reps = buffer.reps;
  const repeated = leaf.maxRepetitionLevel > 0;
  const pages: PageRange[] = [];
  const pageBits = pageSizeBytes * 8;

  if (!repeated && fixedValueBits >= 0) {
    // Flat fixed-width column: every level is a row, so a page is a fixed number of rows.
    const rowsPerPage = Math.max(1, Math.floor(pageBits / (levelBits + fixedValueBits)));
    let valueStart = 0;
    for (let levelStart = 0; levelStart < buffer.levelCount || pages.length === 0; levelStart += rowsPerPage) {
      const levelEnd = Math.min(buffer.levelCount, levelStart + rowsPerPage);
      let valueEnd = valueStart;
      for (let i = levelStart; i < levelEnd; i++) if (defs[i] === maxDef) valueEnd++;
      pages.push({ levelStart, levelEnd, valueStart, valueEnd, rows: levelEnd - levelStart });
      valueStart = valueEnd;
    }
    return pages;
  }

  // Strings and binaries (the only variable-width storage): value v takes offsets[v + 1] - offsets[v] bytes.
  const offsets = buffer.offsets;
  if (!repeated) {
    // Flat strings or binaries: a row is a level.
    let levelStart = 0;
    let valueStart = 0;
    let value = 0;
    let bits = 0;
    for (let i = 0; i < buffer.levelCount; i++) {
      if (bits >= pageBits && i > levelStart) {
        pages.push({ levelStart, levelEnd: i, valueStart, valueEnd: value, rows: i - levelStart });
        levelStart = i;
        valueStart = value;
        bits = 0;
      }
      bits += levelBits;
      if (defs[i] === maxDef) {
        bits += 32 + 8 * (offsets[value + 1]! - offsets[value]!);
        value++;
      }
    }
    pages.push({ levelStart, levelEnd: buffer.levelCount, valueStart, valueEnd: value, rows: buffer.levelCount - levelStart });
    return pages;
  }

  let levelStart = 0;
  let valueStart = 0;
  let value = 0;
  let rows = 0;
  let bits = 0;
  for (let i = 0; i < buffer.levelCount; i++) {
    const rowStart = !repeated || reps[i] === 0;
    if (rowStart && i > levelStart && bits >= pageBits) {
      pages.push({ levelStart, levelEnd: i, valueStart, valueEnd: value, rows });
      levelStart = i;
      valueStart = value;
      rows = 0;
      bits = 0;
    }
    if (rowStart) rows++;
    bits += levelBits;
    if (defs[i] === maxDef) {
      if (fixedValueBits >= 0) bits += fixedValueBits;
      else bits += 32 + 8 * (offsets[value + 1]! - offsets[value]!);
      value++;
    }
  }
  if (buffer.levelCount > 0 || pages.length === 0) {
    pages.push({ levelStart, levelEnd: buffer.levelCount, valueStart, valueEnd: value, rows });
  }
  return pages;
}

/** Bits per PLAIN value of fixed-width storage, or -1 for variable-width (strings, binary). */
function fixedPlainBits(storage: LeafStorage, typeLength: number): number {
  switch (storage) {
    case 'boolean':
      return 1;
    case 'int32':
    case 'float':
      return 32;
    case 'int64':
    case 'double':
    case 'timestamp':
      return 64;
    case 'int96':
      return 96;
    case 'decimal':
      return typeLength * 8;
    default:
      return -1;
  }
}

/** Writes one data page (header and compressed body) to `scratch.chunk`; returns its uncompressed size. */
function writeDataPage(
  buffer: LeafBuffer,
  range: PageRange,
  dictionary: Dictionary | undefined,
  valueEncoding: Encoding,
  settings: ColumnChunkSettings,
  scratch: ColumnChunkScratch,
): number {
  const leaf = buffer.leaf;
  const out = scratch.chunk;
  const page = scratch.page;
  const levels = scratch.levels;
  const v1 = settings.writerVersion === 'V1';
  const numValues = range.levelEnd - range.levelStart;
  page.reset();
  levels.reset();

  // Levels: into `page` for V1 (compressed with the values), into `levels` for V2 (kept uncompressed).
  const levelOut = v1 ? page : levels;
  let repLength = 0;
  let defLength = 0;
  if (leaf.maxRepetitionLevel > 0) {
    repLength = writeLevels(levelOut, buffer.reps, range, bitWidthOf(leaf.maxRepetitionLevel), v1);
  }
  if (leaf.maxDefinitionLevel > 0) {
    defLength = writeLevels(levelOut, buffer.defs, range, bitWidthOf(leaf.maxDefinitionLevel), v1);
  }

  const valuesStart = page.length;
  if (dictionary !== undefined) {
    page.writeByte(dictionary.bitWidth);
    writeHybrid(page, dictionary.indices, range.valueStart, range.valueEnd, dictionary.bitWidth);
  } else {
    writePlainRange(page, buffer, range.valueStart, range.valueEnd);
  }

  const compressing = settings.codec !== CompressionCodec.UNCOMPRESSED;
  const headerStart = out.length;
  if (v1) {
    const body = page.written();
    const compressed = compressing ? settings.compress(body) : body;
    writePageHeader(out, {
      type: PageType.DATA_PAGE,
      uncompressedPageSize: body.byteLength,
      compressedPageSize: compressed.byteLength,
      dataPageHeader: { numValues, encoding: valueEncoding, definitionLevelEncoding: Encoding.RLE, repetitionLevelEncoding: Encoding.RLE },
    });
    const headerLength = out.length - headerStart;
    out.writeBytes(compressed);
    return headerLength + body.byteLength;
  }
  const valueBytes = page.written().subarray(valuesStart);
  const compressed = compressing ? settings.compress(valueBytes) : valueBytes;
  const levelBytes = levels.written();
  writePageHeader(out, {
    type: PageType.DATA_PAGE_V2,
    uncompressedPageSize: levelBytes.byteLength + valueBytes.byteLength,
    compressedPageSize: levelBytes.byteLength + compressed.byteLength,
    dataPageHeaderV2: {
      numValues,
      numNulls: numValues - (range.valueEnd - range.valueStart),
      numRows: range.rows,
      encoding: valueEncoding,
      definitionLevelsByteLength: defLength,
      repetitionLevelsByteLength: repLength,
      isCompressed: compressing,
    },
  });
  const headerLength = out.length - headerStart;
  out.writeBytes(levelBytes);
  out.writeBytes(compressed);
  return headerLength + levelBytes.byteLength + valueBytes.byteLength;
}

/** RLE-hybrid levels of a page; V1 prefixes their byte length (Encodings.md table). Returns the bytes written. */
function writeLevels(out: ParquetByteWriter, levels: Uint8Array, range: PageRange, bitWidth: number, lengthPrefix: boolean): number {
  const start = out.length;
  if (lengthPrefix) out.writeInt32(0);
  const dataStart = out.length;
  writeHybrid(out, levels, range.levelStart, range.levelEnd, bitWidth);
  if (lengthPrefix) out.writeUint32At(start, out.length - dataStart);
  return out.length - start;
}

/** PLAIN values `[start, end)` of the buffer (Encodings.md "Plain"). */
function writePlainRange(out: ParquetByteWriter, buffer: LeafBuffer, start: number, end: number): void {
  const count = end - start;
  switch (buffer.leaf.storage) {
    case 'boolean': {
      // Bit-packed, LSB first.
      const bytes = (count + 7) >> 3;
      out.ensure(bytes);
      const target = out.buffer;
      const bools = buffer.bools;
      let position = out.length;
      for (let i = start; i < end; i += 8) {
        let byte = 0;
        const stop = Math.min(8, end - i);
        for (let bit = 0; bit < stop; bit++) byte |= bools[i + bit]! << bit;
        target[position++] = byte;
      }
      out.length = position;
      return;
    }
    case 'int32':
      return copyTyped(out, buffer.ints, start, end, 4, (o, v) => o.writeInt32(v));
    case 'float':
      return copyTyped(out, buffer.floats, start, end, 4, (o, v) => o.writeFloat32(v));
    case 'double':
      return copyTyped(out, buffer.doubles, start, end, 8, (o, v) => o.writeFloat64(v));
    case 'int64':
    case 'timestamp':
      return copyTyped(out, buffer.longs, start, end, 8, (o, v) => o.writeBigInt64(v));
    case 'int96':
      for (let i = start; i < end; i++) writeInt96(out, buffer.ints[i]!, buffer.nanosOfDay[i]!);
      return;
    case 'string':
    case 'binary':
      writePlainByteRanges(out, buffer, start, end);
      return;
    case 'decimal': {
      const width = buffer.leaf.typeLength;
      out.ensure(width * count);
      if (buffer.decimalsInLongs) {
        const words = buffer.longs32;
        const target = out.buffer;
        let position = out.length;
        for (let i = start; i < end; i++) {
          writeDecimalWords(target, position, words[2 * i]!, words[2 * i + 1]!, width);
          position += width;
        }
        out.length = position;
        return;
      }
      const decimals = buffer.objects;
      for (let i = start; i < end; i++) {
        writeDecimalAt(out.buffer, out.length, decimals[i]!, width);
        out.length += width;
      }
      return;
    }
  }
}

/**
 * PLAIN BYTE_ARRAY values `[start, end)` of a string or binary column: each one's 4-byte little-endian
 * length, then its bytes, copied from the column's byte store.
 */
function writePlainByteRanges(out: ParquetByteWriter, buffer: LeafBuffer, start: number, end: number): void {
  const offsets = buffer.offsets;
  const source = buffer.bytes;
  out.ensure(offsets[end]! - offsets[start]! + 4 * (end - start));
  const target = out.buffer;
  let position = out.length;
  for (let i = start; i < end; i++) {
    const from = offsets[i]!;
    const to = offsets[i + 1]!;
    const length = to - from;
    target[position] = length & 0xff;
    target[position + 1] = (length >>> 8) & 0xff;
    target[position + 2] = (length >>> 16) & 0xff;
    target[position + 3] = length >>> 24;
    position += 4;
    // Short values copy faster byte by byte than through a native call.
    if (length < 32) {
      for (let k = 0; k < length; k++) target[position + k] = source[from + k]!;
    } else {
      source.copy(target, position, from, to);
    }
    position += length;
  }
  out.length = position;
}

/**
 * Unsigned byte order of two values of a byte store, as memcmp (shorter first on a common prefix).
 * Compared four bytes at a time as big-endian words: values often share long prefixes (user agents,
 * URLs), and a loop of word loads beats a native call per comparison.
 */
function compareRanges(view: DataView, bytes: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): number {
  const n = Math.min(aEnd - a, bEnd - b);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const x = view.getUint32(a + k);
    const y = view.getUint32(b + k);
    if (x !== y) return x < y ? -1 : 1;
  }
  for (; k < n; k++) {
    const d = bytes[a + k]! - bytes[b + k]!;
    if (d !== 0) return d;
  }
  return aEnd - a - (bEnd - b);
}

/** Copies a typed array's little-endian bytes (or writes value by value on a big-endian machine). */
function copyTyped<T extends Int32Array | Float32Array | Float64Array | BigInt64Array>(
  out: ParquetByteWriter,
  array: T,
  start: number,
  end: number,
  width: number,
  writeOne: (out: ParquetByteWriter, value: T[number]) => void,
): void {
  if (LITTLE_ENDIAN) {
    const bytes = new Uint8Array(array.buffer, array.byteOffset + start * width, (end - start) * width);
    out.writeBytes(bytes);
    return;
  }
  for (let i = start; i < end; i++) writeOne(out, array[i] as T[number]);
}

const int96View = new DataView(new ArrayBuffer(12));

/** INT96 timestamp: 8 bytes little-endian nanoseconds within the day, then 4 bytes little-endian Julian day. */
function writeInt96(out: ParquetByteWriter, julianDay: number, nanosOfDay: number): void {
  int96View.setUint32(0, nanosOfDay % 0x1_0000_0000, true);
  int96View.setUint32(4, Math.floor(nanosOfDay / 0x1_0000_0000), true);
  int96View.setInt32(8, julianDay, true);
  out.writeBytes(new Uint8Array(int96View.buffer));
}

const decimalView = new DataView(new ArrayBuffer(16));
const decimalBytes = new Uint8Array(decimalView.buffer);
const decimal64 = new BigInt64Array(1);
const decimal32 = new Int32Array(decimal64.buffer);

/** DECIMAL as FIXED_LEN_BYTE_ARRAY: big-endian two's complement in `width` bytes (LogicalTypes.md "DECIMAL"). */
function writeDecimal(out: ParquetByteWriter, unscaled: bigint, width: number): void {
  out.ensure(width);
  writeDecimalAt(out.buffer, out.length, unscaled, width);
  out.length += width;
}

function writeDecimalAt(target: Uint8Array, at: number, unscaled: bigint, width: number): void {
  if (width <= 8 && LITTLE_ENDIAN) {
    // The value fits 64 bits (precision ≤ 18): take its two's complement words and write them big-endian.
    decimal64[0] = unscaled;
    writeDecimalWords(target, at, decimal32[0]!, decimal32[1]!, width);
    return;
  }
  decimalView.setBigInt64(0, unscaled >> 64n, false);
  decimalView.setBigUint64(8, BigInt.asUintN(64, unscaled), false);
  target.set(decimalBytes.subarray(16 - width), at);
}

/** A 64-bit two's complement value given as its (low, high) int32 words, written big-endian in `width` ≤ 8 bytes. */
function writeDecimalWords(target: Uint8Array, at: number, lowWord: number, highWord: number, width: number): void {
  let low = lowWord;
  let high = highWord;
  for (let i = width - 1; i >= 0; i--) {
    target[at + i] = low & 0xff;
    low = (low >>> 8) | ((high & 0xff) << 24);
    high >>= 8;
  }
}

/** PLAIN encoding of the dictionary's values. */
function writePlainList(out: ParquetByteWriter, buffer: LeafBuffer, values: readonly unknown[]): void {
  const storage = buffer.leaf.storage;
  if (storage === 'string' || storage === 'binary') {
    for (const index of values as number[]) writePlainByteRanges(out, buffer, index, index + 1);
    return;
  }
  for (const value of values) writePlainOne(out, storage, value, buffer.leaf.typeLength);
}

function writePlainOne(out: ParquetByteWriter, storage: LeafStorage, value: unknown, typeLength: number): void {
  switch (storage) {
    case 'int32':
      out.writeInt32(value as number);
      return;
    case 'float':
      out.writeFloat32(value as number);
      return;
    case 'double':
      out.writeFloat64(value as number);
      return;
    case 'int64':
    case 'timestamp':
      out.writeBigInt64(value as bigint);
      return;
    case 'decimal':
      writeDecimal(out, value as bigint, typeLength);
      return;
    default:
      throw new Error(`unreachable: no dictionary for ${storage}`);
  }
}

/**
 * Builds the chunk's dictionary, or returns undefined when dictionary encoding does not pay: booleans
 * and INT96, a dictionary over `maxBytes` or `MAX_DICTIONARY_ENTRIES`, or dictionary + indices not
 * smaller than PLAIN (the fallbacks of Encodings.md "Dictionary Encoding").
 */
export function buildDictionary(buffer: LeafBuffer, maxBytes: number): Dictionary | undefined {
  const storage = buffer.leaf.storage;
  if (storage === 'boolean' || storage === 'int96' || buffer.valueCount === 0) return undefined;
  const count = buffer.valueCount;
  if (count > DICTIONARY_SAMPLE && mostlyDistinct(buffer)) return undefined;
  if (storage === 'string' || storage === 'binary') return buildByteDictionary(buffer, maxBytes);
  const indices = new Int32Array(count);
  const values: unknown[] = [];
  let dictionaryBytes = 0;
  const fixedBytes = fixedPlainBits(storage, buffer.leaf.typeLength) / 8;
  const source = valueSource(buffer);
  const wordIds = WordIds.of(buffer);
  if (wordIds !== undefined) {
    for (let i = 0; i < count; i++) {
      const known = wordIds.size;
      const id = wordIds.idOf(i);
      if (id === known) {
        values.push(source(i));
        dictionaryBytes += fixedBytes;
        if (dictionaryBytes > maxBytes || values.length > MAX_DICTIONARY_ENTRIES) return undefined;
      }
      indices[i] = id;
    }
  } else {
    const index = new Map<unknown, number>();
    const keyOf = keySource(buffer);
    for (let i = 0; i < count; i++) {
      const key = keyOf(i);
      let id = index.get(key);
      if (id === undefined) {
        id = values.length;
        index.set(key, id);
        values.push(source(i));
        dictionaryBytes += fixedBytes;
        if (dictionaryBytes > maxBytes || values.length > MAX_DICTIONARY_ENTRIES) return undefined;
      }
      indices[i] = id;
    }
  }
  const bitWidth = Math.max(1, bitWidthOf(values.length - 1));
  if (dictionaryBytes + (count * bitWidth) / 8 >= fixedBytes * count) return undefined;
  return { values, indices, bitWidth };
}

/** buildDictionary for strings and binaries: values told apart by their bytes, through a ByteRangeIds table. */
function buildByteDictionary(buffer: LeafBuffer, maxBytes: number): Dictionary | undefined {
  const count = buffer.valueCount;
  const offsets = buffer.offsets;
  const ids = new ByteRangeIds(buffer);
  const indices = new Int32Array(count);
  let dictionaryBytes = 0;
  for (let i = 0; i < count; i++) {
    const known = ids.size;
    const id = ids.idOf(i);
    if (id === known) {
      dictionaryBytes += 4 + offsets[i + 1]! - offsets[i]!;
      if (dictionaryBytes > maxBytes || ids.size > MAX_DICTIONARY_ENTRIES) return undefined;
    }
    indices[i] = id;
  }
  const bitWidth = Math.max(1, bitWidthOf(ids.size - 1));
  if (dictionaryBytes + (count * bitWidth) / 8 >= 4 * count + offsets[count]!) return undefined;
  return { values: Array.from(ids.firsts.subarray(0, ids.size)), indices, bitWidth };
}

/**
 * Ids of the distinct values of a string or binary column, by content, in first-seen order: an
 * open-addressing hash table over the byte store (no JavaScript string per value). `firsts[id]` is the
 * index of the value's first occurrence.
 */
class ByteRangeIds {
  size = 0;
  firsts: Int32Array = new Int32Array(256);
  private hashes: Int32Array = new Int32Array(256);
  /** id + 1 per slot, 0 when empty; at most half full. */
  private slots: Int32Array = new Int32Array(1024);
  private readonly bytes: Uint8Array;
  private readonly offsets: Int32Array;
  private readonly view: DataView;

  constructor(buffer: LeafBuffer) {
    this.bytes = buffer.bytes;
    this.offsets = buffer.offsets;
    this.view = new DataView(buffer.bytes.buffer, buffer.bytes.byteOffset, buffer.bytes.byteLength);
  }

  /** The id of value i (a new one when its bytes were not seen before). */
  idOf(i: number): number {
    const offsets = this.offsets;
    const from = offsets[i]!;
    const to = offsets[i + 1]!;
    const hash = hashRange(this.view, this.bytes, from, to);
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === 0) break;
      const id = entry - 1;
      if (this.hashes[id] === hash) {
        const first = this.firsts[id]!;
        if (compareRanges(this.view, this.bytes, offsets[first]!, offsets[first + 1]!, from, to) === 0) return id;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    if (id === this.firsts.length) {
      this.firsts = grow32(this.firsts);
      this.hashes = grow32(this.hashes);
    }
    this.firsts[id] = i;
    this.hashes[id] = hash;
    slots[slot] = id + 1;
    if (this.size * 2 > slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

/**
 * Ids of the distinct values of a fixed-width column stored in 32-bit words (int32, float, and as word
 * pairs double, int64, timestamps and decimals of up to 18 digits), in first-seen order: an
 * open-addressing hash table over the words, with no JavaScript value per cell. Two values are the same
 * when their bits are, except that every NaN is one value (as a Map key: SameValueZero) while -0 and 0
 * stay apart (the Map path's '-0' key).
 */
class WordIds {
  size = 0;
  private lows: Int32Array = new Int32Array(256);
  private highs: Int32Array = new Int32Array(256);
  /** id + 1 per slot, 0 when empty; at most half full. */
  private slots: Int32Array = new Int32Array(1024);

  private constructor(
    private readonly words: Int32Array,
    private readonly pairs: boolean,
    private readonly nan: 'none' | 'float' | 'double',
  ) {}

  /** The table for the buffer's storage, or undefined (the Map path) for decimals kept as bigints and, on big-endian machines, for 8-byte values. */
  static of(buffer: LeafBuffer): WordIds | undefined {
    switch (buffer.leaf.storage) {
      case 'int32':
        return new WordIds(buffer.ints, false, 'none');
      case 'float':
        return new WordIds(new Int32Array(buffer.floats.buffer, buffer.floats.byteOffset, buffer.floats.length), false, 'float');
      case 'double':
        // Word pairs are read as (low, high): little-endian only, like int64 below.
        return LITTLE_ENDIAN ? new WordIds(new Int32Array(buffer.doubles.buffer, buffer.doubles.byteOffset, buffer.doubles.length * 2), true, 'double') : undefined;
      case 'int64':
      case 'timestamp':
        return LITTLE_ENDIAN ? new WordIds(buffer.longs32, true, 'none') : undefined;
      case 'decimal':
        return LITTLE_ENDIAN && buffer.decimalsInLongs ? new WordIds(buffer.longs32, true, 'none') : undefined;
      default:
        return undefined;
    }
  }

  /** The id of value i (a new one when its bits were not seen before). */
  idOf(i: number): number {
    let low: number;
    let high: number;
    if (this.pairs) {
      low = this.words[2 * i]!;
      high = this.words[2 * i + 1]!;
      if (this.nan === 'double' && ((high & 0x7fffffff) > 0x7ff00000 || ((high & 0x7fffffff) === 0x7ff00000 && low !== 0))) {
        low = 0;
        high = 0x7ff80000;
      }
    } else {
      low = this.words[i]!;
      high = 0;
      if (this.nan === 'float' && (low & 0x7fffffff) > 0x7f800000) low = 0x7fc00000;
    }
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = mixWords(low, high) & mask;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === 0) break;
      const id = entry - 1;
      if (this.lows[id] === low && this.highs[id] === high) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    if (id === this.lows.length) {
      this.lows = grow32(this.lows);
      this.highs = grow32(this.highs);
    }
    this.lows[id] = low;
    this.highs[id] = high;
    slots[slot] = id + 1;
    if (this.size * 2 > slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = mixWords(this.lows[id]!, this.highs[id]!) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

/** A 32-bit hash of two words: MurmurHash3's finalizer over their mix. */
function mixWords(low: number, high: number): number {
  let hash = low ^ Math.imul(high, 0x9e3779b1);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

function grow32(array: Int32Array): Int32Array {
  const next = new Int32Array(array.length * 2);
  next.set(array);
  return next;
}

/** MurmurHash3 (x86, 32-bit) of a byte range, read as little-endian words, seed 0. */
function hashRange(view: DataView, bytes: Uint8Array, from: number, to: number): number {
  let h = 0;
  let k = from;
  for (; k + 4 <= to; k += 4) {
    let w = Math.imul(view.getInt32(k, true), 0xcc9e2d51);
    w = Math.imul((w << 15) | (w >>> 17), 0x1b873593);
    h ^= w;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let tail = 0;
  for (let shift = 0; k < to; k++, shift += 8) tail |= bytes[k]! << shift;
  if (((to - from) & 3) !== 0) {
    tail = Math.imul(tail, 0xcc9e2d51);
    h ^= Math.imul((tail << 15) | (tail >>> 17), 0x1b873593);
  }
  h ^= to - from;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Values sampled before building a dictionary; a sample that is mostly distinct skips the dictionary. */
const DICTIONARY_SAMPLE = 2048;

/**
 * Whether more than half of the first DICTIONARY_SAMPLE values are distinct. Such a column (ids,
 * timestamps, measurements) would only fill a dictionary until it is abandoned: a dictionary holding half
 * the values plus the indices is not smaller than PLAIN. parquet-mr finds the same by trying.
 */
function mostlyDistinct(buffer: LeafBuffer): boolean {
  const storage = buffer.leaf.storage;
  if (storage === 'string' || storage === 'binary') {
    const ids = new ByteRangeIds(buffer);
    for (let i = 0; i < DICTIONARY_SAMPLE; i++) ids.idOf(i);
    return ids.size * 2 > DICTIONARY_SAMPLE;
  }
  const wordIds = WordIds.of(buffer);
  if (wordIds !== undefined) {
    for (let i = 0; i < DICTIONARY_SAMPLE; i++) wordIds.idOf(i);
    return wordIds.size * 2 > DICTIONARY_SAMPLE;
  }
  const keyOf = keySource(buffer);
  const seen = new Set<unknown>();
  for (let i = 0; i < DICTIONARY_SAMPLE; i++) seen.add(keyOf(i));
  return seen.size * 2 > DICTIONARY_SAMPLE;
}

/** The dictionary entry of value i: the value itself, or for strings and binaries its index in the buffer. */
function valueSource(buffer: LeafBuffer): (i: number) => unknown {
  switch (buffer.leaf.storage) {
    case 'int32':
      return (i) => buffer.ints[i];
    case 'float':
      return (i) => buffer.floats[i];
    case 'double':
      return (i) => buffer.doubles[i];
    case 'int64':
    case 'timestamp':
      return (i) => buffer.longs[i];
    case 'string':
    case 'binary':
      return (i) => i;
    default:
      return buffer.decimalsInLongs ? (i) => buffer.longs[i] : (i) => buffer.objects[i];
  }
}

/** The Map key of value i (fixed-width storage), equal for equal values only: -0 is not 0. */
function keySource(buffer: LeafBuffer): (i: number) => unknown {
  const storage = buffer.leaf.storage;
  const source = valueSource(buffer);
  if (storage === 'float' || storage === 'double') {
    return (i) => {
      const value = source(i);
      return Object.is(value, -0) ? NEGATIVE_ZERO_KEY : value;
    };
  }
  return source;
}

/**
 * Chunk statistics: null count always (parquet.thrift Statistics: "Writers SHOULD always write this
 * field"); min/max by the column's sort order (ColumnOrder TYPE_ORDER) where one is defined: signed for
 * integers, dates, timestamps and decimals, byte-wise for strings and binary; for floats nan_count is
 * written, bounds only for chunks without NaN, and zero bounds as -0 (min) and +0 (max). None for INT96.
 */
function computeStatistics(buffer: LeafBuffer, dictionary: Dictionary | undefined): Statistics | undefined {
  const leaf = buffer.leaf;
  const nullCount = buffer.levelCount - buffer.valueCount;
  const count = buffer.valueCount;
  const legacyMinMax = leaf.signedStatistics;
  if (count === 0 || leaf.storage === 'int96') return { nullCount };
  const min = new ParquetByteWriter(64);
  const max = new ParquetByteWriter(64);
  switch (leaf.storage) {
    case 'boolean': {
      let sawFalse = false;
      let sawTrue = false;
      for (let i = 0; i < count; i++) {
        if (buffer.bools[i] === 1) sawTrue = true;
        else sawFalse = true;
      }
      min.writeByte(sawFalse ? 0 : 1);
      max.writeByte(sawTrue ? 1 : 0);
      break;
    }
    case 'int32': {
      let lo = buffer.ints[0]!;
      let hi = lo;
      for (let i = 1; i < count; i++) {
        const v = buffer.ints[i]!;
        if (v < lo) lo = v;
        else if (v > hi) hi = v;
      }
      min.writeInt32(lo);
      max.writeInt32(hi);
      break;
    }
    case 'int64':
    case 'timestamp': {
      const [lo, hi] = int64Bounds(buffer.longs, count);
      min.writeBigInt64(lo);
      max.writeBigInt64(hi);
      break;
    }
    case 'float':
    case 'double': {
      const values = leaf.storage === 'float' ? buffer.floats : buffer.doubles;
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      let nanCount = 0;
      for (let i = 0; i < count; i++) {
        const v = values[i]!;
        if (v !== v) nanCount++;
        else {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      // With a NaN in the chunk, bounds are left out: the spec lets readers ignore NaN in min/max, but
      // DuckDB sorts NaN above every number and would prune row groups holding NaNs for `x > c`
      // (DuckDB's own writer leaves them out too).
      if (nanCount > 0) return { nullCount, nanCount };
      if (lo === 0) lo = -0;
      if (hi === 0) hi = 0;
      if (leaf.storage === 'float') {
        min.writeFloat32(lo);
        max.writeFloat32(hi);
      } else {
        min.writeFloat64(lo);
        max.writeFloat64(hi);
      }
      return { nullCount, nanCount, minValue: min.toBytes(), maxValue: max.toBytes(), legacyMinMax };
    }
    case 'string':
    case 'binary': {
      // Byte order (unsigned, as memcmp): UTF-8 byte order for strings. Over the dictionary's values when there is one.
      const bytes = buffer.bytes;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const offsets = buffer.offsets;
      const candidates = dictionary?.values as number[] | undefined;
      const n = candidates !== undefined ? candidates.length : count;
      let lo = candidates !== undefined ? candidates[0]! : 0;
      let hi = lo;
      for (let k = 1; k < n; k++) {
        const i = candidates !== undefined ? candidates[k]! : k;
        const from = offsets[i]!;
        const to = offsets[i + 1]!;
        if (compareRanges(view, bytes, from, to, offsets[lo]!, offsets[lo + 1]!) < 0) lo = i;
        else if (compareRanges(view, bytes, from, to, offsets[hi]!, offsets[hi + 1]!) > 0) hi = i;
      }
      if (offsets[lo + 1]! - offsets[lo]! > MAX_STATISTICS_BYTES || offsets[hi + 1]! - offsets[hi]! > MAX_STATISTICS_BYTES) return { nullCount };
      // Copies (a Buffer's slice() would be a view of the store, which the next row group overwrites).
      return { nullCount, minValue: new Uint8Array(bytes.subarray(offsets[lo]!, offsets[lo + 1]!)), maxValue: new Uint8Array(bytes.subarray(offsets[hi]!, offsets[hi + 1]!)) };
    }
    case 'decimal': {
      if (dictionary === undefined && buffer.decimalsInLongs) {
        const [lo, hi] = int64Bounds(buffer.longs, count);
        writeDecimal(min, lo, leaf.typeLength);
        writeDecimal(max, hi, leaf.typeLength);
        break;
      }
      const source = (dictionary?.values ?? buffer.objects) as bigint[];
      const n = dictionary !== undefined ? source.length : count;
      let lo = source[0]!;
      let hi = lo;
      for (let i = 1; i < n; i++) {
        const v = source[i]!;
        if (v < lo) lo = v;
        else if (v > hi) hi = v;
      }
      writeDecimal(min, lo, leaf.typeLength);
      writeDecimal(max, hi, leaf.typeLength);
      break;
    }
  }
  return { nullCount, minValue: min.toBytes(), maxValue: max.toBytes(), legacyMinMax };
}

/**
 * Min and max of int64 values, compared as (high int32, low uint32) pairs so that no BigInt is created
 * per value (on big-endian machines, by BigInt).
 */
function int64Bounds(values: BigInt64Array, count: number): [bigint, bigint] {
  if (!LITTLE_ENDIAN) {
    let lo = values[0]!;
    let hi = lo;
    for (let i = 1; i < count; i++) {
      const v = values[i]!;
      if (v < lo) lo = v;
      else if (v > hi) hi = v;
    }
    return [lo, hi];
  }
  const words = new Int32Array(values.buffer, values.byteOffset, count * 2);
  let minIndex = 0;
  let maxIndex = 0;
  let minHigh = words[1]!;
  let minLow = words[0]! >>> 0;
  let maxHigh = minHigh;
  let maxLow = minLow;
  for (let i = 1; i < count; i++) {
    const high = words[2 * i + 1]!;
    const low = words[2 * i]! >>> 0;
    if (high < minHigh || (high === minHigh && low < minLow)) {
      minHigh = high;
      minLow = low;
      minIndex = i;
    } else if (high > maxHigh || (high === maxHigh && low > maxLow)) {
      maxHigh = high;
      maxLow = low;
      maxIndex = i;
    }
  }
  return [values[minIndex]!, values[maxIndex]!];
}
