/**
 * What happens to records after the Lambda: Ok records go to the destination, as they are (`rawDelivery`)
 * or converted to Parquet with a Glue table (`parquetDelivery`, Firehose's record format conversion);
 * ProcessingFailed records go to `processing-failed/`, records that fail conversion to
 * `format-conversion-failed/`, each as Firehose's JSON error records.
 */
import { Buffer } from 'node:buffer';
import { createColumnDecoder, createDeserializer, type Deserializer, type JsonSerDe } from '../../formats/serde/index.js';
import type { GlueTable } from '../../formats/glue/index.js';
import { compileRecordValidator } from '../../formats/serde/index.js';
import { createParquetStreamWriter, type ParquetSerDeOptions, type ParquetStreamWriter } from '../../formats/parquet/index.js';
import type { ObjectSink, ObjectUpload } from '../sinks/index.js';
import { errorRecordLine, formatConversionFailedRecord, type ProcessingFailedRecord } from './errorRecords.js';
import { ObjectBuffers, type DeliveredObject } from './objectBuffers.js';
import { hourPrefix, objectName, partitionPrefix } from './objectKeys.js';
/** An Ok record as the Lambda returned it, with what Firehose knows of its origin. */
export interface DeliveredRecord {
  readonly data: Buffer;
  readonly partitionKeys?: Readonly<Record<string, string>>;
  readonly arrivalTimestamp: number;
  readonly recordId: string;
  /** Input line the record came from (for reports). */
  readonly line: number;
}

export interface DeliveryStats {
  /** Objects written to the destination (not counting error objects). */
  objects: number;
  /** Records that failed format conversion, with their input lines (first 20). */
  formatConversionFailed: number;
  formatConversionFailedLines: number[];
  /** Rows written to Parquet (a record holding several JSON objects makes several rows). */
  rows: number;
  /** Records whose output did not match the Glue table's JSON Schema (`--schema` without `--format`). */
  schemaMismatches: number;
  schemaMismatchExamples: string[];
}

export interface Delivery {
  readonly stats: DeliveryStats;
  /** Every object written so far (data and error objects), in order. */
  readonly written: readonly DeliveredObject[];
  deliver(record: DeliveredRecord): Promise<void>;
  /** Writes one Firehose error record (built by errorRecords.ts) under `processing-failed/`. */
  processingFailed(errorRecord: ProcessingFailedRecord, arrivalTimestamp: number): Promise<void>;
  close(): Promise<void>;
}

/** How objects are named and buffered: the delivery stream's name and its S3 buffering size. */
export interface DeliveryTarget {
  readonly streamName: string;
  /** S3 buffering size, counted in bytes of records before conversion, as Firehose counts it. */
  readonly bufferBytes: number;
}

function newStats(): DeliveryStats {
  return { objects: 0, formatConversionFailed: 0, formatConversionFailedLines: [], rows: 0, schemaMismatches: 0, schemaMismatchExamples: [] };
}

/** Ok records are written as they are (for JSON blueprints: newline-delimited JSON). */
export function rawDelivery(sink: ObjectSink, target: DeliveryTarget, check?: { table: GlueTable }): Delivery {
  const stats = newStats();
  const validate = check === undefined ? undefined : compileRecordValidator(check.table);
  const buffers = new ObjectBuffers(sink, target);
  return {
    stats,
    written: buffers.written,
    async deliver(record) {
      if (validate !== undefined) checkAgainstSchema(validate, record, stats);
      await buffers.add(partitionPrefix(record.partitionKeys), record.data, record.arrivalTimestamp);
    },
    async processingFailed(errorRecord, arrivalTimestamp) {
      await buffers.add('processing-failed/', errorRecordLine(errorRecord), arrivalTimestamp);
    },
    async close() {
      await buffers.close();
      stats.objects = buffers.written.filter((o) => !o.key.startsWith('processing-failed/')).length;
    },
  };
}

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

