/**
 * The package as users get it: `npm pack` once, then the tarball installed into temporary consumer
 * projects — plain ESM JavaScript on this Node, strict TypeScript (`strict`,
 * `noPropertyAccessFromIndexSignature`, `skipLibCheck: false`, `lib: ES2020`) compiled and run, and an esbuild bundle —
 * each importing the public API, running a pipeline through a handler and the test kit.
 *
 * `npm install` of the tarball would need the registry for its dependencies; the test lays the package
 * out as npm does (extracted into node_modules/firehose-kit) and gives the consumer exactly the declared
 * dependencies and peer dependencies, linked from this repository's node_modules (the versions the lock
 * file pins). An import of anything undeclared therefore fails here as it would for a user.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder } from '../helpers/cli.js';
import { repoPath } from '../helpers/fixtures.js';

const run = promisify(execFile);

interface PackResult {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}
interface PackageJson {
  readonly dependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly exports: Record<string, unknown>;
  readonly bin: Record<string, string>;
}

const APP = `
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { firehoseHandler, parseJson, pickFields, pipe, silentLogger, toJsonLine } from 'firehose-kit';
import { firehoseEventArbitrary, runHandlerChecked } from 'firehose-kit/testing';

const handler = firehoseHandler(pipe(parseJson(), pickFields(['id']), toJsonLine()), { logger: silentLogger, reingest: 'off' });
const data = (text) => Buffer.from(text).toString('base64');
const event = {
  invocationId: 'i',
  deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/s',
  region: 'us-east-1',
  records: [
    { recordId: '1', approximateArrivalTimestamp: 0, data: data('{"id":1,"secret":2}') },
    { recordId: '2', approximateArrivalTimestamp: 0, data: data('not json') },
  ],
};
const response = await handler(event);
console.log(JSON.stringify(response.records.map((r) => [r.result, Buffer.from(r.data, 'base64').toString()])));
await fc.assert(fc.asyncProperty(firehoseEventArbitrary(), async (e) => { await runHandlerChecked(handler, e); }), { numRuns: 20 });
console.log('test kit ok');
`;

/** The same program with types: checked under the strictest settings a consumer may use. */
const APP_TS = `
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { firehoseHandler, parseJson, pickFields, pipe, silentLogger, toJsonLine, type FirehoseKitHandler, type JsonObject } from 'firehose-kit';
import { firehoseEventArbitrary, runHandlerChecked } from 'firehose-kit/testing';
import { renderCloudFormation, planDeployment } from 'firehose-kit/deploy';
import { createParquetStreamWriter, type ParquetSerDeOptions } from 'firehose-kit/parquet';

const keepId = (record: JsonObject): JsonObject => ({ id: record['id'] ?? null });
const handler: FirehoseKitHandler = firehoseHandler(pipe(parseJson(), pickFields(['id']), keepId, toJsonLine()), { logger: silentLogger, reingest: 'off' });
const data = (text: string): string => Buffer.from(text).toString('base64');
const response = await handler({
  invocationId: 'i',
  deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/s',
  region: 'us-east-1',
  records: [
    { recordId: '1', approximateArrivalTimestamp: 0, data: data('{"id":1,"secret":2}') },
    { recordId: '2', approximateArrivalTimestamp: 0, data: data('not json') },
  ],
});
console.log(JSON.stringify(response.records.map((r) => [r.result, Buffer.from(r.data ?? '', 'base64').toString()])));
await fc.assert(fc.asyncProperty(firehoseEventArbitrary(), async (e) => { await runHandlerChecked(handler, e); }), { numRuns: 20 });
console.log('test kit ok');
const template = renderCloudFormation(planDeployment({ blueprint: 'process-record' }));
console.log(Object.keys(template['Resources'] as object).includes('DeliveryStream'));
const parquetOptions: ParquetSerDeOptions = { Compression: 'SNAPPY' };
void createParquetStreamWriter;
void parquetOptions;
`;

