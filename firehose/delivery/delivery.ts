/**
 * What happens to records after the Lambda, as Firehose does it for an S3 destination:
 * - dynamic partitioning (optional): multi-record deaggregation, keys from the Lambda's
 *   `metadata.partitionKeys` and from the inline jq query, one buffer per partition, 500 active at most;
 * - S3 buffering: a buffer becomes an object when it holds `bufferBytes` of records or `bufferSeconds`
 *   after it opened, whichever comes first, on the replay's clock (`advanceTo`);
 * - the object's content: the records as they are (`rawDelivery`: optional AppendDelimiterToRecord and
 *   S3 compression) or converted by a columnar writer (`parquetDelivery`: record format conversion);
 * - keys: the evaluated Prefix / ErrorOutputPrefix and `<stream>-<version>-<time>-<uuid><extension>`,
 *   timed by the oldest record in the object (prefixExpression.ts);
 * - error output: processing-failed, format-conversion-failed and partitioning failures as Firehose's
 *   error records (built by errorRecords.ts), buffered and named the same way.
 * Everything is reproducible: random strings and UUIDs derive from the stream name and a counter.
 */
import { Buffer } from 'node:buffer';
import { createColumnDecoder, createCompiledDeserializer, type Deserializer, type JsonSerDe, readJsonValues } from '../../formats/serde/index.js';
import type { CellValue, GlueTable, Row } from '../../formats/glue/index.js';
import { compileRecordValidator } from '../../formats/serde/index.js';
import { createParquetStreamWriter, type ParquetSerDeOptions } from '../../formats/parquet/index.js';
import type { ObjectSink, ObjectUpload } from '../sinks/index.js';
import { COMPRESSION_EXTENSIONS, compressObject, type CompressionFormat, seededUuid } from './compression.js';
import { compileDateTimePattern } from './dateTimeFormat.js';
import { errorRecordLine, formatConversionFailedRecord, partitioningFailedRecord, type ProcessingFailedRecord } from './errorRecords.js';
import type { CompiledJqQuery } from './partitionQuery.js';
import { checkPrefixes, dataKeyPrefix, errorKeyPrefix, RANDOM_STRING_LENGTH, type CheckedPrefixes, type ErrorOutputType, type PrefixContext } from './prefixExpression.js';

/** Firehose's limit on partitions buffered at once (dynamic-partitioning docs, "Data buffering and dynamic partitioning"). */
export const MAX_ACTIVE_PARTITIONS = 500;

/** An Ok record as the Lambda returned it, with what Firehose knows of its origin. */
export interface DeliveredRecord {
  readonly data: Buffer;
  /** `metadata.partitionKeys` of the Lambda's answer. */
  readonly partitionKeys?: Readonly<Record<string, string>>;
  readonly arrivalTimestamp: number;
  readonly recordId: string;
  /** Firehose's sequence number of the record (format-conversion-failed records carry it). */
  readonly sequenceNumber: string;
  /** Input line the record came from (for reports). */
  readonly line: number;
}

export interface DeliveredObject {
  /** The object key, relative to the bucket. */
  readonly key: string;
  readonly bytes: number;
  readonly records: number;
  /** `data` or the error output type. */
  readonly kind: 'data' | ErrorOutputType;
}

export interface DeliveryStats {
  /** Data objects written (error objects not counted). */
  objects: number;
  /** Records written into data objects (after deaggregation). */
  recordsDelivered: number;
  /** Records that failed format conversion, with their input lines (first 20). */
  formatConversionFailed: number;
  formatConversionFailedLines: number[];
  /** Records (or deaggregated parts) that dynamic partitioning could not place, by error code. */
  partitioningFailed: Record<string, number>;
  /** Rows written by a converting delivery (a record holding several JSON objects makes several rows). */
  rows: number;
  /** Records whose output did not match the Glue table's JSON Schema (`--schema` without `--format`). */
  schemaMismatches: number;
  schemaMismatchExamples: string[];
}

/** The Firehose error output of one record, ready to be written. */
export interface ErrorOutput {
  readonly type: ErrorOutputType;
  readonly line: Buffer;
  readonly arrivalTimestamp: number;
}

