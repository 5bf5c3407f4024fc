/**
 * Benchmark: the Firehose deserializers against the floor of any JSON reader in Node, `JSON.parse` of
 * the same UTF-8 records, on the two shipped Glue tables and the Parquet suite's reference table:
 * the schema-compiled decoder (formats/serde/compiledDeserializer.ts, the one deliveries use) and the
 * reference deserializer (formats/serde/deserializeJson.ts, which it must equal).
 * Target (issue 11): the compiled decoder at most 1.5x JSON.parse, judged on the median of per-round
 * ratios (every round runs all three cases, interleaved), with the spread shown.
 *
 * Run alone: npx tsx -e "import('./scripts/bench/deserialize.ts').then(m => m.deserializeBench({runs: 5, quick: false})).then(r => console.log(r.markdown))"
 */
import { Buffer } from 'node:buffer';
import { fileURLToPath } from 'node:url';
import { createCompiledDeserializer } from '../../formats/serde/compiledDeserializer.js';
import { createDeserializer, type Deserializer } from '../../formats/serde/deserializeJson.js';
import { loadGlueTable } from '../../firehose/sources/glueTableFile.js';
import { fmt, fmtSpread, measureInterleaved, ratioSpread, type BenchCase } from './measure.js';
import { referenceJsonLines, referenceTable } from './parquet.js';
import type { BenchOptions, BenchReport, BenchSuite } from './types.js';

const TARGET_RATIO = 1.5;
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A web access log record as parseApacheLog writes it (default field names). */
function webAccessRecord(i: number): string {
  return JSON.stringify({
    client: `198.51.${i % 256}.${(i * 7) % 256}`,
    ident: null,
    user: i % 11 === 0 ? 'alice' : null,
    timestamp: new Date(Date.UTC(2024, 2, 10) + i * 997).toISOString().replace('.000Z', 'Z'),
    utcOffset: '+01:00',
    request: `GET /products/${i % 5000}?page=${i % 9} HTTP/1.1`,
    method: 'GET',
    path: `/products/${i % 5000}`,
    query: `page=${i % 9}`,
    protocol: 'HTTP/1.1',
    status: i % 50 === 0 ? 404 : 200,
    bytes: 512 + ((i * 131) % 90_000),
    referrer: i % 3 === 0 ? null : 'https://www.example.com/search?q=shoes',
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
  });
}

