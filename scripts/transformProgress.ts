/**
 * The progress bar of `npm run transform` on a terminal (cli-progress): records, MB read, rate and, when
 * the inputs are plain files of known size, the ETA. Nothing when stderr is not a TTY or with --quiet.
 */
import { stat } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import type { ReplaySummary } from '../firehose/replay/replay.js';

export interface Progress {
  update(summary: ReplaySummary): void;
  stop(): void;
}

/** Total input bytes when every input is an uncompressed regular file (the ETA needs it), else undefined. */
async function knownTotal(files: readonly string[]): Promise<number | undefined> {
  let total = 0;
  for (const file of files) {
    if (file === '-' || file.endsWith('.gz')) return undefined;
    const info = await stat(file).catch(() => undefined);
    if (info === undefined || !info.isFile()) return undefined;
    total += info.size;
  }
  return total;
}

export async function startProgress(files: readonly string[], enabled: boolean): Promise<Progress | undefined> {
  if (!enabled || process.stderr.isTTY !== true) return undefined;
  const total = await knownTotal(files);
  const started = Date.now();
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: total === undefined ? '{records} records | {mb} MB | {rate} records/s | {invocations} invocations' : '[{bar}] {percentage}% | {records} records | {mb} MB | {rate} records/s | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
  );
  bar.start(total ?? 1, 0, { records: 0, mb: '0.0', rate: 0, invocations: 0 });
  return {
    update(summary) {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      bar.update(total === undefined ? 0 : Math.min(total, summary.bytesIn), { records: summary.recordsIn, mb: (summary.bytesIn / 1e6).toFixed(1), rate: Math.round(summary.recordsIn / seconds), invocations: summary.invocations });
    },
    stop() {
      bar.stop();
    },
  };
}
