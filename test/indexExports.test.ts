/**
 * The package entry point's public names are pinned: `test/index.exports.json` lists every name index.ts
 * exports (types marked `type `). Adding or removing a public name means changing that list on purpose.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as entryPoint from '../index.js';
import { repoPath } from './helpers/fixtures.js';

/** The names index.ts exports, read from its `export { … } from` statements; types prefixed with `type `. */
function exportedNames(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/export\s+(type\s+)?\{([^}]*)\}\s*from/g)) {
    for (const item of match[2]!.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const isType = match[1] !== undefined || item.startsWith('type ');
      const name = item.replace(/^type\s+/, '').split(/\s+as\s+/).pop()!.trim();
      names.add(isType ? `type ${name}` : name);
    }
  }
  return [...names].sort();
}

describe('the package entry point', () => {
  const pinned = (JSON.parse(readFileSync(repoPath('test/index.exports.json'), 'utf8')) as string[]).slice().sort();

  it('exports exactly the pinned names', () => {
    expect(exportedNames(readFileSync(repoPath('index.ts'), 'utf8'))).toEqual(pinned);
  });

  it('has a runtime value for every pinned value name and nothing more', () => {
    const values = pinned.filter((name) => !name.startsWith('type '));
    expect(Object.keys(entryPoint).sort()).toEqual(values.sort());
  });

  it('would notice a name added or removed', () => {
    expect(exportedNames("export { a, type B } from './x.js';\nexport type { C as D } from './y.js';")).toEqual(['a', 'type B', 'type D']);
  });
});