export interface Delivery {
  readonly stats: DeliveryStats;
  /** Every object written so far (data and error objects), in order. */
  readonly written: readonly DeliveredObject[];
  /** An Ok record leaving the Lambda at `now` (replay clock, epoch ms). */
  deliver(record: DeliveredRecord, now: number): Promise<void>;
  /** A processing-failed record (built by errorRecords.ts), written at `now`. */
  processingFailed(errorRecord: ProcessingFailedRecord, now: number): Promise<void>;
  /** Delivers every buffer whose interval has passed at `now`. */
  advanceTo(now: number): Promise<void>;
  /** Delivers what is left (Firehose would at the end of each interval). */
  close(): Promise<void>;
}

/** Multi-record deaggregation before dynamic partitioning (RecordDeAggregation processor). */
export type Deaggregation = { readonly kind: 'JSON' } | { readonly kind: 'Delimited'; readonly delimiter: Buffer };

export interface DeliveryConfig {
  readonly streamName: string;
  /** Firehose's delivery stream version in object names. Default 1. */
  readonly streamVersion?: number;
  /** S3 buffering size in bytes of records (before compression or conversion). */
  readonly bufferBytes: number;
  /** S3 buffering interval in seconds (0–900). */
  readonly bufferSeconds: number;
  /** Prefix, ErrorOutputPrefix and time zone, checked (see `checkPrefixes`). Default: Firehose's default layout. */
  readonly prefixes?: CheckedPrefixes;
  readonly dynamicPartitioning?: {
    /** Inline parsing (MetadataExtractionQuery). */
    readonly query?: CompiledJqQuery;
    readonly deaggregation?: Deaggregation;
  };
  /** FileExtension: replaces the default extension when set (observed). */
  readonly fileExtension?: string;
}

export interface RawDeliveryOptions extends DeliveryConfig {
  readonly compression?: CompressionFormat;
  /** AppendDelimiterToRecord: a newline between records in an object. */
  readonly appendDelimiter?: boolean;
  /** Checks every delivered record against the table's JSON Schema (reports only). */
  readonly schemaCheck?: GlueTable;
}

export interface ParquetDeliveryOptions extends ConvertingDeliveryOptions {
  readonly parquet?: ParquetSerDeOptions;
}

function newStats(): DeliveryStats {
  return { objects: 0, recordsDelivered: 0, formatConversionFailed: 0, formatConversionFailedLines: [], partitioningFailed: {}, rows: 0, schemaMismatches: 0, schemaMismatchExamples: [] };
}

/** What a data buffer writes: bytes kept until flush (raw) or a stream into an open upload (columnar). */
interface ContentWriter {
  /** Adds one record; returns the bytes it counts for in the buffer, or a conversion error. */
  add(record: DeliveredRecord, data: Buffer): { readonly bytes: number } | { readonly error: { readonly code: string; readonly message: string } };
  /** Writes the object under `key` (complete or absent) and returns its size. */
  finish(key: string): Promise<number>;
}

interface Buffer_ {
  readonly group: string;
  readonly kind: 'data' | ErrorOutputType;
  readonly partitionKeys: PrefixContext['partitionKeys'];
  readonly writer: ContentWriter;
  readonly openedAt: number;
  oldestArrival: number;
  bytes: number;
  records: number;
}

const NAME_TIME = compileDateTimePattern('yyyy-MM-dd-HH-mm-ss');

/**
 * The buffering, partitioning and naming shared by every delivery; the content of data objects comes
 * from `makeWriter` (raw bytes or a columnar format), error objects are always JSON lines.
 */
class DeliveryStream implements Delivery {
  readonly stats = newStats();
  readonly written: DeliveredObject[] = [];
  private readonly buffers = new Map<string, Buffer_>();
  private readonly prefixes: CheckedPrefixes;
  private sequence = 0;
  private randomCounter = 0;
  private readonly version: number;

