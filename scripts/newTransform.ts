/**
 * npm run new-transform -- NAME ["one-line summary"]
 *
 * Starts a new transform the way this repo writes them: `transforms/fields/NAME.ts` (options checked once, a
 * pure per-record function, documented examples), `test/transforms/fields/NAME.test.ts` (rejected options and the
 * shared transform contract), an entry in `transforms/catalog.ts`, and exports from `transforms/fields/index.ts`
 * and the package entry point (`index.ts`, with the pinned name list `test/index.exports.json`). From the
 * command line it then renders the README's examples (`npm run docs`), so every test passes straight away.
 */
import { spawnSync } from 'node:child_process';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from './cliOptions.js';

const NAME = /^[a-z][a-zA-Z0-9]{2,40}$/;
/** The transforms' concern folders; a new transform starts in `fields/` and may move to the one it belongs to. */
const TRANSFORM_FOLDERS = ['core', 'fields', 'json', 'shape', 'pii', 'logs'] as const;

function transformSource(name: string, summary: string): string {
  const Options = `${name[0]!.toUpperCase()}${name.slice(1)}Options`;
  return `import { checkOneOf, checkOptionKeys, fail, isOutcome, RecordFieldError, requireObject } from '../core/index.js';
import type { FailedOutcome, JsonObject, JsonValue, RecordContext } from '../core/index.js';

export interface ${Options} {
  /** What to do with a record that lacks the field: \`'skip'\` it unchanged (default) or \`'fail'\` it. */
  readonly onMissing?: 'skip' | 'fail';
}

const NAME = '${name}';

/** ${summary} */
export function ${name}(options: ${Options} = {}): (input: JsonValue, ctx: RecordContext) => JsonObject | FailedOutcome {
  // Check every option once, at start-up: a typo or a bad value throws, naming the option and the fix.
  checkOptionKeys(NAME, options, ['onMissing']);
  const onMissing = checkOneOf(NAME, 'onMissing', options.onMissing ?? 'skip', ['skip', 'fail'] as const);

  return function ${name}Record(input) {
    const record = requireObject(NAME, input);
    if (isOutcome(record)) return record;
    // TODO: replace this placeholder rule with the transform's own. Never mutate \`record\`: build a new object.
    if (!Object.hasOwn(record, 'example')) {
      if (onMissing === 'fail') return fail(new RecordFieldError(\`\${NAME}: the record has no field 'example'; use ${name}({ onMissing: 'skip' }) to allow that\`));
      return record;
    }
    return { ...record, example: String(record['example']).toUpperCase() };
  };
}

/** Examples: run by test/transforms/examples.test.ts and rendered into the README by \`npm run docs\`. */
export const examples = [
  { title: 'the placeholder rule upper-cases field example', options: {}, input: { example: 'abc', other: 1 }, output: { example: 'ABC', other: 1 } },
  { title: 'records without the field pass unchanged', options: {}, input: { other: 1 }, output: { other: 1 } },
] as const;
`;
}

function testSource(name: string): string {
  return `import { describe, expect, it } from 'vitest';
import { isOutcome, TransformOptionError } from '../../../transforms/core/index.js';
import { ${name} } from '../../../transforms/fields/${name}.js';
import { describeTransformContract, testContext } from '../../helpers/transformContract.js';

describe('${name}', () => {
  it('fails a record without the field when asked', () => {
    // Act
    const result = ${name}({ onMissing: 'fail' })({ other: 1 }, testContext);
    // Assess
    expect(isOutcome(result) && 'error' in result && result.error.message).toMatch(/has no field 'example'/);
  });

  it.each([
    ['unknown option', { onMisssing: 'fail' }, /option 'onMisssing' is not a known option/],
    ['bad value', { onMissing: 'drop' }, /option 'onMissing' is "drop"/],
  ])('refuses a bad option at start-up: %s', (_reason, options, message) => {
    expect(() => ${name}(options as never)).toThrow(TransformOptionError);
    expect(() => ${name}(options as never)).toThrow(message);
  });
});

describeTransformContract('${name}', ${name}());
`;
}

