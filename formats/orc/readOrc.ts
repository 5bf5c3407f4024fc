/**
 * Reads ORC files (apache/orc-format specification/ORCv1.md) into rows of the same in-memory model the
 * writer takes (formats/glue/types.ts `Row`), for tests and `npm run inspect`. It reads what this
 * writer writes and what Apache's writers write: every type (union cells become `{ tag, value }`),
 * RLE v1 and v2, DIRECT and DICTIONARY encodings in both versions, NONE/ZLIB/SNAPPY compression. It
 * reads whole stripes; it does not seek with the row index.
 *
 * File tail (specification "File Tail"): the last byte is the PostScript's length; the PostScript
 * (never compressed) gives the compression and the lengths of the Footer and the Metadata before it.
 */
import type { CellValue, Row, StructValue } from '../glue/index.js';
import { OrcCorruptFileError, OrcUnsupportedError } from './errors.js';
import { ByteSource } from './orcByteSink.js';
import { decompressStream } from './orcCompression.js';
import {
  BloomFilterIndexCodec,
  CompressionKind,
  EncodingKind,
  FooterCodec,
  MetadataCodec,
  PostScriptCodec,
  RowIndexCodec,
  StreamKind,
  StripeFooterCodec,
  TypeKind,
  type BloomFilterIndex,
  type ColumnEncoding,
  type Footer,
  type Metadata,
  type PostScript,
  type RowIndex,
  type StripeFooter,
  type StripeInformation,
  type Type,
} from './orcProto.js';
import { decodeBooleanRle, decodeByteRle, decodeIntegerRleV1, decodeIntegerRleV2, readSignedVarintBig } from './orcRle.js';
import { ORC_EPOCH_UTC_SECONDS, orcEpochInZone, zoneOffsetSeconds } from './orcTimeZone.js';

export interface OrcFileMetadata {
  readonly postscript: PostScript;
  readonly footer: Footer;
  readonly metadata: Metadata;
  /** 'NONE', 'ZLIB', 'SNAPPY', … */
  readonly compression: string;
  readonly rowCount: number;
  readonly types: readonly Type[];
  readonly stripes: readonly StripeInformation[];
}

export interface OrcReadOptions {
  /**
   * The writer's time zone for files whose stripe footers do not name one (files written before ORC
   * 0.12 carry none; Apache's readers then use the reader's zone). Default 'UTC'.
   */
  readonly defaultWriterTimeZone?: string;
}

const MAGIC = 'ORC';
/** The specification's default compression chunk size, for files whose PostScript leaves it out. */
const DEFAULT_BLOCK_SIZE = 256 * 1024;
const MAX_POSTSCRIPT = 255;

/** Reads the file tail: PostScript, Footer and Metadata. */
export function readOrcMetadata(file: Uint8Array): OrcFileMetadata {
  if (file.length < MAGIC.length + 1) throw new OrcCorruptFileError(`the file has ${file.length} bytes, fewer than an ORC file's header and tail`);
  if (String.fromCharCode(file[0] as number, file[1] as number, file[2] as number) !== MAGIC) {
    throw new OrcCorruptFileError("the file does not start with 'ORC'");
  }
  const psLength = file[file.length - 1] as number;
  if (psLength === 0 || psLength > MAX_POSTSCRIPT || psLength + 1 > file.length - MAGIC.length) {
    throw new OrcCorruptFileError('the PostScript length in the last byte is out of range');
  }
  const psStart = file.length - 1 - psLength;
  const postscript = PostScriptCodec.decode(file.subarray(psStart, file.length - 1));
  if (postscript.magic !== undefined && postscript.magic !== MAGIC) throw new OrcCorruptFileError("the PostScript's magic is not 'ORC'");
  const version = postscript.version ?? [];
  if (version.length >= 1 && ((version[0] as number) > 1 || ((version[0] as number) === 1 && (version[1] ?? 0) > 0))) {
    throw new OrcUnsupportedError(`file version ${version.join('.')}`);
  }
  const compressionKind = postscript.compression ?? CompressionKind.NONE;
  const blockSize = postscript.compressionBlockSize ?? DEFAULT_BLOCK_SIZE;
  const footerLength = postscript.footerLength ?? 0;
  const metadataLength = postscript.metadataLength ?? 0;
  const footerStart = psStart - footerLength;
  const metadataStart = footerStart - metadataLength;
  if (footerStart < MAGIC.length || metadataStart < MAGIC.length) throw new OrcCorruptFileError('the footer and metadata lengths are longer than the file');
  const footer = FooterCodec.decode(decompressStream(file.subarray(footerStart, psStart), compressionKind, blockSize));
  const metadata = metadataLength > 0 ? MetadataCodec.decode(decompressStream(file.subarray(metadataStart, footerStart), compressionKind, blockSize)) : {};
  const compression = Object.entries(CompressionKind).find(([, v]) => v === compressionKind)?.[0] ?? `kind ${compressionKind}`;
  const types = footer.types ?? [];
  if (types.length === 0) throw new OrcCorruptFileError('the footer lists no types');
  checkTypes(types);
  const stripes = footer.stripes ?? [];
  // Some writers leave Footer.numberOfRows out; the stripes' counts add up to it.
  const rowCount = footer.numberOfRows ?? stripes.reduce((sum, stripe) => sum + (stripe.numberOfRows ?? 0), 0);
  return { postscript, footer, metadata, compression, rowCount, types, stripes };
}

