/**
 * The record-transformation output model, in two layers:
 * - Firehose's own rules (`FIREHOSE_RULES`): what Firehose checks on a Lambda response, each with the
 *   error code Firehose writes into processing-failed records when it is broken, and whether Firehose
 *   fails only the affected records or the whole batch (developer guide, "Data Transformation and
 *   Status Model" and the Lambda invocation error table in "Monitoring with CloudWatch Logs"; observed
 *   behaviour where the guide is silent, see the README's emulation table).
 * - firehose-kit's stricter promises (`KIT_PROMISES`): what firehose-kit's blueprints also keep (input
 *   order, failed records keep their original bytes). The replay applies only Firehose's rules; the
 *   blueprint tests hold our blueprints to both.
 */
import { Buffer } from 'node:buffer';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { LAMBDA_RESPONSE_LIMIT_BYTES } from '../../limits/index.js';
import { FirehoseContractError } from './errors.js';

/** The error codes Firehose writes for a broken response (documented Lambda invocation errors). */
export type FirehoseLambdaErrorCode = 'Lambda.MissingRecordId' | 'Lambda.DuplicatedRecordId' | 'Lambda.JsonProcessingException' | 'Lambda.FunctionError';

export interface FirehoseRule {
  readonly text: string;
  readonly errorCode: FirehoseLambdaErrorCode;
  /** `record`: Firehose fails only the records concerned; `batch`: every record of the invocation. */
  readonly scope: 'record' | 'batch';
}

export const FIREHOSE_RULES = {
  'response-shape': { text: 'the response is a JSON object with a records array', errorCode: 'Lambda.JsonProcessingException', scope: 'batch' },
  'missing-record-id': { text: 'every recordId of the event is answered', errorCode: 'Lambda.MissingRecordId', scope: 'record' },
  'duplicated-record-id': { text: 'each recordId is answered once', errorCode: 'Lambda.DuplicatedRecordId', scope: 'record' },
  'result-value': { text: "result is 'Ok', 'Dropped' or 'ProcessingFailed'", errorCode: 'Lambda.JsonProcessingException', scope: 'batch' },
  'ok-has-data': { text: 'an Ok record carries data (Dropped and ProcessingFailed may omit it)', errorCode: 'Lambda.JsonProcessingException', scope: 'record' },
  'data-base64': { text: 'data, when present, is a string of base64', errorCode: 'Lambda.FunctionError', scope: 'batch' },
  'partition-keys': { text: 'metadata.partitionKeys, when present, maps names to strings', errorCode: 'Lambda.JsonProcessingException', scope: 'record' },
  'response-size': { text: "the serialised response fits Lambda's 6,291,456-byte payload limit", errorCode: 'Lambda.FunctionError', scope: 'batch' },
} as const satisfies Record<string, FirehoseRule>;

export const KIT_PROMISES = {
  'record-order': 'the records come back in input order, one per input record',
  'failed-keeps-original': 'a ProcessingFailed record carries its original bytes',
  'response-budget': 'the serialised response fits the handler’s own budget (maxResponseBytes)',
} as const;

export type FirehoseRuleName = keyof typeof FIREHOSE_RULES;
export type KitPromiseName = keyof typeof KIT_PROMISES;
export type ContractRule = FirehoseRuleName | KitPromiseName;

/** Every rule with its text, Firehose's first (kept for the published test kit). */
export const CONTRACT_RULES: Readonly<Record<ContractRule, string>> = {
  ...Object.fromEntries(Object.entries(FIREHOSE_RULES).map(([k, v]) => [k, v.text])),
  ...KIT_PROMISES,
} as Record<ContractRule, string>;

export interface ContractOptions {
  /** firehose-kit's own response budget in bytes (the `response-budget` promise). Default: 6,291,456. */
  readonly maxResponseBytes?: number;
}

const RESULTS = new Set(['Ok', 'Dropped', 'ProcessingFailed']);

