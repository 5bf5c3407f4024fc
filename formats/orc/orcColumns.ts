/**
 * The column writers of the ORC writer: one per node of the type tree (apache/orc-format
 * specification/ORCv1.md, "Column Encodings"). A stripe's values are buffered per column as they
 * arrive; when the stripe is cut each column encodes its streams, recording for every row group the
 * stream positions that the row index needs (specification "Row Group Index": per stream, the byte
 * offset of the run, then the values of that run already consumed, in the fixed order of the
 * column-encoding tables).
 *
 * Streams by column kind (DIRECT_V2 unless noted; FormatVersion V0_11 uses RLE v1 and DIRECT/DICTIONARY):
 * - every column: PRESENT (boolean RLE) only when the stripe has a null in that column
 * - boolean: DATA boolean RLE · tinyint: DATA byte RLE · smallint/int/bigint/date: DATA signed RLE
 * - float/double: DATA IEEE 754 little-endian
 * - string/char/varchar: DICTIONARY_V2 (DATA refs, LENGTH, DICTIONARY_DATA sorted by UTF-8 bytes) when
 *   distinct values ≤ DictionaryKeyThreshold × values, else DIRECT_V2 (DATA bytes, LENGTH)
 * - binary: DATA bytes, LENGTH · decimal: DATA zigzag varints, SECONDARY scale
 * - timestamp: DATA seconds from 2015-01-01 UTC (signed), SECONDARY nanoseconds with trailing zeros packed
 * - array/map: LENGTH · struct: nothing but PRESENT
 */
import type { CellValue, GlueType, StructValue } from '../glue/index.js';
import { OrcRowError } from './errors.js';
import { BloomFilterBuilder } from './orcBloomFilter.js';
import { ByteSink } from './orcByteSink.js';
import { EncodingKind, StreamKind, TypeKind, type ColumnEncoding, type Type } from './orcProto.js';
import {
  BooleanRleEncoder,
  ByteRleEncoder,
  IntegerRleV1Encoder,
  IntegerRleV2Encoder,
  writeSignedVarint,
  writeSignedVarintBig,
  type IntegerEncoder,
} from './orcRle.js';
import { ColumnStatisticsAccumulator, decimalString, type StatisticsKind } from './orcStatistics.js';
import { ORC_EPOCH_UTC_SECONDS } from './orcTimeZone.js';
import { generateFunction } from '../../transforms/core/index.js';

/** One encoded stream of a stripe, with its row-group positions (first number: byte offset). */
export interface EncodedStream {
  readonly kind: number;
  readonly column: number;
  readonly bytes: Uint8Array;
  /** Per row group: [uncompressed byte offset, …values consumed]; undefined for streams without positions. */
  readonly positions?: readonly number[][];
}

export interface EncodedColumn {
  readonly encoding: ColumnEncoding;
  /** In the fixed position order of the specification's column-encoding tables. */
  readonly streams: readonly EncodedStream[];
}

export interface ColumnSettings {
  readonly v2: boolean;
  readonly dictionaryKeyThreshold: number;
  /** Shared counter of buffered bytes (what StripeSizeBytes bounds). */
  readonly budget: { bytes: number };
  /** Column ids (lower-case top-level names resolved by the writer) that get bloom filters. */
  readonly bloomColumns: ReadonlySet<number>;
  readonly bloomFalsePositiveProbability: number;
  readonly rowIndexStride: number;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NANOS_PER_SECOND = 1_000_000_000n;
/** Timestamps the deserializer produces: years 0001–9999. */
const MIN_TIMESTAMP_NANOS = -62_135_596_800n * NANOS_PER_SECOND;
const MAX_TIMESTAMP_NANOS = 253_402_300_800n * NANOS_PER_SECOND - 1n;
const MAX_DATE_DAYS = 2_932_896;
const utf8 = new TextEncoder();
/** |v| ≤ 2^51: its zigzag form (≤ 2^52) is exact in a double. */
const SAFE_DECIMAL = 2n ** 51n;
const NEG_SAFE_DECIMAL = -SAFE_DECIMAL;
const MIN_DATE_DAYS = -719_162;

/** A typed array that doubles when full. */
class Growable<T extends Int32Array | Float64Array> {
  values: T;
  length = 0;
  constructor(private readonly make: (capacity: number) => T) {
    this.values = make(1024);
  }
  push(value: number): void {
    if (this.length === this.values.length) {
      const next = this.make(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = value;
  }
}
const ints = (): Growable<Int32Array> => new Growable((n) => new Int32Array(n));
const doubles = (): Growable<Float64Array> => new Growable((n) => new Float64Array(n));

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (value instanceof Uint8Array) return `${value.byteLength} bytes`;
  if (value instanceof Map) return `a Map of ${value.size} entries`;
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'a non-finite number';
    return Number.isInteger(value) ? 'an integer number' : 'a non-integer number';
  }
  if (typeof value === 'bigint') return 'a bigint';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * Encodes `count` items into a stream, taking a position at each row-group start (`marks`: the index of
 * each row group's first item, ascending, at most `count`). `write(from, to)` encodes items [from, to)
 * in a loop of its own, so that the encoder's calls stay monomorphic.
 */
function encodeWithMarks(count: number, marks: readonly number[], position: (out: number[]) => void, write: (from: number, to: number) => void): number[][] {
  const positions: number[][] = [];
  let from = 0;
  for (const mark of marks) {
    if (mark > from) {
      write(from, mark);
      from = mark;
    }
    const p: number[] = [];
    position(p);
    positions.push(p);
  }
  if (from < count) write(from, count);
  return positions;
}

/**
 * A column's slots in the stripe: how many, how many hold a value, and which (PRESENT). One class for
 * every kind of column, so that its methods, called from every writer's `add`, see objects of one shape
 * (a method of the writers' base class would see a dozen classes and look each field up by name).
 */
class Slots {
  /** 1 per slot for a value, 0 for null; kept only from the stripe's first null on (a column without nulls writes no PRESENT stream). */
  present = new Uint8Array(1024);
  count = 0;
  values = 0;
  hasNull = false;

  /** Records a value's slot; the writer then stores the value at index `values - 1`. */
  addValue(): void {
    if (this.hasNull) {
      if (this.count === this.present.length) this.grow();
      this.present[this.count] = 1;
    }
    this.count++;
    this.values++;
  }

  /** Records a null slot (the first of the stripe marks the slots before it present). */
  addNull(): void {
    if (!this.hasNull) {
      this.hasNull = true;
      if (this.count >= this.present.length) this.grow();
      this.present.fill(1, 0, this.count);
    } else if (this.count === this.present.length) this.grow();
    this.present[this.count++] = 0;
  }

  /** Makes room for at least one more slot than `count`. */
  private grow(): void {
    let capacity = this.present.length * 2;
    while (capacity <= this.count) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.present);
    this.present = next;
  }

  reset(): void {
    this.count = 0;
    this.values = 0;
    this.hasNull = false;
  }
}

export abstract class ColumnWriter {
  readonly children: ColumnWriter[] = [];
  protected readonly slotState = new Slots();
  private slotMarks: number[] = [];
  protected valueMarks: number[] = [];
  protected groupStats: ColumnStatisticsAccumulator;
  readonly rowGroupStats: ColumnStatisticsAccumulator[] = [];
  readonly bloom: BloomFilterBuilder | undefined;
  readonly rowGroupBlooms: BloomFilterBuilder[] = [];

