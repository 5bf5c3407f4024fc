/** --glue-table: the table read from a real Glue API (moto_server) drives record format conversion. */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateDatabaseCommand, CreateTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getGlueTable, parseGlueTableName } from '../../aws/glueCatalog.js';
import { filesUnder, runScript } from '../helpers/cli.js';
import { startMotoServer, type MotoServer } from '../helpers/motoServer.js';
import { repoPath } from '../helpers/fixtures.js';

describe('getGlueTable (moto_server)', () => {
  let moto: MotoServer;
  let dir: string;
  const client = (): { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } } => ({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

  beforeAll(async () => {
    moto = await startMotoServer();
    dir = await mkdtemp(join(tmpdir(), 'fhk-glue-'));
    const glue = new GlueClient(client());
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'analytics' } }));
    // The shipped clickstream table, created in the catalog from its get-table file.
    const file = JSON.parse(await readFile(repoPath('glue-schemas/clickstream_events.json'), 'utf8')) as { Table: { Name: string; StorageDescriptor: { Columns: { Name: string; Type: string }[] } } };
    await glue.send(new CreateTableCommand({ DatabaseName: 'analytics', TableInput: { Name: 'clicks', StorageDescriptor: { Columns: file.Table.StorageDescriptor.Columns.map((c) => ({ Name: c.Name, Type: c.Type })) } } }));
    glue.destroy();
  }, 60_000);
  afterAll(async () => {
    await moto?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('parses DATABASE.TABLE', () => {
    expect(parseGlueTableName('analytics.clicks')).toEqual({ database: 'analytics', table: 'clicks' });
    expect(parseGlueTableName('clicks')).toBeUndefined();
  });

  it('reads the table with GetTable', async () => {
    const table = await getGlueTable('analytics', 'clicks', client());
    expect(table).toMatchObject({ name: 'clicks', databaseName: 'analytics' });
    expect(table.columns.map((c) => c.name)).toContain('event_id');
  });

  it('names a missing table and the fix', async () => {
    await expect(getGlueTable('analytics', 'nope', { ...client(), maxAttempts: 1 })).rejects.toThrow(/no table analytics.nope; check --database, --table and --region/);
  });

  it('npm run transform -- --glue-table converts with the catalog table', async () => {
    const out = join(dir, 'pq');
    const result = await runScript('transform', ['samples/clickstream.jsonl', '--glue-table', 'analytics.clicks', '--format', 'parquet', '--out', out, '--quiet', '--fail-on', 'format-conversion-failed'], { AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1' });
    expect(result.stderr).not.toMatch(/transform:/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Parquet: 398 rows in 1 object');
    expect((await filesUnder(out)).filter((f) => f.endsWith('.parquet'))).toHaveLength(1);
  }, 60_000);
});