/** Subtypes must point forward inside the list (pre-order), so that walking the tree ends. */
function checkTypes(types: readonly Type[]): void {
  types.forEach((type, id) => {
    for (const sub of type.subtypes ?? []) {
      if (sub <= id || sub >= types.length) throw new OrcCorruptFileError(`type ${id} has subtype ${sub} outside the type list`);
    }
    const kind = type.kind ?? -1;
    if (kind === TypeKind.STRUCT && (type.fieldNames ?? []).length !== (type.subtypes ?? []).length) {
      throw new OrcCorruptFileError(`struct type ${id} has ${(type.fieldNames ?? []).length} names for ${(type.subtypes ?? []).length} fields`);
    }
    if (kind === TypeKind.LIST && (type.subtypes ?? []).length !== 1) throw new OrcCorruptFileError(`list type ${id} needs one subtype`);
    if (kind === TypeKind.MAP && (type.subtypes ?? []).length !== 2) throw new OrcCorruptFileError(`map type ${id} needs two subtypes`);
  });
}

/**
 * Reads every row of the file. A file whose root type is a struct (every table) gives one property per
 * field; any other root type gives rows `{ _col0: value }` (Hive's name for an unnamed column).
 */
export function readOrc(file: Uint8Array, options: OrcReadOptions = {}): Row[] {
  const meta = readOrcMetadata(file);
  const struct = meta.types[0]?.kind === TypeKind.STRUCT;
  return readOrcValues(file, options, meta).map((value) => (struct ? ((value ?? {}) as StructValue) : { _col0: value }));
}

/** Reads every value of the root column, as the file holds it (a struct per row for tables). */
export function readOrcValues(file: Uint8Array, options: OrcReadOptions = {}, meta = readOrcMetadata(file)): CellValue[] {
  const values: CellValue[] = [];
  for (let i = 0; i < meta.stripes.length; i++) for (const value of readOrcStripe(file, meta, i, options)) values.push(value);
  return values;
}

export interface OrcStripeContents {
  readonly footer: StripeFooter;
  /** Each ROW_INDEX stream, by column id. */
  readonly rowIndexes: Map<number, RowIndex>;
  /** Each BLOOM_FILTER_UTF8 (or older BLOOM_FILTER) stream, by column id. */
  readonly bloomFilters: Map<number, BloomFilterIndex>;
}

interface StreamSlice {
  readonly kind: number;
  readonly column: number;
  readonly bytes: Uint8Array;
}