  constructor(
    readonly id: number,
    readonly path: string,
    protected readonly settings: ColumnSettings,
    readonly statisticsKindName: StatisticsKind,
    readonly statisticsScale = 0,
  ) {
    this.groupStats = new ColumnStatisticsAccumulator(statisticsKindName, statisticsScale);
    // Bloom filters hold values: compound columns (struct, array, map; statistics kind 'none' or 'collection') get none.
    const primitive = statisticsKindName !== 'none' && statisticsKindName !== 'collection';
    this.bloom = primitive && settings.bloomColumns.has(id) ? new BloomFilterBuilder(settings.rowIndexStride, settings.bloomFalsePositiveProbability) : undefined;
  }

  /** The ORC type entries of this subtree, in pre-order (children's ids follow). */
  abstract types(): Type[];

  /**
   * Throws OrcRowError when a cell (null or undefined: a null) does not have the in-memory type of the
   * column. Each kind of writer defines it as an arrow-function field, so that a parent calls its
   * children's functions from an array, without looking a method up on writers of many classes.
   */
  abstract readonly check: (value: CellValue | undefined) => void;

  /** Appends a checked cell (null or undefined: a null). An arrow-function field, as `check`. */
  abstract readonly add: (value: CellValue | undefined) => void;

  /** Encodes the buffered values; `valueMarks` say where each row group starts. */
  protected abstract encodeValues(): EncodedColumn;

  /** Clears the value buffers for the next stripe. */
  protected abstract resetValues(): void;

  /** Values buffered in the stripe (not for `add`: see `Slots`). */
  protected get values(): number {
    return this.slotState.values;
  }

  /** Records a null slot. */
  protected addNull(): void {
    this.slotState.addNull();
    this.groupStats.addNull();
    this.settings.budget.bytes += 1;
  }

  beginRowGroup(): void {
    this.slotMarks.push(this.slotState.count);
    this.valueMarks.push(this.slotState.values);
    for (const child of this.children) child.beginRowGroup();
  }

  endRowGroup(): void {
    this.rowGroupStats.push(this.groupStats);
    this.groupStats = new ColumnStatisticsAccumulator(this.statisticsKindName, this.statisticsScale);
    if (this.bloom !== undefined) this.rowGroupBlooms.push(this.bloom.finishRowGroup());
    for (const child of this.children) child.endRowGroup();
  }

  /** Encodes this column's stripe: PRESENT (when it has nulls) then the value streams. */
  encodeStripe(): EncodedColumn {
    const encoded = this.encodeValues();
    const slots = this.slotState;
    if (!slots.hasNull) return encoded;
    const sink = new ByteSink(Math.ceil(slots.count / 64) + 16);
    const encoder = new BooleanRleEncoder(sink);
    const present = slots.present;
    const positions = encodeWithMarks(slots.count, this.slotMarks, (out) => encoder.position(out), (from, to) => {
      for (let i = from; i < to; i++) encoder.write(present[i] === 1);
    });
    encoder.flush();
    return { encoding: encoded.encoding, streams: [{ kind: StreamKind.PRESENT, column: this.id, bytes: sink.toBytes(), positions }, ...encoded.streams] };
  }

  resetStripe(): void {
    this.slotState.reset();
    this.slotMarks = [];
    this.valueMarks = [];
    this.rowGroupStats.length = 0;
    this.rowGroupBlooms.length = 0;
    this.resetValues();
    for (const child of this.children) child.resetStripe();
  }

  protected integerEncoder(sink: ByteSink, signed: boolean): IntegerEncoder {
    return this.settings.v2 ? new IntegerRleV2Encoder(sink, signed) : new IntegerRleV1Encoder(sink, signed);
  }

  protected directKind(): number {
    return this.settings.v2 ? EncodingKind.DIRECT_V2 : EncodingKind.DIRECT;
  }

  protected fail(expected: string, value: unknown): never {
    throw new OrcRowError(this.path, expected, describe(value));
  }

  protected stats(): ColumnStatisticsAccumulator {
    return this.groupStats;
  }
}

// ───────────────────────────── primitives ─────────────────────────────

class BooleanWriter extends ColumnWriter {
  private data = new Uint8Array(1024);

  types(): Type[] {
    return [{ kind: TypeKind.BOOLEAN }];
  }

