/**
 * The fast path from rows to columns: one buffer per leaf column, and a shredder compiled once per
 * schema that walks a row and appends each leaf's definition level, repetition level and value (Dremel
 * record shredding, apache/parquet-format README "Nested Encoding"). Values are kept in typed arrays
 * until the row group is encoded: strings as their UTF-8 bytes and binaries as their bytes, one byte
 * store per column with an offset per value; decimals of up to 18 digits as int64. No cell outlives its
 * row, so a row group of Firehose's default 256 MiB leaves the garbage collector nothing to copy but the
 * column stores (measured: see BENCHMARKS.md, issue 11).
 *
 * Each cell is checked against the in-memory type of its Glue type (formats/glue/types.ts); a mismatch throws
 * `ParquetRowError`, and `ParquetRowShredder.rollback()` restores the buffers to the start of the row.
 */
import { Buffer } from 'node:buffer';
import { printGlueType } from '../glue/index.js';
import { ParquetRowError, describeCell } from './errors.js';
import type { LeafColumn, ParquetLeafNode, ParquetNode, ParquetSchema } from './parquetSchema.js';
import type { CellValue, GlueType, Row } from '../glue/index.js';
import { generateFunction } from '../../transforms/core/index.js';

const INITIAL_CAPACITY = 1024;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NANOS_PER_MICRO = 1000n;
const NANOS_PER_DAY = 86_400_000_000_000n;
/** Julian day number of 1970-01-01, the epoch of INT96 timestamps (Hive/Impala legacy layout). */
const JULIAN_DAY_OF_EPOCH = 2_440_588;

/** The buffered cells of one leaf column for the current row group. */
export class LeafBuffer {
  defs: Uint8Array;
  reps: Uint8Array;
  /** Number of level entries (values and nulls). */
  levelCount = 0;
  /** Number of non-null values. */
  valueCount = 0;
  /**
   * PLAIN-encoded size of the buffered values, the measure of the row-group size. For strings it covers
   * the encoded values only: call `encodePending` first.
   */
  plainBytes = 0;

  // One of these holds the values, by storage kind (the others stay empty).
  bools: Uint8Array = EMPTY_U8;
  ints: Int32Array = EMPTY_I32;
  longs: BigInt64Array = EMPTY_I64;
  /** `longs` seen as int32 pairs (little-endian: low word first), for the timestamp fast path. */
  longs32: Int32Array = EMPTY_I32;
  floats: Float32Array = EMPTY_F32;
  doubles: Float64Array = EMPTY_F64;
  /** Decimals wider than 8 bytes (precision above 18): the row's own bigint unscaled values. */
  objects: bigint[] = [];
  /**
   * Strings (UTF-8) and binaries: value i is `bytes[offsets[i], offsets[i + 1])`. A Node Buffer, so that
   * strings with non-ASCII characters are encoded in place by `Buffer#write`.
   */
  bytes: Buffer = EMPTY_BYTES;
  offsets: Int32Array = EMPTY_I32;
  /** INT96 timestamps: nanoseconds within the day (exact in a double, < 2^47). */
  nanosOfDay: Float64Array = EMPTY_F64;
  /** Strings appended but not yet encoded into `bytes` (see `appendString`), and their total length. */
  private readonly pending: string[] = [];
  private pendingChars = 0;

  private readonly repeated: boolean;

