/**
 * `npm run transform -- … --schema … --format parquet`: Firehose's record format conversion, offline. The
 * Parquet objects are read back by DuckDB, an independent reader; records that do not convert land under
 * format-conversion-failed/ with Firehose's error record shape.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDuckDb, queryDuckDb } from '../helpers/duckdb.js';
import { filesUnder, runScript, type CliResult } from '../helpers/cli.js';
import { repoPath } from '../helpers/fixtures.js';

const transform = (args: string[]): Promise<CliResult> => runScript('transform', args);

describe('npm run transform --format parquet', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fhk-parquet-'));
  });
  afterAll(async () => {
    closeDuckDb();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the clickstream sample as Parquet that DuckDB reads with the table types and the same values', async () => {
    // Prepare
    const out = join(dir, 'pq');
    // Act
    const { code, stdout } = await transform(['samples/clickstream.jsonl', '--schema', 'glue-schemas/clickstream_events.json', '--format', 'parquet', '--out', out, '--start-time', '2025-01-01T12:00:00Z']);
    // Assess: the sample's two broken lines are in processing-failed, so the exit code is 1
    expect(code).toBe(1);
    expect(stdout).toContain('Parquet: 398 rows in 1 object; 0 records under format-conversion-failed');
    const parquet = (await filesUnder(out)).filter((f) => f.endsWith('.parquet'));
    expect(parquet).toHaveLength(1);
    expect(parquet[0]).toMatch(/^2025\/01\/01\/12\/firehose-kit-replay-1-2025-01-01-12-00-00-[0-9a-f-]{36}\.parquet$/);
    const file = join(out, parquet[0]!);
    const counted = await queryDuckDb(`SELECT count(*) AS n, count(DISTINCT event_id) AS ids FROM read_parquet('${file}')`);
    expect(counted.rows[0]).toEqual([398n, 398n]);
    const sample = (await readFile(repoPath('samples/clickstream.jsonl'), 'utf8')).trim().split('\n');
    const first = JSON.parse(sample[0]!) as { event_id: string; event_type: string };
    const row = await queryDuckDb(`SELECT event_id, event_type FROM read_parquet('${file}') WHERE event_id = '${first.event_id}'`);
    expect(row.rows[0]).toEqual([first.event_id, first.event_type]);
    const described = await queryDuckDb(`DESCRIBE SELECT event_id, event_time FROM read_parquet('${file}')`);
    expect(described.rows.map((r) => [r[0], r[1]])).toEqual([['event_id', 'VARCHAR'], ['event_time', 'TIMESTAMP']]);
  });

  it('sends records that do not fit the table to format-conversion-failed/, one error record each', async () => {
    // Prepare: a record whose event_time is not a timestamp, and one that is a JSON array
    const input = join(dir, 'mixed.jsonl');
    const sample = (await readFile(repoPath('samples/clickstream.jsonl'), 'utf8')).trim().split('\n');
    const good = JSON.parse(sample[0]!) as Record<string, unknown>;
    await writeFile(input, [JSON.stringify(good), JSON.stringify({ ...good, event_time: 'yesterday' }), '[1,2]'].join('\n'));
    const out = join(dir, 'mixed');
    // Act
    const { code, stdout } = await transform([input, '--schema', 'glue-schemas/clickstream_events.json', '--format', 'parquet', '--out', out]);
    // Assess
    expect(code).toBe(1);
    expect(stdout).toContain('Parquet: 1 row in 1 object; 2 records under format-conversion-failed (input lines 2, 3)');
    const failedFile = (await filesUnder(out)).find((f) => f.startsWith('format-conversion-failed/'))!;
    const errors = (await readFile(join(out, failedFile), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(errors.map((e) => Object.keys(e))).toEqual(Array(2).fill(['attemptsMade', 'arrivalTimestamp', 'lastErrorCode', 'lastErrorMessage', 'attemptEndingTimestamp', 'rawData', 'sequenceNumber', 'subSequenceNumber', 'dataCatalogTable']));
    expect(errors[0]!['lastErrorMessage']).toMatch(/event_time/);
    expect(errors[0]!['lastErrorMessage']).not.toContain('yesterday');
    expect(errors[0]!['dataCatalogTable']).toMatchObject({ databaseName: 'firehose_kit', tableName: 'clickstream_events' });
    expect(Buffer.from(errors[1]!['rawData'] as string, 'base64').toString()).toBe('[1,2]\n');
    // Real values: Firehose's 56-digit sequence numbers, one per record, and the time conversion ran
    expect(errors.map((e) => e['sequenceNumber'])).toEqual([expect.stringMatching(/^\d{56}$/), expect.stringMatching(/^\d{56}$/)]);
    expect(errors[0]!['sequenceNumber']).not.toBe(errors[1]!['sequenceNumber']);
    expect(errors[0]!['attemptEndingTimestamp']).toBeGreaterThan(errors[0]!['arrivalTimestamp'] as number);
  });

  it('checks delivered records against a schema without converting (--schema alone)', async () => {
    const input = join(dir, 'check.jsonl');
    await writeFile(input, ['{"event_id":"a","event_time":"2025-01-01 00:00:00"}', '{"event_id":"b","event_time":{"nested":true}}'].join('\n'));
    const { code, stdout } = await transform([input, '--schema', 'glue-schemas/clickstream_events.json', '--out', join(dir, 'check')]);
    expect(code).toBe(0);

    expect(stdout).toMatch(/schema check \(glue-schemas\/clickstream_events\.json\): 1 delivered record not matching the table\n {4}line 2: .*event_time/);
  });

  it.each([
    ['--format parquet without --schema', ['--format', 'parquet'], 2, /--format parquet needs --schema FILE/],
    ['an unknown format', ['--format', 'avro'], 2, /--format avro: use json, parquet or orc/],
    ['a missing schema file', ['--schema', 'glue-schemas/nope.json'], 2, /nope\.json/],
    ['a bad Parquet option', ['--schema', 'glue-schemas/clickstream_events.json', '--format', 'parquet', '--parquet', 'Compression=LZ4'], 1, /Compression/],
    ['a bad SerDe option', ['--schema', 'glue-schemas/clickstream_events.json', '--format', 'parquet', '--serde-option', 'Nope=1'], 2, /not an OpenXJsonSerDe option/],
  ])('refuses %s', async (_name, extra, exitCode, message) => {
    const { code, stderr } = await transform(['samples/clickstream.jsonl', '--out', join(dir, 'refused'), ...extra]);
    expect(code).toBe(exitCode);
    expect(stderr).toMatch(message);
  });
});