  readonly check = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return;
    if (typeof value !== 'boolean') this.fail('a boolean', value);
  };

  readonly add = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return this.addNull();
    this.slotState.addValue();
    const at = this.slotState.values - 1;
    if (at === this.data.length) {
      const next = new Uint8Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[at] = value ? 1 : 0;
    this.groupStats.addBoolean(value as boolean);
    this.bloom?.addLong(value ? 1n : 0n);
    this.settings.budget.bytes += 1;
  };

  protected encodeValues(): EncodedColumn {
    const sink = new ByteSink(Math.ceil(this.values / 8) + 16);
    const encoder = new BooleanRleEncoder(sink);
    const data = this.data;
    const positions = encodeWithMarks(this.values, this.valueMarks, (out) => encoder.position(out), (from, to) => {
      for (let i = from; i < to; i++) encoder.write(data[i] === 1);
    });
    encoder.flush();
    return { encoding: { kind: EncodingKind.DIRECT }, streams: [{ kind: StreamKind.DATA, column: this.id, bytes: sink.toBytes(), positions }] };
  }

  protected resetValues(): void {}
}

const INT_RANGES = {
  tinyint: [-128, 127],
  smallint: [-32768, 32767],
  int: [-2147483648, 2147483647],
  date: [MIN_DATE_DAYS, MAX_DATE_DAYS],
} as const;
const TYPE_KINDS = { tinyint: TypeKind.BYTE, smallint: TypeKind.SHORT, int: TypeKind.INT, date: TypeKind.DATE } as const;

/** tinyint (byte RLE), smallint, int and date (signed integer RLE). */
class SmallIntegerWriter extends ColumnWriter {
  private data = ints();
  private readonly min: number;
  private readonly max: number;
  /** Bytes a value counts against the stripe size. */
  private readonly width: number;

  constructor(
    id: number,
    path: string,
    settings: ColumnSettings,
    private readonly glueKind: 'tinyint' | 'smallint' | 'int' | 'date',
  ) {
    super(id, path, settings, glueKind === 'date' ? 'date' : 'integer');
    [this.min, this.max] = INT_RANGES[glueKind];
    this.width = glueKind === 'tinyint' ? 1 : 4;
  }

  types(): Type[] {
    return [{ kind: TYPE_KINDS[this.glueKind] }];
  }

  readonly check = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < this.min || value > this.max) {
      this.fail(this.glueKind === 'date' ? `a date as whole days since 1970-01-01 (${this.min} to ${this.max})` : `an integer number from ${this.min} to ${this.max}`, value);
    }
  };

  readonly add = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return this.addNull();
    this.slotState.addValue();
    this.data.push(value as number);
    this.groupStats.addNumber(value as number);
    this.bloom?.addLong(BigInt(value as number));
    this.settings.budget.bytes += this.width;
  };

  protected encodeValues(): EncodedColumn {
    const data = this.data.values;
    const sink = new ByteSink(this.data.length * 2 + 16);
    let positions: number[][];
    if (this.glueKind === 'tinyint') {
      const encoder = new ByteRleEncoder(sink);
      positions = encodeWithMarks(this.values, this.valueMarks, (out) => encoder.position(out), (from, to) => {
        for (let i = from; i < to; i++) encoder.write((data[i] as number) & 0xff);
      });
      encoder.flush();
      return { encoding: { kind: EncodingKind.DIRECT }, streams: [{ kind: StreamKind.DATA, column: this.id, bytes: sink.toBytes(), positions }] };
    }
    const encoder = this.integerEncoder(sink, true);
    positions = encodeWithMarks(this.values, this.valueMarks, (out) => encoder.position(out), (from, to) => {
      for (let i = from; i < to; i++) encoder.write(data[i] as number);
    });
    encoder.flush();
    return { encoding: { kind: this.directKind() }, streams: [{ kind: StreamKind.DATA, column: this.id, bytes: sink.toBytes(), positions }] };
  }

  protected resetValues(): void {
    this.data.length = 0;
  }
}

class BigintWriter extends ColumnWriter {
  private data = new BigInt64Array(1024);

  types(): Type[] {
    return [{ kind: TypeKind.LONG }];
  }

  readonly check = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return;
    if (typeof value !== 'bigint' || value < INT64_MIN || value > INT64_MAX) this.fail('a bigint from -2^63 to 2^63-1', value);
  };

  readonly add = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return this.addNull();
    this.slotState.addValue();
    const at = this.slotState.values - 1;
    if (at === this.data.length) {
      const next = new BigInt64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[at] = value as bigint;
    this.groupStats.addBigint(value as bigint);
    this.bloom?.addLong(value as bigint);
    this.settings.budget.bytes += 8;
  };

  protected encodeValues(): EncodedColumn {
    const data = this.data;
    const sink = new ByteSink(this.values * 4 + 16);
    const encoder = this.integerEncoder(sink, true);
    const positions = encodeWithMarks(this.values, this.valueMarks, (out) => encoder.position(out), (from, to) => {
      for (let i = from; i < to; i++) encoder.writeBig(data[i] as bigint);
    });
    encoder.flush();
    return { encoding: { kind: this.directKind() }, streams: [{ kind: StreamKind.DATA, column: this.id, bytes: sink.toBytes(), positions }] };
  }

  protected resetValues(): void {}
}

class FloatingWriter extends ColumnWriter {
  private data = doubles();

  constructor(
    id: number,
    path: string,
    settings: ColumnSettings,
    private readonly single: boolean,
  ) {
    super(id, path, settings, 'double');
  }

  types(): Type[] {
    return [{ kind: this.single ? TypeKind.FLOAT : TypeKind.DOUBLE }];
  }

