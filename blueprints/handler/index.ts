/** The Firehose record-transformation contract around a pipeline: firehoseHandler, response budget, event reading, re-ingestion interfaces, logging, environment. */
export { type Env, readEnvBoolean, readEnvEnum, readEnvInt, readEnvList, readEnvString } from './env.js';
export { BlueprintConfigError, FirehoseEventError, OutputTooLargeError, ReingestError } from './errors.js';
export { type DeclaredValue, type DeclaredValues, describeVariable, describeVariables, type EnvVariable, flag, HANDLER_VARIABLES, oneOf, readDeclaredEnv, valuesText } from './declaredEnv.js';
export {
  type BatchSummary,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_REINGEST_TIMEOUT_MS,
  failureAttributes,
  firehoseHandler,
  type FirehoseHandlerOptions,
  type FirehoseKitHandler,
  type FirehoseKitResponse,
  type FirehoseKitResponseRecord,
  RESPOND_MARGIN_MS,
} from './firehoseHandler.js';
export { type DataField, type EventRecord, readFirehoseEvent, type ReadEvent } from './firehoseEvent.js';
export { HANDLER_ENV, handlerOptionsFromEnv, type HandlerOverrides } from './handlerEnv.js';
export { createDefaultLogger, createJsonLogger, type HandlerLogger, type JsonLoggerOptions, silentLogger } from './logger.js';
export {
  batchingSink,
  type BatchingSinkOptions,
  DEFAULT_REINGEST_LIMITS,
  type DescribeReingestError,
  problemText,
  type PutBatch,
  realSleep,
  type ReingestCallOptions,
  type ReingestLimits,
  type ReingestProblem,
  type ReingestRecord,
  type ReingestSink,
  type ReingestTarget,
  setDefaultReingestSink,
  type Sleep,
} from './reingest.js';
export { type BudgetDecision, type BudgetItem, planResponse, type ResponsePlan } from './responseBudget.js';