  constructor(readonly leaf: LeafColumn) {
    this.repeated = leaf.maxRepetitionLevel > 0;
    this.defs = new Uint8Array(INITIAL_CAPACITY);
    this.reps = new Uint8Array(leaf.maxRepetitionLevel > 0 ? INITIAL_CAPACITY : 0);
    switch (leaf.storage) {
      case 'boolean':
        this.bools = new Uint8Array(INITIAL_CAPACITY);
        break;
      case 'int32':
        this.ints = new Int32Array(INITIAL_CAPACITY);
        break;
      case 'int64':
      case 'timestamp':
        this.longs = new BigInt64Array(INITIAL_CAPACITY);
        this.longs32 = new Int32Array(this.longs.buffer);
        break;
      case 'int96':
        this.ints = new Int32Array(INITIAL_CAPACITY);
        this.nanosOfDay = new Float64Array(INITIAL_CAPACITY);
        break;
      case 'float':
        this.floats = new Float32Array(INITIAL_CAPACITY);
        break;
      case 'double':
        this.doubles = new Float64Array(INITIAL_CAPACITY);
        break;
      case 'string':
      case 'binary':
        this.bytes = takeStore(INITIAL_BYTES);
        this.offsets = new Int32Array(INITIAL_CAPACITY + 1);
        break;
      case 'decimal':
        if (leaf.typeLength <= 8) {
          this.longs = new BigInt64Array(INITIAL_CAPACITY);
          this.longs32 = new Int32Array(this.longs.buffer);
        }
        break;
      default:
        break;
    }
  }

  /** Whether decimals are kept as int64 in `longs` (precision ≤ 18, at most 8 bytes) rather than in `objects`. */
  get decimalsInLongs(): boolean {
    return this.leaf.storage === 'decimal' && this.leaf.typeLength <= 8;
  }

  /**
   * Appends a string as the next value. Its UTF-8 bytes are written later, by `encodePending`, together
   * with those of the strings appended after it (one `Buffer#write` per batch instead of one per string:
   * measured, BENCHMARKS.md issue 11 round 3). Until then `offsets`, `bytes` and `plainBytes` do not
   * cover it; everything that reads them calls `encodePending` first.
   */
  appendString(value: string): void {
    const pending = this.pending;
    pending.push(value);
    this.valueCount++;
    this.pendingChars += value.length;
    if (pending.length === STRING_BATCH || this.pendingChars >= STRING_BATCH_CHARS) this.encodePending();
  }