  readonly check = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return;
    if (typeof value !== 'number') this.fail(this.single ? 'a number (float)' : 'a number (double)', value);
  };

  readonly add = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return this.addNull();
    this.slotState.addValue();
    const v = this.single ? Math.fround(value as number) : (value as number);
    this.data.push(v);
    this.groupStats.addDouble(v);
    this.bloom?.addDouble(v);
    this.settings.budget.bytes += this.single ? 4 : 8;
  };

  protected encodeValues(): EncodedColumn {
    const width = this.single ? 4 : 8;
    const bytes = new Uint8Array(this.values * width);
    const view = new DataView(bytes.buffer);
    const data = this.data.values;
    const positions: number[][] = this.valueMarks.map((mark) => [mark * width]);
    if (this.single) for (let i = 0; i < this.values; i++) view.setFloat32(i * 4, data[i] as number, true);
    else for (let i = 0; i < this.values; i++) view.setFloat64(i * 8, data[i] as number, true);
    return { encoding: { kind: EncodingKind.DIRECT }, streams: [{ kind: StreamKind.DATA, column: this.id, bytes, positions }] };
  }

  protected resetValues(): void {
    this.data.length = 0;
  }
}

/**
 * string, char(n), varchar(n) and binary. While a string column keeps its dictionary, only the bytes of
 * each distinct value are buffered, with one dictionary id per value; when the dictionary is given up
 * (Apache's early check after the first row group, or the final ratio at the end of the stripe) the
 * values are laid out one after another for DIRECT encoding.
 */
class BytesWriter extends ColumnWriter {
  /** Dictionary mode: the distinct values' bytes; direct mode: every value's bytes. */
  private data = new ByteSink(64 * 1024);
  /** Direct mode: each value's length. */
  private lengths = ints();
  private dictionary: Map<string, number> | undefined;
  /** Dictionary mode: each value's dictionary id. */
  private ids = ints();
  private entryOffsets = ints();
  private entryLengths = ints();
  /** For each dictionary id, 1 + the row group in which its value last went into the statistics. */
  private statsGroup = ints();
  private rowGroup = 0;
  private decided = false;
  private readonly binary: boolean;
  /** char(n): n (values are padded to it); 0 for the other kinds. */
  private readonly charLength: number;

  constructor(
    id: number,
    path: string,
    settings: ColumnSettings,
    private readonly type: GlueType,
  ) {
    super(id, path, settings, type.kind === 'binary' ? 'binary' : 'string');
    this.binary = type.kind === 'binary';
    this.charLength = type.kind === 'char' ? type.length : 0;
    this.dictionary = this.newDictionary();
  }

  private newDictionary(): Map<string, number> | undefined {
    return this.type.kind === 'binary' || this.settings.dictionaryKeyThreshold <= 0 ? undefined : new Map();
  }

  types(): Type[] {
    const t = this.type;
    if (t.kind === 'binary') return [{ kind: TypeKind.BINARY }];
    if (t.kind === 'char') return [{ kind: TypeKind.CHAR, maximumLength: t.length }];
    if (t.kind === 'varchar') return [{ kind: TypeKind.VARCHAR, maximumLength: t.length }];
    return [{ kind: TypeKind.STRING }];
  }

