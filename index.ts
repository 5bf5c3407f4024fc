/**
 * firehose-kit's public API. Test helpers are exported separately from `firehose-kit/testing`.
 */
export type { JsonObject, JsonValue, KinesisSourceMetadata, Outcome, OkOutcome, DroppedOutcome, FailedOutcome, RecordBytes, RecordContext, RecordOutput, RecordPipeline, RecordSource, Transform } from './transforms/types.js';
export { OUTCOME } from './transforms/types.js';
export { drop, fail, isOutcome, ok, toOutcome } from './transforms/outcome.js';
export { pipe } from './transforms/pipe.js';
export { FirehoseKitError, RecordError, RecordFieldError, RecordParseError, TransformOptionError, TransformThrewError, UnsafeRecordError } from './transforms/errors.js';
export type { FieldPath } from './transforms/fieldPath.js';
export { parseJson, type ParseJsonOptions } from './transforms/parseJson.js';
export { decodeText, type DecodeTextOptions } from './transforms/decodeText.js';
export { toJsonLine } from './transforms/toJsonLine.js';
export { pickFields, type PickFieldsOptions } from './transforms/pickFields.js';
export { omitFields } from './transforms/omitFields.js';
export { renameFields, type RenameFieldsOptions } from './transforms/renameFields.js';
export { addFields, fromContext, type AddFieldsOptions, type FieldValue } from './transforms/addFields.js';
export { filterRecords, type FilterRecordsOptions } from './transforms/filterRecords.js';
export { partitionBy, type PartitionByOptions, type PartitionKeySource } from './transforms/partitionBy.js';

export { firehoseHandler, DEFAULT_MAX_RESPONSE_BYTES, LAMBDA_RESPONSE_LIMIT_BYTES, type BatchSummary, type FirehoseHandlerOptions, type FirehoseKitHandler } from './blueprints/firehoseHandler.js';
export { BlueprintConfigError, FirehoseEventError, OutputTooLargeError, ReingestError } from './blueprints/errors.js';
export { createDefaultLogger, silentLogger, type HandlerLogger } from './blueprints/logger.js';
export { awsReingestSink, batchingSink, DEFAULT_REINGEST_LIMITS, type PutBatch, type ReingestLimits, type ReingestRecord, type ReingestSink, type ReingestTarget } from './blueprints/reingest.js';
export { handlerOptionsFromEnv, HANDLER_ENV, type HandlerOverrides } from './blueprints/handlerEnv.js';
export { readEnvBoolean, readEnvEnum, readEnvInt, readEnvList, readEnvString, type Env } from './blueprints/env.js';
export { blueprints, type BlueprintDefinition } from './blueprints/registry.js';
export { createProcessRecordHandler, processRecordPipeline, type ProcessRecordConfig } from './blueprints/processRecord.js';

export { replay, type ReplayOptions, type ReplaySummary } from './firehose/replay.js';
export { LocalFolderSink } from './firehose/localSink.js';
export { readProducerRecords, type ProducerRecord } from './firehose/producerRecords.js';
export { assertFirehoseResponse, checkFirehoseResponse, CONTRACT_RULES } from './firehose/contract.js';
export { FirehoseContractError, InputFileError } from './firehose/errors.js';

export { parseApacheLog, apacheLogFieldNames, type ParseApacheLogOptions } from './transforms/parseApacheLog.js';
export { parseSyslog, type ParseSyslogOptions } from './transforms/parseSyslog.js';
export { processCloudWatchLogs, splitCloudWatchRecord, type ProcessCloudWatchLogsOptions } from './transforms/cloudwatchLogs.js';
export { RecordSplitRequiredError } from './transforms/errors.js';
export { toCsvLine, csvHeader, type ToCsvLineOptions } from './transforms/toCsvLine.js';
export { createApacheLogToJsonHandler } from './blueprints/apacheLogToJson.js';
export { createApacheLogToCsvHandler } from './blueprints/apacheLogToCsv.js';
export { createSyslogToJsonHandler } from './blueprints/syslogToJson.js';
export { createCloudWatchLogsToJsonHandler } from './blueprints/cloudwatchLogsToJson.js';

export type { CellValue, GlueColumn, GlueType, Row, StructValue } from './formats/types.js';
export { parseGlueType, printGlueType } from './formats/glueType.js';
export { parseGlueTable, loadGlueTable, type GlueTable } from './formats/glueTable.js';
export { glueTableToJsonSchema, compileRecordValidator } from './formats/jsonSchema.js';
export { createDeserializer, serdeFromFirehoseDeserializer, type JsonSerDe, type OpenXJsonSerDe, type HiveJsonSerDe } from './formats/deserializeJson.js';
export { FormatConversionError, GlueSchemaError, GlueTypeSyntaxError } from './formats/errors.js';
export { parquetDelivery, rawDelivery, type Delivery } from './firehose/delivery.js';

export { redactPii, type RedactPiiOptions, type RedactionMode, type Replacement, type CustomPattern, type FieldRule } from './transforms/redactPii.js';
export { normalizeRecord, type NormalizeRecordOptions } from './transforms/normalizeRecord.js';
export { flattenRecord, type FlattenRecordOptions } from './transforms/flattenRecord.js';
export { unflattenRecord, type UnflattenRecordOptions } from './transforms/unflattenRecord.js';
export { createPiiRedactionHandler } from './blueprints/piiRedaction.js';
export { createCleanJsonHandler } from './blueprints/cleanJson.js';
export { catalog, type CatalogEntry, type TransformExample } from './transforms/catalog.js';
export { sendToFirehose, type SendSummary, type SendToFirehoseOptions } from './firehose/sendToFirehose.js';
export { deployTemplate, type DeployTemplateOptions } from './firehose/deployTemplate.js';
