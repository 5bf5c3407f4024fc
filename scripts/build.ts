/**
 * npm run build [-- NAME ...] [--outdir DIR]
 *
 * After the library (lib/, by `npm run build:lib`), bundles each blueprint (esbuild.config.mjs) into
 * DIR/<name>/index.mjs and zips it as DIR/<name>.zip with index.mjs at the archive's root, so the
 * handler is `index.handler`. The zips are deterministic (deploy/lambdaZip.ts): the same sources give the
 * same bytes, whatever the clock or the folder the build ran in.
 */
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { blueprintNames } from '../esbuild.config.mjs';
import { buildZips } from './build/lambdaPackages.js';
import { UsageError } from './cliOptions.js';

export { buildZips, type ZippedBlueprint } from './build/lambdaPackages.js';

export const USAGE = `usage: npm run build [-- NAME ...] [--outdir DIR]

Builds the library into lib/ (ES modules, .d.ts, source maps), then bundles each blueprint (or those
named) into DIR/<name>/index.mjs and a deterministic DIR/<name>.zip for Lambda (handler index.handler,
runtime nodejs22.x or later; the AWS SDK is left to the runtime).

options:
  --outdir DIR   where bundles and zips go (default dist)
  --help         this text

examples:
  npm run build
  npm run build -- pii-redaction --outdir dist/pii-only`;

export async function main(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { outdir: { type: 'string', default: 'dist' }, help: { type: 'boolean', default: false } } });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const known = await blueprintNames();
    const unknown = positionals.filter((name) => !known.includes(name));
    if (unknown.length > 0) throw new UsageError(`unknown blueprint ${unknown.join(', ')}; use one of: ${known.join(', ')}`);
    const outdir = resolve(values.outdir);
    for (const z of await buildZips({ names: positionals, outdir })) {
      process.stdout.write(`${relative(process.cwd(), z.zip)}  index.mjs ${z.bundleBytes.toLocaleString('en')} bytes, zip ${z.zipBytes.toLocaleString('en')} bytes\n`);
    }
    return 0;
  } catch (error) {
    process.stderr.write(`build: ${error instanceof Error ? error.message : String(error)} (npm run build -- --help)\n`);
    return error instanceof UsageError || (error instanceof TypeError && 'code' in error) ? 2 : 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
