/**
 * The Lambda packages: each blueprint bundled by esbuild.config.mjs, then zipped deterministically
 * (deploy/lambdaZip.ts) as <outdir>/<name>.zip with index.mjs at the root. Used by `npm run build` and by
 * the bundles benchmark.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildBlueprints } from '../../esbuild.config.mjs';
import { createDeterministicZip } from '../../deploy/index.js';

export interface ZippedBlueprint {
  readonly name: string;
  readonly zip: string;
  readonly bundleBytes: number;
  readonly zipBytes: number;
  /** Source files in the bundle, repository-relative. */
  readonly inputs: readonly string[];
}

/** Bundles and zips the named blueprints (all when none). */
export async function buildZips(options: { readonly names?: readonly string[]; readonly outdir: string }): Promise<ZippedBlueprint[]> {
  const built = await buildBlueprints({ names: options.names ?? [], outdir: options.outdir });
  const zipped: ZippedBlueprint[] = [];
  for (const bundle of built) {
    const entries = await Promise.all(bundle.files.map(async (file) => ({ name: file, data: new Uint8Array(await readFile(join(bundle.dir, file))) })));
    const zip = createDeterministicZip(entries);
    const path = join(options.outdir, `${bundle.name}.zip`);
    await writeFile(path, zip);
    zipped.push({ name: bundle.name, zip: path, bundleBytes: entries.find((e) => e.name === 'index.mjs')?.data.length ?? 0, zipBytes: zip.length, inputs: bundle.inputs });
  }
  return zipped;
}

