/**
 * Benchmark: each blueprint's Lambda bundle — bytes (index.mjs and the zip) and cold module
 * initialisation, timed inside a fresh Node process around `await import(bundle)` (what Lambda's init
 * phase spends on our code; Node's own start-up is excluded). The baseline, interleaved with the
 * candidates, is the same measurement of an empty module. Targets (issue 14): every bundle under 100 KB
 * minified, initialisation under 50 ms. With FHK_BENCH_BUNDLES_BASELINE=<folder> (an earlier build's
 * <blueprint>/index.mjs files, e.g. from `git archive <commit>` built with its esbuild.config.mjs), those
 * bundles are timed in the same interleaved runs and compared by CPU time.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { buildZips } from '../build/lambdaPackages.js';
import { fmt, median } from './measure.js';
import type { BenchOptions, BenchReport } from './types.js';

const run = promisify(execFile);
const MAX_BUNDLE_BYTES = 100 * 1024;
const MAX_INIT_MS = 50;

/** Milliseconds that `await import(file)` takes in a new Node process: wall clock, and CPU time (user + system, all threads). */
async function coldImportMs(file: string): Promise<{ wall: number; cpu: number }> {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ wall: performance.now() - t, cpu: (u.user + u.system) / 1000 }));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', NODE_OPTIONS: '' } });
  return JSON.parse(stdout) as { wall: number; cpu: number };
}

export async function bundlesBench(options: BenchOptions): Promise<BenchReport> {
  const runs = Math.max(options.runs, 10);
  const dir = await mkdtemp(join(tmpdir(), 'fhk-bench-bundles-'));
  try {
    const zipped = await buildZips({ outdir: dir });
    const empty = join(dir, 'empty.mjs');
    await writeFile(empty, 'export const handler = async () => ({ records: [] });\n');
    const earlier = process.env['FHK_BENCH_BUNDLES_BASELINE'];
    const cases = [
      { name: '(empty module)', file: empty },
      ...zipped.map((z) => ({ name: z.name, file: join(dir, z.name, 'index.mjs') })),
      ...(earlier === undefined ? [] : zipped.map((z) => ({ name: `earlier ${z.name}`, file: join(earlier, z.name, 'index.mjs') }))),
    ];
    const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    const cpuSamples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    for (let i = 0; i < runs; i++) {
      for (const c of cases) {
        const { wall, cpu } = await coldImportMs(c.file);
        samples.get(c.name)!.push(wall);
        cpuSamples.get(c.name)!.push(cpu);
      }
    }
    const baseline = median(samples.get('(empty module)')!);
    const baselineCpu = median(cpuSamples.get('(empty module)')!);
    const load = loadavg()[0] ?? 0;
    const rows: string[] = [];
    let met = true;
    for (const z of zipped) {
      const times = samples.get(z.name)!;
      const init = median(times);
      const ok = z.bundleBytes < MAX_BUNDLE_BYTES && init < MAX_INIT_MS;
      met &&= ok;
      rows.push(`| ${z.name} | ${z.bundleBytes.toLocaleString('en-US')} | ${z.zipBytes.toLocaleString('en-US')} | ${fmt(init)} | ${fmt(Math.min(...times))}–${fmt(Math.max(...times))} | ${fmt(init - baseline)} | ${fmt(median(cpuSamples.get(z.name)!))} | ${ok ? 'yes' : 'no'} |`);
    }
    const comparison: string[] = [];
    if (earlier !== undefined) {
      comparison.push('', `Against an earlier build (FHK_BENCH_BUNDLES_BASELINE), timed in the same interleaved runs; CPU ms of the import minus the empty module's (${fmt(baselineCpu)} ms):`, '', '| blueprint | earlier bytes | bytes now | earlier CPU ms | CPU ms now | now / earlier |', '|---|---:|---:|---:|---:|---:|');
      for (const z of zipped) {
        const before = median(cpuSamples.get(`earlier ${z.name}`)!) - baselineCpu;
        const now = median(cpuSamples.get(z.name)!) - baselineCpu;
        const bytes = (await stat(join(earlier, z.name, 'index.mjs'))).size;
        comparison.push(`| ${z.name} | ${bytes.toLocaleString('en-US')} | ${z.bundleBytes.toLocaleString('en-US')} | ${fmt(before)} | ${fmt(now)} | ${fmt(now / before)} |`);
      }
    }
    const markdown = [
      `Cold \`await import()\` of each bundle in a fresh Node process, median of ${runs} runs interleaved with an empty module (baseline median ${fmt(baseline)} ms; 1-minute load average ${fmt(load)} on ${cpus().length} cores when it ended — absolute times grow with load, compare with the baseline). Bundles built by \`npm run build\` (minified, AWS SDK external); the zip holds index.mjs and its source map.`,
      '',
      '| blueprint | index.mjs bytes | zip bytes | init ms (median) | spread (min–max) | minus empty module | CPU ms (median) | within targets |',
      '|---|---:|---:|---:|---:|---:|---:|---|',
      ...rows,
      ...comparison,
      '',
      `Targets: under ${MAX_BUNDLE_BYTES.toLocaleString('en-US')} bytes and under ${MAX_INIT_MS} ms each — ${met ? 'met' : 'NOT met'}.`,
    ].join('\n');
    return { id: 'bundles', title: 'Lambda bundles: size and cold initialisation', markdown, targetMet: met };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
