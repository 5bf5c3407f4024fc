import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGlueType } from '../../formats/glue/glueType.js';
import { createOrcWriter } from '../../formats/orc/writeOrc.js';
import { createParquetStreamWriter } from '../../formats/parquet/writeParquet.js';
import { runInspectCommand, USAGE, type InspectReport } from '../../scripts/inspect.js';
import { repoPath } from '../helpers/fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'inspect-cli-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const spec = { id: 'bigint', name: 'string', price: 'decimal(6,2)', day: 'date', at: 'timestamp', tags: 'array<string>', geo: 'struct<city:string>' };
const columns = Object.entries(spec).map(([name, typeString]) => ({ name, type: parseGlueType(typeString), typeString }));
const rows = Array.from({ length: 30 }, (_, i) => ({
  id: BigInt(i),
  name: i % 2 === 0 ? 'even' : 'odd',
  price: BigInt(i * 101),
  day: 19_000 + i,
  at: 1_700_000_000_000_000_000n + BigInt(i) * 1_000_000n,
  tags: i === 0 ? [] : ['a', `t${i}`],
  geo: i % 3 === 0 ? null : { city: 'Zürich' },
}));

function orcFile(): string {
  const writer = createOrcWriter(columns, { Compression: 'ZLIB' }, { stripeSizeBytes: 1500, rowIndexStride: 10 });
  for (const row of rows) writer.write(row);
  const path = join(scratch, 'events.orc');
  writeFileSync(path, writer.close());
  return path;
}

function parquetFile(): string {
  const chunks: Uint8Array[] = [];
  const writer = createParquetStreamWriter(columns, { Compression: 'SNAPPY' }, { write: (chunk) => chunks.push(chunk) });
  for (const row of rows) writer.write(row);
  writer.close();
  const path = join(scratch, 'events.parquet');
  writeFileSync(path, Buffer.concat(chunks));
  return path;
}

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runInspectCommand(args, { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('npm run inspect', () => {
  it('shows an ORC file: schema as Glue types, rows, stripes with encodings, statistics and the first rows', async () => {
    const path = orcFile();
    const { code, stdout, stderr } = await run(path, '--rows', '2');
    expect([code, stderr]).toEqual([0, '']);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${path.replace(/[.\\]/g, '\\$&')}: ORC 0\\.12, [0-9,]+ bytes, written by firehose-kit 0\\.1\\.0$`));
    expect(lines[1]).toMatch(/^rows: 30; stripes: [2-9]$/);
    expect(lines).toContain('  price  decimal(6,2)');
    expect(lines).toContain('  tags   array<string>');
    expect(lines).toContain('  geo    struct<city:string>');
    expect(lines.some((line) => /^ {2}name +ZLIB +DICTIONARY_V2 \(2 entries\) +[0-9,]+ bytes$/.test(line))).toBe(true);
    const statistics = (column: string) => lines.find((line) => line.startsWith(`  ${column} `) && line.includes('values'))?.replace(/^ {2}\S+ +/, '');
    expect(statistics('id')).toBe('values 30, nulls false, minimum 0, maximum 29, sum 435');
    expect(statistics('price')).toBe('values 30, nulls false, minimum "0", maximum "29.29", sum "439.35"');
    expect(statistics('at')).toBe('values 30, nulls false, minimum "2023-11-14 22:13:20", maximum "2023-11-14 22:13:20.029"');
    expect(statistics('geo')).toBe('values 20, nulls true');
    expect(lines.slice(-3)).toEqual([
      'first 2 rows:',
      '{"id":0,"name":"even","price":"0.00","day":"2022-01-08","at":"2023-11-14 22:13:20","tags":[],"geo":null}',
      '{"id":1,"name":"odd","price":"1.01","day":"2022-01-09","at":"2023-11-14 22:13:20.001","tags":["a","t1"],"geo":{"city":"Zürich"}}',
    ]);
  });

  it('shows a Parquet file the same way, from its footer and hyparquet', async () => {
    const path = parquetFile();
    const { code, stdout } = await run(path, '--rows', '1', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as InspectReport;
    expect(report.format).toBe('Parquet');
    expect(report.rows).toBe(30);
    expect(report.columns).toEqual(Object.entries(spec).map(([name, type]) => ({ name, type })));
    expect(report.blocks[0]?.columns.map((c) => c.compression)).toContain('SNAPPY');
    expect(report.firstRows).toHaveLength(1);
  });

  it('--json gives one object per file with every stripe and the statistics', async () => {
    const { code, stdout } = await run(orcFile(), repoPath('test/fixtures/orc/TestOrcFile.test1.orc'), '--json', '--rows', '1');
    expect(code).toBe(0);
    const [ours, apache] = stdout.split('\n').map((line) => JSON.parse(line) as InspectReport);
    expect(ours!.blocks.reduce((sum, block) => sum + block.rows, 0)).toBe(30);
    expect(ours!.statistics.find((s) => s.column === 'geo.city')).toMatchObject({ values: 20, nulls: false, minimum: 'Zürich' });
    expect(apache).toMatchObject({ format: 'ORC', rows: 2, version: '0.12' });
    expect(apache!.firstRows[0]).toMatchObject({ boolean1: false, long1: '9223372036854775807', bytes1: 'AAECAwQ=', map: {} });
  });

  it.each([
    ['no file', [], 2, 'inspect: name at least one .orc or .parquet file'],
    ['a bad --rows', ['x.orc', '--rows', 'many'], 2, 'inspect: --rows many: give a whole number of rows (0 or more)'],
    ['an unknown flag', ['x.orc', '--columns'], 2, "inspect: Unknown option '--columns'"],
  ])('refuses %s with exit code 2 and the usage', async (_what, args, code, message) => {
    const result = await run(...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(USAGE);
  });

  it.each([
    ['a missing file', () => join(scratch, 'missing.orc'), 'cannot be read (ENOENT)'],
    ['a file of another format', () => repoPath('test/fixtures/orc/README.md'), "is neither ORC (starts with 'ORC') nor Parquet (starts with 'PAR1')"],
    ['a corrupt ORC file', () => repoPath('test/fixtures/orc/corrupt/stripe_footer_bad_column_encodings.orc'), 'ORC reader: the file is not valid ORC'],
    // Reading real objects is tested against moto (test/aws/s3Objects.moto.test.ts).
    ['an s3:// URL that names no object', () => 's3://bucket', 's3://bucket is not an S3 object URL; write s3://bucket/key/of/the/object'],
  ])('names %s and exits 1, going on with the other files', async (_what, path, message) => {
    const { code, stdout, stderr } = await run(path(), orcFile(), '--rows', '0');
    expect(code).toBe(1);
    expect(stderr).toContain(message);
    expect(stdout).toContain('rows: 30');
  });

  it('prints the usage with --help', async () => {
    expect(await run('--help')).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });
});