  readonly check = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return;
    if (this.binary) {
      if (!(value instanceof Uint8Array)) this.fail('a Uint8Array (binary)', value);
    } else if (typeof value !== 'string') this.fail('a string', value);
  };

  readonly add = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return this.addNull();
    this.slotState.addValue();
    if (typeof value !== 'string') {
      const bytes = value as Uint8Array;
      this.data.writeBytes(bytes);
      this.lengths.push(bytes.length);
      this.groupStats.addBinary(bytes.length);
      this.bloom?.addBytes(bytes);
      this.settings.budget.bytes += bytes.length + 4;
      return;
    }
    // Hive's CHAR(n) holds n characters, padded with spaces (as Apache's CharTreeWriter pads).
    const text = this.charLength > 0 ? padChar(value, this.charLength) : value;
    const dictionary = this.dictionary;
    if (dictionary === undefined) {
      const start = this.data.length;
      const length = this.data.writeUtf8(text);
      this.lengths.push(length);
      this.groupStats.addString(text, length);
      if (this.bloom !== undefined) this.bloom.addBytes(this.data.view().subarray(start, start + length));
      this.settings.budget.bytes += length + 4;
      return;
    }
    let id = dictionary.get(text);
    if (id === undefined) {
      id = dictionary.size;
      dictionary.set(text, id);
      const start = this.data.length;
      const length = this.data.writeUtf8(text);
      this.entryOffsets.push(start);
      this.entryLengths.push(length);
      this.statsGroup.push(0);
      this.settings.budget.bytes += length + 48 + text.length * 2;
    }
    this.ids.push(id);
    const length = this.entryLengths.values[id] as number;
    // A value already in this row group's statistics cannot change its min or max: count it only.
    if (this.statsGroup.values[id] === this.rowGroup + 1) this.groupStats.addRepeatedString(length);
    else {
      this.statsGroup.values[id] = this.rowGroup + 1;
      this.groupStats.addString(text, length);
    }
    if (this.bloom !== undefined) {
      const start = this.entryOffsets.values[id] as number;
      this.bloom.addBytes(this.data.view().subarray(start, start + length));
    }
    this.settings.budget.bytes += 4;
  };

  /** Apache's early check: after the first row group, a stripe whose values are mostly distinct stops building a dictionary. */
  override endRowGroup(): void {
    super.endRowGroup();
    this.rowGroup++;
    if (!this.decided && this.dictionary !== undefined) {
      this.decided = true;
      if (!this.dictionaryPays()) this.leaveDictionary();
    }
  }

  private dictionaryPays(): boolean {
    return this.dictionary !== undefined && this.values > 0 && this.dictionary.size <= this.settings.dictionaryKeyThreshold * this.values;
  }

  /** Lays the values out one after another (direct mode) and drops the dictionary for this stripe. */
  private leaveDictionary(): void {
    const entries = this.data.view();
    const offsets = this.entryOffsets.values;
    const entryLengths = this.entryLengths.values;
    const ids = this.ids.values;
    const data = new ByteSink(Math.max(1024, this.values * 16));
    this.lengths.length = 0;
    for (let i = 0; i < this.ids.length; i++) {
      const id = ids[i] as number;
      const start = offsets[id] as number;
      const length = entryLengths[id] as number;
      data.writeBytes(entries.subarray(start, start + length));
      this.lengths.push(length);
    }
    this.data = data;
    this.dictionary = undefined;
    this.ids.length = 0;
    this.entryOffsets.length = 0;
    this.entryLengths.length = 0;
    this.statsGroup.length = 0;
  }

  protected encodeValues(): EncodedColumn {
    if (this.dictionary !== undefined) {
      if (this.dictionaryPays()) return this.encodeDictionary();
      this.leaveDictionary();
    }
    const bytes = this.data.toBytes();
    const lengths = this.lengths.values;
    const lengthSink = new ByteSink(this.values * 2 + 16);
    const encoder = this.integerEncoder(lengthSink, false);
    const lengthPositions = encodeWithMarks(this.values, this.valueMarks, (out) => encoder.position(out), (from, to) => {
      for (let i = from; i < to; i++) encoder.write(lengths[i] as number);
    });
    encoder.flush();
    // DATA positions: the byte offset where each row group's first value starts.
    const dataPositions: number[][] = [];
    let offset = 0;
    let mark = 0;
    for (let i = 0; i <= this.values; i++) {
      while (mark < this.valueMarks.length && this.valueMarks[mark] === i) {
        dataPositions.push([offset]);
        mark++;
      }
      if (i < this.values) offset += lengths[i] as number;
    }
    return {
      encoding: { kind: this.directKind() },
      streams: [
        { kind: StreamKind.DATA, column: this.id, bytes, positions: dataPositions },
        { kind: StreamKind.LENGTH, column: this.id, bytes: lengthSink.toBytes(), positions: lengthPositions },
      ],
    };
  }

  private encodeDictionary(): EncodedColumn {
    const size = (this.dictionary as Map<string, number>).size;
    const data = this.data.view();
    const starts = this.entryOffsets.values;
    const entryLengths = this.entryLengths.values;
    const ids = this.ids.values;
    // Sort the entries by their UTF-8 bytes (specification: "the dictionary is sorted").
    const order = Array.from({ length: size }, (_, i) => i);
    order.sort((a, b) => compareSlices(data, starts[a] as number, entryLengths[a] as number, starts[b] as number, entryLengths[b] as number));
    const rank = new Int32Array(size);
    order.forEach((id, r) => (rank[id] = r));
    const blob = new ByteSink(this.data.length + 16);
    const lengthSink = new ByteSink(size * 2 + 16);
    const lengthEncoder = this.integerEncoder(lengthSink, false);
    for (const id of order) {
      const start = starts[id] as number;
      blob.writeBytes(data.subarray(start, start + (entryLengths[id] as number)));
      lengthEncoder.write(entryLengths[id] as number);
    }
    lengthEncoder.flush();
    const refSink = new ByteSink(this.values + 16);
    const refEncoder = this.integerEncoder(refSink, false);
    const positions = encodeWithMarks(this.values, this.valueMarks, (out) => refEncoder.position(out), (from, to) => {
      for (let i = from; i < to; i++) refEncoder.write(rank[ids[i] as number] as number);
    });
    refEncoder.flush();
    return {
      encoding: { kind: this.settings.v2 ? EncodingKind.DICTIONARY_V2 : EncodingKind.DICTIONARY, dictionarySize: size },
      streams: [
        { kind: StreamKind.DATA, column: this.id, bytes: refSink.toBytes(), positions },
        { kind: StreamKind.DICTIONARY_DATA, column: this.id, bytes: blob.toBytes() },
        { kind: StreamKind.LENGTH, column: this.id, bytes: lengthSink.toBytes() },
      ],
    };
  }

  protected resetValues(): void {
    this.data.clear();
    this.lengths.length = 0;
    this.ids.length = 0;
    this.entryOffsets.length = 0;
    this.entryLengths.length = 0;
    this.statsGroup.length = 0;
    this.rowGroup = 0;
    this.decided = false;
    this.dictionary = this.newDictionary();
  }
}

function padChar(text: string, length: number): string {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff) count++;
  }
  return count >= length ? text : text + ' '.repeat(length - count);
}

function compareSlices(data: Uint8Array, a: number, aLength: number, b: number, bLength: number): number {
  const n = Math.min(aLength, bLength);
  for (let i = 0; i < n; i++) {
    const d = (data[a + i] as number) - (data[b + i] as number);
    if (d !== 0) return d;
  }
  return aLength - bLength;
}

class DecimalWriter extends ColumnWriter {
  /**
   * The unscaled values as doubles where exact once zigzagged (|v| ≤ 2^51: most decimals), NaN for the
   * others, which `wide` holds in order: the stripe keeps no BigInt per value for the garbage collector
   * to copy.
   */
  private data = doubles();
  private wide: bigint[] = [];
  private readonly limit: bigint;
  private readonly negativeLimit: bigint;

  constructor(
    id: number,
    path: string,
    settings: ColumnSettings,
    private readonly precision: number,
    private readonly decimalScale: number,
  ) {
    super(id, path, settings, 'decimal', decimalScale);
    this.limit = 10n ** BigInt(precision);
    this.negativeLimit = -this.limit;
  }

  types(): Type[] {
    return [{ kind: TypeKind.DECIMAL, precision: this.precision, scale: this.decimalScale }];
  }