  /**
   * Writes the UTF-8 bytes of the strings waiting since the last call (values
   * `[valueCount - pending, valueCount)`) into the byte store, joined into one string and encoded by one
   * `Buffer#write`, which turns lone surrogates into U+FFFD as `Buffer.from` does. Each value's bytes are
   * exactly those of encoding it alone: the joined text is all ASCII when as many bytes as characters came
   * out; otherwise the bytes are split by counting UTF-16 units per UTF-8 sequence, and when a value
   * ending in a high surrogate met a low surrogate at the start of the next one (a pair in the joined text,
   * two U+FFFD apart), the batch is encoded again value by value.
   */
  encodePending(): void {
    const pending = this.pending;
    const count = pending.length;
    if (count === 0) return;
    const end = this.valueCount;
    const first = end - count;
    if (end >= this.offsets.length) this.growOffsets(end + 1);
    const offsets = this.offsets;
    const start = offsets[first]!;
    const text = count === 1 ? pending[0]! : pending.join('');
    const chars = text.length;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair, 2 units, takes 4).
    if (start + chars * 3 > this.bytes.length) this.growBytes(start, start + chars * 3);
    const bytes = this.bytes;
    const written = chars === 0 ? 0 : bytes.write(text, start, 'utf8');
    if (written === chars) {
      let at = start;
      for (let k = 0; k < count; k++) {
        at += pending[k]!.length;
        offsets[first + k + 1] = at;
      }
    } else if (!splitUtf8(bytes, start, pending, offsets, first)) {
      let at = start;
      for (let k = 0; k < count; k++) {
        at += bytes.write(pending[k]!, at, 'utf8');
        offsets[first + k + 1] = at;
      }
    }
    pending.length = 0;
    this.pendingChars = 0;
    this.plainBytes = 4 * end + offsets[end]!;
  }

  /** Appends a copy of `value` as the next value. */
  appendBytes(value: Uint8Array): void {
    const at = this.valueCount;
    if (at + 1 >= this.offsets.length) this.growOffsets(at + 2);
    const start = this.offsets[at]!;
    const n = value.byteLength;
    if (start + n > this.bytes.length) this.growBytes(start, start + n);
    const bytes = this.bytes;
    if (n < 64) {
      for (let k = 0; k < n; k++) bytes[start + k] = value[k]!;
    } else {
      bytes.set(value, start);
    }
    this.offsets[at + 1] = start + n;
    this.valueCount = at + 1;
    this.plainBytes += 4 + n;
  }

  private growOffsets(needed: number): void {
    let capacity = this.offsets.length * 2;
    while (capacity < needed) capacity *= 2;
    this.offsets = grow(this.offsets, capacity);
  }

  /** Replaces the byte store by one of at least `needed` bytes, keeping its first `used` bytes. */
  private growBytes(used: number, needed: number): void {
    let capacity = Math.max(INITIAL_BYTES, this.bytes.length * 2);
    while (capacity < needed) capacity *= 2;
    const next = takeStore(capacity);
    this.bytes.copy(next, 0, 0, used);
    giveStore(this.bytes);
    this.bytes = next;
  }

  /**
   * Forgets every entry after the given counts (taken between rows): the rollback of a row that failed.
   * Strings of the forgotten values still waiting to be encoded are dropped; byte-store sizes are recounted.
   */
  truncate(levelCount: number, valueCount: number, plainBytes: number): void {
    this.levelCount = levelCount;
    if (this.objects.length > valueCount) this.objects.length = valueCount;
    const storage = this.leaf.storage;
    if (storage !== 'string' && storage !== 'binary') {
      this.valueCount = valueCount;
      this.plainBytes = plainBytes;
      return;
    }
    const pending = this.pending;
    const encoded = this.valueCount - pending.length;
    this.valueCount = valueCount;
    if (valueCount <= encoded) {
      pending.length = 0;
      this.pendingChars = 0;
    } else {
      pending.length = valueCount - encoded;
      let chars = 0;
      for (const text of pending) chars += text.length;
      this.pendingChars = chars;
    }
    // offsets[encodedCount] is valid: every value below it was encoded.
    const encodedCount = valueCount - pending.length;
    this.plainBytes = 4 * encodedCount + this.offsets[encodedCount]!;
  }

  /** Gives the byte store back for other writers to reuse; the buffer must not be written to afterwards. */
  release(): void {
    this.pending.length = 0;
    this.pendingChars = 0;
    giveStore(this.bytes);
    this.bytes = EMPTY_BYTES;
  }

  /** Empties the buffer for the next row group, keeping typed-array capacity. */
  clear(): void {
    this.pending.length = 0;
    this.pendingChars = 0;
    this.levelCount = 0;
    this.valueCount = 0;
    this.plainBytes = 0;
    this.objects = [];
  }

  /** Appends one level entry; `rep` is ignored for columns without repetition. */
  level(rep: number, def: number): void {
    const at = this.levelCount;
    if (at === this.defs.length) this.growLevels();
    this.defs[at] = def;
    if (this.repeated) this.reps[at] = rep;
    this.levelCount = at + 1;
  }

  private growLevels(): void {
    this.defs = grow(this.defs, this.defs.length * 2);
    if (this.repeated) this.reps = grow(this.reps, this.reps.length * 2);
  }

  /** Doubles the typed value store of this column (called when `valueCount` reached its length). */
  growValues(): void {
    const capacity = Math.max(INITIAL_CAPACITY, this.valueCount * 2);
    switch (this.leaf.storage) {
      case 'boolean':
        this.bools = grow(this.bools, capacity);
        break;
      case 'int32':
        this.ints = grow(this.ints, capacity);
        break;
      case 'int64':
      case 'timestamp':
        this.longs = grow(this.longs, capacity);
        this.longs32 = new Int32Array(this.longs.buffer);
        break;
      case 'int96':
        this.ints = grow(this.ints, capacity);
        this.nanosOfDay = grow(this.nanosOfDay, capacity);
        break;
      case 'float':
        this.floats = grow(this.floats, capacity);
        break;
      case 'double':
        this.doubles = grow(this.doubles, capacity);
        break;
      case 'decimal':
        if (this.decimalsInLongs) {
          this.longs = grow(this.longs, capacity);
          this.longs32 = new Int32Array(this.longs.buffer);
        }
        break;
      default:
        break;
    }
  }
}

/**
 * Strings encoded together by `encodePending`: at most this many, and a batch ends once it holds this
 * many characters. A waiting string may be a slice that keeps its record's text alive, so the count is
 * kept small: at most STRING_BATCH strings per column wait at any time.
 */
