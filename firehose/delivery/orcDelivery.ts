/**
 * Firehose's record format conversion to ORC (`OrcSerDe`): as `parquetDelivery`, each Ok record is
 * deserialised with the Glue table (OpenX JSON SerDe by default) into rows, streamed into one `.orc`
 * object per prefix and buffer; a record that does not convert goes to `format-conversion-failed/` and the
 * rest go on. Same conversion semantics, error records and buffering rules as the Parquet path.
 *
 * `convertingDelivery` is the format-independent part (the writer is the only difference), kept here so
 * that the Parquet path can move onto it without touching this file's callers.
 */
import { createOrcStreamWriter, type OrcSerDeOptions } from '../../formats/orc/index.js';
import { createDeserializer, type Deserializer, type JsonSerDe } from '../../formats/serde/index.js';
import type { GlueTable, Row } from '../../formats/glue/index.js';
import type { ObjectSink, ObjectUpload } from '../sinks/index.js';
import type { Delivery, DeliveryStats, DeliveryTarget } from './delivery.js';
import { errorRecordLine, formatConversionFailedRecord } from './errorRecords.js';
import { ObjectBuffers, type DeliveredObject } from './objectBuffers.js';
import { hourPrefix, objectName, partitionPrefix } from './objectKeys.js';

export interface OrcDeliveryOptions extends DeliveryTarget {
  readonly table: GlueTable;
  readonly serde?: JsonSerDe;
  readonly orc?: OrcSerDeOptions;
  readonly region: string;
}

/** A columnar file being written: rows in, bytes out to the upload. */
export interface ConvertedFileWriter {
  write(row: Row): void;
  close(): { readonly bytes: number };
}

export interface ConvertedFormat {
  /** Object name suffix: '.orc', '.parquet'. */
  readonly extension: string;
  /** Creates a writer streaming into `output`; called once up front with a discarding output to check the options. */
  createWriter(output: { write(chunk: Uint8Array): void }): ConvertedFileWriter;
}

export interface ConvertingDeliveryOptions extends DeliveryTarget {
  readonly table: GlueTable;
  readonly serde?: JsonSerDe;
  readonly region: string;
}

interface OpenFile {
  readonly writer: ConvertedFileWriter;
  readonly upload: ObjectUpload;
  readonly key: string;
  inputBytes: number;
  records: number;
}

export function orcDelivery(sink: ObjectSink, options: OrcDeliveryOptions): Delivery {
  const columns = options.table.columns;
  const orc = options.orc ?? {};
  return convertingDelivery(sink, options, { extension: '.orc', createWriter: (output) => createOrcStreamWriter(columns, orc, output) });
}

/** Record format conversion with any columnar writer. */
export function convertingDelivery(sink: ObjectSink, options: ConvertingDeliveryOptions, format: ConvertedFormat): Delivery {
  const stats: DeliveryStats = { objects: 0, formatConversionFailed: 0, formatConversionFailedLines: [], rows: 0, schemaMismatches: 0, schemaMismatchExamples: [] };
  const deserialize: Deserializer = createDeserializer(options.table, options.serde ?? { kind: 'openx' });
  // Check the writer's options and the schema mapping once, before any record arrives.
  format.createWriter({ write: () => undefined });
  const files = new Map<string, OpenFile>();
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
      const result = deserialize(record.data);
      if ('error' in result) {
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
        const key = `${prefix}${hourPrefix(record.arrivalTimestamp)}${objectName(options.streamName, record.arrivalTimestamp, sequence++, format.extension)}`;
        const upload = sink.open(key);
        file = { writer: format.createWriter(upload), upload, key, inputBytes: 0, records: 0 };
        files.set(prefix, file);
      }
      for (const row of result.rows) file.writer.write(row);
      stats.rows += result.rows.length;
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
