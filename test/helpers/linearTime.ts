/**
 * Linear time shown by a ratio, never by a wall-clock limit (STYLE.md rule 17): the work is timed on an
 * input of size n and on one of size 8n, interleaved so that load on the machine weighs on both alike,
 * each timing repeated until it lasts long enough to measure, the fastest of a few rounds taken. Linear
 * work gives a ratio near 8, quadratic near 64; the bound sits between, well under quadratic.
 *
 * Time is this process's CPU time, not the wall clock: vitest runs each test file in a process of its own
 * (pool 'forks'), so time the scheduler gives to other processes on a busy machine is not counted. With the
 * wall clock, ratios of 25–30 for linear work were seen at load average 5–8 on 2 cores.
 */

export interface LinearTimeOptions {
  /** Size of the larger input (the smaller is an eighth of it). Default 1,000,000. */
  readonly size?: number;
  /** Largest accepted ratio of the two times. Default 24 (linear: 8, quadratic: 64). */
  readonly maxRatio?: number;
  /** Rounds, each timing both sizes; the fastest of each size are compared. Default 5. */
  readonly rounds?: number;
}

/** The shortest time a timing may last; faster work is repeated until it lasts this long. */
const MIN_TIMING_MS = 15;

/** Milliseconds of this process's CPU time (user and system) since `since`. */
function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function timePerCall<T>(input: T, run: (input: T) => unknown): number {
  let calls = 0;
  const started = process.cpuUsage();
  let elapsed = 0;
  do {
    run(input);
    calls++;
    elapsed = cpuMsSince(started);
  } while (elapsed < MIN_TIMING_MS);
  return elapsed / calls;
}

/** The ratio of the CPU time at 8n to the CPU time at n (the fastest of interleaved rounds). */
export function timeRatio<T>(build: (size: number) => T, run: (input: T) => unknown, options: LinearTimeOptions = {}): number {
  const size = options.size ?? 1_000_000;
  const rounds = options.rounds ?? 5;
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
  return Math.min(...largeTimes) / Math.min(...smallTimes);
}

/** Throws unless `run` takes time linear in the size of what `build` makes (see the file comment). */
export function expectLinearTime<T>(build: (size: number) => T, run: (input: T) => unknown, options: LinearTimeOptions = {}): void {
  const maxRatio = options.maxRatio ?? 24;
  const ratio = timeRatio(build, run, options);
  if (!(ratio <= maxRatio)) {
    throw new Error(`not linear: 8× the input took ${ratio.toFixed(1)}× the time (linear is about 8, quadratic 64; the bound is ${maxRatio})`);
  }
}
