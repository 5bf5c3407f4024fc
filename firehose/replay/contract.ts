/**
 * The checker of Firehose's record-transformation output model, used by the offline CLI on every
 * response and by tests on every blueprint. Firehose marks a whole batch as failed when a response
 * misses a recordId, has an extra one, or has an invalid result or data, so each rule is checked here.
 */
import { Buffer } from 'node:buffer';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { LAMBDA_RESPONSE_LIMIT_BYTES } from '../../limits/index.js';
import { FirehoseContractError } from './errors.js';

export const CONTRACT_RULES = {
  'response-shape': 'the response is an object with a records array',
  'record-count': 'one response record per input record',
  'record-order': 'the same recordIds, each once, in input order',
  'result-value': "result is 'Ok', 'Dropped' or 'ProcessingFailed'",
  'data-base64': 'data is a string of canonical base64',
  'failed-keeps-original': 'a ProcessingFailed record carries its original bytes',
  'partition-keys': 'metadata.partitionKeys, when present, maps names to strings',
  'response-size': 'the serialised response fits the size budget',
} as const;

export type ContractRule = keyof typeof CONTRACT_RULES;

export interface ContractOptions {
  /** Largest allowed serialised response in bytes. Default: Lambda's limit, 6,291,456. */
  readonly maxResponseBytes?: number;
}

const RESULTS = new Set(['Ok', 'Dropped', 'ProcessingFailed']);

export function isCanonicalBase64(text: string): boolean {
  return text.length % 4 === 0 && Buffer.from(text, 'base64').toString('base64') === text;
}

/** Every violation of the output model, in record order; empty when the response is valid. */
export function checkFirehoseResponse(event: FirehoseTransformationEvent, response: unknown, options: ContractOptions = {}): FirehoseContractError[] {
  const violations: FirehoseContractError[] = [];
  const add = (rule: ContractRule, recordId: string | undefined, message: string): void => {
    violations.push(new FirehoseContractError(rule, recordId, message));
  };
  if (typeof response !== 'object' || response === null || !Array.isArray((response as { records?: unknown }).records)) {
    add('response-shape', undefined, `expected { records: [...] }, got ${response === null ? 'null' : typeof response}`);
    return violations;
  }
  const records = (response as { records: unknown[] }).records;
  const inputs = event.records;
  if (records.length !== inputs.length) {
    add('record-count', undefined, `${inputs.length} records in, ${records.length} records out`);
  }
  const seen = new Set<string>();
  for (let i = 0; i < records.length; i++) {
    const raw = records[i];
    const input = inputs[i];
    if (typeof raw !== 'object' || raw === null) {
      add('response-shape', input?.recordId, `records[${i}] is ${raw === null ? 'null' : typeof raw}, not an object`);
      continue;
    }
    const out = raw as { recordId?: unknown; result?: unknown; data?: unknown; metadata?: unknown };
    const id = typeof out.recordId === 'string' ? out.recordId : undefined;
    if (id === undefined) {
      add('record-order', input?.recordId, `records[${i}] has no recordId string`);
    } else {
      if (seen.has(id)) add('record-order', id, `records[${i}] repeats a recordId`);
      seen.add(id);
      if (input !== undefined && id !== input.recordId) add('record-order', id, `records[${i}] should be recordId ${input.recordId}`);
    }
    if (typeof out.result !== 'string' || !RESULTS.has(out.result)) {
      add('result-value', id, `result is ${JSON.stringify(out.result)}`);
    }
    if (typeof out.data !== 'string' || !isCanonicalBase64(out.data)) {
      add('data-base64', id, typeof out.data === 'string' ? `data (${out.data.length} characters) is not canonical base64` : `data is ${typeof out.data}`);
    } else if (out.result === 'ProcessingFailed' && input !== undefined && !Buffer.from(out.data, 'base64').equals(Buffer.from(input.data, 'base64'))) {
      add('failed-keeps-original', id, 'data differs from the input record');
    }
    if (out.metadata !== undefined) {
      const keys = (out.metadata as { partitionKeys?: unknown } | null)?.partitionKeys;
      if (typeof keys !== 'object' || keys === null || Array.isArray(keys) || Object.values(keys).some((v) => typeof v !== 'string')) {
        add('partition-keys', id, 'metadata.partitionKeys must be an object of string values');
      }
    }
  }
  for (const input of inputs) {
    if (!seen.has(input.recordId)) add('record-order', input.recordId, 'missing from the response');
  }
  const limit = options.maxResponseBytes ?? LAMBDA_RESPONSE_LIMIT_BYTES;
  const size = Buffer.byteLength(JSON.stringify(response));
  if (size > limit) add('response-size', undefined, `the response is ${size} bytes, over the budget of ${limit}`);
  return violations;
}

/** Throws the first violation of the output model (see `checkFirehoseResponse`). */
export function assertFirehoseResponse(event: FirehoseTransformationEvent, response: unknown, options: ContractOptions = {}): void {
  const [first] = checkFirehoseResponse(event, response, options);
  if (first !== undefined) throw first;
}
