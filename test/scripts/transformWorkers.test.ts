/**
 * `--workers N` (default: the number of cores): the handler runs on worker threads and every object is
 * the same, byte for byte and in order, as with one worker (re-ingestion and failures included); a run
 * of one batch starts no worker; a hung handler is timed out and its worker replaced.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKERS } from '../../scripts/transform.js';
import { filesUnder, runScript } from '../helpers/cli.js';

describe('npm run transform -- --workers', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fhk-workers-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function objects(out: string): Promise<[string, string][]> {
    const files = (await filesUnder(out)).filter((f) => !f.startsWith('.') && f !== '_replay-report.json');
    return Promise.all(files.map(async (f) => [f, (await readFile(join(out, f))).toString('base64')] as [string, string]));
  }

  it('writes the same objects with 1 worker, the default and 3 workers, re-ingestion and failures included', async () => {
    const input = join(dir, 'in.jsonl');
    const lines = Array.from({ length: 3000 }, (_, i) => (i % 97 === 0 ? `not json ${i}` : JSON.stringify({ i, pad: 'x'.repeat(200 + (i % 300)) })));
    await writeFile(input, `${lines.join('\n')}\n`);
    const common = [input, '--quiet', '--fail-on', 'never', '--start', '2025-01-01T00:00:00Z', '--env', 'MAX_RESPONSE_BYTES=60000', '--lambda-buffer-mb', '0.2', '--buffer-mb', '1'];
    const one = await runScript('transform', [...common, '--out', join(dir, 'w1'), '--workers', '1']);
    const byDefault = await runScript('transform', [...common, '--out', join(dir, 'wd')]);
    const three = await runScript('transform', [...common, '--out', join(dir, 'w3'), '--workers', '3']);
    expect([one.code, byDefault.code, three.code]).toEqual([0, 0, 0]);
    expect(one.stdout).toMatch(/re-ingested [1-9]/);
    expect(byDefault.stdout.split('\n')[1]).toBe(one.stdout.split('\n')[1]);
    expect(three.stdout.split('\n')[1]).toBe(one.stdout.split('\n')[1]);
    const a = await objects(join(dir, 'w1'));
    expect(a.length).toBeGreaterThan(3);
    expect(await objects(join(dir, 'wd'))).toEqual(a);
    expect(await objects(join(dir, 'w3'))).toEqual(a);
  }, 120_000);

  it('defaults to one worker per core, and runs a lone batch in the main thread without starting any', async () => {
    expect(DEFAULT_WORKERS).toBe(Math.min(64, availableParallelism()));
    // A handler that notes, outside its output, which thread ran each invocation.
    const module = join(dir, 'where.mjs');
    await writeFile(module, `import { appendFileSync } from 'node:fs';\nimport { isMainThread } from 'node:worker_threads';\nexport const handler = async (event) => { appendFileSync(process.env.WHERE_FILE, isMainThread ? 'main\\n' : 'worker\\n'); return { records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: r.data })) }; };\n`);
    const input = join(dir, 'where.jsonl');
    await writeFile(input, Array.from({ length: 40 }, (_, i) => JSON.stringify({ i })).join('\n'));
    const where = async (name: string, extra: string[]): Promise<string[]> => {
      const file = join(dir, `${name}.where`);
      await writeFile(file, '');
      const result = await runScript('transform', [input, '--handler', module, '--out', join(dir, name), '--quiet', ...extra], { WHERE_FILE: file });
      expect(result.code).toBe(0);
      return (await readFile(file, 'utf8')).trim().split('\n').sort();
    };
    // 40 records 1 s apart with a 10 s Lambda buffer: 4 invocations.
    const many = await where('many', ['--rate', '1', '--lambda-buffer-seconds', '10']);
    expect(many).toHaveLength(4);
    expect(new Set(many)).toEqual(new Set([DEFAULT_WORKERS > 1 ? 'worker' : 'main']));
    expect(await where('lone', [])).toEqual(['main']);
    expect(await where('forced', ['--rate', '1', '--lambda-buffer-seconds', '10', '--workers', '1'])).toEqual(['main', 'main', 'main', 'main']);
  }, 120_000);

  it('times out a hung handler, replaces its worker, and carries on', async () => {
    const module = join(dir, 'hang.mjs');
    await writeFile(module, `export const handler = async (event) => { if (Buffer.from(event.records[0].data, 'base64').toString() === '"hang"') await new Promise(() => {}); return { records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: r.data })) }; };\n`);
    const input = join(dir, 'hang.jsonl');
    await writeFile(input, '"hang"\n"ok"\n');
    const result = await runScript('transform', [input, '--handler', module, '--workers', '2', '--timeout', '1', '--retries', '1', '--lambda-buffer-seconds', '0', '--out', join(dir, 'hang-out'), '--quiet']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Ok 1  Dropped 0  ProcessingFailed 1');
    expect(result.stdout).toContain('Lambda.FunctionError 1');
  }, 120_000);
});
