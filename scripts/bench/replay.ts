/**
 * Benchmark: `npm run transform` end to end, as the issue asks: a generated 1 GB JSON-lines file →
 * clean-json blueprint → JSON objects in a local folder, and a 512 MB file → Parquet, each with 1 and 2
 * workers; against the handler alone on the same kind of records in the same run (events built in
 * memory: no reading, batching, delivery or writing). Every replay runs in a process of its own, with
 * scripts/bench/replayProbe.ts preloaded to report its CPU time (all threads) and peak RSS.
 * Targets: 1 worker at least 60% of the handler-only throughput; 2 workers at least 1.6 times 1 worker,
 * judged on the median of the per-round ratios (each round runs every case once, under one load).
 * The machine is shared, so the 1-minute load average is recorded beside every case: with other work
 * on the two cores a 2-worker run cannot show its scaling. `--quick`: 16 MB / 8 MB files.
 * The inputs are generated in the OS temporary folder (free space checked first) and deleted after.
 */
import { Buffer } from 'node:buffer';
import { execFile } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat, statfs } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { blueprints } from '../../blueprints/registry.js';
import { silentLogger } from '../../blueprints/handler/logger.js';
import { syntheticRecord } from './handler.js';
import { fmt, median, quantile, type RatioSpread } from './measure.js';
import type { BenchOptions, BenchReport } from './types.js';

const TARGET_RATIO = 0.6;
const TARGET_WORKERS = 1.6;
const MB = 1_000_000;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROBE = fileURLToPath(new URL('./replayProbe.ts', import.meta.url));
const TRANSFORM = fileURLToPath(new URL('../transform.ts', import.meta.url));

async function writeLines(path: string, bytes: number): Promise<{ records: number; bytes: number }> {
  const out = createWriteStream(path);
  let written = 0;
  let records = 0;
  while (written < bytes) {
    const chunk: string[] = [];
    for (let k = 0; k < 1000; k++) chunk.push(syntheticRecord(records++));
    const text = `${chunk.join('\n')}\n`;
    written += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { records, bytes: (await stat(path)).size };
}

/** Events of ~1 MB of record data (the Lambda buffer default), built once. */
function eventsOf(records: number): FirehoseTransformationEvent[] {
  const events: FirehoseTransformationEvent[] = [];
  let current: FirehoseTransformationEvent | undefined;
  let size = 0;
  for (let i = 0; i < records; i++) {
    const data = Buffer.from(syntheticRecord(i));
    if (current === undefined || size + data.length > 1024 * 1024) {
      current = { invocationId: `bench-${events.length}`, deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/bench', region: 'us-east-1', records: [] };
      events.push(current);
      size = 0;
    }
    current.records.push({ recordId: String(i), approximateArrivalTimestamp: 1_735_732_800_000 + i, data: data.toString('base64') });
    size += data.length;
  }
  return events;
}

interface Sample {
  readonly ms: number;
  readonly cpuMs: number;
  readonly maxRssKb?: number;
  /** 1-minute load average when the run started. */
  readonly load: number;
}

/**
 * The Node flags that package.json's `transform` script gives tsx (`tsx <flags> scripts/transform.ts`), so
 * that each child runs as `npm run transform` runs, from one source.
 */
export function transformNodeFlags(script: string): string[] {
  const words = script.trim().split(/\s+/);
  const tsx = words.indexOf('tsx');
  const entry = words.indexOf('scripts/transform.ts');
  if (tsx < 0 || entry < tsx) throw new Error(`package.json's transform script is not "tsx [flags] scripts/transform.ts": ${script}`);
  return words.slice(tsx + 1, entry);
}

const TRANSFORM_FLAGS = transformNodeFlags((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['transform'] ?? '');

/** One `npm run transform` in a child process (tsx, as `npm run transform` runs it), with the probe preloaded. */
function replayInChild(args: readonly string[]): Promise<Sample> {
  const load = loadavg()[0]!;
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...TRANSFORM_FLAGS, '--import', 'tsx', '--import', PROBE, TRANSFORM, ...args], { cwd: ROOT, maxBuffer: 16 * MB }, (error, stdout, stderr) => {
      const ms = performance.now() - start;
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH '));
      if (line === undefined) {
        reject(new Error(`the replay failed: ${error?.message ?? ''} ${stderr.slice(0, 500)}`));
        return;
      }
      const result = JSON.parse(line.slice(6)) as { cpuMs: number; maxRssKb: number; code: number };
      if (result.code !== 0) {
        reject(new Error(`the replay exited ${result.code}: ${stderr.slice(0, 500)}`));
        return;
      }
      resolve({ ms, cpuMs: result.cpuMs, maxRssKb: result.maxRssKb, load });
    });
  });
}

