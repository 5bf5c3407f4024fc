/**
 * `npm run schema -- pull|infer|check|cfn`. pull runs against moto's server (a local stand-in for Glue,
 * started on a free loopback port); AWS errors come back as one line with the fix.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSchemaCommand } from '../../scripts/schema.js';
import { runScript } from '../helpers/cli.js';
import { repoPath } from '../helpers/fixtures.js';
import { motoCall, startMotoServer, type MotoServer } from '../helpers/motoServer.js';

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runSchemaCommand(args, { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('schema pull (against moto)', () => {
  let moto: MotoServer | undefined;
  let endpoint = '';
  let dir = '';
  // The SDK warns once per process on Node 20 that its 2027 releases need Node 22; the tests read one line.
  const quiet = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_EC2_METADATA_DISABLED: 'true' };
  const credentials = { ...quiet, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1' };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fhk-pull-'));
    moto = await startMotoServer();
    endpoint = moto.endpoint;
    await motoCall(moto.endpoint, 'AWSGlue.CreateDatabase', { DatabaseInput: { Name: 'analytics' } });
    const source = JSON.parse(await readFile(repoPath('glue-schemas/web_access_logs.json'), 'utf8')) as { Table: { StorageDescriptor: unknown; PartitionKeys: unknown; Parameters: unknown } };
    await motoCall(moto.endpoint, 'AWSGlue.CreateTable', { DatabaseName: 'analytics', TableInput: { Name: 'web_logs', StorageDescriptor: source.Table.StorageDescriptor, PartitionKeys: source.Table.PartitionKeys, Parameters: source.Table.Parameters, TableType: 'EXTERNAL_TABLE' } });
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('writes GetTable output as glue-schemas/T.json, which loads like a hand-written schema', async () => {
    // Act
    const { code, stdout, stderr } = await runScript('schema', ['pull', '--database', 'analytics', '--table', 'web_logs', '--endpoint', endpoint, '--out', dir], credentials);
    // Assess
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`wrote ${join(dir, 'web_logs.json')}: 14 columns, 4 partition keys`);
    const pulled = JSON.parse(await readFile(join(dir, 'web_logs.json'), 'utf8')) as { Table: { Name: string; DatabaseName: string } };
    expect(pulled.Table).toMatchObject({ Name: 'web_logs', DatabaseName: 'analytics' });
    const described = await run(join(dir, 'web_logs.json'));
    expect(described.stdout.split('\n')[0]).toContain('analytics.web_logs');
  }, 60_000);

  it.each([
    ['a table that does not exist', ['--table', 'nope'], credentials, /^schema pull: no table analytics\.nope in us-east-1; check --database, --table and --region/],
    ['no credentials', ['--table', 'web_logs'], { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: 'fhk-no-such-profile', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }, /^schema pull: no usable AWS credentials/],
  ])('explains %s in one line', async (_name, args, env, message) => {
    const { code, stderr } = await runScript('schema', ['pull', '--database', 'analytics', ...args, '--endpoint', endpoint, '--region', 'us-east-1', '--out', dir], env);
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('refuses a pull without --table', async () => {
    const { code, stderr } = await run('pull', '--database', 'analytics');
    expect(code).toBe(2);
    expect(stderr).toBe('schema pull: pull needs --database D and --table T (npm run schema -- --help)');
  });
});

describe('schema infer, check and cfn', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fhk-infer-'));
  });
  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('infers a schema that check then accepts for every sample', async () => {
    // Prepare
    const samples = join(dir, 'events.jsonl');
    await writeFile(samples, ['{"id":1,"at":"2026-11-30T10:00:00Z","tags":["a"],"user":{"name":"x"},"attrs":{"a-b":1}}', '{"id":300,"at":"2026-11-30 10:00:00.5","tags":[],"user":{"name":"y","age":3},"score":1.5}'].join('\n'));
    // Act
    const inferred = await run('infer', samples, '--name', 'events', '--out', join(dir, 'events.json'));
    const checked = await run('check', samples, '--schema', join(dir, 'events.json'));
    // Assess
    expect(inferred.code).toBe(0);
    const table = JSON.parse(await readFile(join(dir, 'events.json'), 'utf8')) as { Table: { StorageDescriptor: { Columns: { Name: string; Type: string }[] } } };
    expect(table.Table.StorageDescriptor.Columns).toEqual([
      { Name: 'id', Type: 'smallint' },
      { Name: 'at', Type: 'timestamp' },
      { Name: 'tags', Type: 'array<string>' },
      { Name: 'user', Type: 'struct<name:string,age:tinyint>' },
      { Name: 'attrs', Type: 'map<string,tinyint>' },
      { Name: 'score', Type: 'double' },
    ]);
    expect(checked.stdout).toContain('2 records checked, 2 convert, 0 would go to format-conversion-failed/');
    expect(checked.code).toBe(0);
  });

  it('check names each record that would fail conversion, with the reason', async () => {
    const { code, stdout } = await run('check', repoPath('test/fixtures/glue/clickstream_events.jsonl'), '--schema', repoPath('glue-schemas/clickstream_events.json'));
    expect(code).toBe(1);
    expect(stdout).toMatch(/clickstream_events\.jsonl:9: DataFormatConversion\.MalformedData: OpenXJsonSerDe: column 'event_time' \(timestamp\)/);
  });

  it('cfn renders the Glue table with partition projection for the schema', async () => {
    const { code, stdout } = await run('cfn', 'clickstream_events');
    expect(code).toBe(0);
    const template = JSON.parse(stdout) as { Resources: { GlueTable: { Properties: { TableInput: { Parameters: Record<string, string> } } } } };
    expect(template.Resources.GlueTable.Properties.TableInput.Parameters).toMatchObject({ 'projection.enabled': 'true', 'projection.dt.type': 'date', 'projection.dt.format': 'yyyy-MM-dd' });
  });

  it.each([
    ['infer without a file', ['infer'], /give 1 file or name argument/],
    ['check without --schema', ['check', 'x.jsonl'], /check needs --schema/],
    ['cfn with an unknown format', ['cfn', 'clickstream_events', '--format', 'avro'], /--format avro: use parquet, orc or json/],
  ])('refuses %s', async (_name, args, message) => {
    const { code, stderr } = await run(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
