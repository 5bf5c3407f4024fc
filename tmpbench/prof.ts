import { referenceColumns, referenceJsonLines } from '../scripts/bench/parquet.ts';
import { createDeserializer } from '../formats/serde/deserializeJson.ts';
import { createOrcWriter } from '../formats/orc/writeOrc.ts';
const cols = referenceColumns();
const text = referenceJsonLines(100_000);
const d = createDeserializer({ name: 'r', databaseName: 'b', columns: cols, partitionKeys: [], parameters: {} });
const rows = text.split('\n').filter(Boolean).flatMap((l) => { const r = d(l); if ('error' in r) throw r.error; return r.rows; });
for (let i = 0; i < 3; i++) { const w = createOrcWriter(cols, {}); for (const r of rows) w.write(r); w.close(); }
