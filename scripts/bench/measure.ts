/**
 * Benchmark measurement shared by every suite of `npm run bench`. The machine is shared and noisy, so
 * candidates and their baseline run interleaved within each round (A, B, A, B, …) and are compared round
 * by round: the ratio candidate / baseline of one round is measured under the same load, and its median
 * over the rounds, with the spread (interquartile range and min–max), is what a suite reports and judges
 * a target on. One median of a ratio of medians can meet or miss a target by chance on a busy machine;
 * the spread shows how far to trust it.
 */
import { performance } from 'node:perf_hooks';
import process from 'node:process';

export interface BenchCase {
  readonly name: string;
  /** One timed run. Return a value derived from the work so that it cannot be optimised away. */
  readonly run: () => unknown | Promise<unknown>;
}

export interface CaseTiming {
  readonly name: string;
  /** Wall-clock time of each round's run. */
  readonly samplesMs: readonly number[];
  readonly medianMs: number;
  /**
   * CPU time (user + system, all threads of the process) of each round's run: on a shared machine it
   * leaves out the time spent waiting for a core, so its ratios swing less than wall-clock ratios.
   */
  readonly cpuSamplesMs: readonly number[];
}

/** Runs every case `warmup` times untimed, then `runs` times each, interleaved; returns the medians. */
export async function measureInterleaved(
  cases: readonly BenchCase[],
  options: { runs: number; warmup?: number },
): Promise<CaseTiming[]> {
  const warmup = options.warmup ?? 1;
  let sink = 0;
  for (let i = 0; i < warmup; i++) {
    for (const c of cases) sink ^= consume(await c.run());
  }
  const samples = cases.map(() => [] as number[]);
  const cpuSamples = cases.map(() => [] as number[]);
  for (let i = 0; i < options.runs; i++) {
    for (const [index, c] of cases.entries()) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      sink ^= consume(await c.run());
      samples[index]!.push(performance.now() - start);
      const cpu = process.cpuUsage(cpuStart);
      cpuSamples[index]!.push((cpu.user + cpu.system) / 1000);
    }
  }
  if (sink === 0.5) console.log('');
  return cases.map((c, index) => ({ name: c.name, samplesMs: samples[index]!, medianMs: median(samples[index]!), cpuSamplesMs: cpuSamples[index]! }));
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The ratio candidate / baseline over rounds: median, interquartile range and extremes. */
export interface RatioSpread {
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  readonly min: number;
  readonly max: number;
  readonly rounds: number;
}

/**
 * Per-round ratios of two cases measured by `measureInterleaved` (sample i of each comes from round i),
 * summarised as median, quartiles (linear interpolation between order statistics) and extremes.
 */
export function ratioSpread(candidate: CaseTiming, baseline: CaseTiming, clock: 'wall' | 'cpu' = 'wall'): RatioSpread {
  const a = clock === 'wall' ? candidate.samplesMs : candidate.cpuSamplesMs;
  const b = clock === 'wall' ? baseline.samplesMs : baseline.cpuSamplesMs;
  const rounds = Math.min(a.length, b.length);
  const ratios = Array.from({ length: rounds }, (_, i) => a[i]! / b[i]!).sort((x, y) => x - y);
  return { median: quantile(ratios, 0.5), q1: quantile(ratios, 0.25), q3: quantile(ratios, 0.75), min: ratios[0] ?? Number.NaN, max: ratios[rounds - 1] ?? Number.NaN, rounds };
}

/** Quantile of sorted values, interpolating linearly between neighbours (type 7, as R and NumPy default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

/** `×1.42 (IQR 1.38–1.47, min–max 1.31–1.60, 15 rounds)` for tables and verdicts. */
export function fmtSpread(spread: RatioSpread): string {
  return `×${fmt(spread.median)} (IQR ${fmt(spread.q1)}–${fmt(spread.q3)}, min–max ${fmt(spread.min)}–${fmt(spread.max)}, ${spread.rounds} rounds)`;
}

function consume(value: unknown): number {
  if (typeof value === 'number') return value | 0;
  if (typeof value === 'string') return value.length;
  if (value instanceof Uint8Array) return value.byteLength;
  return value === undefined ? 0 : 1;
}

/** Formats a number for BENCHMARKS.md tables. */
export function fmt(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : String(value);
}
