/**
 * Every script answers --help with its usage and examples (exit 0, nothing else done), and a command line it
 * cannot use with one line naming the problem and where the help is (exit 2; deploy-template's and schema's
 * usage errors are tested in-process beside their other tests). Scripts with an exported entry function run
 * in this process; the others (whose --help is handled where they start) run as `npm run` runs them.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { main as build } from '../../scripts/build.js';
import { main as deployTemplate } from '../../scripts/deployTemplate.js';
import { runSchemaCommand } from '../../scripts/schema.js';
import { main as testBlueprints } from '../../scripts/testBlueprints.js';
import { main as transform } from '../../scripts/transform.js';
import { runScript } from '../helpers/cli.js';
import { repoPath } from '../helpers/fixtures.js';

const SCRIPTS = readdirSync(repoPath('scripts')).filter((file) => file.endsWith('.ts') && file !== 'cliOptions.ts' && file !== 'transformProgress.ts').map((file) => file.slice(0, -3)).sort();

const IN_PROCESS: Readonly<Record<string, (argv: string[]) => Promise<number>>> = {
  build,
  deployTemplate,
  testBlueprints,
  transform,
  schema: (argv) => runSchemaCommand(argv, { stdout: (text) => process.stdout.write(`${text}\n`), stderr: (text) => process.stderr.write(`${text}\n`) }),
};

/** Runs a script's entry function here, capturing what it writes. */
async function inProcess(script: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  try {
    return { code: await IN_PROCESS[script]!(argv), stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('--help', () => {
  it('covers every script', () => {
    expect(SCRIPTS).toEqual(expect.arrayContaining(['bench', 'build', 'cli', 'deployTemplate', 'docs', 'newTransform', 'schema', 'testBlueprints', 'transform']));
  });

  it.each(SCRIPTS)('%s prints its usage and exits 0', async (script) => {
    const { code, stdout } = script in IN_PROCESS ? await inProcess(script, ['--help']) : await runScript(script, ['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: /i);
    expect(stdout).toMatch(/^\s*examples?:/im);
  }, 30_000);

  it.each([
    ['bench', ['--nope'], /^bench: Unknown option '--nope'.*\(npm run bench -- --help\)$/],
    ['build', ['no-such-blueprint'], /^build: unknown blueprint no-such-blueprint; use one of: .* \(npm run build -- --help\)$/],
    ['docs', ['--nope'], /^docs: unknown argument --nope \(npm run docs -- --help\)$/],
    ['testBlueprints', ['--nope'], /^test-blueprints: unknown option --nope \(npm run test-blueprints -- --help\)$/],
    ['cli', ['nope'], /^firehose-kit: unknown command "nope"; use one of: transform, schema, deploy-template, inspect \(npx firehose-kit --help\)$/],
  ])('%s answers a bad command line with one line and exit 2', async (script, args, message) => {
    const { code, stderr } = script in IN_PROCESS ? await inProcess(script, args) : await runScript(script, args);
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(message);
  }, 30_000);
});
