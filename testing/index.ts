/**
 * The test kit for transform and blueprint authors (`firehose-kit/testing`): fast-check arbitraries for
 * Firehose events and the checker of the record-transformation output model.
 *
 *   await fc.assert(fc.asyncProperty(firehoseEventArbitrary(), async (event) => {
 *     await runHandlerChecked(myHandler, event);
 *   }), { numRuns: 200 });
 */
import { isDeepStrictEqual } from 'node:util';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import type { FirehoseKitHandler } from '../blueprints/handler/index.js';
import {
  assertFirehoseResponse,
  checkFirehoseResponse,
  checkFirehoseRules,
  checkKitPromises,
  CONTRACT_RULES,
  FIREHOSE_RULES,
  isCanonicalBase64,
  KIT_PROMISES,
  type ContractOptions,
  type ContractRule,
  type FirehoseRuleName,
  type KitPromiseName,
} from '../firehose/replay/index.js';
import { FirehoseContractError } from '../firehose/replay/index.js';
import { memoryReingestSink, type MemoryReingestSink } from '../firehose/replay/index.js';
import {
  bytesData,
  firehoseEventArbitrary,
  inexactNumberText,
  invalidUtf8Data,
  jsonData,
  jsonTextWithNumbers,
  largeData,
  MAX_RECORD_BYTES,
  recordDataArbitrary,
  textData,
  type FirehoseEventArbitraryOptions,
  type RecordDataKind,
} from './arbitraries.js';

/**
 * Runs a handler on an event and checks everything Firehose relies on and firehose-kit promises: the
 * output model in both layers (`checkFirehoseRules` for what Firehose itself checks, `checkKitPromises`
 * for firehose-kit's stricter promises; see `assertFirehoseResponse`) and that the handler left the
 * event as it found it.
 */
export async function runHandlerChecked(handler: FirehoseKitHandler, event: FirehoseTransformationEvent, options: ContractOptions = {}): Promise<FirehoseTransformationResult> {
  const before = structuredClone(event);
  const response = await handler(event);
  if (!isDeepStrictEqual(before, event)) {
    throw new FirehoseContractError('input-not-mutated', undefined, 'the handler changed the event it was given');
  }
  assertFirehoseResponse(event, response, options);
  return response;
}

export {
  assertFirehoseResponse,
  bytesData,
  checkFirehoseResponse,
  checkFirehoseRules,
  checkKitPromises,
  CONTRACT_RULES,
  FIREHOSE_RULES,
  FirehoseContractError,
  firehoseEventArbitrary,
  inexactNumberText,
  invalidUtf8Data,
  isCanonicalBase64,
  jsonData,
  jsonTextWithNumbers,
  KIT_PROMISES,
  largeData,
  MAX_RECORD_BYTES,
  memoryReingestSink,
  recordDataArbitrary,
  textData,
};
export type { ContractOptions, ContractRule, FirehoseEventArbitraryOptions, FirehoseRuleName, KitPromiseName, MemoryReingestSink, RecordDataKind };
export { type BlueprintCase, type BlueprintCaseExpectation, type BlueprintCaseFile, BlueprintCaseFileError, type BlueprintCaseResult, parseBlueprintCaseFile, runBlueprintCases } from './blueprintCases.js';
