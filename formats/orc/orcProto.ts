/**
 * The ORC metadata messages (apache/orc-format src/main/proto/orc/proto/orc_proto.proto, package
 * orc.proto, proto2) that this writer and reader use, as field tables, encoded and decoded with the
 * wire-format reader and writer of @bufbuild/protobuf. Field numbers and types are copied from the
 * .proto file field by field (and were compared with it by a script when written; test/formats/orc/
 * orcProto.test.ts checks messages byte for byte against encodings worked out by hand); fields that are
 * not listed (encryption, geospatial) are skipped on read and never written.
 *
 * Typing on the JavaScript side: uint32/int32/sint32/enums → number; uint64 → number (file offsets
 * and counts, which stay below 2^53; a larger value is refused as corrupt); sint64 and fixed64 →
 * bigint; bytes → Uint8Array; repeated fields → arrays (packed where the .proto says packed, and read
 * packed or not).
 */
import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { OrcCorruptFileError } from './errors.js';

type Scalar = 'uint32' | 'int32' | 'sint32' | 'uint64' | 'sint64' | 'bool' | 'double' | 'string' | 'bytes' | 'fixed64' | 'enum';

interface FieldSpec {
  readonly name: string;
  readonly no: number;
  readonly type: Scalar | MessageSpec;
  readonly repeated?: boolean;
  readonly packed?: boolean;
}

interface MessageSpec {
  readonly name: string;
  readonly fields: readonly FieldSpec[];
}

// ───────────────────────────── message types ─────────────────────────────

export interface IntegerStatistics {
  minimum?: bigint;
  maximum?: bigint;
  sum?: bigint;
}
export interface DoubleStatistics {
  minimum?: number;
  maximum?: number;
  sum?: number;
}
export interface StringStatistics {
  minimum?: string;
  maximum?: string;
  sum?: bigint;
  lowerBound?: string;
  upperBound?: string;
}
export interface BucketStatistics {
  count?: number[];
}
export interface DecimalStatistics {
  minimum?: string;
  maximum?: string;
  sum?: string;
}
export interface DateStatistics {
  minimum?: number;
  maximum?: number;
}
export interface TimestampStatistics {
  minimum?: bigint;
  maximum?: bigint;
  minimumUtc?: bigint;
  maximumUtc?: bigint;
  minimumNanos?: number;
  maximumNanos?: number;
}
export interface BinaryStatistics {
  sum?: bigint;
}
export interface CollectionStatistics {
  minChildren?: number;
  maxChildren?: number;
  totalChildren?: number;
}
export interface ColumnStatistics {
  numberOfValues?: number;
  intStatistics?: IntegerStatistics;
  doubleStatistics?: DoubleStatistics;
  stringStatistics?: StringStatistics;
  bucketStatistics?: BucketStatistics;
  decimalStatistics?: DecimalStatistics;
  dateStatistics?: DateStatistics;
  binaryStatistics?: BinaryStatistics;
  timestampStatistics?: TimestampStatistics;
  hasNull?: boolean;
  bytesOnDisk?: number;
  collectionStatistics?: CollectionStatistics;
}
export interface RowIndexEntry {
  positions?: number[];
  statistics?: ColumnStatistics;
}
export interface RowIndex {
  entry?: RowIndexEntry[];
}
export interface BloomFilter {
  numHashFunctions?: number;
  bitset?: bigint[];
  utf8bitset?: Uint8Array;
}
export interface BloomFilterIndex {
  bloomFilter?: BloomFilter[];
}
export interface Stream {
  kind?: number;
  column?: number;
  length?: number;
}
export interface ColumnEncoding {
  kind?: number;
  dictionarySize?: number;
  bloomEncoding?: number;
}
export interface StripeFooter {
  streams?: Stream[];
  columns?: ColumnEncoding[];
  writerTimezone?: string;
}
export interface StringPair {
  key?: string;
  value?: string;
}
export interface Type {
  kind?: number;
  subtypes?: number[];
  fieldNames?: string[];
  maximumLength?: number;
  precision?: number;
  scale?: number;
  attributes?: StringPair[];
}
export interface StripeInformation {
  offset?: number;
  indexLength?: number;
  dataLength?: number;
  footerLength?: number;
  numberOfRows?: number;
}
export interface UserMetadataItem {
  name?: string;
  value?: Uint8Array;
}
export interface StripeStatistics {
  colStats?: ColumnStatistics[];
}
export interface Metadata {
  stripeStats?: StripeStatistics[];
}
export interface Footer {
  headerLength?: number;
  contentLength?: number;
  stripes?: StripeInformation[];
  types?: Type[];
  metadata?: UserMetadataItem[];
  numberOfRows?: number;
  statistics?: ColumnStatistics[];
  rowIndexStride?: number;
  writer?: number;
  calendar?: number;
  softwareVersion?: string;
}
export interface PostScript {
  footerLength?: number;
  compression?: number;
  compressionBlockSize?: number;
  version?: number[];
  metadataLength?: number;
  writerVersion?: number;
  stripeStatisticsLength?: number;
  magic?: string;
}