const TSCONFIG = {
  compilerOptions: {
    // The oldest library a Node 20 consumer plausibly keeps; the published types need nothing newer.
    target: 'ES2020',
    lib: ['ES2020'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noPropertyAccessFromIndexSignature: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: false,
    types: ['node'],
    outDir: 'out',
  },
  include: ['app.ts'],
};

const EXPECTED_OUTPUT = `[["Ok","{\\"id\\":1}\\n"],["ProcessingFailed","not json"]]\ntest kit ok\n`;

describe('the packed package', () => {
  let work = '';
  let pack: PackResult;
  let manifest: PackageJson;

  /** A consumer folder with the package extracted and its declared dependencies (plus `extra`) linked. */
  async function consumer(name: string, extra: readonly string[]): Promise<string> {
    const dir = join(work, name);
    const modules = join(dir, 'node_modules');
    await mkdir(join(modules, 'firehose-kit'), { recursive: true });
    await run('tar', ['-xzf', join(work, pack.filename), '-C', join(modules, 'firehose-kit'), '--strip-components=1']);
    for (const dependency of [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies), ...extra]) {
      await mkdir(dirname(join(modules, dependency)), { recursive: true });
      await symlink(repoPath(`node_modules/${dependency}`), join(modules, dependency), 'dir');
    }
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
    return dir;
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'fhk-pack-'));
    // prepack builds lib/ from a clean folder; --json lists what is shipped.
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: repoPath('.'), maxBuffer: 64 * 1024 * 1024 });
    pack = (JSON.parse(stdout.slice(stdout.indexOf('[')))[0]) as PackResult;
    manifest = JSON.parse(await readFile(repoPath('package.json'), 'utf8')) as PackageJson;
  }, 120_000);

  afterAll(async () => {
    if (work !== '') await rm(work, { recursive: true, force: true });
  });

  it('ships the compiled library, its types, docs and LICENSE, and no tests, fixtures, CI or sources', () => {
    const files = pack.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md', 'lib/index.js', 'lib/index.d.ts', 'lib/testing/index.js', 'lib/testing/index.d.ts', 'lib/scripts/cli.js']));
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('.ci/') || f.startsWith('dist/') || f.startsWith('samples/'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    // Every export target is in the tarball.
    const targets = Object.values(manifest.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target as Record<string, string>)));
    for (const target of [...targets, ...Object.values(manifest.bin)]) expect(files, target).toContain(target.replace(/^\.\//, ''));
  });

  it('imports and runs on plain Node as ES modules, with the test kit and its fast-check peer', async () => {
    // Prepare
    const dir = await consumer('plain-js', []);
    await writeFile(join(dir, 'app.mjs'), APP);
    // Act
    const { stdout } = await run(process.execPath, ['app.mjs'], { cwd: dir });
    // Assess
    expect(stdout).toBe(EXPECTED_OUTPUT);
  }, 60_000);

  it('compiles under a strict TypeScript consumer with skipLibCheck false, and the output runs', async () => {
    // Prepare
    const dir = await consumer('strict-ts', ['typescript', '@types/node']);
    await writeFile(join(dir, 'app.ts'), APP_TS);
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    // Act
    const compiled = await run(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', dir]).catch((error: { stdout: string }) => ({ stdout: error.stdout, failed: true }));
    // Assess
    expect(compiled.stdout).toBe('');
    const { stdout } = await run(process.execPath, ['out/app.js'], { cwd: dir });
    expect(stdout).toBe(`${EXPECTED_OUTPUT}true\n`);
  }, 120_000);

  it('bundles with esbuild (AWS SDK external, as on Lambda) and the bundle runs', async () => {
    // Prepare
    const dir = await consumer('bundled', []);
    await writeFile(join(dir, 'app.mjs'), APP);
    const { build } = await import('esbuild');
    // Act
    await build({ entryPoints: [join(dir, 'app.mjs')], outfile: join(dir, 'bundle/index.mjs'), bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['@aws-sdk/*'], logLevel: 'silent', banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } });
    // Assess: the bundle runs with no node_modules next to it but the SDK's
    await rm(join(dir, 'node_modules'), { recursive: true });
    const { stdout } = await run(process.execPath, ['bundle/index.mjs'], { cwd: dir });
    expect(stdout).toBe(EXPECTED_OUTPUT);
  }, 120_000);

  it('answers --help from the installed command line, and replays a file with it', async () => {
    const dir = await consumer('cli', []);
    const { stdout } = await run(process.execPath, [join(dir, 'node_modules/firehose-kit', manifest.bin['firehose-kit']!), '--help'], { cwd: dir });
    expect(stdout).toContain('usage: npx firehose-kit <command>');
    const help = await run(process.execPath, [join(dir, 'node_modules/firehose-kit', manifest.bin['firehose-kit']!), 'deploy-template', '--help'], { cwd: dir });
    expect(help.stdout).toContain('--blueprint');
    // The compiled replay runs from the package too.
    await writeFile(join(dir, 'events.jsonl'), '{"id":1}\n{"id":2}\n');
    await run(process.execPath, [join(dir, 'node_modules/firehose-kit', manifest.bin['firehose-kit']!), 'transform', 'events.jsonl', '--out', 'out'], { cwd: dir });
    const written = (await filesUnder(join(dir, 'out'))).filter((file) => !file.startsWith('.') && !file.startsWith('_'));
    expect(written.length).toBeGreaterThan(0);
  }, 60_000);
});
