/**
 * Benchmark: parseJson's exact numbers (issue 12, item 3) against numbers: 'float' (plain JSON.parse), in
 * the same run, interleaved. Typical records (no number a float64 would change; ISO timestamps with
 * milliseconds in strings) cost only the scan that proves JSON.parse exact: target ≤ 1.10 × the float path.
 * Records that do hold such numbers (a 64-bit id in each) take the exact parser; their cost is reported.
 */
import { Buffer } from 'node:buffer';
import { parseJson } from '../../transforms/json/parseJson.js';
import { toJsonLine } from '../../transforms/json/toJsonLine.js';
import type { JsonValue, RecordContext } from '../../transforms/core/types.js';
import { syntheticRecord } from './handler.js';
import { fmt, measureInterleaved } from './measure.js';
import type { BenchOptions, BenchReport } from './types.js';

const TARGET_RATIO = 1.1;

const CONTEXT: RecordContext = {
  recordId: 'bench',
  arrivalTimestamp: 1_735_732_800_000,
  partitionKeys: {},
  source: { deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/bench', region: 'us-east-1', invocationId: 'bench' },
};

/** The synthetic clickstream record with a 64-bit id (past 2^53) added. */
function recordWithId(i: number): string {
  return `{"id":${12345678901234567890n + BigInt(i)},${syntheticRecord(i).slice(1)}`;
}

export async function numbersBench(options: BenchOptions): Promise<BenchReport> {
  const count = options.quick ? 500 : 5_000;
  const typical = Array.from({ length: count }, (_, i) => Buffer.from(syntheticRecord(i)));
  const withIds = Array.from({ length: count }, (_, i) => Buffer.from(recordWithId(i)));
  const megabytes = (records: readonly Buffer[]): number => records.reduce((sum, r) => sum + r.byteLength, 0) / 1e6;
  const exact = parseJson();
  const float = parseJson({ numbers: 'float' });
  const write = toJsonLine();
  const through = (parse: typeof exact, records: readonly Buffer[]) => (): number => {
    let bytes = 0;
    for (const record of records) bytes += write(parse(record, CONTEXT) as JsonValue, CONTEXT).length;
    return bytes;
  };
  const [floatTypical, exactTypical, floatIds, exactIds] = await measureInterleaved(
    [
      { name: "typical records, parseJson({ numbers: 'float' }) → toJsonLine (baseline)", run: through(float, typical) },
      { name: 'typical records, parseJson() (exact) → toJsonLine', run: through(exact, typical) },
      { name: "records with a 64-bit id, parseJson({ numbers: 'float' }) → toJsonLine (loses digits)", run: through(float, withIds) },
      { name: 'records with a 64-bit id, parseJson() (exact) → toJsonLine', run: through(exact, withIds) },
    ],
    { runs: options.runs, warmup: 2 },
  );
  const typicalRatio = exactTypical!.medianMs / floatTypical!.medianMs;
  const idRatio = exactIds!.medianMs / floatIds!.medianMs;
  const row = (t: { name: string; medianMs: number }, mb: number): string => `| ${t.name} | ${fmt(t.medianMs)} | ${fmt(mb / (t.medianMs / 1000))} |`;
  const markdown = [
    `Input: ${count.toLocaleString('en-US')} synthetic clickstream records of ~1.1 KiB (${fmt(megabytes(typical))} MB; ISO timestamps with milliseconds in strings, no number a float64 would change), and the same records with a 64-bit id added (${fmt(megabytes(withIds))} MB). Median of ${options.runs} interleaved runs after 2 warm-ups.`,
    '',
    '| case | median ms | MB/s |',
    '|---|---:|---:|',
    row(floatTypical!, megabytes(typical)),
    row(exactTypical!, megabytes(typical)),
    row(floatIds!, megabytes(withIds)),
    row(exactIds!, megabytes(withIds)),
    '',
    `Typical records, exact / float: **${fmt(typicalRatio)}** (target ≤ ${fmt(TARGET_RATIO)}): ${typicalRatio <= TARGET_RATIO ? 'met' : 'not met'}. Records with a 64-bit id, exact / float: **${fmt(idRatio)}** (the price of keeping every digit; reported, no target).`,
  ].join('\n');
  return { id: 'numbers', title: 'Exact numbers: parseJson() vs. numbers: \'float\'', markdown, targetMet: typicalRatio <= TARGET_RATIO };
}