// ───────────────────────────── enums ─────────────────────────────

export const StreamKind = {
  PRESENT: 0,
  DATA: 1,
  LENGTH: 2,
  DICTIONARY_DATA: 3,
  DICTIONARY_COUNT: 4,
  SECONDARY: 5,
  ROW_INDEX: 6,
  BLOOM_FILTER: 7,
  BLOOM_FILTER_UTF8: 8,
  ENCRYPTED_INDEX: 9,
  ENCRYPTED_DATA: 10,
} as const;

export const EncodingKind = { DIRECT: 0, DICTIONARY: 1, DIRECT_V2: 2, DICTIONARY_V2: 3 } as const;

export const TypeKind = {
  BOOLEAN: 0,
  BYTE: 1,
  SHORT: 2,
  INT: 3,
  LONG: 4,
  FLOAT: 5,
  DOUBLE: 6,
  STRING: 7,
  BINARY: 8,
  TIMESTAMP: 9,
  LIST: 10,
  MAP: 11,
  STRUCT: 12,
  UNION: 13,
  DECIMAL: 14,
  DATE: 15,
  VARCHAR: 16,
  CHAR: 17,
  TIMESTAMP_INSTANT: 18,
} as const;

export const CompressionKind = { NONE: 0, ZLIB: 1, SNAPPY: 2, LZO: 3, LZ4: 4, ZSTD: 5, BROTLI: 6 } as const;

// ───────────────────────────── field tables (orc_proto.proto) ─────────────────────────────

const f = (name: string, no: number, type: Scalar | MessageSpec, extra: { repeated?: boolean; packed?: boolean } = {}): FieldSpec => ({ name, no, type, ...extra });