/** Base64 alphabet membership by char code (a table loop is several times faster than a regex on MB strings). */
const BASE64_CHAR = (() => {
  const table = new Uint8Array(128);
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') table[c.charCodeAt(0)] = 1;
  return table;
})();

/** Canonical base64: what `Buffer#toString('base64')` writes (padding included). */
export function isCanonicalBase64(text: string): boolean {
  return text.length % 4 === 0 && Buffer.from(text, 'base64').toString('base64') === text;
}

/** Base64 as Firehose decodes it: the alphabet, padded to a multiple of 4 (assumed: Java's decoder). */
export function isBase64(text: string): boolean {
  const n = text.length;
  if (n % 4 !== 0) return false;
  let end = n;
  if (end > 0 && text.charCodeAt(end - 1) === 61) end--;
  if (end > 0 && text.charCodeAt(end - 1) === 61) end--;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || BASE64_CHAR[c] === 0) return false;
  }
  return true;
}

const PLAIN_KEYS = new Set(['recordId', 'result', 'data']);

/**
 * Adds one record's serialised size to `total`, or returns -1 when it is not plain (then the caller
 * serialises): only recordId, result and data, as strings JSON writes unescaped (data as base64).
 */
function plainEntrySize(record: Record<string, unknown>, total: number, dataIsBase64: boolean): number {
  let entry = 2;
  let fields = 0;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !PLAIN_KEYS.has(key) || !(key === 'data' ? dataIsBase64 : isPlain(value))) return -1;
    entry += key.length + value.length + 5;
    fields++;
  }
  return total + entry + Math.max(0, fields - 1);
}

/** A short string JSON writes as is, between quotes, one byte per character. */
function isPlain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

type RawRecord = { recordId?: unknown; result?: unknown; data?: unknown; metadata?: unknown };

function violation(rule: ContractRule, recordId: string | undefined, message: string): FirehoseContractError {
  const firehose = (FIREHOSE_RULES as Record<string, FirehoseRule>)[rule];
  return new FirehoseContractError(rule, recordId, message, firehose?.errorCode, firehose?.scope);
}

/**
 * The bytes of a base64 string as Firehose would decode them, or undefined when it is not base64.
 * Canonical text (what encoders write) is confirmed by encoding the decoded bytes again, which is
 * several times faster than checking the alphabet character by character; anything else is checked.
 */
function decodeBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text || isBase64(text) ? bytes : undefined;
}

/** Firehose's own rules only: every violation, in record order; empty when Firehose accepts the response. */
export function checkFirehoseRules(event: FirehoseTransformationEvent, response: unknown): FirehoseContractError[] {
  return firehoseViolations(event, response);
}

