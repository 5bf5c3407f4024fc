/** The Firehose record-transformation contract around a pipeline: firehoseHandler, response budget, event reading, re-ingestion interfaces, logging, environment. */
export { type Env, readEnvBoolean, readEnvEnum, readEnvInt, readEnvList, readEnvString } from './env.js';
export { BlueprintConfigError, FirehoseEventError, OutputTooLargeError, ReingestError } from './errors.js';
export { type BatchSummary, DEFAULT_MAX_RESPONSE_BYTES, firehoseHandler, type FirehoseHandlerOptions, type FirehoseKitHandler } from './firehoseHandler.js';
export { HANDLER_ENV, handlerOptionsFromEnv, type HandlerOverrides } from './handlerEnv.js';
export { createDefaultLogger, type HandlerLogger, silentLogger } from './logger.js';
export { batchingSink, DEFAULT_REINGEST_LIMITS, type PutBatch, type ReingestLimits, type ReingestRecord, type ReingestSink, type ReingestTarget, setDefaultReingestSink } from './reingest.js';
