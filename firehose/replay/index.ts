/** The offline emulation around the Lambda: batching records into events, invoking, judging responses. */
export {
  assertFirehoseResponse,
  checkFirehoseResponse,
  checkFirehoseRules,
  checkKitPromises,
  CONTRACT_RULES,
  type ContractOptions,
  type ContractRule,
  FIREHOSE_ERROR_MESSAGES,
  FIREHOSE_RULES,
  type FirehoseLambdaErrorCode,
  type FirehoseRule,
  type FirehoseRuleName,
  interpretResponse,
  isCanonicalBase64,
  KIT_PROMISES,
  type KitPromiseName,
  type RecordOutcome,
} from './contract.js';
export { FirehoseContractError } from './errors.js';
export { memoryReingestSink, type MemoryReingestSink } from './memoryReingestSink.js';
export { type AttemptResult, type EventFrame, type PackedBatch, type PackedOutcomes } from './batch.js';
export { PIPELINE_DEPTH, replay, type ReplayInvoker, type ReplayOptions, type ReplaySummary } from './replay.js';
export { type HandlerSpec, workerInvoker } from './workerInvoker.js';
