/** The replay bench runs each child as `npm run transform` runs: with the Node flags of package.json's script. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { transformNodeFlags } from '../../scripts/bench/replay.js';

describe('transformNodeFlags', () => {
  it("reads the flags between tsx and the entry point of package.json's transform script", async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(transformNodeFlags(pkg.scripts['transform']!)).toEqual(['--max-semi-space-size=4']);
    expect(transformNodeFlags('tsx scripts/transform.ts')).toEqual([]);
  });

  it('refuses a script of another shape rather than running children differently from npm run transform', () => {
    expect(() => transformNodeFlags('node lib/scripts/cli.js transform')).toThrow(/is not "tsx \[flags\] scripts\/transform.ts"/);
  });
});
