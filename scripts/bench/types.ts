/** What a benchmark suite hands back to `scripts/bench.ts`, which writes it into BENCHMARKS.md. */
export interface BenchReport {
  /** Stable id; BENCHMARKS.md keeps one section per id, replaced on each run. */
  readonly id: string;
  readonly title: string;
  /** The section body in Markdown: what was measured, the table of figures, the verdict against the target. */
  readonly markdown: string;
  /** Whether the target was met in this run. */
  readonly targetMet: boolean;
}

export interface BenchOptions {
  /** Timed runs per case (medians are reported); at least 5. */
  readonly runs: number;
  /** Smaller inputs for a smoke run (`npm run bench -- --quick`); figures are not recorded then. */
  readonly quick: boolean;
}

export type BenchSuite = (options: BenchOptions) => Promise<BenchReport>;
