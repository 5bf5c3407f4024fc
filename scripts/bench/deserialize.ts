/**
 * Benchmark: the Firehose deserializer (formats/serde/deserializeJson.ts) against the floor of any JSON
 * reader in Node, `JSON.parse` of the same UTF-8 records, on the two shipped Glue tables.
 * Yardstick: at most 3x the time of JSON.parse (the Parquet suite's target, within 3x of DuckDB end to
 * end, leaves the deserializer only a share of the budget).
 *
 * Run alone: npx tsx -e "import('./scripts/bench/deserialize.ts').then(m => m.deserializeBench({runs: 5, quick: false})).then(r => console.log(r.markdown))"
 */
import { Buffer } from 'node:buffer';
import { fileURLToPath } from 'node:url';
import { createDeserializer } from '../../formats/serde/deserializeJson.js';
import { loadGlueTable } from '../../firehose/sources/glueTableFile.js';
import { fmt, measureInterleaved, type BenchCase } from './measure.js';
import type { BenchOptions, BenchReport, BenchSuite } from './types.js';

const TARGET_RATIO = 3;
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

export const deserializeBench: BenchSuite = async (options: BenchOptions): Promise<BenchReport> => {
  const count = options.quick ? 20_000 : 200_000;
  const tables = [
    { name: 'web_access_logs', make: webAccessRecord },
    { name: 'clickstream_events', make: clickstreamRecord },
  ];
  const rows: string[] = [];
  let targetMet = true;
  for (const { name, make } of tables) {
    const table = await loadGlueTable(`${repoRoot}glue-schemas/${name}.json`);
    const records = Array.from({ length: count }, (_, i) => Buffer.from(make(i), 'utf8'));
    const megabytes = records.reduce((sum, record) => sum + record.byteLength, 0) / 1e6;
    const deserialize = createDeserializer(table);
    const cases: BenchCase[] = [
      {
        name: 'JSON.parse',
        run: () => {
          let n = 0;
          for (const record of records) if (JSON.parse(record.toString('utf8')) !== null) n++;
          return n;
        },
      },
      {
        name: 'createDeserializer (OpenX)',
        run: () => {
          let n = 0;
          for (const record of records) {
            const result = deserialize(record);
            if ('rows' in result) n += result.rows.length;
            else throw result.error;
          }
          return n;
        },
      },
    ];
    const [parse, convert] = await measureInterleaved(cases, { runs: options.runs });
    const ratio = convert!.medianMs / parse!.medianMs;
    targetMet &&= ratio <= TARGET_RATIO;
    for (const timing of [parse!, convert!]) {
      rows.push(`| ${name} | ${timing.name} | ${fmt(timing.medianMs, 0)} | ${fmt((count / timing.medianMs) * 1000, 0)} | ${fmt(megabytes / (timing.medianMs / 1000), 1)} | ${timing === convert ? fmt(ratio) : '1.00'} |`);
    }
  }
  const markdown = [
    `${count.toLocaleString('en-US')} records per table, read from UTF-8 bytes; median of ${options.runs} interleaved runs. The deserializer decodes, parses (JSON.parse, or the lossless parser when a number has more than 15 digits), matches keys case-insensitively and converts every value to its Glue type (timestamps to bigint nanoseconds).`,
    '',
    '| table | case | median ms | rows/s | MB/s of JSON | × JSON.parse |',
    '|---|---|---:|---:|---:|---:|',
    ...rows,
    '',
    `Yardstick: at most ${TARGET_RATIO}x JSON.parse — ${targetMet ? 'met' : 'NOT met'}.`,
  ].join('\n');
  return { id: 'deserialize', title: 'Firehose deserializer (JSON → rows)', markdown, targetMet };
};