const STRING_BATCH = 64;
const STRING_BATCH_CHARS = 16 * 1024;
const INITIAL_BYTES = 64 * 1024;
const EMPTY_BYTES = Buffer.alloc(0);
const EMPTY_U8 = new Uint8Array(0);

/**
 * Byte stores given back by closed writers and by growth, for the next ones to reuse. A writer's stores
 * grow by doubling, and every fresh off-heap allocation counts toward V8's external-memory GC triggers:
 * without reuse, a stream of files costs full GCs over the whole heap (BENCHMARKS.md, issue 11 round 2).
 * Held through WeakRefs, so the next full GC frees whatever no writer took back; at most MAX_POOLED.
 */
const pooledStores: WeakRef<Buffer>[] = [];
const MAX_POOLED = 64;

/** The smallest pooled store of at least `minimum` bytes, or a new one. */
function takeStore(minimum: number): Buffer {
  let best: Buffer | undefined;
  let bestAt = -1;
  let live = 0;
  for (let i = 0; i < pooledStores.length; i++) {
    const store = pooledStores[i]!.deref();
    if (store === undefined) continue;
    pooledStores[live] = pooledStores[i]!;
    if (store.length >= minimum && (best === undefined || store.length < best.length)) {
      best = store;
      bestAt = live;
    }
    live++;
  }
  pooledStores.length = live;
  if (best === undefined) return Buffer.allocUnsafe(minimum);
  pooledStores.splice(bestAt, 1);
  return best;
}

/** Pools a store no longer used. Only stores of INITIAL_BYTES or more: smaller Buffers may share Node's allocation pool. */
function giveStore(store: Buffer): void {
  if (store.length >= INITIAL_BYTES && pooledStores.length < MAX_POOLED) pooledStores.push(new WeakRef(store));
}
const EMPTY_I32 = new Int32Array(0);
const EMPTY_I64 = new BigInt64Array(0);
const EMPTY_F32 = new Float32Array(0);
const EMPTY_F64 = new Float64Array(0);

/**
 * Sets `offsets[first + k + 1]` to the end of string k's bytes in `bytes` (the UTF-8 of the strings
 * joined, from `start`), counting UTF-16 units per UTF-8 sequence: one for sequences of 1 to 3 bytes
 * (U+FFFD of a lone surrogate included), two for 4 bytes (a surrogate pair). Returns false when a pair
 * spans two strings, whose separate encodings would differ.
 */
function splitUtf8(bytes: Uint8Array, start: number, strings: readonly string[], offsets: Int32Array, first: number): boolean {
  let at = start;
  for (let k = 0; k < strings.length; k++) {
    let units = strings[k]!.length;
    while (units > 0) {
      const lead = bytes[at]!;
      if (lead < 0x80) {
        at++;
        units--;
      } else if (lead < 0xe0) {
        at += 2;
        units--;
      } else if (lead < 0xf0) {
        at += 3;
        units--;
      } else {
        if (units === 1) return false;
        at += 4;
        units -= 2;
      }
    }
    offsets[first + k + 1] = at;
  }
  return true;
}

type TypedArray = Uint8Array | Int32Array | BigInt64Array | Float32Array | Float64Array;

function grow<T extends TypedArray>(array: T, capacity: number): T {
  const next = new (array.constructor as new (length: number) => T)(Math.max(capacity, INITIAL_CAPACITY));
  next.set(array as never);
  return next;
}

/** Appends a value (or a null) of one node to the leaf buffers; `rep` is the repetition level of the first entry. */
type Shred = (value: CellValue | undefined, rep: number) => void;

/** Compiled row → columns shredder of one schema. */
export class ParquetRowShredder {
  readonly buffers: readonly LeafBuffer[];
  private readonly shredRow: (row: Row) => void;
  private readonly shredCells: (cells: readonly CellValue[]) => void;
  private readonly marks: Float64Array;

