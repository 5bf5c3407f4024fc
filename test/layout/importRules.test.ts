/**
 * The layout's import rules hold on the repository, and the checker is seen to fail: on a fixture tree
 * that breaks each rule once it reports exactly those breaks.
 */
import { describe, expect, it } from 'vitest';
import { repoPath } from '../helpers/fixtures.js';
import { checkImportRules, codeOnly, importsOf, listSourceFiles } from './importRules.js';

describe('import rules', () => {
  it('hold on every source file of the repository', () => {
    // Act
    const violations = checkImportRules(repoPath('.'));
    // Assess: the messages name the file, the import and the rule
    expect(violations.map((v) => v.message)).toEqual([]);
    expect(listSourceFiles(repoPath('.')).length).toBeGreaterThan(100);
  });

  it('report every rule broken in the fixture tree, once each, and nothing else', () => {
    // Act
    const violations = checkImportRules(repoPath('test/fixtures/layout'));
    // Assess
    expect(violations.map((v) => [v.rule, v.file, v.specifier]).sort()).toEqual(
      [
        ['aws-sdk-outside-aws', 'blueprints/handler/callsAws.ts', '@aws-sdk/client-firehose'],
        ['folder-cycle', 'firehose/delivery/usesReplay.ts', '../replay/index.js'],
        ['internal-file', 'firehose/sinks/reachesInside.ts', '../../transforms/core/types.js'],
        ['io-in-pure-folder', 'formats/glue/readsFiles.ts', 'node:fs'],
        ['layer', 'transforms/core/upward.ts', '../../blueprints/handler/index.js'],
      ].sort(),
    );
    for (const v of violations) expect(v.message).toContain(`${v.file}: import '${v.specifier}' breaks the ${v.rule} rule`);
  });

  it.each([
    ['a static import', "import { a } from './a.js';", ['./a.js']],
    ['a type import over several lines', "import type {\n  A,\n  B,\n} from '../b/index.js';", ['../b/index.js']],
    ['a re-export', "export { a, type B } from './a.js';", ['./a.js']],
    ['a side-effect import', "import './polyfill.js';", ['./polyfill.js']],
    ['a dynamic import', "const m = await import('@aws-sdk/client-s3');", ['@aws-sdk/client-s3']],
    ['an import in a line comment', "// import { a } from './a.js';", []],
    ['an import in a block comment', "/* import { a } from './a.js'; */", []],
    ['an import in a template literal', "const code = `import { a } from './a.js';`;", []],
    ['an import in a regular expression', "const re = /import '(x)'/;", []],
    ['a string that mentions import', "const s = \"import { a } from './a.js'\";", []],
  ])('finds the imports of %s', (_what, source, expected) => {
    expect(importsOf(source)).toEqual(expected);
  });

  it('keeps line numbers when it blanks comments and templates', () => {
    const source = "/* a\nb */\nconst t = `x\ny`;\nimport { c } from './c.js';";
    expect(codeOnly(source).split('\n')).toHaveLength(source.split('\n').length);
  });
});