/** `checkFirehoseRules`, keeping each answer's decoded data in `decoded` when given (so it is decoded once). */
function firehoseViolations(event: FirehoseTransformationEvent, response: unknown, decoded?: Map<object, Buffer>): FirehoseContractError[] {
  const violations: FirehoseContractError[] = [];
  if (typeof response !== 'object' || response === null || !Array.isArray((response as { records?: unknown }).records)) {
    violations.push(violation('response-shape', undefined, `expected { records: [...] }, got ${response === null ? 'null' : Array.isArray(response) ? 'an array' : typeof response}`));
    return violations;
  }
  const records = (response as { records: unknown[] }).records;
  const inputIds = new Set(event.records.map((r) => r.recordId));
  const seen = new Set<string>();
  // The serialised size, counted while checking when every field is plain (no JSON.stringify of MBs).
  let size = Object.keys(response).length === 1 ? '{"records":[]}'.length + Math.max(0, records.length - 1) : -1;
  for (let i = 0; i < records.length; i++) {
    const raw = records[i];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      violations.push(violation('response-shape', undefined, `records[${i}] is ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}, not an object`));
      continue;
    }
    const out = raw as RawRecord;
    const bytes = typeof out.data === 'string' ? decodeBase64(out.data) : undefined;
    const dataIsBase64 = bytes !== undefined;
    if (bytes !== undefined) decoded?.set(raw, bytes);
    if (size >= 0) size = plainEntrySize(raw as Record<string, unknown>, size, dataIsBase64);
    const id = typeof out.recordId === 'string' ? out.recordId : undefined;
    if (id !== undefined && inputIds.has(id)) {
      if (seen.has(id)) violations.push(violation('duplicated-record-id', id, `records[${i}] repeats recordId ${id}`));
      seen.add(id);
    }
    if (typeof out.result !== 'string' || !RESULTS.has(out.result)) {
      violations.push(violation('result-value', id, `records[${i}].result is ${describe(out.result)}`));
    }
    if (out.data === undefined) {
      if (out.result === 'Ok') violations.push(violation('ok-has-data', id, `records[${i}] is Ok without data`));
    } else if (!dataIsBase64) {
      violations.push(violation('data-base64', id, typeof out.data === 'string' ? `records[${i}].data (${out.data.length} characters) is not base64` : `records[${i}].data is ${describe(out.data)}`));
    }
    if (out.metadata !== undefined && out.metadata !== null) {
      const keys = (out.metadata as { partitionKeys?: unknown }).partitionKeys;
      if (keys !== undefined && (typeof keys !== 'object' || keys === null || Array.isArray(keys) || Object.values(keys).some((v) => typeof v !== 'string'))) {
        violations.push(violation('partition-keys', id, `records[${i}].metadata.partitionKeys must be an object of string values`));
      }
    }
  }
  for (const input of event.records) {
    if (!seen.has(input.recordId)) violations.push(violation('missing-record-id', input.recordId, 'missing from the response'));
  }
  if (size < 0) size = Buffer.byteLength(JSON.stringify(response));
  if (size > LAMBDA_RESPONSE_LIMIT_BYTES) violations.push(violation('response-size', undefined, `the response is ${size} bytes, over Lambda's limit of ${LAMBDA_RESPONSE_LIMIT_BYTES}`));
  return violations;
}

/** firehose-kit's stricter promises only (order, failed records unchanged, own budget). */
export function checkKitPromises(event: FirehoseTransformationEvent, response: unknown, options: ContractOptions = {}): FirehoseContractError[] {
  const violations: FirehoseContractError[] = [];
  if (typeof response !== 'object' || response === null || !Array.isArray((response as { records?: unknown }).records)) return violations;
  const records = (response as { records: unknown[] }).records;
  if (records.length !== event.records.length) violations.push(violation('record-order', undefined, `${event.records.length} records in, ${records.length} records out`));
  for (let i = 0; i < Math.min(records.length, event.records.length); i++) {
    const out = (records[i] ?? {}) as RawRecord;
    const input = event.records[i]!;
    if (out.recordId !== input.recordId) violations.push(violation('record-order', input.recordId, `records[${i}] should be recordId ${input.recordId}`));
    else if (out.result === 'ProcessingFailed' && (typeof out.data !== 'string' || !Buffer.from(out.data, 'base64').equals(Buffer.from(input.data, 'base64')))) {
      violations.push(violation('failed-keeps-original', input.recordId, 'a ProcessingFailed record must carry the input bytes unchanged'));
    }
  }
  const limit = options.maxResponseBytes ?? LAMBDA_RESPONSE_LIMIT_BYTES;
  const size = Buffer.byteLength(JSON.stringify(response));
  if (size > limit) violations.push(violation('response-budget', undefined, `the response is ${size} bytes, over the budget of ${limit}`));
  return violations;
}

/** Both layers: Firehose's rules, then firehose-kit's promises (what our blueprints are held to). */
export function checkFirehoseResponse(event: FirehoseTransformationEvent, response: unknown, options: ContractOptions = {}): FirehoseContractError[] {
  return [...checkFirehoseRules(event, response), ...checkKitPromises(event, response, options)];
}

/** Throws the first violation of either layer (see `checkFirehoseResponse`). */
export function assertFirehoseResponse(event: FirehoseTransformationEvent, response: unknown, options: ContractOptions = {}): void {
  const [first] = checkFirehoseResponse(event, response, options);
  if (first !== undefined) throw first;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  return typeof value === 'string' ? `the string '${value.slice(0, 20)}'` : typeof value;
}

