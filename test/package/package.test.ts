/**
 * The package as users get it: `npm pack` once, then the tarball installed by npm into temporary consumer
 * projects — plain ESM JavaScript on this Node, strict TypeScript (`strict`,
 * `noPropertyAccessFromIndexSignature`, `skipLibCheck: false`, `lib: ES2020`) compiled and run, an esbuild
 * bundle and the command line — each importing the public API, running a pipeline through a handler and
 * the test kit.
 *
 * Installed with `npm ci --offline` from the npm cache that this repository's `npm ci` filled, with a
 * consumer lock made from the tarball's declared dependencies and peers (consumerLock.ts says why
 * `npm install <tarball> --offline` cannot work on a fresh CI machine); `npm ls --all` then checks the
 * installed tree against every declared range. Two installs, shared by the consumers: the runtime one
 * (firehose-kit and its fast-check peer) and the TypeScript one (plus typescript and @types/node).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder } from '../helpers/cli.js';
import { repoPath } from '../helpers/fixtures.js';
import { consumerLock, type Lock, type LockEntry } from './consumerLock.js';

const run = promisify(execFile);

interface PackResult {
  readonly filename: string;
  readonly integrity: string;
  readonly files: readonly { readonly path: string }[];
}
interface PackageJson extends LockEntry {
  readonly name: string;
  readonly dependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
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
  let runtime = '';
  let typed = '';

  /** A consumer project with the tarball and `extra` packages (versions from this repository's lock) installed by npm, offline. */
  async function install(name: string, extra: readonly string[], devExtra: readonly string[]): Promise<string> {
    const dir = join(work, name);
    await mkdir(dir, { recursive: true });
    const repoLock = JSON.parse(await readFile(repoPath('package-lock.json'), 'utf8')) as Lock;
    const pinned = (names: readonly string[]): Record<string, string> => Object.fromEntries(names.map((n) => [n, repoLock.packages[`node_modules/${n}`]!.version!]));
    const consumer = { name, private: true, type: 'module', dependencies: { [manifest.name]: `file:../${pack.filename}`, ...pinned(extra) }, devDependencies: pinned(devExtra) };
    await writeFile(join(dir, 'package.json'), JSON.stringify(consumer, null, 2));
    const lock = consumerLock(repoLock, consumer, { name: manifest.name, file: `../${pack.filename}`, integrity: pack.integrity, manifest });
    await writeFile(join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
    await run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel', 'error'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    // npm's own check of the installed tree: every declared dependency and peer present, every range satisfied.
    await run('npm', ['ls', '--all', '--offline'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    return dir;
  }

  /** A folder beside an installed consumer that uses its node_modules (Node looks up the parent folders). */
  async function app(installed: string, name: string, file: string, text: string): Promise<string> {
    const dir = join(installed, name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, file), text);
    return dir;
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'fhk-pack-'));
    // prepack builds lib/ from a clean folder; --json lists what is shipped.
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: repoPath('.'), maxBuffer: 64 * 1024 * 1024 });
    pack = (JSON.parse(stdout.slice(stdout.indexOf('[')))[0]) as PackResult;
    manifest = JSON.parse(await readFile(repoPath('package.json'), 'utf8')) as PackageJson;
    // The peer the test kit needs is the user's to add, as its README says; the TypeScript consumer adds its tools.
    [runtime, typed] = await Promise.all([install('runtime', ['fast-check'], []), install('typed', ['fast-check'], ['typescript', '@types/node'])]);
  }, 240_000);

  afterAll(async () => {
    if (work !== '') await rm(work, { recursive: true, force: true });
  });

  it('installs only what the tarball declares: its dependencies, and the optional fast-check peer only when the consumer adds it', async () => {
    const installed = JSON.parse(await readFile(join(runtime, 'node_modules/.package-lock.json'), 'utf8')) as Lock;
    const top = Object.keys(installed.packages).filter((path) => /^node_modules\/(@[^/]+\/)?[^/@]+$/.test(path) && !path.slice(13).includes('/node_modules/'));
    for (const dependency of [...Object.keys(manifest.dependencies), 'fast-check']) expect(top, dependency).toContain(`node_modules/${dependency}`);
    // Nothing of this repository's development tools came along.
    for (const devOnly of Object.keys(manifest.devDependencies).filter((name) => !(name in manifest.dependencies) && name !== 'fast-check')) expect(top, devOnly).not.toContain(`node_modules/${devOnly}`);
    // The lock maker refuses a dependency this repository's lock cannot provide offline.
    expect(() => consumerLock({ packages: {} }, { name: 'c', dependencies: {} }, { name: 'p', file: 'p.tgz', integrity: '', manifest: { dependencies: { 'left-pad': '^1.0.0' } } })).toThrow('left-pad, needed by node_modules/p');
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
    const dir = await app(runtime, 'plain-js', 'app.mjs', APP);
    // Act
    const { stdout } = await run(process.execPath, ['app.mjs'], { cwd: dir });
    // Assess
    expect(stdout).toBe(EXPECTED_OUTPUT);
  }, 60_000);

  it('compiles under a strict TypeScript consumer with skipLibCheck false, and the output runs', async () => {
    // Prepare
    const dir = await app(typed, 'strict-ts', 'app.ts', APP_TS);
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    // Act: the consumer's own tsc, installed beside the package
    const compiled = await run(process.execPath, [join(typed, 'node_modules/typescript/bin/tsc'), '-p', dir]).catch((error: { stdout: string }) => ({ stdout: error.stdout, failed: true }));
    // Assess
    expect(compiled.stdout).toBe('');
    const { stdout } = await run(process.execPath, ['out/app.js'], { cwd: dir });
    expect(stdout).toBe(`${EXPECTED_OUTPUT}true\n`);
  }, 120_000);

  it('bundles with esbuild (AWS SDK external, as on Lambda) and the bundle runs', async () => {
    // Prepare
    const source = await app(runtime, 'bundled', 'app.mjs', APP);
    const dir = join(work, 'bundled-only');
    const { build } = await import('esbuild');
    // Act
    await build({ entryPoints: [join(source, 'app.mjs')], outfile: join(dir, 'bundle/index.mjs'), bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['@aws-sdk/*'], logLevel: 'silent', banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } });
    // Assess: the bundle runs in a folder with no node_modules anywhere above it
    const { stdout } = await run(process.execPath, ['bundle/index.mjs'], { cwd: dir });
    expect(stdout).toBe(EXPECTED_OUTPUT);
  }, 120_000);

  it('answers --help from the installed command line, and replays a file with it', async () => {
    const dir = await app(runtime, 'cli', 'events.jsonl', '{"id":1}\n{"id":2}\n');
    // The command npm linked from the package's bin, as `npx firehose-kit` runs it.
    const bin = join(runtime, 'node_modules/.bin/firehose-kit');
    const { stdout } = await run(bin, ['--help'], { cwd: dir });
    expect(stdout).toContain('usage: npx firehose-kit <command>');
    const help = await run(bin, ['deploy-template', '--help'], { cwd: dir });
    expect(help.stdout).toContain('--blueprint');
    // The compiled replay runs from the package too.
    await run(bin, ['transform', 'events.jsonl', '--out', 'out'], { cwd: dir });
    const written = (await filesUnder(join(dir, 'out'))).filter((file) => !file.startsWith('.') && !file.startsWith('_'));
    expect(written.length).toBeGreaterThan(0);
  }, 60_000);
});
