import { referenceColumns, referenceJsonLines } from '../scripts/bench/parquet.ts';
import { createDeserializer } from '../formats/serde/deserializeJson.ts';
import { createOrcWriter } from '../formats/orc/writeOrc.ts';
import { createParquetWriter } from '../formats/parquet/writeParquet.ts';
const cols = referenceColumns();
const text = referenceJsonLines(100_000);
const d = createDeserializer({ name: 'r', databaseName: 'b', columns: cols, partitionKeys: [], parameters: {} });
const rows = text.split('\n').filter(Boolean).flatMap((l) => { const r = d(l); if ('error' in r) throw r.error; return r.rows; });
for (const c of cols) {
  const sub = rows.map((r) => ({ [c.name]: r[c.name] ?? null }));
  let a = Infinity, b = Infinity;
  for (let k = 0; k < 4; k++) {
  const t0 = performance.now(); { const w = createOrcWriter([c], {}); for (const r of sub) w.write(r); w.close(); }
  const t1 = performance.now(); { const w = createParquetWriter([c], {}); for (const r of sub) w.write(r); w.close(); }
  const t2 = performance.now(); a = Math.min(a, t1 - t0); b = Math.min(b, t2 - t1);
  }
  console.log(c.name.padEnd(12), 'orc', Math.round(a), 'parquet', Math.round(b));
}
