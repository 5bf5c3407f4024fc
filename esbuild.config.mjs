// Bundles every blueprint entry (blueprints/entries/<name>.ts) into dist/<name>/index.mjs, an ES module
// exporting `handler`, ready to zip for a Lambda on the nodejs20.x (or later) runtime.
import { build } from 'esbuild';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

/** Builds the named blueprints (all when none are named) into `outdir`; returns the files written. */
export async function buildBlueprints({ names = [], outdir = join(root, 'dist'), minify = true } = {}) {
  const entries = (await readdir(join(root, 'blueprints', 'entries')))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => basename(file, '.ts'))
    .filter((name) => names.length === 0 || names.includes(name));
  const unknown = names.filter((name) => !entries.includes(name));
  if (unknown.length > 0) throw new Error(`unknown blueprint(s): ${unknown.join(', ')}`);
  const written = [];
  for (const name of entries) {
    const outfile = join(outdir, name, 'index.mjs');
    await build({
      entryPoints: [join(root, 'blueprints', 'entries', `${name}.ts`)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      minify,
      // Error class names appear in logs (errorClass); keep them readable.
      keepNames: true,
      sourcemap: 'linked',
      legalComments: 'linked',
      // Some bundled CommonJS dependencies call require(); give the ES module bundle one.
      banner: { js: "import { createRequire as __fhkCreateRequire } from 'node:module'; const require = __fhkCreateRequire(import.meta.url);" },
      logLevel: 'warning',
    });
    written.push(outfile);
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  const files = await buildBlueprints({ names });
  for (const file of files) console.log(`built ${file.slice(root.length + 1)}`);
}