function spreadOf(values: readonly number[]): RatioSpread {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), q1: quantile(sorted, 0.25), q3: quantile(sorted, 0.75), min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN, rounds: sorted.length };
}

const fmtRatio = (s: RatioSpread): string => `${fmt(s.median)} (IQR ${fmt(s.q1)}–${fmt(s.q3)}, min–max ${fmt(s.min)}–${fmt(s.max)}, ${s.rounds} rounds)`;

export async function replayBench(options: BenchOptions): Promise<BenchReport> {
  const jsonBytes = options.quick ? 16 * MB : 1000 * MB;
  const parquetBytes = options.quick ? 8 * MB : 512 * MB;
  const dir = await mkdtemp(join(tmpdir(), 'fhk-bench-replay-'));
  try {
    // Inputs, plus the JSON output of one run (a little larger than its input) and a margin.
    const needed = 2.5 * (jsonBytes + parquetBytes);
    const fs = await statfs(dir);
    const free = fs.bavail * fs.bsize;
    if (free < needed) throw new Error(`the replay bench needs ${fmt(needed / MB, 0)} MB free in ${tmpdir()}; ${fmt(free / MB, 0)} MB are (use --quick, or set TMPDIR to a larger disk)`);
    const jsonFile = join(dir, 'in.jsonl');
    const parquetFile = join(dir, 'in-pq.jsonl');
    const json = await writeLines(jsonFile, jsonBytes);
    const pq = await writeLines(parquetFile, parquetBytes);
    const definition = blueprints['clean-json']!;
    const handler = definition.create({}, { logger: silentLogger, reingest: 'off' });
    // The handler-only case needs its events in memory; 32 MB of records gives a stable rate.
    const handlerRecords = Math.min(json.records, Math.ceil(json.records * (32 * MB / json.bytes)));
    const events = eventsOf(handlerRecords);
    const handlerBytes = events.reduce((n, e) => n + e.records.reduce((m, r) => m + Buffer.from(r.data, 'base64').length + 1, 0), 0);
    let run = 0;
    const replayCase = (file: string, parquet: boolean, workers: number) => async (): Promise<Sample> => {
      const out = join(dir, `out-${run++}`);
      const format = parquet ? ['--schema', 'glue-schemas/clickstream_events.json', '--format', 'parquet'] : [];
      try {
        return await replayInChild([file, '--blueprint', 'clean-json', '--workers', String(workers), '--out', out, '--quiet', '--fail-on', 'never', '--start', '2025-01-01T00:00:00Z', ...format]);
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    };
    const cases: { name: string; bytes: number; records: number; run: () => Promise<Sample> }[] = [
      {
        name: 'clean-json handler alone (events in memory)',
        bytes: handlerBytes,
        records: handlerRecords,
        run: async () => {
          const load = loadavg()[0]!;
          const cpu = process.cpuUsage();
          const start = performance.now();
          for (const e of events) await handler(e);
          const used = process.cpuUsage(cpu);
          return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, load };
        },
      },
      { name: 'replay: file → clean-json → JSON objects, 1 worker', bytes: json.bytes, records: json.records, run: replayCase(jsonFile, false, 1) },
      { name: 'replay: file → clean-json → JSON objects, 2 workers', bytes: json.bytes, records: json.records, run: replayCase(jsonFile, false, 2) },
      { name: 'replay: file → clean-json → Parquet objects, 1 worker', bytes: pq.bytes, records: pq.records, run: replayCase(parquetFile, true, 1) },
      { name: 'replay: file → clean-json → Parquet objects, 2 workers', bytes: pq.bytes, records: pq.records, run: replayCase(parquetFile, true, 2) },
    ];
    const loadAtStart = loadavg();
    // Warm-up: the handler case only (a replay process starts cold every time anyway; the OS has just
    // written the inputs, so they are in its page cache).
    await cases[0]!.run();
    const samples = cases.map(() => [] as Sample[]);
    for (let round = 0; round < options.runs; round++) {
      for (const [i, c] of cases.entries()) {
        const sample = await c.run();
        samples[i]!.push(sample);
        process.stderr.write(`  round ${round + 1}/${options.runs} ${c.name}: ${fmt(sample.ms / 1000)} s, ${fmt(c.bytes / MB / (sample.ms / 1000))} MB/s, CPU ${fmt(sample.cpuMs / 1000)} s, load ${fmt(sample.load)}\n`);
      }
    }
    const rate = (i: number, r: number): number => cases[i]!.bytes / samples[i]![r]!.ms;
    const rounds = options.runs;
    const perRound = (f: (r: number) => number): RatioSpread => spreadOf(Array.from({ length: rounds }, (_, r) => f(r)));
    const handlerRatio = perRound((r) => rate(1, r) / rate(0, r));
    const jsonWorkers = perRound((r) => rate(2, r) / rate(1, r));
    const parquetWorkers = perRound((r) => rate(4, r) / rate(3, r));
    const jsonCpu = perRound((r) => samples[2]![r]!.cpuMs / samples[1]![r]!.cpuMs);
    const parquetCpu = perRound((r) => samples[4]![r]!.cpuMs / samples[3]![r]!.cpuMs);
    const row = (i: number): string => {
      const c = cases[i]!;
      const s = samples[i]!;
      const ms = median(s.map((x) => x.ms));
      const rss = s.every((x) => x.maxRssKb !== undefined) ? fmt(Math.max(...s.map((x) => x.maxRssKb!)) / 1024, 0) : '–';
      const loads = s.map((x) => x.load);
      return `| ${c.name} | ${fmt(c.bytes / MB, 0)} | ${fmt(ms / 1000)} | ${fmt(c.bytes / MB / (ms / 1000))} | ${fmt(c.records / (ms / 1000), 0)} | ${fmt(median(s.map((x) => x.cpuMs)) / 1000)} | ${rss} | ${fmt(median(loads))} (${fmt(Math.min(...loads))}–${fmt(Math.max(...loads))}) |`;
    };
    const met = handlerRatio.median >= TARGET_RATIO && jsonWorkers.median >= TARGET_WORKERS;
    const markdown = [
      `Command: \`npm run bench -- replay --runs ${options.runs}\`. Inputs: generated JSON-lines files of ~1 KiB clickstream records in the OS temporary folder (${fmt(json.bytes / MB, 0)} MB, ${json.records} records; ${fmt(pq.bytes / MB, 0)} MB to Parquet, ${pq.records} records), deleted after. Every replay is \`npm run transform\` in a process of its own (tsx, as \`npm run transform\` runs; start-up included), \`--blueprint clean-json --workers N\`, JSON objects with the default 5 MiB buffer or \`--format parquet\` with the default 128 MiB. Rounds run every case once, in this order; figures are medians of ${rounds} rounds; CPU is user + system time of all threads; peak RSS is the largest of the rounds (the child's maxRSS). Load average (1 min) when the bench started: ${loadAtStart.map((l) => fmt(l)).join(' / ')} (1 / 5 / 15 min); per case, the median and range when its runs started.`,
      '',
      '| case | MB | s (median) | MB/s | records/s | CPU s | peak RSS MB | load avg at start |',
      '|---|---|---|---|---|---|---|---|',
      ...cases.map((_, i) => row(i)),
      '',
      `Per-round ratios (median, IQR, min–max):`,
      `- replay, 1 worker / handler alone (throughput): ${fmtRatio(handlerRatio)}; target ≥ ${TARGET_RATIO}: ${handlerRatio.median >= TARGET_RATIO ? 'met' : 'NOT met'}.`,
      `- JSON, 2 workers / 1 worker (throughput): ${fmtRatio(jsonWorkers)}; target ≥ ${TARGET_WORKERS}: ${jsonWorkers.median >= TARGET_WORKERS ? 'met' : 'NOT met'}.`,
      `- Parquet, 2 workers / 1 worker (throughput): ${fmtRatio(parquetWorkers)} (no target; the Parquet writer runs on the main thread).`,
      `- CPU time, 2 workers / 1 worker: JSON ${fmtRatio(jsonCpu)}, Parquet ${fmtRatio(parquetCpu)}: the work added by running on workers; on two idle cores the throughput ratio can reach at most 2 / this.`,
      '',
      `Verdict: ${met ? 'targets met' : 'targets NOT met'} in this run${jsonWorkers.median < TARGET_WORKERS && median(samples[2]!.map((x) => x.load)) > 1 ? ` (the load average was ${fmt(median(samples[2]!.map((x) => x.load)))} during the 2-worker runs: other work held the cores this machine shares)` : ''}.`,
    ].join('\n');
    return { id: 'replay', title: 'Replay end to end (npm run transform)', markdown, targetMet: met };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
