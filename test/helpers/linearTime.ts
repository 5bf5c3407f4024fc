/**
 * Linear time shown by a ratio, never by a wall-clock limit (STYLE.md rule 17): the work is timed on an
 * input of size n and on one of size 8n, interleaved so that load on the machine weighs on both alike,
 * each timing repeated until it lasts long enough to measure, the median of a few rounds taken. Linear
 * work gives a ratio near 8, quadratic near 64; the bound sits between, well under quadratic.
 */
import { performance } from 'node:perf_hooks';

export interface LinearTimeOptions {
  /** Size of the larger input (the smaller is an eighth of it). Default 1,000,000. */
  readonly size?: number;
  /** Largest accepted ratio of the two times. Default 24 (linear: 8, quadratic: 64). */
  readonly maxRatio?: number;
  /** Rounds, each timing both sizes; the medians are compared. Default 3. */
  readonly rounds?: number;
}

/** The shortest time a timing may last; faster work is repeated until it lasts this long. */
const MIN_TIMING_MS = 15;

function timePerCall<T>(input: T, run: (input: T) => unknown): number {
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    run(input);
    calls++;
    elapsed = performance.now() - started;
  } while (elapsed < MIN_TIMING_MS);
  return elapsed / calls;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The ratio of the time at 8n to the time at n (medians of interleaved rounds). */
export function timeRatio<T>(build: (size: number) => T, run: (input: T) => unknown, options: LinearTimeOptions = {}): number {
  const size = options.size ?? 1_000_000;
  const rounds = options.rounds ?? 3;
  const small = build(Math.floor(size / 8));
  const large = build(size);
  // One untimed call each, so that compiling the code is not timed.
  run(small);
  run(large);
  const smallTimes: number[] = [];
  const largeTimes: number[] = [];
  for (let round = 0; round < rounds; round++) {
    smallTimes.push(timePerCall(small, run));
    largeTimes.push(timePerCall(large, run));
  }
  return median(largeTimes) / median(smallTimes);
}

/** Throws unless `run` takes time linear in the size of what `build` makes (see the file comment). */
export function expectLinearTime<T>(build: (size: number) => T, run: (input: T) => unknown, options: LinearTimeOptions = {}): void {
  const maxRatio = options.maxRatio ?? 24;
  const ratio = timeRatio(build, run, options);
  if (!(ratio <= maxRatio)) {
    throw new Error(`not linear: 8× the input took ${ratio.toFixed(1)}× the time (linear is about 8, quadratic 64; the bound is ${maxRatio})`);
  }
}
