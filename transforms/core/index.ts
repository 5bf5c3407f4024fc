/** The transform model: types, outcomes (ok / drop / fail), pipe(), errors, option checks, UTF-8 decoding. */
export { checkInteger, checkOneOf, checkOptionKeys } from './checkOptions.js';
export { asBuffer, decodeUtf8Lenient, decodeUtf8Strict } from './decodeUtf8.js';
export { describeType, FirehoseKitError, RecordError, RecordFieldError, RecordParseError, RecordSplitRequiredError, TransformOptionError, TransformThrewError, UnsafeRecordError } from './errors.js';
export { generateFunction } from './generatedFunction.js';
export { drop, fail, isOutcome, ok, toOutcome } from './outcome.js';
export { pipe } from './pipe.js';
export { isExactNumberText, JsonNumber, numberValue, stringifyJson } from './jsonNumber.js';
export { type LosslessParse, parseJsonLossless } from './losslessJson.js';
export { isJsonObject, requireObject } from './requireObject.js';
export { type DroppedOutcome, type FailedOutcome, type JsonObject, type JsonValue, type KinesisSourceMetadata, type MskSourceMetadata, type OkOutcome, type Outcome, OUTCOME, type RecordBytes, type RecordContext, type RecordOutput, type RecordPipeline, type RecordSource, type Transform } from './types.js';
