/**
 * The esbuild bundles and their zips are what users deploy: build every blueprint twice in different
 * folders, check that the zips are byte-identical with index.mjs at their root, that they stay within the
 * size budget with the AWS SDK left out and no Parquet/ORC code, and call each handler from the zip's
 * contents the way Lambda does.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Buffer } from 'node:buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blueprints } from '../../blueprints/index.js';
import { buildZips, type ZippedBlueprint } from '../../scripts/build/lambdaPackages.js';
import { assertFirehoseResponse } from '../../testing/index.js';
import { repoPath } from '../helpers/fixtures.js';
import { readZip } from '../deploy/zipReader.js';

const run = promisify(execFile);

describe('npm run build', () => {
  let first = '';
  let second = '';
  let zipped: ZippedBlueprint[] = [];
  beforeAll(async () => {
    first = await mkdtemp(join(tmpdir(), 'fhk-build-a-'));
    second = await mkdtemp(join(tmpdir(), 'fhk-build-b-'));
    zipped = await buildZips({ outdir: first });
  }, 120_000);
  afterAll(async () => {
    for (const dir of [first, second]) if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('zips every registered blueprint deterministically: built again elsewhere, the bytes are the same', async () => {
    // Act
    const again = await buildZips({ outdir: second });
    // Assess
    expect(zipped.map((z) => z.name)).toEqual(Object.keys(blueprints).sort());
    for (const [index, z] of zipped.entries()) {
      const a = await readFile(z.zip);
      const b = await readFile(again[index]!.zip);
      expect(a.equals(b), z.name).toBe(true);
    }
  }, 120_000);

  it('puts index.mjs, its source map (and any legal comments) at the root, as regular files dated 1980-01-01', async () => {
    for (const z of zipped) {
      const entries = readZip(new Uint8Array(await readFile(z.zip)));
      // Legal comments of bundled dependencies go to index.mjs.LEGAL.txt when there are any (none since the Powertools Logger left).
      expect([...entries.keys()].filter((file) => file !== 'index.mjs.LEGAL.txt'), z.name).toEqual(['index.mjs', 'index.mjs.map']);
      for (const entry of entries.values()) {
        expect(entry.mode).toBe(0o100644);
        expect(entry.dosDate).toBe((0 << 9) | (1 << 5) | 1);
      }
      const map = JSON.parse(Buffer.from(entries.get('index.mjs.map')!.data).toString('utf8')) as { sources: string[] };
      // Source paths are repository-relative, not paths of the machine that built it.
      expect(map.sources.every((source) => !source.startsWith('/') && !source.startsWith('..')), z.name).toBe(true);
    }
  });

  it('leaves the AWS SDK to the runtime, keeps each blueprint under 100 KB (issue 14), and bundles no Parquet or ORC code', () => {
    // The filter does flag columnar-format code when it is there.
    expect(['formats/parquet/writeParquet.ts', 'formats/orc/writeOrc.ts', 'node_modules/hyparquet/src/read.js'].filter((input) => /formats\/(parquet|orc|compression)\/|hyparquet/.test(input))).toHaveLength(3);
    for (const z of zipped) {
      expect(z.bundleBytes, z.name).toBeLessThan(100 * 1024);
      expect(z.inputs.filter((input) => input.includes('@aws-sdk/')), z.name).toEqual([]);
      expect(z.inputs.filter((input) => /formats\/(parquet|orc|compression)\/|hyparquet/.test(input)), z.name).toEqual([]);
    }
  });

  it('runs each handler from the unzipped package, as Lambda loads index.handler', async () => {
    // Prepare: the zip's files in a folder of their own; the SDK resolves from node_modules as on Lambda's runtime
    const level = process.env['POWERTOOLS_LOG_LEVEL'];
    process.env['POWERTOOLS_LOG_LEVEL'] = 'SILENT';
    const event = { invocationId: 'i', deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/s', region: 'us-east-1', records: [{ recordId: 'a', approximateArrivalTimestamp: 1, data: Buffer.from('{"x":1}').toString('base64') }, { recordId: 'b', approximateArrivalTimestamp: 1, data: Buffer.from('plain text, not a known format').toString('base64') }] };
    try {
      for (const z of zipped) {
        const task = join(first, 'task', z.name);
        await mkdir(task, { recursive: true });
        for (const [name, entry] of readZip(new Uint8Array(await readFile(z.zip)))) await writeFile(join(task, name), entry.data);
        await symlink(repoPath('node_modules'), join(first, 'task', 'node_modules'), 'dir').catch(() => undefined);
        // Act
        const module = (await import(pathToFileURL(join(task, 'index.mjs')).href)) as { handler: (e: unknown) => Promise<unknown> };
        const response = await module.handler(event);
        // Assess
        assertFirehoseResponse(event, response);
        if (z.name === 'process-record') expect((response as { records: { result: string }[] }).records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed']);
      }
    } finally {
      if (level === undefined) delete process.env['POWERTOOLS_LOG_LEVEL'];
      else process.env['POWERTOOLS_LOG_LEVEL'] = level;
    }
  }, 60_000);
  it('names error classes in the minified bundles (no keepNames) in the logs of a failed record and of a refused cold start', async () => {
    // Prepare: two unzipped packages run by a fresh Node as Lambda would, the SDK from node_modules
    const unzip = async (name: string): Promise<string> => {
      const task = join(second, 'names', name);
      await mkdir(task, { recursive: true });
      for (const [file, entry] of readZip(new Uint8Array(await readFile(zipped.find((z) => z.name === name)!.zip)))) await writeFile(join(task, file), entry.data);
      return task;
    };
    await mkdir(join(second, 'names'), { recursive: true });
    await symlink(repoPath('node_modules'), join(second, 'names', 'node_modules'), 'dir').catch(() => undefined);
    const processRecord = await unzip('process-record');
    const cleanJson = await unzip('clean-json');
    const event = { invocationId: 'i', deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/s', region: 'us-east-1', records: [{ recordId: 'a', approximateArrivalTimestamp: 1, data: Buffer.from('not json').toString('base64') }] };
    const script = `const { handler } = await import('./index.mjs'); await handler(${JSON.stringify(event)});`;
    const env = { PATH: process.env['PATH'] ?? '', AWS_LAMBDA_LOG_LEVEL: 'ERROR' };
    // Act
    const failed = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: processRecord, env });
    const refused = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: cleanJson, env: { ...env, KEY_STYLE: 'kebab' } }).then(
      () => ({ stderr: 'started' }),
      (error: { stderr: string }) => error,
    );
    // Assess
    expect(JSON.parse(failed.stdout.trim())).toMatchObject({ level: 'ERROR', message: 'record failed', recordId: 'a', errorClass: 'RecordParseError' });
    expect(refused.stderr).toContain('BlueprintConfigError');
    expect(refused.stderr).toContain('KEY_STYLE');
  }, 60_000);
});