  /**
   * `codeGeneration: false` reads rows and cells by loops over the columns instead of generated code
   * (what happens anyway where the platform forbids code generation; for tests).
   */
  constructor(schema: ParquetSchema, codeGeneration = true) {
    this.buffers = schema.leaves.map((leaf) => new LeafBuffer(leaf));
    this.marks = new Float64Array(this.buffers.length * 3);
    const shreds = schema.columns.map(({ node }) => compileNode(node, this.buffers, codeGeneration));
    const shredFields = compileFieldShreds(
      schema.columns.map(({ key }) => key),
      shreds,
      codeGeneration,
    );
    this.shredRow = (row) => shredFields(row, 0);
    this.shredCells = compileCellShreds(shreds, codeGeneration);
  }

  /** Appends one row to the buffers. On `ParquetRowError`, call `rollback()` before the next row. */
  write(row: Row): void {
    this.mark();
    this.shredRow(row);
  }

  /**
   * Appends one row given as the cells of the top-level columns in schema order (what `write` reads
   * from a row object under each column's key), with the same checks. On `ParquetRowError`, call
   * `rollback()` before the next row.
   */
  writeCells(cells: readonly CellValue[]): void {
    this.mark();
    this.shredCells(cells);
  }

  private mark(): void {
    const marks = this.marks;
    const buffers = this.buffers;
    for (let i = 0, m = 0; i < buffers.length; i++, m += 3) {
      const b = buffers[i]!;
      marks[m] = b.levelCount;
      marks[m + 1] = b.valueCount;
      marks[m + 2] = b.plainBytes;
    }
  }

  /** Forgets the entries of the row whose `write()` threw. */
  rollback(): void {
    const marks = this.marks;
    for (let i = 0, m = 0; i < this.buffers.length; i++, m += 3) {
      this.buffers[i]!.truncate(marks[m]!, marks[m + 1]!, marks[m + 2]!);
    }
  }

  /** PLAIN-encoded size of everything buffered (strings waiting to be encoded are encoded first). */
  bufferedBytes(): number {
    let total = 0;
    for (const b of this.buffers) b.encodePending();
    for (const b of this.buffers) total += b.plainBytes + (b.leaf.maxRepetitionLevel > 0 ? b.levelCount : 0);
    return total;
  }

  clear(): void {
    for (const b of this.buffers) b.clear();
  }

  /** Gives the buffers' byte stores back for reuse (after the last row group is encoded; the shredder is done). */
  release(): void {
    for (const b of this.buffers) b.release();
  }
}

/**
 * Reads a field of a row or struct. Names that Object.prototype also has (`constructor`, `__proto__`,
 * `toString`, …) are read only as own properties, so an absent field is null and never an inherited value.
 */
function fieldReader(key: string): (object: Row) => CellValue | undefined {
  if (key in Object.prototype) {
    return (object) => (Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined);
  }
  return (object) => object[key];
}

/** The shreds of the fields of a row or struct, each given its field's cell (read as `fieldReader` does). */
type ShredFields = (object: Row, rep: number) => void;

/**
 * Calls `shreds[f]` with field `keys[f]` of the object, for every field in order. Where the platform
 * allows code generation, one generated function does it with a property load per field written out
 * (`object["name"]`, so each load site sees one key and one row shape) and a call per field (each call
 * site one shred, which the compiler can inline): a loop over the fields makes every load keyed and
 * megamorphic and every call polymorphic (measured: BENCHMARKS.md issue 11 round 3).
 */
function compileFieldShreds(keys: readonly string[], shreds: readonly Shred[], codeGeneration: boolean): ShredFields {
  const reads = keys.map(fieldReader);
  const generic: ShredFields = (object, rep) => {
    for (let f = 0; f < shreds.length; f++) shreds[f]!(reads[f]!(object), rep);
  };
  if (!codeGeneration) return generic;
  const calls = keys.map((key, f) => {
    const name = JSON.stringify(key);
    return `s${f}(${key in Object.prototype ? `own(object, ${name})` : `object[${name}]`}, rep);`;
  });
  const factory = generate(['own'], shreds, `function (object, rep) {\n${calls.join('\n')}\n}`);
  return factory === undefined ? generic : (factory(ownField) as ShredFields);
}

