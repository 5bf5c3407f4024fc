/**
 * Declarative blueprint tests: every file in blueprint-tests/ passes, and the runner is seen to fail a
 * wrong expectation of each kind and to refuse a malformed file, naming the field.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blueprints } from '../../blueprints/index.js';
import { runCaseFiles } from '../../scripts/testBlueprints.js';
import { BlueprintCaseFileError, parseBlueprintCaseFile, runBlueprintCases, type BlueprintCaseFile } from '../../testing/index.js';
import { runScript } from '../helpers/cli.js';
import { repoPath } from '../helpers/fixtures.js';

const processRecord = blueprints['process-record']!;
const create: Parameters<typeof runBlueprintCases>[1] = (env, overrides) => processRecord.create(env, overrides);

describe('blueprint-tests/', () => {
  it('every case of every file passes', async () => {
    const files = readdirSync(repoPath('blueprint-tests')).filter((f) => f.endsWith('.json')).map((f) => repoPath(`blueprint-tests/${f}`));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const { file, results } of await runCaseFiles(files)) for (const r of results) expect(r.problems, `${file}: ${r.name}`).toEqual([]);
  });

  it('npm run test-blueprints prints a line per case and the totals', async () => {
    const { code, stdout } = await runScript('testBlueprints', ['blueprint-tests/process-record.json']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').at(-1)).toBe('3 passed, 0 failed');
  }, 30_000);
});

describe('runBlueprintCases', () => {
  it('reports each kind of wrong expectation', async () => {
    const file: BlueprintCaseFile = {
      blueprint: 'process-record',
      cases: [
        { name: 'wrong result', input: ['{"a":1}'], expect: [{ result: 'ProcessingFailed' }] },
        { name: 'wrong data', input: ['{"a":1}'], expect: [{ result: 'Ok', data: '{"a":2}\n' }] },
        { name: 'wrong json', input: ['{"a":1}'], expect: [{ result: 'Ok', json: { a: 2 } }] },
        { name: 'wrong partition keys', input: ['{"a":1}'], expect: [{ result: 'Ok', partitionKeys: { a: '1' } }] },
        { name: 'a bad environment', environment: { NEWLINE: 'maybe' }, input: ['{"a":1}'], expect: [{ result: 'Ok' }] },
      ],
    };
    const results = await runBlueprintCases(file, create);
    expect(results.map((r) => [r.name, r.passed, r.problems])).toEqual([
      ['wrong result', false, ['record 1: result Ok, expected ProcessingFailed']],
      ['wrong data', false, ['record 1: data "{\\"a\\":1}\\n", expected "{\\"a\\":2}\\n"']],
      ['wrong json', false, ['record 1: json {"a":1}, expected {"a":2}']],
      ['wrong partition keys', false, ['record 1: partition keys {}, expected {"a":"1"}']],
      ['a bad environment', false, [expect.stringMatching(/^BlueprintConfigError: environment variable NEWLINE="maybe"/)]],
    ]);
  });

  it.each([
    ['not an object', [], 'the file is not a JSON object'],
    ['no blueprint', { cases: [] }, '"blueprint" must name a blueprint'],
    ['no cases', { blueprint: 'x', cases: [] }, '"cases" must be a non-empty array'],
    ['input not strings', { blueprint: 'x', cases: [{ name: 'n', input: [1], expect: [] }] }, 'cases[0].input must be an array of strings'],
    ['an expectation missing', { blueprint: 'x', cases: [{ name: 'n', input: ['a'], expect: [] }] }, 'cases[0].expect must have one expectation per input record'],
    ['an unknown result', { blueprint: 'x', cases: [{ name: 'n', input: ['a'], expect: [{ result: 'Fine' }] }] }, 'cases[0].expect[0].result must be one of Ok, Dropped, ProcessingFailed'],
  ])('refuses a file with %s', (_name, value, message) => {
    expect(() => parseBlueprintCaseFile(value, 'f.json')).toThrow(BlueprintCaseFileError);
    expect(() => parseBlueprintCaseFile(value, 'f.json')).toThrow(`f.json: ${message}`);
  });
});
