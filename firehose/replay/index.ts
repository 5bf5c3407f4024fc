/** The offline emulation around the Lambda: batching records into events, invoking, judging responses. */
export { assertFirehoseResponse, checkFirehoseResponse, CONTRACT_RULES, type ContractOptions, type ContractRule, isCanonicalBase64 } from './contract.js';
export { FirehoseContractError } from './errors.js';
export { memoryReingestSink, type MemoryReingestSink } from './memoryReingestSink.js';
export { replay, type ReplayOptions, type ReplaySummary } from './replay.js';
