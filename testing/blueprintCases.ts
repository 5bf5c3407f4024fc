/**
 * Declarative blueprint tests, in the spirit of `vector test`: a JSON file names a blueprint, its
 * environment and cases (input lines → expected result per record), and one call runs them all through
 * the handler with Firehose's output model checked. `npm run test-blueprints` runs the files of
 * blueprint-tests/, and so does the test suite.
 *
 *   { "blueprint": "process-record", "environment": { "FIELDS": "id" },
 *     "cases": [ { "name": "keeps id", "input": ["{\"id\":1,\"x\":2}"],
 *                  "expect": [ { "result": "Ok", "json": { "id": 1 } } ] } ] }
 *
 * An expectation gives `result` and any of `data` (the output text, exactly), `json` (the output parsed,
 * deep-equal) and `partitionKeys`.
 */
import { Buffer } from 'node:buffer';
import { isDeepStrictEqual } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { silentLogger, type FirehoseKitHandler, type HandlerOverrides } from '../blueprints/handler/index.js';
import { FirehoseKitError } from '../transforms/core/index.js';
import { runHandlerChecked } from './index.js';

export interface BlueprintCaseExpectation {
  readonly result: 'Ok' | 'Dropped' | 'ProcessingFailed';
  readonly data?: string;
  readonly json?: unknown;
  readonly partitionKeys?: Readonly<Record<string, string>>;
}

export interface BlueprintCase {
  readonly name: string;
  /** Producer records, one string each (gzipped first when the file says `"encoding": "gzip"`). */
  readonly input: readonly string[];
  /** Extra environment for this case, over the file's. */
  readonly environment?: Readonly<Record<string, string>>;
  readonly expect: readonly BlueprintCaseExpectation[];
}

export interface BlueprintCaseFile {
  readonly blueprint: string;
  readonly environment?: Readonly<Record<string, string>>;
  readonly encoding?: 'raw' | 'gzip';
  readonly cases: readonly BlueprintCase[];
}

export interface BlueprintCaseResult {
  readonly name: string;
  readonly passed: boolean;
  /** What differed, one line per record (no record content beyond what the case file itself holds). */
  readonly problems: readonly string[];
}

/** A case file that cannot be used: the message names the file's field and the fix. */
export class BlueprintCaseFileError extends FirehoseKitError {}

const RESULTS = ['Ok', 'Dropped', 'ProcessingFailed'];

/** Checks the shape of a parsed case file. */
export function parseBlueprintCaseFile(value: unknown, fileName: string): BlueprintCaseFile {
  const fail = (what: string): never => {
    throw new BlueprintCaseFileError(`${fileName}: ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('the file is not a JSON object; write { "blueprint": …, "cases": [ … ] }');
  const file = value as Record<string, unknown>;
  if (typeof file['blueprint'] !== 'string') fail('"blueprint" must name a blueprint, e.g. "process-record"');
  if (!Array.isArray(file['cases']) || file['cases'].length === 0) fail('"cases" must be a non-empty array');
  if (file['encoding'] !== undefined && file['encoding'] !== 'raw' && file['encoding'] !== 'gzip') fail('"encoding" is raw (default) or gzip');
  (file['cases'] as unknown[]).forEach((c, index) => {
    const where = `cases[${index}]`;
    if (typeof c !== 'object' || c === null) return fail(`${where} is not an object`);
    const item = c as Record<string, unknown>;
    if (typeof item['name'] !== 'string') fail(`${where}.name must be a string`);
    if (!Array.isArray(item['input']) || !item['input'].every((line) => typeof line === 'string')) fail(`${where}.input must be an array of strings (one producer record each)`);
    if (!Array.isArray(item['expect']) || item['expect'].length !== (item['input'] as unknown[]).length) fail(`${where}.expect must have one expectation per input record`);
    for (const [i, e] of (item['expect'] as unknown[]).entries()) {
      if (typeof e !== 'object' || e === null || !RESULTS.includes(String((e as Record<string, unknown>)['result']))) fail(`${where}.expect[${i}].result must be one of ${RESULTS.join(', ')}`);
    }
    return undefined;
  });
  return value as BlueprintCaseFile;
}

function eventOf(file: BlueprintCaseFile, testCase: BlueprintCase): FirehoseTransformationEvent {
  return {
    invocationId: 'blueprint-case',
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/blueprint-cases',
    region: 'us-east-1',
    records: testCase.input.map((line, index) => {
      const bytes = Buffer.from(line, 'utf8');
      return { recordId: String(index + 1), approximateArrivalTimestamp: 1_764_504_000_000 + index, data: (file.encoding === 'gzip' ? gzipSync(bytes) : bytes).toString('base64') };
    }),
  };
}

/** Runs every case of a file through the blueprint made by `create` (silent logger, re-ingestion off). */
export async function runBlueprintCases(file: BlueprintCaseFile, create: (env: Readonly<Record<string, string>>, overrides: HandlerOverrides) => FirehoseKitHandler): Promise<BlueprintCaseResult[]> {
  const results: BlueprintCaseResult[] = [];
  for (const testCase of file.cases) {
    const problems: string[] = [];
    try {
      const handler = create({ ...file.environment, ...testCase.environment }, { logger: silentLogger, reingest: 'off' });
      const event = eventOf(file, testCase);
      const response = await runHandlerChecked(handler, event);
      response.records.forEach((record, index) => {
        const expected = testCase.expect[index]!;
        const text = Buffer.from(record.data ?? '', 'base64').toString('utf8');
        if (record.result !== expected.result) problems.push(`record ${index + 1}: result ${record.result}, expected ${expected.result}`);
        if (expected.data !== undefined && text !== expected.data) problems.push(`record ${index + 1}: data ${JSON.stringify(text)}, expected ${JSON.stringify(expected.data)}`);
        if (expected.json !== undefined) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          if (!isDeepStrictEqual(parsed, expected.json)) problems.push(`record ${index + 1}: json ${text.trimEnd()}, expected ${JSON.stringify(expected.json)}`);
        }
        const keys = (record as { metadata?: { partitionKeys?: Record<string, string> } }).metadata?.partitionKeys;
        if (expected.partitionKeys !== undefined && !isDeepStrictEqual(keys ?? {}, expected.partitionKeys)) problems.push(`record ${index + 1}: partition keys ${JSON.stringify(keys ?? {})}, expected ${JSON.stringify(expected.partitionKeys)}`);
      });
    } catch (error) {
      problems.push(`${error instanceof Error ? error.name : 'Error'}: ${error instanceof Error ? error.message : String(error)}`);
    }
    results.push({ name: testCase.name, passed: problems.length === 0, problems });
  }
  return results;
}