/** Reads a stripe's footer and its row indexes (for inspect and the index tests). */
export function readOrcStripeContents(file: Uint8Array, meta: OrcFileMetadata, index: number): OrcStripeContents {
  const { footer, streams } = locateStreams(file, meta, index);
  const rowIndexes = new Map<number, RowIndex>();
  const bloomFilters = new Map<number, BloomFilterIndex>();
  for (const stream of streams) {
    if (stream.kind === StreamKind.ROW_INDEX) rowIndexes.set(stream.column, RowIndexCodec.decode(stream.bytes));
    if (stream.kind === StreamKind.BLOOM_FILTER_UTF8) bloomFilters.set(stream.column, BloomFilterIndexCodec.decode(stream.bytes));
    // Files from before ORC-101 may hold BLOOM_FILTER streams of an older, unspecified layout: kept only when they decode.
    if (stream.kind === StreamKind.BLOOM_FILTER && !bloomFilters.has(stream.column)) {
      try {
        bloomFilters.set(stream.column, BloomFilterIndexCodec.decode(stream.bytes));
      } catch {
        // not the specified BloomFilterIndex layout
      }
    }
  }
  return { footer, rowIndexes, bloomFilters };
}

function locateStreams(file: Uint8Array, meta: OrcFileMetadata, index: number): { footer: StripeFooter; streams: StreamSlice[] } {
  const stripe = meta.stripes[index];
  if (stripe === undefined) throw new OrcCorruptFileError(`there is no stripe ${index}`);
  const offset = stripe.offset ?? 0;
  const indexLength = stripe.indexLength ?? 0;
  const dataLength = stripe.dataLength ?? 0;
  const footerLength = stripe.footerLength ?? 0;
  const end = offset + indexLength + dataLength + footerLength;
  if (offset < MAGIC.length || end > file.length) throw new OrcCorruptFileError(`stripe ${index} lies outside the file`);
  const kind = meta.postscript.compression ?? CompressionKind.NONE;
  const blockSize = meta.postscript.compressionBlockSize ?? DEFAULT_BLOCK_SIZE;
  const footer = StripeFooterCodec.decode(decompressStream(file.subarray(offset + indexLength + dataLength, end), kind, blockSize));
  const streams: StreamSlice[] = [];
  let position = offset;
  for (const stream of footer.streams ?? []) {
    const length = stream.length ?? 0;
    if (position + length > offset + indexLength + dataLength) throw new OrcCorruptFileError(`stripe ${index}'s streams are longer than the stripe`);
    streams.push({ kind: stream.kind ?? -1, column: stream.column ?? 0, bytes: decompressStream(file.subarray(position, position + length), kind, blockSize) });
    position += length;
  }
  return { footer, streams };
}

/** Reads the root column's values of one stripe (a struct per row for tables). */
export function readOrcStripe(file: Uint8Array, meta: OrcFileMetadata, index: number, options: OrcReadOptions = {}): CellValue[] {
  const { footer, streams } = locateStreams(file, meta, index);
  const rowCount = meta.stripes[index]?.numberOfRows ?? 0;
  const encodings = footer.columns ?? [];
  if (encodings.length < meta.types.length) throw new OrcCorruptFileError(`stripe ${index} has ${encodings.length} column encodings for ${meta.types.length} columns`);
  const zone = footer.writerTimezone ?? options.defaultWriterTimeZone ?? 'UTC';
  const reader = new StripeReader(meta.types, encodings, streams, zone);
  try {
    return reader.column(0, rowCount);
  } catch (error) {
    // A count no stream can back (a hostile or broken file) fails an allocation before any stream runs out.
    if (error instanceof RangeError) throw new OrcCorruptFileError(`stripe ${index} declares more values than it can hold`);
    throw error;
  }
}

class StripeReader {
  private readonly byColumn = new Map<string, Uint8Array>();
  private readonly zone: string;
  private readonly zoneEpoch: number;

  constructor(
    private readonly types: readonly Type[],
    private readonly encodings: readonly ColumnEncoding[],
    streams: readonly StreamSlice[],
    zone: string,
  ) {
    for (const stream of streams) this.byColumn.set(`${stream.column}:${stream.kind}`, stream.bytes);
    this.zone = zone;
    this.zoneEpoch = orcEpochInZone(zone);
  }

