// Bundles every blueprint entry (blueprints/entries/<name>.ts) into <outdir>/<name>/index.mjs: an ES module
// exporting `handler` for a Lambda on nodejs22.x or later, minified, with a linked source map whose
// source paths are relative to the repository (so the bytes do not depend on where the build ran).
// The AWS SDK stays external: Lambda's Node.js runtimes provide SDK v3 (documented: "Lambda runtimes").
// scripts/build.ts zips each folder deterministically; types for this file are in esbuild.config.d.mts.
import { build } from 'esbuild';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

/** The names of the blueprint entries. */
export async function blueprintNames() {
  return (await readdir(join(root, 'blueprints', 'entries')))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => basename(file, '.ts'))
    .sort();
}

/** Builds the named blueprints (all when none are named) into `outdir`; returns what was written. */
export async function buildBlueprints({ names = [], outdir = join(root, 'dist'), minify = true } = {}) {
  const known = await blueprintNames();
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`unknown blueprint(s): ${unknown.join(', ')}; known: ${known.join(', ')}`);
  const built = [];
  for (const name of known.filter((n) => names.length === 0 || names.includes(n))) {
    const outfile = join(outdir, name, 'index.mjs');
    const result = await build({
      entryPoints: [join(root, 'blueprints', 'entries', `${name}.ts`)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      minify,
      external: ['@aws-sdk/*'],
      // No keepNames (it costs about 7 KB a bundle): the error classes name themselves (static errorName,
      // transforms/core/errors.ts), so errorClass in logs stays readable; test/blueprints/build.test.ts checks it.
      keepNames: false,
      sourcemap: 'linked',
      legalComments: 'linked',
      metafile: true,
      // Paths as seen from the repository even when node_modules is a symlink (pnpm, a shared install),
      // so source maps and metafile inputs never name the machine's folders.
      preserveSymlinks: true,
      // Some bundled CommonJS dependencies call require(); give the ES module bundle one.
      banner: { js: "import { createRequire as __fhkCreateRequire } from 'node:module'; const require = __fhkCreateRequire(import.meta.url);" },
      logLevel: 'warning',
    });
    const mapFile = `${outfile}.map`;
    const map = JSON.parse(await readFile(mapFile, 'utf8'));
    map.sources = map.sources.map((source) => relative(root, resolve(dirname(outfile), source)).split('\\').join('/'));
    await writeFile(mapFile, JSON.stringify(map));
    const files = (await readdir(join(outdir, name))).sort();
    built.push({ name, dir: join(outdir, name), outfile, files, inputs: Object.keys(result.metafile.inputs).sort() });
  }
  return built;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { outfile } of await buildBlueprints({ names: process.argv.slice(2) })) console.log(`built ${relative(root, outfile)}`);
}
