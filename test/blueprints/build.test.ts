/**
 * The esbuild bundle is what users deploy: build every blueprint and call its `handler` from the bundle.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Buffer } from 'node:buffer';
import { afterAll, describe, expect, it } from 'vitest';
import { blueprints } from '../../blueprints/registry.js';
import { assertFirehoseResponse } from '../../testing/index.js';
import { repoPath } from '../helpers/fixtures.js';

interface BuildModule {
  buildBlueprints(options: { names?: string[]; outdir?: string; minify?: boolean }): Promise<string[]>;
}

describe('npm run build', () => {
  let outdir = '';
  afterAll(async () => {
    if (outdir !== '') await rm(outdir, { recursive: true, force: true });
  });

  it('bundles every registered blueprint to <name>/index.mjs exporting a working handler', async () => {
    // Prepare
    outdir = await mkdtemp(join(tmpdir(), 'fhk-build-'));
    const { buildBlueprints } = (await import(pathToFileURL(repoPath('esbuild.config.mjs')).href)) as BuildModule;
    // The bundles log through Powertools at import time's level; keep the test output quiet.
    const level = process.env['POWERTOOLS_LOG_LEVEL'];
    process.env['POWERTOOLS_LOG_LEVEL'] = 'SILENT';
    // Act
    const files = await buildBlueprints({ outdir });
    // Assess
    expect(files.map((f) => f.slice(outdir.length + 1)).sort()).toEqual(Object.keys(blueprints).map((name) => join(name, 'index.mjs')).sort());
    const bundle = join(outdir, 'process-record', 'index.mjs');
    expect((await stat(bundle)).size).toBeLessThan(2_000_000);
    const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: (e: unknown) => Promise<unknown> };
    const event = { invocationId: 'i', deliveryStreamArn: 'arn:aws:firehose:us-east-1:1:deliverystream/s', region: 'us-east-1', records: [{ recordId: 'a', approximateArrivalTimestamp: 1, data: Buffer.from('{"x":1}').toString('base64') }, { recordId: 'b', approximateArrivalTimestamp: 1, data: Buffer.from('nope').toString('base64') }] };
    const response = await handler(event);
    assertFirehoseResponse(event, response);
    expect((response as { records: { result: string }[] }).records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed']);
    // Every other bundle loads on its own (its cold start validates the default environment) and answers a batch.
    for (const name of Object.keys(blueprints)) {
      const bundled = join(outdir, name, 'index.mjs');
      expect((await stat(bundled)).size, name).toBeLessThan(2_000_000);
      const module = (await import(pathToFileURL(bundled).href)) as { handler: (e: unknown) => Promise<unknown> };
      const sample = { ...event, records: [{ recordId: 'x', approximateArrivalTimestamp: 1, data: Buffer.from('plain text, not a known format').toString('base64') }] };
      const answer = await module.handler(sample);
      assertFirehoseResponse(sample, answer);
    }
    if (level === undefined) delete process.env['POWERTOOLS_LOG_LEVEL'];
    else process.env['POWERTOOLS_LOG_LEVEL'] = level;
  });
});