  private stream(column: number, kind: number, required = true): ByteSource | undefined {
    const bytes = this.byColumn.get(`${column}:${kind}`);
    if (bytes === undefined) {
      if (!required) return undefined;
      const name = Object.entries(StreamKind).find(([, v]) => v === kind)?.[0] ?? String(kind);
      throw new OrcCorruptFileError(`column ${column} has no ${name} stream`);
    }
    return new ByteSource(bytes, `column ${column}'s stream ${kind}`);
  }

  private integers(column: number, kind: number, signed: boolean, expected: number): (number | bigint)[] {
    const source = this.stream(column, kind) as ByteSource;
    const encoding = this.encodings[column]?.kind ?? EncodingKind.DIRECT;
    const values = encoding === EncodingKind.DIRECT_V2 || encoding === EncodingKind.DICTIONARY_V2 ? decodeIntegerRleV2(source, signed) : decodeIntegerRleV1(source, signed);
    if (values.length < expected) throw new OrcCorruptFileError(`column ${column}'s stream ${kind} has ${values.length} values, ${expected} expected`);
    return values;
  }

  /** Reads `count` slots of a column: null where the PRESENT stream says so. */
  column(id: number, count: number): CellValue[] {
    const type = this.types[id];
    if (type === undefined) throw new OrcCorruptFileError(`there is no column ${id}`);
    const presentSource = this.stream(id, StreamKind.PRESENT, false);
    const present = presentSource === undefined ? undefined : decodeBooleanRle(presentSource, count);
    let nonNull = count;
    if (present !== undefined) {
      nonNull = 0;
      for (let i = 0; i < count; i++) nonNull += present[i] as number;
    }
    const values = this.values(id, type, nonNull);
    if (present === undefined) return values;
    const out: CellValue[] = new Array<CellValue>(count);
    let next = 0;
    for (let i = 0; i < count; i++) out[i] = present[i] === 1 ? (values[next++] as CellValue) : null;
    return out;
  }

  private values(id: number, type: Type, n: number): CellValue[] {
    const kind = type.kind ?? -1;
    switch (kind) {
      case TypeKind.BOOLEAN: {
        const bits = decodeBooleanRle(this.stream(id, StreamKind.DATA) as ByteSource, n);
        return Array.from(bits, (b) => b === 1);
      }
      case TypeKind.BYTE: {
        const bytes = decodeByteRle(this.stream(id, StreamKind.DATA) as ByteSource, n);
        return Array.from(bytes, (b) => (b << 24) >> 24);
      }
      case TypeKind.SHORT:
      case TypeKind.INT:
      case TypeKind.DATE:
        return this.integers(id, StreamKind.DATA, true, n).slice(0, n).map((v) => Number(v));
      case TypeKind.LONG:
        return this.integers(id, StreamKind.DATA, true, n).slice(0, n).map((v) => BigInt(v));
      case TypeKind.FLOAT:
      case TypeKind.DOUBLE: {
        const width = kind === TypeKind.FLOAT ? 4 : 8;
        const bytes = (this.stream(id, StreamKind.DATA) as ByteSource).readBytes(n * width);
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const out: number[] = new Array<number>(n);
        for (let i = 0; i < n; i++) out[i] = width === 4 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
        return out;
      }
      case TypeKind.STRING:
      case TypeKind.VARCHAR:
      case TypeKind.CHAR:
      case TypeKind.BINARY:
        return this.strings(id, n, kind === TypeKind.BINARY);
      case TypeKind.TIMESTAMP:
      case TypeKind.TIMESTAMP_INSTANT:
        return this.timestamps(id, n, kind === TypeKind.TIMESTAMP_INSTANT);
      case TypeKind.DECIMAL:
        return this.decimals(id, type, n);
      case TypeKind.STRUCT: {
        const names = type.fieldNames ?? [];
        const children = (type.subtypes ?? []).map((sub) => this.column(sub, n));
        const out: CellValue[] = new Array<CellValue>(n);
        for (let i = 0; i < n; i++) {
          const struct: StructValue = {};
          names.forEach((name, c) => (struct[name] = (children[c] as CellValue[])[i] as CellValue));
          out[i] = struct;
        }
        return out;
      }
      case TypeKind.LIST:
      case TypeKind.MAP: {
        const lengths = this.integers(id, StreamKind.LENGTH, false, n).map((v) => Number(v));
        let total = 0;
        for (let i = 0; i < n; i++) total += lengths[i] as number;
        const [first, second] = type.subtypes ?? [];
        const keys = this.column(first as number, total);
        const items = kind === TypeKind.MAP ? this.column(second as number, total) : undefined;
        const out: CellValue[] = new Array<CellValue>(n);
        let next = 0;
        for (let i = 0; i < n; i++) {
          const length = lengths[i] as number;
          if (items === undefined) {
            out[i] = keys.slice(next, next + length);
          } else {
            const map = new Map<CellValue, CellValue>();
            for (let j = next; j < next + length; j++) map.set(keys[j] as CellValue, items[j] as CellValue);
            out[i] = map;
          }
          next += length;
        }
        return out;
      }
      case TypeKind.UNION: {
        const tags = decodeByteRle(this.stream(id, StreamKind.DATA) as ByteSource, n);
        const subtypes = type.subtypes ?? [];
        const counts = subtypes.map(() => 0);
        for (const tag of tags) {
          if (tag >= subtypes.length) throw new OrcCorruptFileError(`union column ${id} has tag ${tag} for ${subtypes.length} variants`);
          counts[tag]!++;
        }
        const variants = subtypes.map((sub, t) => this.column(sub, counts[t] as number));
        const next = subtypes.map(() => 0);
        return Array.from(tags, (tag) => ({ tag, value: (variants[tag] as CellValue[])[next[tag]!++] as CellValue }));
      }
      default:
        throw new OrcUnsupportedError(`type kind ${kind} (column ${id})`);
    }
  }