const IntegerStatisticsSpec: MessageSpec = { name: 'IntegerStatistics', fields: [f('minimum', 1, 'sint64'), f('maximum', 2, 'sint64'), f('sum', 3, 'sint64')] };
const DoubleStatisticsSpec: MessageSpec = { name: 'DoubleStatistics', fields: [f('minimum', 1, 'double'), f('maximum', 2, 'double'), f('sum', 3, 'double')] };
const StringStatisticsSpec: MessageSpec = {
  name: 'StringStatistics',
  fields: [f('minimum', 1, 'string'), f('maximum', 2, 'string'), f('sum', 3, 'sint64'), f('lowerBound', 4, 'string'), f('upperBound', 5, 'string')],
};
const BucketStatisticsSpec: MessageSpec = { name: 'BucketStatistics', fields: [f('count', 1, 'uint64', { repeated: true, packed: true })] };
const DecimalStatisticsSpec: MessageSpec = { name: 'DecimalStatistics', fields: [f('minimum', 1, 'string'), f('maximum', 2, 'string'), f('sum', 3, 'string')] };
const DateStatisticsSpec: MessageSpec = { name: 'DateStatistics', fields: [f('minimum', 1, 'sint32'), f('maximum', 2, 'sint32')] };
const TimestampStatisticsSpec: MessageSpec = {
  name: 'TimestampStatistics',
  fields: [
    f('minimum', 1, 'sint64'),
    f('maximum', 2, 'sint64'),
    f('minimumUtc', 3, 'sint64'),
    f('maximumUtc', 4, 'sint64'),
    f('minimumNanos', 5, 'int32'),
    f('maximumNanos', 6, 'int32'),
  ],
};
const BinaryStatisticsSpec: MessageSpec = { name: 'BinaryStatistics', fields: [f('sum', 1, 'sint64')] };
const CollectionStatisticsSpec: MessageSpec = {
  name: 'CollectionStatistics',
  fields: [f('minChildren', 1, 'uint64'), f('maxChildren', 2, 'uint64'), f('totalChildren', 3, 'uint64')],
};
const ColumnStatisticsSpec: MessageSpec = {
  name: 'ColumnStatistics',
  fields: [
    f('numberOfValues', 1, 'uint64'),
    f('intStatistics', 2, IntegerStatisticsSpec),
    f('doubleStatistics', 3, DoubleStatisticsSpec),
    f('stringStatistics', 4, StringStatisticsSpec),
    f('bucketStatistics', 5, BucketStatisticsSpec),
    f('decimalStatistics', 6, DecimalStatisticsSpec),
    f('dateStatistics', 7, DateStatisticsSpec),
    f('binaryStatistics', 8, BinaryStatisticsSpec),
    f('timestampStatistics', 9, TimestampStatisticsSpec),
    f('hasNull', 10, 'bool'),
    f('bytesOnDisk', 11, 'uint64'),
    f('collectionStatistics', 12, CollectionStatisticsSpec),
  ],
};
const RowIndexEntrySpec: MessageSpec = {
  name: 'RowIndexEntry',
  fields: [f('positions', 1, 'uint64', { repeated: true, packed: true }), f('statistics', 2, ColumnStatisticsSpec)],
};
const RowIndexSpec: MessageSpec = { name: 'RowIndex', fields: [f('entry', 1, RowIndexEntrySpec, { repeated: true })] };
const BloomFilterSpec: MessageSpec = {
  name: 'BloomFilter',
  fields: [f('numHashFunctions', 1, 'uint32'), f('bitset', 2, 'fixed64', { repeated: true }), f('utf8bitset', 3, 'bytes')],
};
const BloomFilterIndexSpec: MessageSpec = { name: 'BloomFilterIndex', fields: [f('bloomFilter', 1, BloomFilterSpec, { repeated: true })] };
const StreamSpec: MessageSpec = { name: 'Stream', fields: [f('kind', 1, 'enum'), f('column', 2, 'uint32'), f('length', 3, 'uint64')] };
const ColumnEncodingSpec: MessageSpec = {
  name: 'ColumnEncoding',
  fields: [f('kind', 1, 'enum'), f('dictionarySize', 2, 'uint32'), f('bloomEncoding', 3, 'uint32')],
};
const StripeFooterSpec: MessageSpec = {
  name: 'StripeFooter',
  fields: [f('streams', 1, StreamSpec, { repeated: true }), f('columns', 2, ColumnEncodingSpec, { repeated: true }), f('writerTimezone', 3, 'string')],
};
const StringPairSpec: MessageSpec = { name: 'StringPair', fields: [f('key', 1, 'string'), f('value', 2, 'string')] };
const TypeSpec: MessageSpec = {
  name: 'Type',
  fields: [
    f('kind', 1, 'enum'),
    f('subtypes', 2, 'uint32', { repeated: true, packed: true }),
    f('fieldNames', 3, 'string', { repeated: true }),
    f('maximumLength', 4, 'uint32'),
    f('precision', 5, 'uint32'),
    f('scale', 6, 'uint32'),
    f('attributes', 7, StringPairSpec, { repeated: true }),
  ],
};
const StripeInformationSpec: MessageSpec = {
  name: 'StripeInformation',
  fields: [f('offset', 1, 'uint64'), f('indexLength', 2, 'uint64'), f('dataLength', 3, 'uint64'), f('footerLength', 4, 'uint64'), f('numberOfRows', 5, 'uint64')],
};
const UserMetadataItemSpec: MessageSpec = { name: 'UserMetadataItem', fields: [f('name', 1, 'string'), f('value', 2, 'bytes')] };
const StripeStatisticsSpec: MessageSpec = { name: 'StripeStatistics', fields: [f('colStats', 1, ColumnStatisticsSpec, { repeated: true })] };
const MetadataSpec: MessageSpec = { name: 'Metadata', fields: [f('stripeStats', 1, StripeStatisticsSpec, { repeated: true })] };
const FooterSpec: MessageSpec = {
  name: 'Footer',
  fields: [
    f('headerLength', 1, 'uint64'),
    f('contentLength', 2, 'uint64'),
    f('stripes', 3, StripeInformationSpec, { repeated: true }),
    f('types', 4, TypeSpec, { repeated: true }),
    f('metadata', 5, UserMetadataItemSpec, { repeated: true }),
    f('numberOfRows', 6, 'uint64'),
    f('statistics', 7, ColumnStatisticsSpec, { repeated: true }),
    f('rowIndexStride', 8, 'uint32'),
    f('writer', 9, 'uint32'),
    f('calendar', 11, 'enum'),
    f('softwareVersion', 12, 'string'),
  ],
};
const PostScriptSpec: MessageSpec = {
  name: 'PostScript',
  fields: [
    f('footerLength', 1, 'uint64'),
    f('compression', 2, 'enum'),
    f('compressionBlockSize', 3, 'uint64'),
    f('version', 4, 'uint32', { repeated: true, packed: true }),
    f('metadataLength', 5, 'uint64'),
    f('writerVersion', 6, 'uint32'),
    f('stripeStatisticsLength', 7, 'uint64'),
    f('magic', 8000, 'string'),
  ],
};

