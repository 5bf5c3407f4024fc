/**
 * Runs every transform's documented `examples` (transforms/catalog.ts), and checks that the README shows
 * exactly these examples (`npm run docs` regenerates them), so docs cannot drift from the code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../transforms/catalog.js';
import { isOutcome } from '../../transforms/core/outcome.js';
import { renderTransformExamples, replaceSection } from '../../scripts/docs.js';
import { repoPath } from '../helpers/fixtures.js';
import { testContext } from '../helpers/transformContract.js';

describe.each(catalog.map((entry) => [entry.name, entry] as const))('%s examples', (_name, entry) => {
  it.each(entry.examples.map((e) => [e.title, e] as const))('%s', (_title, example) => {
    // Act
    const result = entry.make(example.options)(example.input as never, testContext);
    // Assess
    if (isOutcome(result)) {
      expect('value' in result ? result.value : result).toEqual(example.output);
      if ('value' in result) expect(result.partitionKeys).toEqual(example.partitionKeys);
    } else {
      expect(result).toEqual(example.output);
      expect(example.partitionKeys).toBeUndefined();
    }
  });
});

describe('README transform examples', () => {
  it('are the catalog examples, as npm run docs renders them', () => {
    const readme = readFileSync(repoPath('README.md'), 'utf8');
    expect(replaceSection(readme, renderTransformExamples())).toBe(readme);
  });

  it('cover every transform file that exports examples', async () => {
    const files = readdirSync(repoPath('transforms'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && readFileSync(repoPath(`transforms/${f}`), 'utf8').includes('export const examples'));
    expect(files.length).toBeGreaterThanOrEqual(catalog.length);
    for (const file of files) {
      const module = (await import(`../../transforms/${file.replace(/\.ts$/, '.js')}`)) as { examples: unknown };
      expect(catalog.some((entry) => entry.examples === module.examples), `${file}'s examples are not in transforms/catalog.ts`).toBe(true);
    }
  });
});