  private strings(id: number, n: number, binary: boolean): CellValue[] {
    const encoding = this.encodings[id]?.kind ?? EncodingKind.DIRECT;
    const decode = (bytes: Uint8Array): CellValue => (binary ? new Uint8Array(bytes) : utf8.decode(bytes));
    if (encoding === EncodingKind.DICTIONARY || encoding === EncodingKind.DICTIONARY_V2) {
      const size = this.encodings[id]?.dictionarySize ?? 0;
      const lengths = size > 0 ? this.integers(id, StreamKind.LENGTH, false, size) : [];
      const blob = this.stream(id, StreamKind.DICTIONARY_DATA, size > 0) ?? new ByteSource(new Uint8Array(0), 'dictionary');
      const dictionary: CellValue[] = [];
      for (let i = 0; i < size; i++) {
        const length = Number(lengths[i]);
        if (length < 0) throw new OrcCorruptFileError(`column ${id}'s dictionary has a negative length`);
        dictionary.push(decode(blob.readBytes(length)));
      }
      const refs = n > 0 ? this.integers(id, StreamKind.DATA, false, n) : [];
      const out: CellValue[] = new Array<CellValue>(n);
      for (let i = 0; i < n; i++) {
        const ref = Number(refs[i]);
        if (!(ref >= 0 && ref < size)) throw new OrcCorruptFileError(`column ${id} refers to dictionary entry ${ref} of ${size}`);
        out[i] = dictionary[ref] as CellValue;
      }
      return out;
    }
    if (n === 0) return [];
    const lengths = this.integers(id, StreamKind.LENGTH, false, n);
    const data = this.stream(id, StreamKind.DATA) as ByteSource;
    const out: CellValue[] = new Array<CellValue>(n);
    for (let i = 0; i < n; i++) {
      const length = Number(lengths[i]);
      if (length < 0) throw new OrcCorruptFileError(`column ${id} has a negative length`);
      out[i] = decode(data.readBytes(length));
    }
    return out;
  }