  readonly check = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return;
    if (typeof value !== 'bigint' || value <= this.negativeLimit || value >= this.limit) {
      this.fail(`a bigint unscaled decimal(${this.precision},${this.decimalScale}) value (|v| < 10^${this.precision})`, value);
    }
  };

  readonly add = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return this.addNull();
    this.slotState.addValue();
    const unscaled = value as bigint;
    if (unscaled >= NEG_SAFE_DECIMAL && unscaled <= SAFE_DECIMAL) this.data.push(Number(unscaled));
    else {
      this.data.push(Number.NaN);
      this.wide.push(unscaled);
    }
    this.groupStats.addDecimal(unscaled);
    // Apache's writer adds a decimal to the bloom filter as its text (HiveDecimal: no trailing fraction zeros).
    if (this.bloom !== undefined) this.bloom.addBytes(utf8.encode(decimalString(value as bigint, this.decimalScale)));
    this.settings.budget.bytes += 16;
  };

  protected encodeValues(): EncodedColumn {
    const sink = new ByteSink(this.values * 8 + 16);
    const data = this.data.values;
    const wide = this.wide;
    let nextWide = 0;
    const dataPositions = encodeWithMarks(
      this.values,
      this.valueMarks,
      (out) => out.push(sink.length),
      (from, to) => {
        for (let i = from; i < to; i++) {
          const value = data[i] as number;
          // BigInt arithmetic only for the values beyond ±2^51.
          if (!Number.isNaN(value)) writeSignedVarint(sink, value);
          else writeSignedVarintBig(sink, wide[nextWide++] as bigint);
        }
      },
    );
    const scaleSink = new ByteSink(64);
    const scales = this.integerEncoder(scaleSink, true);
    const scale = this.decimalScale;
    const scalePositions = encodeWithMarks(this.values, this.valueMarks, (out) => scales.position(out), (from, to) => {
      for (let i = from; i < to; i++) scales.write(scale);
    });
    scales.flush();
    return {
      encoding: { kind: this.directKind() },
      streams: [
        { kind: StreamKind.DATA, column: this.id, bytes: sink.toBytes(), positions: dataPositions },
        { kind: StreamKind.SECONDARY, column: this.id, bytes: scaleSink.toBytes(), positions: scalePositions },
      ],
    };
  }

  protected resetValues(): void {
    this.data.length = 0;
    this.wide = [];
  }
}

class TimestampWriter extends ColumnWriter {
  private seconds = doubles();
  private nanos = ints();

  types(): Type[] {
    return [{ kind: TypeKind.TIMESTAMP }];
  }