/** The tables, for tests that compare them with orc_proto.proto. */
export const MESSAGE_SPECS: readonly MessageSpec[] = [
  IntegerStatisticsSpec,
  DoubleStatisticsSpec,
  StringStatisticsSpec,
  BucketStatisticsSpec,
  DecimalStatisticsSpec,
  DateStatisticsSpec,
  TimestampStatisticsSpec,
  BinaryStatisticsSpec,
  CollectionStatisticsSpec,
  ColumnStatisticsSpec,
  RowIndexEntrySpec,
  RowIndexSpec,
  BloomFilterSpec,
  BloomFilterIndexSpec,
  StreamSpec,
  ColumnEncodingSpec,
  StripeFooterSpec,
  StringPairSpec,
  TypeSpec,
  StripeInformationSpec,
  UserMetadataItemSpec,
  StripeStatisticsSpec,
  MetadataSpec,
  FooterSpec,
  PostScriptSpec,
];

// ───────────────────────────── encode / decode ─────────────────────────────

type Fields = Record<string, unknown>;

function wireTypeOf(type: Scalar | MessageSpec): WireType {
  if (typeof type !== 'string') return WireType.LengthDelimited;
  switch (type) {
    case 'double':
    case 'fixed64':
      return WireType.Bit64;
    case 'string':
    case 'bytes':
      return WireType.LengthDelimited;
    default:
      return WireType.Varint;
  }
}

function writeScalar(writer: BinaryWriter, type: Scalar, value: unknown): void {
  switch (type) {
    case 'uint32':
      writer.uint32(value as number);
      break;
    case 'int32':
    case 'enum':
      writer.int32(value as number);
      break;
    case 'sint32':
      writer.sint32(value as number);
      break;
    case 'uint64':
      writer.uint64(value as number);
      break;
    case 'sint64':
      writer.sint64(value as bigint);
      break;
    case 'fixed64':
      writer.fixed64(value as bigint);
      break;
    case 'bool':
      writer.bool(value as boolean);
      break;
    case 'double':
      writer.double(value as number);
      break;
    case 'string':
      writer.string(value as string);
      break;
    case 'bytes':
      writer.bytes(value as Uint8Array);
      break;
  }
}

function encodeInto(writer: BinaryWriter, spec: MessageSpec, message: Fields): void {
  for (const field of spec.fields) {
    const value = message[field.name];
    if (value === undefined) continue;
    if (field.repeated) {
      const items = value as unknown[];
      if (items.length === 0) continue;
      if (field.packed) {
        writer.tag(field.no, WireType.LengthDelimited).fork();
        for (const item of items) writeScalar(writer, field.type as Scalar, item);
        writer.join();
      } else {
        for (const item of items) writeField(writer, field, item);
      }
    } else {
      writeField(writer, field, value);
    }
  }
}

