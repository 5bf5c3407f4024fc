/**
 * Firehose's record format conversion to ORC (`OrcSerDe`): as `parquetDelivery`, each Ok record is
 * deserialised with the Glue table (OpenX JSON SerDe by default) and written into one `.orc` object per
 * buffer, fed column by column by the schema-compiled decoder (`writeCells`) as the Parquet writer is;
 * a record that does not convert goes to `format-conversion-failed` and the rest go on.
 * Same conversion semantics, error records, prefixes and buffering rules as the Parquet path: only the
 * writer differs (`convertingDelivery`).
 */
import { createOrcStreamWriter, type OrcSerDeOptions } from '../../formats/orc/index.js';
import type { GlueTable } from '../../formats/glue/index.js';
import type { ObjectSink } from '../sinks/index.js';
import { convertingDelivery, type ColumnarFormat, type ConvertingDeliveryOptions, type Delivery } from './delivery.js';

export interface OrcDeliveryOptions extends ConvertingDeliveryOptions {
  readonly orc?: OrcSerDeOptions;
}

/** ORC through firehose-kit's writer, with OrcSerDe's options (checked once, here). */
export function orcFormat(table: GlueTable, orc: OrcSerDeOptions = {}): ColumnarFormat {
  // Check the ORC options (Firehose's ranges) and the schema mapping once, before any record arrives.
  createOrcStreamWriter(table.columns, orc, { write: () => undefined });
  return { extension: '.orc', takesCells: true, open: (output) => createOrcStreamWriter(table.columns, orc, output) };
}

/** Record format conversion to ORC (see `convertingDelivery`). */
export function orcDelivery(sink: ObjectSink, options: OrcDeliveryOptions): Delivery {
  return convertingDelivery(sink, options, orcFormat(options.table, options.orc));
}
