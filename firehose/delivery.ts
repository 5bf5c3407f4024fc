/**
 * What happens to records after the Lambda: Ok records go to the destination, as they are (`rawDelivery`)
 * or converted to Parquet with a Glue table (`parquetDelivery`, Firehose's record format conversion);
 * ProcessingFailed records go to `processing-failed/`, records that fail conversion to
 * `format-conversion-failed/`, each as Firehose's JSON error records.
 */
import { Buffer } from 'node:buffer';
import { mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { createDeserializer, type Deserializer, type JsonSerDe } from '../formats/deserializeJson.js';
import type { GlueTable } from '../formats/glueTable.js';
import { compileRecordValidator } from '../formats/jsonSchema.js';
import { createParquetStreamWriter, parquetFileOutput, type ParquetSerDeOptions, type ParquetStreamWriter } from '../formats/writeParquet.js';
import type { LocalFolderSink } from './localSink.js';
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
  deliver(record: DeliveredRecord): Promise<void>;
  /** Writes one Firehose error record (already shaped) under `processing-failed/`. */
  processingFailed(errorRecord: object, arrivalTimestamp: number): Promise<void>;
  close(): Promise<void>;
}

function newStats(): DeliveryStats {
  return { objects: 0, formatConversionFailed: 0, formatConversionFailedLines: [], rows: 0, schemaMismatches: 0, schemaMismatchExamples: [] };
}

const errorLine = (record: object): Buffer => Buffer.from(`${JSON.stringify(record)}\n`);

/** Ok records are written as they are (for JSON blueprints: newline-delimited JSON). */
export function rawDelivery(sink: LocalFolderSink, check?: { table: GlueTable }): Delivery {
  const stats = newStats();
  const validate = check === undefined ? undefined : compileRecordValidator(check.table);
  return {
    stats,
    async deliver(record) {
      if (validate !== undefined) checkAgainstSchema(validate, record, stats);
      await sink.add(partitionPrefix(record.partitionKeys), record.data, record.arrivalTimestamp);
    },
    async processingFailed(errorRecord, arrivalTimestamp) {
      await sink.add('processing-failed/', errorLine(errorRecord), arrivalTimestamp);
    },
    async close() {
      await sink.close();
      stats.objects = sink.written.filter((o) => !o.key.startsWith('processing-failed/')).length;
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

export interface ParquetDeliveryOptions {
  readonly table: GlueTable;
  readonly serde?: JsonSerDe;
  readonly parquet?: ParquetSerDeOptions;
  /** S3 buffering size, counted in bytes of records before conversion, as Firehose counts it. */
  readonly bufferBytes: number;
  readonly streamName: string;
  readonly region: string;
}

interface OpenFile {
  readonly writer: ParquetStreamWriter;
  readonly output: ReturnType<typeof parquetFileOutput>;
  readonly temporaryPath: string;
  readonly finalPath: string;
  inputBytes: number;
}

/**
 * Firehose's record format conversion: each Ok record is deserialised with the Glue table (OpenX JSON
 * SerDe by default) into rows, streamed into one Parquet file per prefix and buffer; a record that does
 * not convert goes to `format-conversion-failed/` and the rest go on.
 */
export function parquetDelivery(sink: LocalFolderSink, options: ParquetDeliveryOptions): Delivery {
  const stats = newStats();
  const deserialize: Deserializer = createDeserializer(options.table, options.serde ?? { kind: 'openx' });
  // Check the Parquet options and the schema mapping once, before any record arrives.
  createParquetStreamWriter(options.table.columns, options.parquet ?? {}, { write: () => undefined });
  const files = new Map<string, OpenFile>();
  let sequence = 0;
  const dataCatalogTable = {
    catalogId: '123456789012',
    databaseName: options.table.databaseName,
    tableName: options.table.name,
    region: options.region,
    versionId: 'LATEST',
    catalogArn: `arn:aws:glue:${options.region}:123456789012:catalog`,
  };

  const finish = (prefix: string): void => {
    const file = files.get(prefix);
    if (file === undefined) return;
    files.delete(prefix);
    file.writer.close();
    file.output.close();
    renameSync(file.temporaryPath, file.finalPath);
    stats.objects++;
  };

  return {
    stats,
    async deliver(record) {
      const result = deserialize(record.data);
      if ('error' in result) {
        stats.formatConversionFailed++;
        if (stats.formatConversionFailedLines.length < 20) stats.formatConversionFailedLines.push(record.line);
        const errorRecord = {
          attemptsMade: 1,
          arrivalTimestamp: record.arrivalTimestamp,
          lastErrorCode: result.error.errorCode,
          lastErrorMessage: result.error.message,
          attemptEndingTimestamp: record.arrivalTimestamp,
          rawData: record.data.toString('base64'),
          sequenceNumber: record.recordId,
          subSequenceNumber: 0,
          dataCatalogTable,
        };
        await sink.add('format-conversion-failed/', errorLine(errorRecord), record.arrivalTimestamp);
        return;
      }
      const prefix = partitionPrefix(record.partitionKeys);
      let file = files.get(prefix);
      if (file === undefined) {
        const key = `${prefix}${hourPrefix(record.arrivalTimestamp)}${objectName(options.streamName, record.arrivalTimestamp, sequence++, '.parquet')}`;
        const finalPath = sink.pathOf(key);
        mkdirSync(dirname(finalPath), { recursive: true });
        const temporaryPath = `${finalPath}.partial`;
        const output = parquetFileOutput(temporaryPath);
        file = { writer: createParquetStreamWriter(options.table.columns, options.parquet ?? {}, output), output, temporaryPath, finalPath, inputBytes: 0 };
        files.set(prefix, file);
      }
      for (const row of result.rows) file.writer.write(row);
      stats.rows += result.rows.length;
      file.inputBytes += record.data.byteLength;
      if (file.inputBytes >= options.bufferBytes) finish(prefix);
    },
    async processingFailed(errorRecord, arrivalTimestamp) {
      await sink.add('processing-failed/', errorLine(errorRecord), arrivalTimestamp);
    },
    async close() {
      for (const prefix of [...files.keys()]) finish(prefix);
      await sink.close();
    },
  };
}
