/**
 * Every script answers --help with its usage and examples (exit 0, nothing else done), and a command line it
 * cannot use with one line naming the problem and where the help is (exit 2; deploy-template's and schema's
 * usage errors are tested in-process beside their other tests).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScript } from '../helpers/cli.js';
import { repoPath } from '../helpers/fixtures.js';

const SCRIPTS = readdirSync(repoPath('scripts')).filter((file) => file.endsWith('.ts') && file !== 'cliOptions.ts').map((file) => file.slice(0, -3)).sort();

describe('--help', () => {
  it('covers every script', () => {
    expect(SCRIPTS).toEqual(expect.arrayContaining(['bench', 'build', 'cli', 'deployTemplate', 'docs', 'newTransform', 'schema', 'transform']));
  });

  it.each(SCRIPTS)('%s prints its usage and exits 0', async (script) => {
    const { code, stdout } = await runScript(script, ['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: /i);
  }, 30_000);

  it.each([
    ['bench', ['--nope'], /^bench: Unknown option '--nope'.*\(npm run bench -- --help\)$/],
    ['build', ['no-such-blueprint'], /^build: unknown blueprint no-such-blueprint; use one of: .* \(npm run build -- --help\)$/],
    ['docs', ['--nope'], /^docs: unknown argument --nope \(npm run docs -- --help\)$/],
    ['cli', ['nope'], /^firehose-kit: unknown command "nope"; use one of: transform, schema, deploy-template \(npx firehose-kit --help\)$/],
  ])('%s answers a bad command line with one line and exit 2', async (script, args, message) => {
    const { code, stderr } = await runScript(script, args);
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(message);
  }, 30_000);
});
