/** The benchmark harness's spread of per-round ratios (scripts/bench/measure.ts). */
import { describe, expect, it } from 'vitest';
import { fmtSpread, measureInterleaved, quantile, ratioSpread, type CaseTiming } from '../../scripts/bench/measure.js';

function timing(samplesMs: number[], cpuSamplesMs: number[] = samplesMs): CaseTiming {
  return { name: 'case', samplesMs, medianMs: Number.NaN, cpuSamplesMs };
}

describe('ratioSpread', () => {
  it('pairs samples by round, not by rank: a round where both sides were slow is one ratio', () => {
    // Prepare: round 2 hit a busy machine for both cases.
    const baseline = timing([10, 40, 10, 10, 10]);
    const candidate = timing([15, 60, 15, 15, 30]);
    // Act
    const spread = ratioSpread(candidate, baseline);
    // Assess
    expect(spread).toEqual({ median: 1.5, q1: 1.5, q3: 1.5, min: 1.5, max: 3, rounds: 5 });
    expect(fmtSpread(spread)).toBe('×1.50 (IQR 1.50–1.50, min–max 1.50–3.00, 5 rounds)');
  });

  it('uses CPU samples when asked', () => {
    const spread = ratioSpread(timing([10, 10, 10], [2, 4, 6]), timing([10, 10, 10], [1, 1, 1]), 'cpu');
    expect([spread.min, spread.median, spread.max]).toEqual([2, 4, 6]);
  });

  it('interpolates quartiles between order statistics', () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([5], 0.75)).toBe(5);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('runs the cases interleaved, one sample of each per round, wall and CPU', async () => {
    const order: string[] = [];
    const timings = await measureInterleaved(
      [
        { name: 'a', run: () => order.push('a') },
        { name: 'b', run: () => order.push('b') },
      ],
      { runs: 3, warmup: 1 },
    );
    expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    expect(timings.map((t) => [t.samplesMs.length, t.cpuSamplesMs.length])).toEqual([
      [3, 3],
      [3, 3],
    ]);
  });
});
