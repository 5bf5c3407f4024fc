/**
 * Benchmark measurement shared by every suite of `npm run bench`. The machine is shared and noisy, so
 * candidates and their baseline run interleaved (A, B, A, B, …) and are compared by the ratio of medians.
 */
import { performance } from 'node:perf_hooks';

export interface BenchCase {
  readonly name: string;
  /** One timed run. Return a value derived from the work so that it cannot be optimised away. */
  readonly run: () => unknown | Promise<unknown>;
}

export interface CaseTiming {
  readonly name: string;
  readonly samplesMs: readonly number[];
  readonly medianMs: number;
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
  for (let i = 0; i < options.runs; i++) {
    for (const [index, c] of cases.entries()) {
      const start = performance.now();
      sink ^= consume(await c.run());
      samples[index]!.push(performance.now() - start);
    }
  }
  if (sink === 0.5) console.log('');
  return cases.map((c, index) => ({ name: c.name, samplesMs: samples[index]!, medianMs: median(samples[index]!) }));
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
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