/** What Firehose does with one input record after an invocation that returned a response. */
export type RecordOutcome =
  | { readonly kind: 'ok'; readonly data: Buffer; readonly partitionKeys?: Readonly<Record<string, string>> }
  | { readonly kind: 'dropped' }
  | { readonly kind: 'failed'; readonly errorCode: string; readonly errorMessage: string };

/** The documented messages of the Lambda invocation errors (the MissingRecordId one as observed). */
export const FIREHOSE_ERROR_MESSAGES: Readonly<Record<string, string>> = {
  'Lambda.ProcessingFailedStatus': 'ProcessingFailed status set for record',
  'Lambda.MissingRecordId': 'One or more record Ids were not returned. Ensure that the Lambda function returns all received record Ids.',
  'Lambda.DuplicatedRecordId': 'Multiple records were returned with the same record ID. Ensure that the Lambda function returns unique record IDs for each record.',
  'Lambda.JsonProcessingException': 'There was an error parsing returned records from the Lambda function. Ensure that the returned records follow the status model required by Kinesis Data Firehose.',
};

/**
 * Applies Firehose's rules to a response: the outcome of every input record, in input order. A
 * batch-scope violation fails every record; a record-scope one fails only the records it names.
 * `batchError` is set for batch-scope violations (the caller retries `Lambda.FunctionError` ones that
 * come from the function itself; a returned response is final).
 */
export function interpretResponse(
  event: FirehoseTransformationEvent,
  response: unknown,
): { readonly outcomes: RecordOutcome[]; readonly batchError?: { readonly errorCode: string; readonly errorMessage: string }; readonly sizeExceeded?: boolean } {
  const decoded = new Map<object, Buffer>();
  const violations = firehoseViolations(event, response, decoded);
  const batch = violations.find((v) => v.scope === 'batch');
  if (batch !== undefined) {
    const errorCode = batch.errorCode ?? 'Lambda.JsonProcessingException';
    const errorMessage = FIREHOSE_ERROR_MESSAGES[errorCode] ?? `The Lambda response broke Firehose's status model: ${batch.message}`;
    const sizeExceeded = violations.some((v) => v.rule === 'response-size');
    return { outcomes: event.records.map(() => ({ kind: 'failed', errorCode, errorMessage })), batchError: { errorCode, errorMessage }, sizeExceeded };
  }
  const failedIds = new Map<string, string>();
  for (const v of violations) if (v.recordId !== undefined && v.errorCode !== undefined && !failedIds.has(v.recordId)) failedIds.set(v.recordId, v.errorCode);
  const firstAnswer = new Map<string, RawRecord>();
  for (const raw of (response as { records: RawRecord[] }).records) {
    if (typeof raw.recordId === 'string' && !firstAnswer.has(raw.recordId)) firstAnswer.set(raw.recordId, raw);
  }
  const outcomes = event.records.map((input): RecordOutcome => {
    const code = failedIds.get(input.recordId);
    if (code !== undefined) return { kind: 'failed', errorCode: code, errorMessage: FIREHOSE_ERROR_MESSAGES[code] ?? code };
    const out = firstAnswer.get(input.recordId)!;
    if (out.result === 'Dropped') return { kind: 'dropped' };
    if (out.result === 'ProcessingFailed') return { kind: 'failed', errorCode: 'Lambda.ProcessingFailedStatus', errorMessage: FIREHOSE_ERROR_MESSAGES['Lambda.ProcessingFailedStatus']! };
    const keys = (out.metadata as { partitionKeys?: Record<string, string> } | undefined)?.partitionKeys;
    return { kind: 'ok', data: decoded.get(out) ?? Buffer.from(out.data as string, 'base64'), ...(keys === undefined ? {} : { partitionKeys: { ...keys } }) };
  });
  return { outcomes };
}