export interface ParquetDeliveryOptions extends DeliveryTarget {
  readonly table: GlueTable;
  readonly serde?: JsonSerDe;
  readonly parquet?: ParquetSerDeOptions;
  readonly region: string;
}

interface OpenFile {
  readonly writer: ParquetStreamWriter;
  readonly upload: ObjectUpload;
  readonly key: string;
  inputBytes: number;
  records: number;
}

/**
 * Firehose's record format conversion: each Ok record is deserialised with the Glue table (OpenX JSON
 * SerDe by default) into rows, streamed into one Parquet file per prefix and buffer; a record that does
 * not convert goes to `format-conversion-failed/` and the rest go on.
 */
export function parquetDelivery(sink: ObjectSink, options: ParquetDeliveryOptions): Delivery {
  const stats = newStats();
  // The schema-compiled decoder feeds the writer column by column; the records it hands over (failures,
  // and the rare cases whose outcome only the reference's rules settle) go through the reference
  // deserializer. A differential test holds the two equal (formats/serde/compiledDeserializer.ts).
  const decodeColumns = createColumnDecoder(options.table, options.serde ?? { kind: 'openx' });
  const deserialize: Deserializer = createDeserializer(options.table, options.serde ?? { kind: 'openx' });
  // Check the Parquet options and the schema mapping once, before any record arrives.
  createParquetStreamWriter(options.table.columns, options.parquet ?? {}, { write: () => undefined });
  const files = new Map<string, OpenFile>();
  // Error objects are buffered like raw output; Parquet objects are numbered on their own, as before.
  const errors = new ObjectBuffers(sink, options);
  const written: DeliveredObject[] = [];
  let sequence = 0;
  const table = { databaseName: options.table.databaseName, tableName: options.table.name, region: options.region };

  const finish = async (prefix: string): Promise<void> => {
    const file = files.get(prefix);
    if (file === undefined) return;
    files.delete(prefix);
    const summary = file.writer.close();
    await file.upload.commit();
    written.push({ key: file.key, bytes: summary.bytes, records: file.records });
    stats.objects++;
  };

  return {
    stats,
    get written() {
      return [...errors.written, ...written];
    },
    async deliver(record) {
      const cells = decodeColumns(record.data);
      const result = cells === undefined ? deserialize(record.data) : undefined;
      if (result !== undefined && 'error' in result) {
        stats.formatConversionFailed++;
        if (stats.formatConversionFailedLines.length < 20) stats.formatConversionFailedLines.push(record.line);
        const errorRecord = formatConversionFailedRecord({
          arrivalTimestamp: record.arrivalTimestamp,
          errorCode: result.error.errorCode,
          errorMessage: result.error.message,
          data: record.data,
          recordId: record.recordId,
          table,
        });
        await errors.add('format-conversion-failed/', errorRecordLine(errorRecord), record.arrivalTimestamp);
        return;
      }
      const prefix = partitionPrefix(record.partitionKeys);
      let file = files.get(prefix);
      if (file === undefined) {
        const key = `${prefix}${hourPrefix(record.arrivalTimestamp)}${objectName(options.streamName, record.arrivalTimestamp, sequence++, '.parquet')}`;
        const upload = sink.open(key);
        file = { writer: createParquetStreamWriter(options.table.columns, options.parquet ?? {}, upload), upload, key, inputBytes: 0, records: 0 };
        files.set(prefix, file);
      }
      if (cells !== undefined) {
        for (const row of cells) file.writer.writeCells(row);
        stats.rows += cells.length;
      } else if (result !== undefined) {
        for (const row of result.rows) file.writer.write(row);
        stats.rows += result.rows.length;
      }
      file.records++;
      file.inputBytes += record.data.byteLength;
      if (file.inputBytes >= options.bufferBytes) await finish(prefix);
    },
    async processingFailed(errorRecord, arrivalTimestamp) {
      await errors.add('processing-failed/', errorRecordLine(errorRecord), arrivalTimestamp);
    },
    async close() {
      for (const prefix of [...files.keys()]) await finish(prefix);
      await errors.close();
    },
  };
}
