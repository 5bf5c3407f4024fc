/** The Parquet writer, driven by a Glue table as Firehose's record format conversion does. */
export { createParquetStreamWriter, type ParquetSerDeOptions, type ParquetStreamWriter } from './writeParquet.js';
