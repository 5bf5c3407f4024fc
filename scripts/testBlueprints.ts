/**
 * npm run test-blueprints [-- FILE ...]
 *
 * Runs declarative blueprint tests (testing/blueprintCases.ts): every blueprint-tests/*.json file, or those
 * named. Prints one line per case and what differed; exit 0 all pass, 1 some fail, 2 a bad file or argument.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { blueprints } from '../blueprints/index.js';
import { BlueprintCaseFileError, parseBlueprintCaseFile, runBlueprintCases, type BlueprintCaseResult } from '../testing/index.js';

export const USAGE = `usage: npm run test-blueprints [-- FILE ...]

Runs declarative blueprint tests: each file names a blueprint, its environment and cases (input records →
expected result, output text or JSON, partition keys). Default: every blueprint-tests/*.json.

example file:
  { "blueprint": "process-record", "environment": { "FIELDS": "id" },
    "cases": [ { "name": "keeps id", "input": ["{\\"id\\":1,\\"x\\":2}"],
                 "expect": [ { "result": "Ok", "json": { "id": 1 } } ] } ] }

examples:
  npm run test-blueprints
  npm run test-blueprints -- blueprint-tests/process-record.json`;

/** Runs the files; returns each file's results. Throws BlueprintCaseFileError for a file it cannot use. */
export async function runCaseFiles(files: readonly string[]): Promise<{ file: string; results: BlueprintCaseResult[] }[]> {
  const out: { file: string; results: BlueprintCaseResult[] }[] = [];
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new BlueprintCaseFileError(`${file}: ${error instanceof SyntaxError ? `not JSON (${error.message})` : 'cannot be read'}`);
    }
    const cases = parseBlueprintCaseFile(parsed, file);
    const definition = blueprints[cases.blueprint];
    if (definition === undefined) throw new BlueprintCaseFileError(`${file}: blueprint ${cases.blueprint} is not known; use one of: ${Object.keys(blueprints).join(', ')}`);
    out.push({ file, results: await runBlueprintCases({ encoding: definition.producerEncoding, ...cases }, (env, overrides) => definition.create(env, overrides)) });
  }
  return out;
}

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = argv.filter((a) => a.startsWith('-'));
  if (unknown.length > 0) {
    process.stderr.write(`test-blueprints: unknown option ${unknown.join(' ')} (npm run test-blueprints -- --help)\n`);
    return 2;
  }
  try {
    const files = argv.length > 0 ? [...argv] : (await readdir('blueprint-tests')).filter((f) => f.endsWith('.json')).sort().map((f) => join('blueprint-tests', f));
    let failed = 0;
    let total = 0;
    for (const { file, results } of await runCaseFiles(files)) {
      for (const result of results) {
        total++;
        if (!result.passed) failed++;
        process.stdout.write(`${result.passed ? 'pass' : 'FAIL'}  ${file}: ${result.name}\n${result.problems.map((p) => `      ${p}\n`).join('')}`);
      }
    }
    process.stdout.write(`${total - failed} passed, ${failed} failed\n`);
    return failed === 0 ? 0 : 1;
  } catch (error) {
    process.stderr.write(`test-blueprints: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
