/**
 * Linear-time checks without wall-clock limits: the time per call of an input 8 times as large, divided
 * by the time per call of the small one. Linear work gives about 8, quadratic work about 64.
 */
/**
 * Milliseconds of this process's CPU time per call: the fastest of 5 samples of `reps` calls each. CPU
 * time, because vitest runs each test file in a process of its own (pool 'forks'), so other processes on
 * a busy machine are not counted; the fastest sample is the one least disturbed by GC and caches.
 */
export function fastestMsPerCall(call: () => unknown, reps: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let sample = 0; sample < 5; sample++) {
    const started = process.cpuUsage();
    for (let rep = 0; rep < reps; rep++) call();
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000 / reps);
  }
  return best;
}

/** Time per call on `large` over time per call on `small` (`large` about 8 times `small`), after a warm-up. */
export function scalingRatio<T>(run: (input: T) => unknown, small: T, large: T): number {
  for (let warm = 0; warm < 5; warm++) {
    run(small);
    run(large);
  }
  return fastestMsPerCall(() => run(large), 2) / fastestMsPerCall(() => run(small), 16);
}
