/**
 * firehose-kit's public API. Test helpers are exported separately from `firehose-kit/testing`.
 *
 * This is a composition root: handlers made through this entry point re-ingest overflow records through
 * the AWS SDK (`reingest: 'auto'`), as the Lambda entries in blueprints/entries/ do.
 */
import { awsReingestSink } from './aws/reingestSink.js';
import { setDefaultReingestSink } from './blueprints/handler/index.js';

setDefaultReingestSink(awsReingestSink);

export { drop, type DroppedOutcome, fail, type FailedOutcome, FirehoseKitError, isJsonObject, isOutcome, JsonNumber, type JsonObject, type JsonValue, type KinesisSourceMetadata, type MskSourceMetadata, numberValue, ok, type OkOutcome, OUTCOME, type Outcome, pipe, type RecordBytes, type RecordContext, RecordError, RecordFieldError, type RecordOutput, RecordParseError, type RecordPipeline, type RecordSource, RecordSplitRequiredError, stringifyJson, toOutcome, type Transform, TransformOptionError, TransformThrewError, UnsafeRecordError } from './transforms/core/index.js';
export { addFields, type AddFieldsOptions, type FieldPath, type FieldValue, filterRecords, type FilterRecordsOptions, fromContext, omitFields, partitionBy, type PartitionByOptions, type PartitionKeySource, pickFields, type PickFieldsOptions, renameFields, type RenameFieldsOptions } from './transforms/fields/index.js';
export { decodeText, type DecodeTextOptions, parseJson, type ParseJsonOptions, toJsonLine } from './transforms/json/index.js';
export { flattenRecord, type FlattenRecordOptions, normalizeRecord, type NormalizeRecordOptions, unflattenRecord, type UnflattenRecordOptions } from './transforms/shape/index.js';
export { type CustomPattern, type FieldRule, type RedactionMode, redactPii, type RedactPiiOptions, type Replacement } from './transforms/pii/index.js';
export { APACHE_ERROR_LOG_FIELDS, apacheLogFieldNames, csvHeader, parseApacheErrorLog, type ParseApacheErrorLogOptions, parseApacheLog, type ParseApacheLogOptions, parseSyslog, type ParseSyslogOptions, processCloudWatchLogs, type ProcessCloudWatchLogsOptions, splitCloudWatchRecord, toCsvLine, type ToCsvLineOptions } from './transforms/logs/index.js';
export { catalog, type CatalogEntry, type TransformExample } from './transforms/index.js';
export { type CellValue, type GlueColumn, GlueSchemaError, type GlueTable, type GlueType, GlueTypeSyntaxError, parseGlueTable, parseGlueType, printGlueType, type Row, type StructValue } from './formats/glue/index.js';
export { compileRecordValidator, createCompiledDeserializer, createDeserializer, FormatConversionError, glueTableToJsonSchema, type HiveJsonSerDe, type JsonSerDe, type OpenXJsonSerDe, serdeFromFirehoseDeserializer } from './formats/serde/index.js';
export { batchingSink, type BatchSummary, BlueprintConfigError, createDefaultLogger, createJsonLogger, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REINGEST_LIMITS, type Env, FirehoseEventError, firehoseHandler, type FirehoseHandlerOptions, type FirehoseKitHandler, type FirehoseKitResponse, type FirehoseKitResponseRecord, HANDLER_ENV, type HandlerLogger, handlerOptionsFromEnv, type JsonLoggerOptions, type HandlerOverrides, OutputTooLargeError, planResponse, problemText, type PutBatch, readDeclaredEnv, type DeclaredValues, type EnvVariable, readEnvBoolean, readEnvEnum, readEnvInt, readEnvList, readEnvString, type ReingestCallOptions, ReingestError, type ReingestLimits, type ReingestProblem, type ReingestRecord, type ReingestSink, type ReingestTarget, silentLogger, type Sleep } from './blueprints/handler/index.js';
export { type BlueprintDefinition, blueprints, createApacheLogToCsvHandler, createApacheLogToJsonHandler, createCleanJsonHandler, createCloudWatchLogsToJsonHandler, createApacheErrorLogToJsonHandler, createPiiRedactionHandler, createProcessRecordHandler, createSyslogToCsvHandler, createSyslogToJsonHandler, type ProcessRecordConfig, processRecordPipeline } from './blueprints/index.js';
export { LAMBDA_RESPONSE_LIMIT_BYTES } from './limits/index.js';
export { assertFirehoseResponse, checkFirehoseResponse, CONTRACT_RULES, FirehoseContractError, replay, type ReplayOptions, type ReplaySummary } from './firehose/replay/index.js';
export { type Delivery, orcDelivery, parquetDelivery, rawDelivery } from './firehose/delivery/index.js';
export { LocalFolderSink } from './firehose/sinks/index.js';
export { InputFileError, loadGlueTable, type ProducerRecord, readProducerRecords } from './firehose/sources/index.js';
// From the files, not aws/index.ts: the S3 and Glue clients stay out of the entry point's imports (loaded only by
// the command line), so a bundle of the package needs no SDK package but the ones Lambda's runtime provides.
export { awsReingestSink, type AwsReingestSinkOptions, describeAwsError } from './aws/reingestSink.js';
export { type SendSummary, sendToFirehose, type SendToFirehoseOptions } from './aws/sendToFirehose.js';