  readonly check = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return;
    if (typeof value !== 'bigint' || value < MIN_TIMESTAMP_NANOS || value > MAX_TIMESTAMP_NANOS) {
      this.fail('a bigint of nanoseconds since 1970 (years 0001 to 9999)', value);
    }
  };

  /**
   * Apache's writer stores seconds = millis / 1000 rounded toward zero, and its readers take one second
   * off a negative value whose nanoseconds exceed 999,999; this writer stores the same numbers, so every
   * reader gets the original time back (for times in the second before 1970 no such pair exists; they
   * read back one second late in every ORC reader).
   */
  readonly add = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return this.addNull();
    this.slotState.addValue();
    splitTimestamp(value as bigint, timestampParts);
    const s = timestampParts[0] as number;
    const n = timestampParts[1] as number;
    const stored = s < 0 && n > 999_999 ? s + 1 : s;
    this.seconds.push(stored - ORC_EPOCH_UTC_SECONDS);
    this.nanos.push(n);
    const millis = s * 1000 + Math.floor(n / 1_000_000);
    this.groupStats.addTimestamp(millis, n % 1_000_000);
    this.bloom?.addLong(BigInt(millis));
    this.settings.budget.bytes += 12;
  };

  protected encodeValues(): EncodedColumn {
    const secondsSink = new ByteSink(this.values * 4 + 16);
    const nanosSink = new ByteSink(this.values + 16);
    const seconds = this.integerEncoder(secondsSink, true);
    const nanos = this.integerEncoder(nanosSink, false);
    const s = this.seconds.values;
    const n = this.nanos.values;
    const secondsPositions = encodeWithMarks(this.values, this.valueMarks, (out) => seconds.position(out), (from, to) => {
      for (let i = from; i < to; i++) seconds.write(s[i] as number);
    });
    const nanosPositions = encodeWithMarks(this.values, this.valueMarks, (out) => nanos.position(out), (from, to) => {
      for (let i = from; i < to; i++) nanos.write(encodeNanos(n[i] as number));
    });
    seconds.flush();
    nanos.flush();
    return {
      encoding: { kind: this.directKind() },
      streams: [
        { kind: StreamKind.DATA, column: this.id, bytes: secondsSink.toBytes(), positions: secondsPositions },
        { kind: StreamKind.SECONDARY, column: this.id, bytes: nanosSink.toBytes(), positions: nanosPositions },
      ],
    };
  }

  protected resetValues(): void {
    this.seconds.length = 0;
    this.nanos.length = 0;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const scratch64 = new BigInt64Array(1);
const scratch32 = new Int32Array(scratch64.buffer);
/** Where `splitTimestamp` puts its two results (no array per value). */
const timestampParts = new Float64Array(2);
/** |ns| < 2^62: the high word of the int64 is within ±2^30, so every product below stays under 2^53. */
const FAST_TIMESTAMP_LIMIT = 2n ** 62n;
const NEGATIVE_FAST_TIMESTAMP_LIMIT = -FAST_TIMESTAMP_LIMIT;

/**
 * Splits nanoseconds since 1970 into whole seconds (rounded down: out[0]) and the nanoseconds within
 * that second (0 to 999,999,999: out[1]). For |ns| < 2^62 (years 1824 to 2116) without BigInt
 * arithmetic: with ns = hi·2^32 + lo (the int64's words) and 2^32 = 1000·4,294,967 + 296,
 * floor(ns / 1000) = hi·4,294,967 + floor((296·hi + lo) / 1000), every term an exact double; each
 * floor of a quotient is corrected by its exact remainder. Other values go through BigInt division.
 */
export function splitTimestamp(ns: bigint, out: Float64Array): void {
  if (LITTLE_ENDIAN && ns < FAST_TIMESTAMP_LIMIT && ns > NEGATIVE_FAST_TIMESTAMP_LIMIT) {
    scratch64[0] = ns;
    const hi = scratch32[1] as number;
    const low = hi * 296 + ((scratch32[0] as number) >>> 0);
    let q = Math.floor(low / 1000);
    let subMicros = low - q * 1000;
    if (subMicros < 0) {
      q--;
      subMicros += 1000;
    } else if (subMicros >= 1000) {
      q++;
      subMicros -= 1000;
    }
    const micros = hi * 4_294_967 + q;
    let seconds = Math.floor(micros / 1_000_000);
    let microsInSecond = micros - seconds * 1_000_000;
    if (microsInSecond < 0) {
      seconds--;
      microsInSecond += 1_000_000;
    } else if (microsInSecond >= 1_000_000) {
      seconds++;
      microsInSecond -= 1_000_000;
    }
    out[0] = seconds;
    out[1] = microsInSecond * 1000 + subMicros;
    return;
  }
  let seconds = ns / NANOS_PER_SECOND;
  let nanos = ns - seconds * NANOS_PER_SECOND;
  if (nanos < 0n) {
    nanos += NANOS_PER_SECOND;
    seconds -= 1n;
  }
  out[0] = Number(seconds);
  out[1] = Number(nanos);
}

/** Nanoseconds with trailing decimal zeros removed; the low 3 bits count them (as zeros − 1) when more than 2. */
export function encodeNanos(nanos: number): number {
  if (nanos === 0) return 0;
  if (nanos % 100 !== 0) return nanos * 8;
  let value = nanos / 100;
  let zeros = 1;
  while (value % 10 === 0 && zeros < 7) {
    value /= 10;
    zeros++;
  }
  return value * 8 + zeros;
}

// ───────────────────────────── compound ─────────────────────────────

export class StructWriter extends ColumnWriter {
  /** Reads the fields of a struct value (or row) into an array, in field order. */
  readonly readFields: FieldsReader;
  /** The fields of the struct being checked or added (reused). */
  private readonly fields: (CellValue | undefined)[];
  private readonly checks: ((value: CellValue | undefined) => void)[];
  private readonly adds: ((value: CellValue | undefined) => void)[];

  constructor(
    id: number,
    path: string,
    settings: ColumnSettings,
    private readonly names: readonly string[],
    children: ColumnWriter[],
  ) {
    super(id, path, settings, 'none');
    this.children.push(...children);
    this.readFields = compileFieldsReader(names);
    this.fields = new Array<CellValue | undefined>(names.length).fill(undefined);
    this.checks = children.map((c) => c.check);
    this.adds = children.map((c) => c.add);
  }

  types(): Type[] {
    const own: Type = { kind: TypeKind.STRUCT, subtypes: this.children.map((c) => c.id), fieldNames: [...this.names] };
    return [own, ...this.children.flatMap((c) => c.types())];
  }

  readonly check = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value) || value instanceof Map || value instanceof Uint8Array) {
      this.fail('a struct (plain object)', value);
    }
    // (No writer is its own descendant, so the array is free again when a child's check returns.)
    const fields = this.fields;
    this.readFields(value as StructValue, fields);
    const checks = this.checks;
    for (let i = 0; i < checks.length; i++) (checks[i] as (v: CellValue | undefined) => void)(fields[i]);
  };

  readonly add = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return this.addNull();
    this.slotState.addValue();
    this.groupStats.count++;
    const fields = this.fields;
    this.readFields(value as StructValue, fields);
    const adds = this.adds;
    for (let i = 0; i < adds.length; i++) (adds[i] as (v: CellValue | undefined) => void)(fields[i]);
  };

  /** The root's check of a row given as its fields' cells, in field order (`cells.length` is the field count). */
  checkCells(cells: readonly (CellValue | undefined)[]): void {
    const checks = this.checks;
    for (let i = 0; i < checks.length; i++) (checks[i] as (v: CellValue | undefined) => void)(cells[i]);
  }

  /** The root's `add` of a row given as its fields' cells (checked). */
  addCells(cells: readonly (CellValue | undefined)[]): void {
    this.slotState.addValue();
    this.groupStats.count++;
    const adds = this.adds;
    for (let i = 0; i < adds.length; i++) (adds[i] as (v: CellValue | undefined) => void)(cells[i]);
  }

  protected encodeValues(): EncodedColumn {
    return { encoding: { kind: EncodingKind.DIRECT }, streams: [] };
  }

  protected resetValues(): void {}
}

/** Reads the named fields of an object into `into`, in order. */
export type FieldsReader = (object: StructValue, into: (CellValue | undefined)[]) => void;

/**
 * Reads fields as own properties, so that `constructor` or `__proto__` never reads an inherited value.
 * Where the platform allows code generation, one function per struct reads every field by its literal
 * name (a property load that stays specialised to the rows' shape; a shared loop over names is a
 * lookup by name on every read: BENCHMARKS.md, ORC round 3); otherwise a loop over the names.
 * `codeGeneration: false` chooses the second way (for tests).
 */
export function compileFieldsReader(names: readonly string[], codeGeneration = true): FieldsReader {
  const inherited = names.map((name) => name in Object.prototype);
  const has = (object: StructValue, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);
  const generic: FieldsReader = (object, into) => {
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      into[i] = inherited[i] === true && !has(object, name) ? undefined : object[name];
    }
  };
  if (!codeGeneration) return generic;
  const body = names
    .map((name, i) => {
      const key = JSON.stringify(name);
      return inherited[i] === true ? `into[${i}] = has(object, ${key}) ? object[${key}] : undefined;` : `into[${i}] = object[${key}];`;
    })
    .join('\n');
  return generateFunction<FieldsReader>({ has }, `function readFields(object, into) {\n${body}\n}`) ?? generic;
}