/** Writes the transform, its test and its catalog entry under `root`; returns the files written. */
export async function scaffoldTransform(root: string, name: string, summary: string): Promise<string[]> {
  if (!NAME.test(name)) throw new UsageError(`'${name}' is not a transform name; use a camelCase verb phrase such as maskZipCodes`);
  const source = join(root, 'transforms', 'fields', `${name}.ts`);
  const test = join(root, 'test', 'transforms', 'fields', `${name}.test.ts`);
  for (const folder of TRANSFORM_FOLDERS) {
    const existing = join(root, 'transforms', folder, `${name}.ts`);
    if (await access(existing).then(() => true, () => false)) throw new UsageError(`${existing.slice(root.length + 1)} already exists; choose another name`);
  }
  if (await access(test).then(() => true, () => false)) throw new UsageError(`${test.slice(root.length + 1)} already exists; choose another name`);
  const catalogFile = join(root, 'transforms', 'catalog.ts');
  const catalog = await readFile(catalogFile, 'utf8');
  const importAnchor = "import type { RecordContext } from './core/index.js';";
  const listEnd = catalog.lastIndexOf('\n];');
  if (!catalog.includes(importAnchor) || listEnd === -1) throw new Error('transforms/catalog.ts has changed shape; add the entry by hand');
  const updated = catalog
    .replace(importAnchor, `import * as ${name} from './fields/${name}.js';\n${importAnchor}`)
    .replace(/\n\];(?![\s\S]*\n\];)/, `\n  optionsEntry('${name}', ${JSON.stringify(summary)}, ${name}.${name}, ${name}.examples),\n];`);
  const Options = `${name[0]!.toUpperCase()}${name.slice(1)}Options`;
  const folderIndex = join(root, 'transforms', 'fields', 'index.ts');
  const entryPoint = join(root, 'index.ts');
  const pinned = join(root, 'test', 'index.exports.json');
  const names = JSON.parse(await readFile(pinned, 'utf8')) as string[];
  await mkdir(dirname(test), { recursive: true });
  await writeFile(source, transformSource(name, summary));
  await writeFile(test, testSource(name));
  await writeFile(catalogFile, updated);
  await writeFile(folderIndex, `${(await readFile(folderIndex, 'utf8')).trimEnd()}\nexport { ${name}, type ${Options} } from './${name}.js';\n`);
  await writeFile(entryPoint, `${(await readFile(entryPoint, 'utf8')).trimEnd()}\nexport { ${name}, type ${Options} } from './transforms/fields/index.js';\n`);
  await writeFile(pinned, `${JSON.stringify([...names, name, `type ${Options}`], null, 1)}\n`);
  return [source, test, catalogFile, folderIndex, entryPoint, pinned];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [name, summary] = process.argv.slice(2);
  if (name === '--help' || name === '-h') {
    process.stdout.write('usage: npm run new-transform -- NAME ["one-line summary"]\n\nScaffolds transforms/<folder>/NAME.ts (options checked once, a pure per-record function, examples),\nits test, and its catalog entry.\n\nexample:\n  npm run new-transform -- maskZipCodes "replace ZIP codes by their first three digits"\n');
    process.exit(0);
  }
  try {
    if (name === undefined) throw new UsageError('usage: npm run new-transform -- NAME ["one-line summary"]');
    const root = fileURLToPath(new URL('..', import.meta.url));
    const files = await scaffoldTransform(root.replace(/\/$/, ''), name, summary ?? 'TODO: say what it does in one line');
    process.stdout.write(`${files.map((f) => `wrote ${f.slice(root.length)}`).join('\n')}\n`);
    // The README's example table comes from the catalog; render it now (a new process sees the new entry).
    const docs = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL('./docs.ts', import.meta.url))], { cwd: root, encoding: 'utf8' });
    process.stdout.write(docs.status === 0 ? docs.stdout : `npm run docs failed (${docs.stderr.trim().split('\n')[0] ?? ''}); run it once the transform compiles\n`);
    process.stdout.write('next: write the rule and its examples, then npm test (and npm run docs after changing examples)\n');
  } catch (error) {
    process.stderr.write(`new-transform: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}