/** Calls `shreds[c]` with `cells[c]` at repetition level 0, for every column in order (generated where allowed, as above). */
function compileCellShreds(shreds: readonly Shred[], codeGeneration: boolean): (cells: readonly CellValue[]) => void {
  const generic = (cells: readonly CellValue[]): void => {
    for (let c = 0; c < shreds.length; c++) shreds[c]!(cells[c], 0);
  };
  if (!codeGeneration) return generic;
  const factory = generate([], shreds, `function (cells) {\n${shreds.map((_, c) => `s${c}(cells[${c}], 0);`).join('\n')}\n}`);
  return factory === undefined ? generic : (factory() as (cells: readonly CellValue[]) => void);
}

/**
 * A factory of the function `source`, which sees `shreds[i]` as `s<i>` and the factory's parameters by
 * `parameters`' names; undefined where code generation is disallowed (node
 * --disallow-code-generation-from-strings, a content security policy).
 */
function generate(parameters: readonly string[], shreds: readonly Shred[], source: string): ((...args: unknown[]) => unknown) | undefined {
  const bindings = Object.fromEntries(shreds.map((shred, i) => [`s${i}`, shred]));
  return generateFunction<(...args: unknown[]) => unknown>(bindings, `function (${parameters.join(', ')}) {\nreturn ${source};\n}`);
}

