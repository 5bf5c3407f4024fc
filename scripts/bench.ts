/**
 * npm run bench [-- SUITE ...] [--runs N] [--quick]
 *
 * Runs the benchmark suites (all, or those named) and writes each one's section into BENCHMARKS.md.
 * Every suite measures its candidate against a baseline in the same run, interleaved, and reports
 * medians and ratios: absolute times on this shared machine are noisy, ratios much less so.
 */
import { cpus } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { BenchReport, BenchSuite } from './bench/types.js';

const SUITES: Record<string, () => Promise<BenchSuite>> = {
  handler: async () => (await import('./bench/handler.js')).handlerBench,
  transforms: async () => (await import('./bench/transforms.js')).transformsBench,
  logs: async () => (await import('./bench/logs.js')).logsBench,
  deserialize: async () => (await import('./bench/deserialize.js')).deserializeBench,
  parquet: async () => (await import('./bench/parquet.js')).parquetBench,
  pii: async () => (await import('./bench/pii.js')).piiBench,
  'syslog-agreement': async () => (await import('./bench/syslogAgreement.js')).syslogAgreementBench,
  bundles: async () => (await import('./bench/bundles.js')).bundlesBench,
  numbers: async () => (await import('./bench/numbers.js')).numbersBench,
  orc: async () => (await import('./bench/orc.js')).orcBench,
  replay: async () => (await import('./bench/replay.js')).replayBench,
};

const FILE = 'BENCHMARKS.md';
const HEADER = `# Benchmarks

Written by \`npm run bench\`; each section is replaced when its suite runs again. Figures are medians of
interleaved runs on the project's 2-core machine, shared with other work, so compare ratios measured in
the same run rather than absolute times across runs.
`;

export const USAGE = `usage: npm run bench [-- SUITE ...] [--runs N] [--quick]

Runs benchmark suites (all, or those named: ${Object.keys(SUITES).join(', ')}), each candidate interleaved
with its baseline, and writes each suite's section of BENCHMARKS.md (not with --quick).

options:
  --runs N    timed runs per case (default 11; at least 5; the bundles suite uses at least 10)
  --quick     smaller inputs, figures not recorded
  --help      this text

examples:
  npm run bench -- bundles
  npm run bench -- handler parquet --runs 15`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '11' }, quick: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)} (npm run bench -- --help)\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 5) {
    process.stderr.write('bench: --runs must be an integer of at least 5 (medians need several runs)\n');
    return 2;
  }
  const names = positionals.length > 0 ? positionals : Object.keys(SUITES);
  const unknown = names.filter((n) => !(n in SUITES));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown suite(s) ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}\n`);
    return 2;
  }
  const reports: BenchReport[] = [];
  for (const name of names) {
    process.stdout.write(`running ${name}…\n`);
    const suite = await SUITES[name]!();
    const report = await suite({ runs, quick: values.quick });
    process.stdout.write(`${report.markdown}\n\n`);
    reports.push(report);
  }
  if (values.quick) {
    process.stdout.write('(--quick: figures not written to BENCHMARKS.md)\n');
  } else {
    let text = await readFile(FILE, 'utf8').catch(() => HEADER);
    const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}`;
    for (const r of reports) {
      const section = `<!-- bench:${r.id}:start -->\n## ${r.title}\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine} with \`npm run bench -- ${r.id}\`.\n\n${r.markdown}\n<!-- bench:${r.id}:end -->`;
      const pattern = new RegExp(`<!-- bench:${r.id}:start -->[\\s\\S]*?<!-- bench:${r.id}:end -->`);
      text = pattern.test(text) ? text.replace(pattern, () => section) : `${text.trimEnd()}\n\n${section}\n`;
    }
    await writeFile(FILE, text);
    process.stdout.write(`wrote ${FILE}\n`);
  }
  return reports.every((r) => r.targetMet) ? 0 : 1;
}

process.exitCode = await main();