class ListWriter extends ColumnWriter {
  private lengths = ints();

  private readonly firstCheck: (value: CellValue | undefined) => void;
  private readonly secondCheck: (value: CellValue | undefined) => void;
  private readonly firstAdd: (value: CellValue | undefined) => void;
  private readonly secondAdd: (value: CellValue | undefined) => void;
  /** Map.forEach callbacks, made once. */
  private readonly checkEntry: (value: CellValue, key: CellValue) => void;
  private readonly addEntry: (value: CellValue, key: CellValue) => void;

  constructor(
    id: number,
    path: string,
    settings: ColumnSettings,
    private readonly isMap: boolean,
    children: ColumnWriter[],
  ) {
    super(id, path, settings, 'collection');
    this.children.push(...children);
    const first = children[0] as ColumnWriter;
    const second = children[1] ?? first;
    this.firstCheck = first.check;
    this.secondCheck = second.check;
    this.firstAdd = first.add;
    this.secondAdd = second.add;
    this.checkEntry = (v, k) => {
      if (k === null || k === undefined) throw new OrcRowError(`${this.path}{key}`, 'a non-null map key', 'null');
      this.firstCheck(k);
      this.secondCheck(v);
    };
    this.addEntry = (v, k) => {
      this.firstAdd(k);
      this.secondAdd(v);
    };
  }

  types(): Type[] {
    return [{ kind: this.isMap ? TypeKind.MAP : TypeKind.LIST, subtypes: this.children.map((c) => c.id) }, ...this.children.flatMap((c) => c.types())];
  }

  readonly check = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return;
    if (this.isMap) {
      if (!(value instanceof Map)) this.fail('a Map', value);
      value.forEach(this.checkEntry);
    } else {
      if (!Array.isArray(value)) this.fail('an array', value);
      const check = this.firstCheck;
      for (let i = 0; i < value.length; i++) check(value[i]);
    }
  };

  readonly add = (value: CellValue | undefined): void => {
    if (value === null || value === undefined) return this.addNull();
    this.slotState.addValue();
    if (this.isMap) {
      const map = value as Map<CellValue, CellValue>;
      map.forEach(this.addEntry);
      this.lengths.push(map.size);
      this.groupStats.addChildren(map.size);
    } else {
      const list = value as CellValue[];
      const add = this.firstAdd;
      for (let i = 0; i < list.length; i++) add(list[i]);
      this.lengths.push(list.length);
      this.groupStats.addChildren(list.length);
    }
    this.settings.budget.bytes += 4;
  };

  protected encodeValues(): EncodedColumn {
    const sink = new ByteSink(this.values + 16);
    const encoder = this.integerEncoder(sink, false);
    const lengths = this.lengths.values;
    const positions = encodeWithMarks(this.values, this.valueMarks, (out) => encoder.position(out), (from, to) => {
      for (let i = from; i < to; i++) encoder.write(lengths[i] as number);
    });
    encoder.flush();
    return { encoding: { kind: this.directKind() }, streams: [{ kind: StreamKind.LENGTH, column: this.id, bytes: sink.toBytes(), positions }] };
  }

  protected resetValues(): void {
    this.lengths.length = 0;
  }
}

// ───────────────────────────── tree ─────────────────────────────

/** Statistics for non-null values are added in each writer's `add`; nulls in `addNull`. */
export function buildColumnWriter(type: GlueType, path: string, settings: ColumnSettings, nextId: { value: number }): ColumnWriter {
  const id = nextId.value++;
  switch (type.kind) {
    case 'boolean':
      return new BooleanWriter(id, path, settings, 'boolean');
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'date':
      return new SmallIntegerWriter(id, path, settings, type.kind);
    case 'bigint':
      return new BigintWriter(id, path, settings, 'integer');
    case 'float':
    case 'double':
      return new FloatingWriter(id, path, settings, type.kind === 'float');
    case 'string':
    case 'char':
    case 'varchar':
    case 'binary':
      return new BytesWriter(id, path, settings, type);
    case 'decimal':
      return new DecimalWriter(id, path, settings, type.precision, type.scale);
    case 'timestamp':
      return new TimestampWriter(id, path, settings, 'timestamp');
    case 'array': {
      const element = buildColumnWriter(type.element, `${path}[]`, settings, nextId);
      return new ListWriter(id, path, settings, false, [element]);
    }
    case 'map': {
      const key = buildColumnWriter(type.key, `${path}{key}`, settings, nextId);
      const value = buildColumnWriter(type.value, `${path}{}`, settings, nextId);
      return new ListWriter(id, path, settings, true, [key, value]);
    }
    case 'struct': {
      const names = type.fields.map((field) => field.name.toLowerCase());
      const children = type.fields.map((field, i) => buildColumnWriter(field.type, `${path}.${names[i]}`, settings, nextId));
      return new StructWriter(id, path, settings, names, children);
    }
  }
}

/** The root: a struct of the table's columns. */
export function buildRootWriter(columns: readonly { readonly name: string; readonly type: GlueType }[], settings: ColumnSettings): StructWriter {
  const nextId = { value: 1 };
  const names = columns.map((column) => column.name.toLowerCase());
  const children = columns.map((column, i) => buildColumnWriter(column.type, names[i] as string, settings, nextId));
  return new StructWriter(0, '(row)', settings, names, children);
}

/** All writers of a tree in column-id order. */
export function flattenWriters(root: ColumnWriter): ColumnWriter[] {
  const out: ColumnWriter[] = [];
  const visit = (writer: ColumnWriter): void => {
    out.push(writer);
    for (const child of writer.children) visit(child);
  };
  visit(root);
  return out;
}