/** A nested clickstream event (glue-schemas/clickstream_events.json, the shape of samples/clickstream.jsonl). */
function clickstreamRecord(i: number): string {
  const purchase = i % 4 === 3;
  return JSON.stringify({
    event_id: `evt-${String(i).padStart(7, '0')}`,
    event_type: ['page_view', 'click', 'search', 'purchase'][i % 4],
    event_time: Date.UTC(2025, 0, 1) + i * 613,
    user: { id: `u-${1000 + (i % 97)}`, email: `user${i % 97}@example.com`, country: ['PT', 'FR', 'EG', 'JP'][i % 4], logged_in: i % 3 !== 0 },
    page: { url: `https://shop.example.com/p/${i % 900}`, referrer: i % 5 === 0 ? null : 'https://news.example.org/coffee' },
    device: { user_agent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1', ip: `203.0.113.${i % 256}`, screen: { width: 390, height: 844 } },
    session_id: `s-${i >> 4}`,
    ...(purchase ? { order: { order_id: `o-${i}`, total: 12.5 + (i % 500), currency: 'EUR', items: [{ sku: `SKU-${i % 977}`, qty: 1 + (i % 3) }, { sku: 'SKU-12', qty: 1 }] } } : {}),
    ...(i % 4 === 2 ? { search: { query: 'espresso grinder', results: i % 40 } } : {}),
    tags: ['returning', i % 2 === 0 ? 'mobile' : 'desktop'],
  });
}

function rowsOf(deserialize: Deserializer, records: readonly Buffer[]): number {
  let n = 0;
  for (const record of records) {
    const result = deserialize(record);
    if ('rows' in result) n += result.rows.length;
    else throw result.error;
  }
  return n;
}

export const deserializeBench: BenchSuite = async (options: BenchOptions): Promise<BenchReport> => {
  const count = options.quick ? 20_000 : 200_000;
  const tables = [
    { name: 'web_access_logs', load: () => loadGlueTable(`${repoRoot}glue-schemas/web_access_logs.json`), records: () => Array.from({ length: count }, (_, i) => Buffer.from(webAccessRecord(i), 'utf8')) },
    { name: 'clickstream_events', load: () => loadGlueTable(`${repoRoot}glue-schemas/clickstream_events.json`), records: () => Array.from({ length: count }, (_, i) => Buffer.from(clickstreamRecord(i), 'utf8')) },
    {
      name: 'reference (Parquet suite)',
      load: async () => referenceTable(),
      records: () =>
        referenceJsonLines(count)
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => Buffer.from(line, 'utf8')),
    },
  ];
  const rows: string[] = [];
  const verdicts: string[] = [];
  let targetMet = true;
  for (const { name, load, records: make } of tables) {
    const table = await load();
    const records = make();
    const megabytes = records.reduce((sum, record) => sum + record.byteLength, 0) / 1e6;
    const reference = createDeserializer(table);
    const compiled = createCompiledDeserializer(table);
    const cases: BenchCase[] = [
      {
        name: 'JSON.parse',
        run: () => {
          let n = 0;
          for (const record of records) if (JSON.parse(record.toString('utf8')) !== null) n++;
          return n;
        },
      },
      { name: 'createCompiledDeserializer (OpenX)', run: () => rowsOf(compiled, records) },
      { name: 'createDeserializer (OpenX, reference)', run: () => rowsOf(reference, records) },
    ];
    const timings = await measureInterleaved(cases, { runs: options.runs });
    const parse = timings[0]!;
    const compiledCpu = ratioSpread(timings[1]!, parse, 'cpu');
    const compiledWall = ratioSpread(timings[1]!, parse);
    targetMet &&= compiledCpu.median <= TARGET_RATIO;
    verdicts.push(`${name}: compiled decoder, CPU time ${fmtSpread(compiledCpu)} JSON.parse; wall clock ${fmtSpread(compiledWall)}`);
    for (const timing of timings) {
      const cpu = ratioSpread(timing, parse, 'cpu');
      const wall = ratioSpread(timing, parse);
      rows.push(
        `| ${name} | ${timing.name} | ${fmt(timing.medianMs, 0)} | ${fmt((count / timing.medianMs) * 1000, 0)} | ${fmt(megabytes / (timing.medianMs / 1000), 1)} | ${fmt(cpu.median)} | ${fmt(cpu.q1)}–${fmt(cpu.q3)} | ${fmt(cpu.min)}–${fmt(cpu.max)} | ${fmt(wall.median)} | ${fmt(wall.q1)}–${fmt(wall.q3)} |`,
      );
    }
  }
  const markdown = [
    `${count.toLocaleString('en-US')} records per table, read from UTF-8 bytes; ${options.runs} rounds after one warm-up, each round running the three cases one after another, so that × JSON.parse is a ratio within one round; the table gives its median over the rounds, interquartile range and extremes. ` +
      'Both deserializers decode, parse, match keys case-insensitively and convert every value to its Glue type (timestamps to bigint nanoseconds); the compiled decoder does it in one pass over the text, the reference parses with JSON.parse (or its lossless parser when a number has more than 15 digits) and then walks the parsed objects.',
    '',
    '| table | case | median ms (wall) | rows/s | MB/s of JSON | × JSON.parse, CPU | IQR | min–max | × JSON.parse, wall | IQR |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    ...verdicts.map((verdict) => `- ${verdict}`),
    '',
    `Target: the compiled decoder at most ${TARGET_RATIO}x JSON.parse on every table, judged on the median of the per-round CPU-time ratios — ${targetMet ? 'met' : 'NOT met'}.`,
  ].join('\n');
  return { id: 'deserialize', title: 'Firehose deserializer (JSON → rows)', markdown, targetMet };
};