  /**
   * Seconds from 2015-01-01 in the writer's zone plus nanoseconds with their trailing zeros packed
   * (specification "Timestamp Columns"). Apache's writers store the seconds of times before 1970
   * rounded toward zero when the fraction is ≥ 1 ms, and their readers take one second off then
   * (ORC C++ TimestampColumnReader); this reader does the same, so it agrees with them on every file.
   * The result is nanoseconds since 1970 of the writer's wall-clock time (for TIMESTAMP_INSTANT, UTC).
   */
  private timestamps(id: number, n: number, instant: boolean): CellValue[] {
    if (n === 0) return [];
    const seconds = this.integers(id, StreamKind.DATA, true, n);
    const nanos = this.integers(id, StreamKind.SECONDARY, false, n);
    const epoch = instant ? ORC_EPOCH_UTC_SECONDS : this.zoneEpoch;
    const out: CellValue[] = new Array<CellValue>(n);
    for (let i = 0; i < n; i++) {
      const raw = Number(nanos[i]);
      const zeros = raw & 7;
      let nano = Math.floor(raw / 8);
      if (zeros !== 0) nano *= 10 ** (zeros + 1);
      let secs = Number(seconds[i]) + epoch;
      if (secs < 0 && nano > 999_999) secs -= 1;
      if (!instant) secs += zoneOffsetSeconds(this.zone, secs);
      out[i] = BigInt(secs) * 1_000_000_000n + BigInt(nano);
    }
    return out;
  }

  /** Unbounded zigzag varints in DATA, each value's scale in SECONDARY (specification "Decimal Columns"). */
  private decimals(id: number, type: Type, n: number): CellValue[] {
    if (n === 0) return [];
    const scale = decimalScale(type);
    const data = this.stream(id, StreamKind.DATA) as ByteSource;
    const scales = this.integers(id, StreamKind.SECONDARY, true, n);
    const out: CellValue[] = new Array<CellValue>(n);
    for (let i = 0; i < n; i++) {
      let value = readSignedVarintBig(data);
      const valueScale = Number(scales[i]);
      if (valueScale < scale) value *= 10n ** BigInt(scale - valueScale);
      else if (valueScale > scale) value /= 10n ** BigInt(valueScale - scale);
      out[i] = value;
    }
    return out;
  }
}

/** ignoreBOM: a value that starts with U+FEFF keeps it. */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Hive 0.11 decimals carry no precision or scale; Hive reads them as decimal(38,18). */
export function decimalScale(type: Type): number {
  return type.precision === undefined || type.precision === 0 ? 18 : (type.scale ?? 0);
}

/** The Hive type string of an ORC type (with uniontype, which Glue lacks). */
export function orcTypeString(types: readonly Type[], id: number): string {
  const type = types[id];
  if (type === undefined) throw new OrcCorruptFileError(`there is no type ${id}`);
  const sub = (i: number) => orcTypeString(types, (type.subtypes ?? [])[i] as number);
  switch (type.kind) {
    case TypeKind.BOOLEAN:
      return 'boolean';
    case TypeKind.BYTE:
      return 'tinyint';
    case TypeKind.SHORT:
      return 'smallint';
    case TypeKind.INT:
      return 'int';
    case TypeKind.LONG:
      return 'bigint';
    case TypeKind.FLOAT:
      return 'float';
    case TypeKind.DOUBLE:
      return 'double';
    case TypeKind.STRING:
      return 'string';
    case TypeKind.BINARY:
      return 'binary';
    case TypeKind.TIMESTAMP:
      return 'timestamp';
    case TypeKind.TIMESTAMP_INSTANT:
      return 'timestamp with local time zone';
    case TypeKind.DATE:
      return 'date';
    case TypeKind.DECIMAL:
      return type.precision === undefined || type.precision === 0 ? 'decimal(38,18)' : `decimal(${type.precision},${type.scale ?? 0})`;
    case TypeKind.VARCHAR:
      return `varchar(${type.maximumLength ?? 65535})`;
    case TypeKind.CHAR:
      return `char(${type.maximumLength ?? 255})`;
    case TypeKind.LIST:
      return `array<${sub(0)}>`;
    case TypeKind.MAP:
      return `map<${sub(0)},${sub(1)}>`;
    case TypeKind.UNION:
      return `uniontype<${(type.subtypes ?? []).map((_, i) => sub(i)).join(',')}>`;
    case TypeKind.STRUCT:
      return `struct<${(type.fieldNames ?? []).map((name, i) => `${name}:${sub(i)}`).join(',')}>`;
    default:
      return `unknown(${type.kind})`;
  }
}
