/** Firehose's JSON SerDes (OpenX, Hive): JSON records to typed rows, and the JSON Schema of a table. */
export { createColumnDecoder, createCompiledDeserializer } from './compiledDeserializer.js';
export { createDeserializer, type Deserializer, type HiveJsonSerDe, type JsonSerDe, type OpenXJsonSerDe, serdeFromFirehoseDeserializer } from './deserializeJson.js';
export { FormatConversionError } from './errors.js';
export { compileRecordValidator, glueTableToJsonSchema } from './jsonSchema.js';
export { inferGlueColumns, type InferColumnsResult, MAX_INFER_DEPTH, MAX_STRUCT_FIELDS } from './inferGlueColumns.js';
export { type JsonInput, LosslessNumber, readJsonValues } from './readJsonRecord.js';