function writeField(writer: BinaryWriter, field: FieldSpec, value: unknown): void {
  if (typeof field.type === 'string') {
    writer.tag(field.no, wireTypeOf(field.type));
    writeScalar(writer, field.type, value);
  } else {
    writer.tag(field.no, WireType.LengthDelimited).fork();
    encodeInto(writer, field.type, value as Fields);
    writer.join();
  }
}

function readScalar(reader: BinaryReader, type: Scalar): unknown {
  switch (type) {
    case 'uint32':
      return reader.uint32();
    case 'int32':
    case 'enum':
      return reader.int32();
    case 'sint32':
      return reader.sint32();
    case 'uint64': {
      const value = BigInt(reader.uint64());
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new OrcCorruptFileError('a length or count in the metadata is above 2^53');
      return Number(value);
    }
    case 'sint64':
      return BigInt(reader.sint64());
    case 'fixed64':
      return BigInt(reader.fixed64());
    case 'bool':
      return reader.bool();
    case 'double':
      return reader.double();
    case 'string':
      return reader.string();
    case 'bytes':
      return reader.bytes().slice();
  }
}

const MAX_DEPTH = 16;

function decodeFrom(bytes: Uint8Array, spec: MessageSpec, depth: number): Fields {
  if (depth > MAX_DEPTH) throw new OrcCorruptFileError(`${spec.name} is nested too deeply`);
  const reader = new BinaryReader(bytes);
  const message: Fields = {};
  const byNumber = numberIndex(spec);
  while (reader.pos < reader.len) {
    const [no, wireType] = reader.tag();
    const field = byNumber.get(no);
    if (field === undefined) {
      reader.skip(wireType, no);
      continue;
    }
    if (typeof field.type !== 'string') {
      if (wireType !== WireType.LengthDelimited) throw new OrcCorruptFileError(`${spec.name}.${field.name} has wire type ${wireType}`);
      const nested = decodeFrom(reader.bytes(), field.type, depth + 1);
      if (field.repeated) ((message[field.name] ??= []) as unknown[]).push(nested);
      else message[field.name] = nested;
      continue;
    }
    if (field.repeated) {
      const items = (message[field.name] ??= []) as unknown[];
      if (wireType === WireType.LengthDelimited && wireTypeOf(field.type) !== WireType.LengthDelimited) {
        const end = reader.uint32() + reader.pos;
        while (reader.pos < end) items.push(readScalar(reader, field.type));
      } else {
        items.push(readScalar(reader, field.type));
      }
      continue;
    }
    if (wireType !== wireTypeOf(field.type)) throw new OrcCorruptFileError(`${spec.name}.${field.name} has wire type ${wireType}`);
    message[field.name] = readScalar(reader, field.type);
  }
  return message;
}

const indexCache = new WeakMap<MessageSpec, Map<number, FieldSpec>>();
function numberIndex(spec: MessageSpec): Map<number, FieldSpec> {
  let index = indexCache.get(spec);
  if (index === undefined) {
    index = new Map(spec.fields.map((field) => [field.no, field]));
    indexCache.set(spec, index);
  }
  return index;
}

function codec<T extends object>(spec: MessageSpec): { encode(message: T): Uint8Array; decode(bytes: Uint8Array): T } {
  return {
    encode(message: T): Uint8Array {
      const writer = new BinaryWriter();
      encodeInto(writer, spec, message as Fields);
      return writer.finish();
    },
    decode(bytes: Uint8Array): T {
      try {
        return decodeFrom(bytes, spec, 0) as T;
      } catch (error) {
        if (error instanceof OrcCorruptFileError) throw error;
        throw new OrcCorruptFileError(`${spec.name} cannot be decoded (${error instanceof Error ? error.message : String(error)})`);
      }
    },
  };
}

export const PostScriptCodec = codec<PostScript>(PostScriptSpec);
export const FooterCodec = codec<Footer>(FooterSpec);
export const MetadataCodec = codec<Metadata>(MetadataSpec);
export const StripeFooterCodec = codec<StripeFooter>(StripeFooterSpec);
export const RowIndexCodec = codec<RowIndex>(RowIndexSpec);
export const BloomFilterIndexCodec = codec<BloomFilterIndex>(BloomFilterIndexSpec);
export const ColumnStatisticsCodec = codec<ColumnStatistics>(ColumnStatisticsSpec);
