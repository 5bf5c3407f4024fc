import { referenceColumns, referenceJsonLines } from '../scripts/bench/parquet.ts';
import { createDeserializer } from '../formats/serde/deserializeJson.ts';
import { createParquetWriter } from '../formats/parquet/writeParquet.ts';
import { createOrcWriter } from '../formats/orc/writeOrc.ts';
const cols = referenceColumns();
const text = referenceJsonLines(100_000);
const d = createDeserializer({ name: 'r', databaseName: 'b', columns: cols, partitionKeys: [], parameters: {} });
const rows = text.split('\n').filter(Boolean).flatMap((l) => { const r = d(l); if ('error' in r) throw r.error; return r.rows; });
function time(name: string, f: () => Uint8Array) { const t = performance.now(); const b = f(); console.log(name, Math.round(performance.now() - t), 'ms', b.length, 'bytes'); }
for (let i = 0; i < 3; i++) {
  time('parquet snappy', () => { const w = createParquetWriter(cols, {}); for (const r of rows) w.write(r); return w.close(); });
  time('orc snappy', () => { const w = createOrcWriter(cols, {}); for (const r of rows) w.write(r); return w.close(); });
  time('orc zlib', () => { const w = createOrcWriter(cols, { Compression: 'ZLIB' }); for (const r of rows) w.write(r); return w.close(); });
}
