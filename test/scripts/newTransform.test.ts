/**
 * `npm run new-transform`: in a scratch copy of the repo's sources, the scaffold's transform type-checks,
 * its examples run through the catalog, and its generated test passes.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaffoldTransform } from '../../scripts/newTransform.js';
import type { CatalogEntry } from '../../transforms/catalog.js';
import { repoPath } from '../helpers/fixtures.js';
import { testContext } from '../helpers/transformContract.js';

const run = promisify(execFile);

describe('npm run new-transform', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fhk-new-'));
    for (const folder of ['limits', 'transforms', 'test/helpers', 'firehose', 'blueprints', 'formats', 'aws', 'testing']) await cp(repoPath(folder), join(root, folder), { recursive: true });
    for (const file of ['tsconfig.json', 'vitest.config.ts', 'package.json', 'index.ts', 'test/index.exports.json']) await cp(repoPath(file), join(root, file));
    await symlink(repoPath('node_modules'), join(root, 'node_modules'), 'dir');
  });
  afterAll(async () => {
    if (root !== '') await rm(root, { recursive: true, force: true });
  });

  it('writes a transform, its test and its catalog entry that type-check, run and pass', async () => {
    // Act
    const files = await scaffoldTransform(root, 'maskZipCodes', 'masks postal codes');
    // Assess
    expect(files.map((f) => f.slice(root.length + 1))).toEqual(['transforms/fields/maskZipCodes.ts', 'test/transforms/fields/maskZipCodes.test.ts', 'transforms/catalog.ts', 'transforms/fields/index.ts', 'index.ts', 'test/index.exports.json']);
    // Exported from the package entry point, and pinned there.
    expect(await readFile(join(root, 'index.ts'), 'utf8')).toContain("export { maskZipCodes, type MaskZipCodesOptions } from './transforms/fields/index.js';");
    expect(JSON.parse(await readFile(join(root, 'test', 'index.exports.json'), 'utf8'))).toEqual(expect.arrayContaining(['maskZipCodes', 'type MaskZipCodesOptions']));
    expect(await readFile(join(root, 'transforms', 'catalog.ts'), 'utf8')).toContain("optionsEntry('maskZipCodes', \"masks postal codes\", maskZipCodes.maskZipCodes, maskZipCodes.examples),");
    await run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(root, 'tsconfig.json')], { cwd: root });
    const { catalog } = (await import(pathToFileURL(join(root, 'transforms', 'catalog.ts')).href)) as { catalog: CatalogEntry[] };
    const entry = catalog.find((e) => e.name === 'maskZipCodes')!;
    for (const example of entry.examples) {
      const result = entry.make(example.options)(example.input as never, testContext);
      expect(result).toEqual(example.output);
    }
    const { stdout } = await run(join(root, 'node_modules', '.bin', 'vitest'), ['run', 'test/transforms/fields/maskZipCodes.test.ts'], { cwd: root });
    expect(stdout.replace(/\u001b\[[0-9;]*m/g, '')).toMatch(/Tests\s+4 passed \(4\)/);
  });

  it.each([
    ['a name that is not camelCase', 'Mask-Zip', /is not a transform name/],
    ['an existing transform', 'parseJson', /transforms\/json\/parseJson\.ts already exists/],
  ])('refuses %s', async (_reason, name, message) => {
    await expect(scaffoldTransform(root, name, 'x')).rejects.toThrow(message);
  });
});
