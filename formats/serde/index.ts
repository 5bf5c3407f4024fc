/** Firehose's JSON SerDes (OpenX, Hive): JSON records to typed rows, and the JSON Schema of a table. */
export { createDeserializer, type Deserializer, type HiveJsonSerDe, type JsonSerDe, type OpenXJsonSerDe, serdeFromFirehoseDeserializer } from './deserializeJson.js';
export { FormatConversionError } from './errors.js';
export { compileRecordValidator, glueTableToJsonSchema } from './jsonSchema.js';
export { type JsonInput, LosslessNumber, readJsonValues } from './readJsonRecord.js';