  constructor(
    private readonly config: DeliveryConfig,
    private readonly makeWriter: (open: (key: string) => ObjectUpload) => ContentWriter,
    private readonly makeErrorWriter: () => ContentWriter,
    private readonly extension: string,
    private readonly errorExtension: string,
    private readonly sink: ObjectSink,
    private readonly check?: (record: DeliveredRecord, stats: DeliveryStats) => void,
    private readonly conversionTable?: { readonly databaseName: string; readonly tableName: string; readonly region: string },
  ) {
    this.prefixes = config.prefixes ?? checkPrefixes({ dynamicPartitioning: false });
    this.version = config.streamVersion ?? 1;
  }

  private random = (): string => seededUuid(`${this.config.streamName}/random/${this.randomCounter++}`).replace(/-/g, '').slice(0, RANDOM_STRING_LENGTH);

  async deliver(record: DeliveredRecord, now: number): Promise<void> {
    this.check?.(record, this.stats);
    const dynamic = this.config.dynamicPartitioning;
    if (dynamic === undefined && this.prefixes.prefix.lambdaKeys.length === 0 && this.prefixes.prefix.queryKeys.length === 0) {
      await this.add('data', {}, record, record.data, now);
      return;
    }
    for (const part of deaggregate(record.data, dynamic?.deaggregation)) {
      const keys = this.partitionKeysOf(record, part);
      if ('error' in keys) {
        await this.partitioningFailed(record, part, keys.error.code, keys.error.message, now);
        continue;
      }
      const evaluated = dataKeyPrefix(this.prefixes, { epochMs: record.arrivalTimestamp, timeZone: this.prefixes.timeZone, partitionKeys: keys, random: () => 'x'.repeat(RANDOM_STRING_LENGTH) });
      if ('error' in evaluated) {
        await this.partitioningFailed(record, part, 'DynamicPartitioning.PrefixEvaluationFailed', evaluated.error, now);
        continue;
      }
      await this.add('data', keys, record, part, now);
    }
  }

  private partitionKeysOf(record: DeliveredRecord, part: Buffer): { readonly query?: Record<string, string>; readonly lambda?: Record<string, string> } | { readonly error: { code: string; message: string } } {
    const query = this.config.dynamicPartitioning?.query;
    let queryKeys: Record<string, string> | undefined;
    if (query !== undefined) {
      const values = readJsonValues(part.toString('utf8'));
      if ('problem' in values || values.values.length !== 1) {
        return { error: { code: 'DynamicPartitioning.MetadataExtractionFailed', message: 'the record is not one JSON value, so the partition query cannot read it (enable JSON deaggregation for records holding several)' } };
      }
      const result = query.evaluate(values.values[0]!);
      if ('error' in result) return { error: { code: 'DynamicPartitioning.MetadataExtractionFailed', message: result.error } };
      queryKeys = { ...result.keys };
    }
    // Only the keys the prefix uses make a partition: other keys the Lambda returns do not split objects.
    const lambda: Record<string, string> = {};
    for (const key of this.prefixes.prefix.lambdaKeys) {
      const value = record.partitionKeys !== undefined && Object.hasOwn(record.partitionKeys, key) ? record.partitionKeys[key] : undefined;
      if (value === undefined) return { error: { code: 'DynamicPartitioning.MetadataExtractionFailed', message: `the Lambda returned no partition key '${key}'` } };
      lambda[key] = value;
    }
    const usedQuery: Record<string, string> = {};
    for (const key of this.prefixes.prefix.queryKeys) if (queryKeys !== undefined && Object.hasOwn(queryKeys, key)) usedQuery[key] = queryKeys[key]!;
    return { query: usedQuery, lambda };
  }

  private async partitioningFailed(record: DeliveredRecord, part: Buffer, code: string, message: string, now: number): Promise<void> {
    this.stats.partitioningFailed[code] = (this.stats.partitioningFailed[code] ?? 0) + 1;
    const line = errorRecordLine(partitioningFailedRecord({ arrivalTimestamp: record.arrivalTimestamp, attemptEndingTimestamp: now, errorCode: code, errorMessage: message, data: part }));
    await this.addError('processing-failed', line, record.arrivalTimestamp, now);
  }

