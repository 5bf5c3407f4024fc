/** What Firehose does after the Lambda: raw or converted objects, buffering, keys, prefixes, error records. */
export { COMPRESSION_EXTENSIONS, COMPRESSION_FORMATS, compressObject, type CompressionFormat, crc32 } from './compression.js';
export { compileDateTimePattern, DateTimePatternError, isKnownTimeZone } from './dateTimeFormat.js';
export {
  type ColumnarFormat,
  convertingDelivery,
  type ConvertingDeliveryOptions,
  type Deaggregation,
  type DeliveredObject,
  type DeliveredRecord,
  type Delivery,
  type DeliveryConfig,
  type DeliveryStats,
  deaggregate,
  MAX_ACTIVE_PARTITIONS,
  parquetDelivery,
  type ParquetDeliveryOptions,
  parquetFormat,
  rawDelivery,
  type RawDeliveryOptions,
} from './delivery.js';
export { firehoseSequenceNumber, processingFailedRecord, type ProcessingFailedRecord } from './errorRecords.js';
export { hourPrefix, objectName } from './objectKeys.js';
export { compileJqQuery, type CompiledJqQuery, JqQueryError } from './partitionQuery.js';
export {
  type CheckedPrefixes,
  checkPrefixes,
  dataKeyPrefix,
  ERROR_OUTPUT_TYPES,
  type ErrorOutputType,
  errorKeyPrefix,
  MAX_EVALUATED_PREFIX_CHARS,
  PrefixExpressionError,
  type PrefixSettings,
} from './prefixExpression.js';
export { orcDelivery, type OrcDeliveryOptions, orcFormat } from './orcDelivery.js';
