import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateFunction } from '../../../transforms/core/generatedFunction.js';
import { repoPath } from '../../helpers/fixtures.js';

const run = promisify(execFile);

describe('generateFunction', () => {
  it('builds a function from source that sees the bindings by name', () => {
    // Act
    const add = generateFunction<(x: number) => number>({ offset: 40, twice: (n: number) => 2 * n }, 'function (x) { return twice(x) + offset; }');
    // Assess
    expect(add?.(1)).toBe(42);
  });

  it('gives undefined where code generation is disallowed, and a source that does not parse also', async () => {
    // Prepare: a process where new Function throws (as under a content security policy)
    const script = `import('${repoPath('transforms/core/generatedFunction.ts')}').then((m) => console.log(String(m.generateFunction({}, 'function () { return 1; }'))));`;
    // Act
    const { stdout } = await run(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', '-e', script], { cwd: repoPath('.') });
    // Assess
    expect(stdout.trim()).toBe('undefined');
    expect(generateFunction({}, 'function (')).toBeUndefined();
  });
});