  async processingFailed(errorRecord: ProcessingFailedRecord, now: number): Promise<void> {
    await this.addError('processing-failed', errorRecordLine(errorRecord), errorRecord.arrivalTimestamp, now);
  }

  private async addError(type: ErrorOutputType, line: Buffer, arrivalTimestamp: number, now: number): Promise<void> {
    const group = `error:${type}`;
    let buffer = this.buffers.get(group);
    if (buffer === undefined) {
      buffer = { group, kind: type, partitionKeys: {}, writer: this.makeErrorWriter(), openedAt: now, oldestArrival: arrivalTimestamp, bytes: 0, records: 0 };
      this.buffers.set(group, buffer);
    }
    const added = buffer.writer.add({ data: line, arrivalTimestamp, recordId: '', sequenceNumber: '', line: 0 }, line);
    if ('bytes' in added) buffer.bytes += added.bytes;
    buffer.records++;
    buffer.oldestArrival = Math.min(buffer.oldestArrival, arrivalTimestamp);
    if (buffer.bytes >= this.config.bufferBytes) await this.flush(buffer);
  }

  private async add(kind: 'data', keys: PrefixContext['partitionKeys'], record: DeliveredRecord, data: Buffer, now: number): Promise<void> {
    const group = `data:${JSON.stringify(keys)}`;
    let buffer = this.buffers.get(group);
    if (buffer === undefined) {
      const active = [...this.buffers.values()].filter((b) => b.kind === 'data').length;
      if (this.config.dynamicPartitioning !== undefined && active >= MAX_ACTIVE_PARTITIONS) {
        await this.partitioningFailed(record, data, 'DynamicPartitioning.ActivePartitionsLimitExceeded', `more than ${MAX_ACTIVE_PARTITIONS} partitions are active at once`, now);
        return;
      }
      buffer = { group, kind, partitionKeys: keys, writer: this.makeWriter((key) => this.sink.open(key)), openedAt: now, oldestArrival: record.arrivalTimestamp, bytes: 0, records: 0 };
      this.buffers.set(group, buffer);
    }
    const added = buffer.writer.add(record, data);
    if ('error' in added) {
      this.stats.formatConversionFailed++;
      if (this.stats.formatConversionFailedLines.length < 20) this.stats.formatConversionFailedLines.push(record.line);
      const table = this.conversionTable ?? { databaseName: '', tableName: '', region: '' };
      const line = errorRecordLine(formatConversionFailedRecord({ arrivalTimestamp: record.arrivalTimestamp, attemptEndingTimestamp: now, errorCode: added.error.code, errorMessage: added.error.message, data, sequenceNumber: record.sequenceNumber, table }));
      if (buffer.records === 0) this.buffers.delete(group);
      await this.addError('format-conversion-failed', line, record.arrivalTimestamp, now);
      return;
    }
    buffer.bytes += added.bytes;
    buffer.records++;
    this.stats.recordsDelivered++;
    buffer.oldestArrival = Math.min(buffer.oldestArrival, record.arrivalTimestamp);
    if (buffer.bytes >= this.config.bufferBytes) await this.flush(buffer);
  }

  async advanceTo(now: number): Promise<void> {
    const due = [...this.buffers.values()].filter((b) => b.openedAt + this.config.bufferSeconds * 1000 <= now);
    for (const buffer of due) await this.flush(buffer);
  }

  private async flush(buffer: Buffer_): Promise<void> {
    this.buffers.delete(buffer.group);
    const context: PrefixContext = { epochMs: buffer.oldestArrival, timeZone: this.prefixes.timeZone, partitionKeys: buffer.partitionKeys, random: this.random };
    const prefix = buffer.kind === 'data' ? dataKeyPrefix(this.prefixes, context) : errorKeyPrefix(this.prefixes, { ...context, errorOutputType: buffer.kind });
    // Checked when each record was placed; a failure here is a bug, not a record problem.
    if ('error' in prefix) throw new Error(`object prefix could not be evaluated: ${prefix.error}`);
    const name = `${this.config.streamName}-${this.version}-${NAME_TIME.format(buffer.oldestArrival, this.prefixes.timeZone)}-${seededUuid(`${this.config.streamName}/${this.sequence++}`)}`;
    const key = `${prefix.prefix}${name}${buffer.kind === 'data' ? this.extension : this.errorExtension}`;
    const bytes = await buffer.writer.finish(key);
    this.written.push({ key, bytes, records: buffer.records, kind: buffer.kind });
    if (buffer.kind === 'data') this.stats.objects++;
  }