/** A field read only as an own property (for names that Object.prototype also has). */
function ownField(object: Row, key: string): CellValue | undefined {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function compileNode(node: ParquetNode, buffers: readonly LeafBuffer[], codeGeneration: boolean): Shred {
  const leafBuffers = node.leaves.map((leaf) => buffers[leaf.index]!);
  const nullDef = node.definitionLevel - 1;
  const writeNull = (rep: number, def: number): void => {
    for (let i = 0; i < leafBuffers.length; i++) leafBuffers[i]!.level(rep, def);
  };

  switch (node.kind) {
    case 'leaf':
      return compileLeaf(node, buffers[node.leaf.index]!);
    case 'struct': {
      const shredFields = compileFieldShreds(
        node.fields.map(({ key }) => key),
        node.fields.map(({ node: child }) => compileNode(child, buffers, codeGeneration)),
        codeGeneration,
      );
      return (value, rep) => {
        if (value === null || value === undefined) return writeNull(rep, nullDef);
        if (typeof value !== 'object' || Array.isArray(value) || value instanceof Map || value instanceof Uint8Array) {
          throw new ParquetRowError(node.displayPath, 'a struct (plain object)', describeCell(value));
        }
        shredFields(value as Row, rep);
      };
    }
    case 'list': {
      const element = compileNode(node.element, buffers, codeGeneration);
      const emptyDef = node.definitionLevel;
      const innerRep = node.repetitionLevel + 1;
      return (value, rep) => {
        if (value === null || value === undefined) return writeNull(rep, nullDef);
        if (!Array.isArray(value)) throw new ParquetRowError(node.displayPath, 'an array', describeCell(value));
        if (value.length === 0) return writeNull(rep, emptyDef);
        element(value[0], rep);
        for (let i = 1; i < value.length; i++) element(value[i], innerRep);
      };
    }
    case 'map': {
      const key = compileNode(node.key, buffers, codeGeneration);
      const mapValue = compileNode(node.value, buffers, codeGeneration);
      const emptyDef = node.definitionLevel;
      const innerRep = node.repetitionLevel + 1;
      return (value, rep) => {
        if (value === null || value === undefined) return writeNull(rep, nullDef);
        if (!(value instanceof Map)) throw new ParquetRowError(node.displayPath, 'a Map', describeCell(value));
        if (value.size === 0) return writeNull(rep, emptyDef);
        // forEach, not for…of: no [key, value] array per entry.
        let entryRep = rep;
        value.forEach((v, k) => {
          key(k, entryRep);
          mapValue(v, entryRep);
          entryRep = innerRep;
        });
      };
    }
  }
}

/** The shredder of one primitive column: type check, conversion, value store, level. */
function compileLeaf(node: ParquetLeafNode, b: LeafBuffer): Shred {
  const leaf = node.leaf;
  const def = node.definitionLevel;
  const nullDef = def - 1;
  const path = node.displayPath;
  const required = node.required;
  const onNull = (rep: number): void => {
    if (required) throw new ParquetRowError(path, `a non-null ${printGlueType(leaf.glueType)} (map keys cannot be null)`, 'null');
    b.level(rep, nullDef);
  };
  const type = leaf.glueType;

  switch (leaf.storage) {
    case 'boolean':
      return (value, rep) => {
        if (value === null || value === undefined) return onNull(rep);
        if (typeof value !== 'boolean') throw new ParquetRowError(path, 'a boolean', describeCell(value));
        const at = b.valueCount;
        if (at === b.bools.length) b.growValues();
        b.bools[at] = value ? 1 : 0;
        b.valueCount = at + 1;
        b.plainBytes += 0.125;
        b.level(rep, def);
      };
    case 'int32': {
      const [min, max] = int32Range(type);
      const expected = type.kind === 'date' ? `a day number from ${min} to ${max}` : `an integer from ${min} to ${max}`;
      return (value, rep) => {
        if (value === null || value === undefined) return onNull(rep);
        if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
          throw new ParquetRowError(path, expected, describeCell(value));
        }
        const at = b.valueCount;
        if (at === b.ints.length) b.growValues();
        b.ints[at] = value;
        b.valueCount = at + 1;
        b.plainBytes += 4;
        b.level(rep, def);
      };
    }
    case 'int64':
      return (value, rep) => {
        if (value === null || value === undefined) return onNull(rep);
        if (typeof value !== 'bigint' || value < INT64_MIN || value > INT64_MAX) {
          throw new ParquetRowError(path, 'a bigint within the signed 64-bit range', describeCell(value));
        }
        const at = b.valueCount;
        if (at === b.longs.length) b.growValues();
        b.longs[at] = value;
        b.valueCount = at + 1;
        b.plainBytes += 8;
        b.level(rep, def);
      };
    case 'timestamp':
      return (value, rep) => {
        if (value === null || value === undefined) return onNull(rep);
        if (typeof value !== 'bigint') throw new ParquetRowError(path, 'a bigint of nanoseconds since 1970-01-01T00:00:00Z', describeCell(value));
        const at = b.valueCount;
        if (at === b.longs.length) b.growValues();
        if (!storeMicrosFast(value, b.longs32, at)) {
          // Microseconds, rounded toward negative infinity so that instants before 1970 keep their order.
          let micros = value / NANOS_PER_MICRO;
          if (value < 0n && micros * NANOS_PER_MICRO !== value) micros -= 1n;
          if (micros < INT64_MIN || micros > INT64_MAX) {
            throw new ParquetRowError(path, 'a timestamp within the 64-bit microsecond range', 'a bigint out of range');
          }
          b.longs[at] = micros;
        }
        b.valueCount = at + 1;
        b.plainBytes += 8;
        b.level(rep, def);
      };
    case 'int96':
      return (value, rep) => {
        if (value === null || value === undefined) return onNull(rep);
        if (typeof value !== 'bigint') throw new ParquetRowError(path, 'a bigint of nanoseconds since 1970-01-01T00:00:00Z', describeCell(value));
        let days = value / NANOS_PER_DAY;
        let nanos = value - days * NANOS_PER_DAY;
        if (nanos < 0n) {
          days -= 1n;
          nanos += NANOS_PER_DAY;
        }
        const julianDay = Number(days) + JULIAN_DAY_OF_EPOCH;
        if (julianDay < 0 || julianDay > 0x7fffffff) {
          throw new ParquetRowError(path, 'a timestamp whose Julian day fits INT96 (after 4713 BC)', 'a bigint out of range');
        }
        const at = b.valueCount;
        if (at === b.ints.length) b.growValues();
        b.ints[at] = julianDay;
        b.nanosOfDay[at] = Number(nanos);
        b.valueCount = at + 1;
        b.plainBytes += 12;
        b.level(rep, def);
      };
    case 'float':
      return (value, rep) => {
        if (value === null || value === undefined) return onNull(rep);
        if (typeof value !== 'number') throw new ParquetRowError(path, 'a number', describeCell(value));
        const at = b.valueCount;
        if (at === b.floats.length) b.growValues();
        b.floats[at] = value;
        b.valueCount = at + 1;
        b.plainBytes += 4;
        b.level(rep, def);
      };
    case 'double':
      return (value, rep) => {
        if (value === null || value === undefined) return onNull(rep);
        if (typeof value !== 'number') throw new ParquetRowError(path, 'a number', describeCell(value));
        const at = b.valueCount;
        if (at === b.doubles.length) b.growValues();
        b.doubles[at] = value;
        b.valueCount = at + 1;
        b.plainBytes += 8;
        b.level(rep, def);
      };
    case 'string':
      return (value, rep) => {
        if (value === null || value === undefined) return onNull(rep);
        if (typeof value !== 'string') throw new ParquetRowError(path, 'a string', describeCell(value));
        b.appendString(value);
        b.level(rep, def);
      };
    case 'binary':
      return (value, rep) => {
        if (value === null || value === undefined) return onNull(rep);
        if (!(value instanceof Uint8Array)) throw new ParquetRowError(path, 'a Uint8Array', describeCell(value));
        b.appendBytes(value);
        b.level(rep, def);
      };
    case 'decimal': {
      if (type.kind !== 'decimal') throw new Error('unreachable: decimal storage without decimal type');
      const limit = 10n ** BigInt(type.precision);
      const expected = `a bigint unscaled value of decimal(${type.precision},${type.scale}) (fewer than ${type.precision + 1} digits)`;
      const width = leaf.typeLength;
      if (b.decimalsInLongs) {
        return (value, rep) => {
          if (value === null || value === undefined) return onNull(rep);
          if (typeof value !== 'bigint' || value >= limit || value <= -limit) throw new ParquetRowError(path, expected, describeCell(value));
          const at = b.valueCount;
          if (at === b.longs.length) b.growValues();
          b.longs[at] = value;
          b.valueCount = at + 1;
          b.plainBytes += width;
          b.level(rep, def);
        };
      }
      return (value, rep) => {
        if (value === null || value === undefined) return onNull(rep);
        if (typeof value !== 'bigint' || value >= limit || value <= -limit) throw new ParquetRowError(path, expected, describeCell(value));
        b.objects[b.valueCount++] = value;
        b.plainBytes += width;
        b.level(rep, def);
      };
    }
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const scratch64 = new BigInt64Array(1);
const scratch32 = new Int32Array(scratch64.buffer);
const TWO_POW_32 = 4294967296;

/**
 * Stores floor(nanos / 1000) into `longs32` (int32 pairs) at `index` without BigInt arithmetic, for
 * nanoseconds within the int64 range whose microseconds are a safe integer (years 1678–2255).
 * With nanos = hi·2^32 + lo and 2^32 = 1000·4294967 + 296: nanos = 1000·(hi·4294967) + (296·hi + lo),
 * so floor(nanos / 1000) = hi·4294967 + floor((296·hi + lo) / 1000), every term exact in a double.
 * Returns false (nothing stored) outside that range or on a big-endian machine.
 */
function storeMicrosFast(nanos: bigint, longs32: Int32Array, index: number): boolean {
  if (!LITTLE_ENDIAN || nanos < INT64_MIN || nanos > INT64_MAX) return false;
  scratch64[0] = nanos;
  const hi = scratch32[1]!;
  const lo = scratch32[0]! >>> 0;
  const micros = hi * 4294967 + Math.floor((hi * 296 + lo) / 1000);
  if (!Number.isSafeInteger(micros)) return false;
  const high = Math.floor(micros / TWO_POW_32);
  longs32[2 * index] = (micros - high * TWO_POW_32) | 0;
  longs32[2 * index + 1] = high;
  return true;
}

function int32Range(type: GlueType): readonly [number, number] {
  switch (type.kind) {
    case 'tinyint':
      return [-128, 127];
    case 'smallint':
      return [-32768, 32767];
    default:
      return [-2147483648, 2147483647];
  }
}