  async close(): Promise<void> {
    for (const buffer of [...this.buffers.values()]) await this.flush(buffer);
  }
}

/** Splits a record as Firehose's RecordDeAggregation processor does (JSON objects, or a delimiter). */
export function deaggregate(data: Buffer, deaggregation: Deaggregation | undefined): Buffer[] {
  if (deaggregation === undefined) return [data];
  if (deaggregation.kind === 'Delimited') {
    const parts: Buffer[] = [];
    let start = 0;
    for (let at = data.indexOf(deaggregation.delimiter, start); at !== -1; at = data.indexOf(deaggregation.delimiter, start)) {
      parts.push(data.subarray(start, at));
      start = at + deaggregation.delimiter.length;
    }
    if (start < data.length) parts.push(data.subarray(start));
    return parts.filter((p) => p.length > 0);
  }
  const values = readJsonValues(data.toString('utf8'));
  // Text that is not JSON stays one record; its key extraction then fails and names the reason.
  if ('problem' in values || values.values.length <= 1) return [data];
  return splitJsonValues(data);
}

/** Byte ranges of top-level JSON values (strings and escapes respected). */
function splitJsonValues(data: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      if (depth === 0 && start === -1) start = i;
    } else if (c === 0x7b || c === 0x5b) {
      if (depth === 0) start = i;
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) {
        parts.push(data.subarray(start, i + 1));
        start = -1;
      }
    }
  }
  return parts;
}

/** JSON-lines error objects, compressed like the data objects of a raw delivery. */
function jsonLinesWriter(sink: ObjectSink, compression: CompressionFormat): ContentWriter {
  const parts: Buffer[] = [];
  return {
    add(_record, data) {
      parts.push(data);
      return { bytes: data.length };
    },
    async finish(key) {
      const body = compressObject(compression, parts, seededUuid(key));
      await sink.put(key, [body]);
      return body.length;
    },
  };
}

/** Ok records written as they are: the S3 destination without record format conversion. */
export function rawDelivery(sink: ObjectSink, options: RawDeliveryOptions): Delivery {
  const compression = options.compression ?? 'UNCOMPRESSED';
  const validate = options.schemaCheck === undefined ? undefined : compileRecordValidator(options.schemaCheck);
  const extension = options.fileExtension === undefined || options.fileExtension === '' ? COMPRESSION_EXTENSIONS[compression] : options.fileExtension;
  return new DeliveryStream(
    options,
    () => {
      const parts: Buffer[] = [];
      return {
        add(_record, data) {
          // AppendDelimiterToRecord puts a newline between records, not after the last (observed).
          if (options.appendDelimiter === true && parts.length > 0) parts.push(NEWLINE);
          parts.push(data);
          return { bytes: data.length };
        },
        async finish(key) {
          const body = compressObject(compression, parts, seededUuid(key));
          await sink.put(key, [body]);
          return body.length;
        },
      };
    },
    () => jsonLinesWriter(sink, compression),
    extension,
    COMPRESSION_EXTENSIONS[compression],
    sink,
    validate === undefined ? undefined : (record, stats) => checkAgainstSchema(validate, record, stats),
  );
}

const NEWLINE = Buffer.from('\n');

function checkAgainstSchema(validate: (value: unknown) => { valid: true } | { valid: false; errors: string[] }, record: DeliveredRecord, stats: DeliveryStats): void {
  for (const text of record.data.toString('utf8').split('\n')) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    const result = value === undefined ? { valid: false as const, errors: ['the output is not JSON'] } : validate(value);
    if (!result.valid) {
      stats.schemaMismatches++;
      if (stats.schemaMismatchExamples.length < 10) stats.schemaMismatchExamples.push(`line ${record.line}: ${result.errors.slice(0, 3).join('; ')}`);
      return;
    }
  }
}

/** A columnar serializer of record format conversion: Parquet here; ORC slots in the same way. */
export interface ColumnarFormat {
  /** The extension Firehose gives its objects (`.parquet`, `.orc`). */
  readonly extension: string;
  /** Starts one object: rows go in, the file's bytes stream out to `output`. */
  open(output: { write(chunk: Uint8Array): void }): { write(row: Row): void; writeCells?(cells: readonly CellValue[]): void; close(): void };
  /** The writer also takes rows as cells in column order (`writeCells`), fed by the schema-compiled decoder. */
  readonly takesCells?: boolean;
}

export interface ConvertingDeliveryOptions extends DeliveryConfig {
  readonly table: GlueTable;
  readonly serde?: JsonSerDe;
  readonly region: string;
}

/**
 * Firehose's record format conversion: each Ok record is deserialised with the Glue table (OpenX JSON
 * SerDe by default) into rows and streamed into one columnar object per buffer; a record that does not
 * convert goes to format-conversion-failed and the rest go on. S3 compression does not apply (the
 * serializer compresses), and error objects stay uncompressed JSON lines. An object's bytes are kept
 * until it is complete, because its key depends on its oldest record (bounded by the buffer size).
 */
export function convertingDelivery(sink: ObjectSink, options: ConvertingDeliveryOptions, format: ColumnarFormat): Delivery {
  // Writers that take cells (Parquet's and ORC's) are fed by the schema-compiled decoder column by column;
  // the others get its rows. Records it hands back (failures, and the rare cases only the reference's rules
  // settle) go through the reference deserializer. A differential test holds the two equal
  // (formats/serde/compiledDeserializer.ts).
  const decodeColumns = createColumnDecoder(options.table, options.serde ?? { kind: 'openx' });
  const deserialize: Deserializer = createCompiledDeserializer(options.table, options.serde ?? { kind: 'openx' });
  const extension = options.fileExtension === undefined || options.fileExtension === '' ? format.extension : options.fileExtension;
  let stream: DeliveryStream;
  const writer = (): ContentWriter => {
    const chunks: Uint8Array[] = [];
    let file: ReturnType<ColumnarFormat['open']> | undefined;
    return {
      add(_record, data) {
        const cells = format.takesCells === true ? decodeColumns(data) : undefined;
        if (cells !== undefined) {
          file ??= format.open({ write: (chunk) => void chunks.push(chunk.slice()) });
          for (const row of cells) file.writeCells!(row);
          stream.stats.rows += cells.length;
          return { bytes: data.length };
        }
        const result = deserialize(data);
        if ('error' in result) return { error: { code: result.error.errorCode, message: result.error.message } };
        file ??= format.open({ write: (chunk) => void chunks.push(chunk.slice()) });
        for (const row of result.rows) file.write(row);
        stream.stats.rows += result.rows.length;
        return { bytes: data.length };
      },
      async finish(key) {
        file?.close();
        await sink.put(key, chunks);
        return chunks.reduce((n, c) => n + c.byteLength, 0);
      },
    };
  };
  stream = new DeliveryStream(options, writer, () => jsonLinesWriter(sink, 'UNCOMPRESSED'), extension, '', sink, undefined, {
    databaseName: options.table.databaseName,
    tableName: options.table.name,
    region: options.region,
  });
  return stream;
}

/** Parquet through firehose-kit's writer, with ParquetSerDe's options (checked once, here). */
export function parquetFormat(table: GlueTable, parquet: ParquetSerDeOptions = {}): ColumnarFormat {
  // Check the Parquet options and the schema mapping once, before any record arrives.
  createParquetStreamWriter(table.columns, parquet, { write: () => undefined });
  return { extension: '.parquet', takesCells: true, open: (output) => createParquetStreamWriter(table.columns, parquet, output) };
}

/** Record format conversion to Parquet (see `convertingDelivery`). */
export function parquetDelivery(sink: ObjectSink, options: ParquetDeliveryOptions): Delivery {
  return convertingDelivery(sink, options, parquetFormat(options.table, options.parquet));
}
