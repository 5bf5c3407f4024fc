/**
 * `npm run inspect -- s3://bucket/key`: delivered objects read back from a real S3 API (moto_server), and an
 * AWS error named with its fix.
 */
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseS3ObjectUrl, readS3Object } from '../../aws/s3Objects.js';
import { createOrcWriter } from '../../formats/orc/index.js';
import { runScript } from '../helpers/cli.js';
import { MOTO_CREDENTIALS, startMotoServer, type MotoServer } from '../helpers/motoServer.js';

const columns = [
  { name: 'id', type: { kind: 'bigint' } },
  { name: 'kind', type: { kind: 'string' } },
] as const;

describe('reading objects from S3 (moto_server)', () => {
  let moto: MotoServer;
  let orcFile: Uint8Array;
  const env = (): Record<string, string> => ({ AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1' });

  beforeAll(async () => {
    moto = await startMotoServer();
    const client = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: MOTO_CREDENTIALS });
    await client.send(new CreateBucketCommand({ Bucket: 'delivered' }));
    const writer = createOrcWriter(columns as never);
    writer.write({ id: 1n, kind: 'click' });
    writer.write({ id: 2n, kind: 'view' });
    orcFile = writer.close();
    await client.send(new PutObjectCommand({ Bucket: 'delivered', Key: '2026/11/30/04/events-1.orc', Body: orcFile }));
    client.destroy();
  }, 60_000);
  afterAll(async () => {
    await moto?.stop();
  });

  it('parses object URLs', () => {
    expect(parseS3ObjectUrl('s3://delivered/2026/a.orc')).toEqual({ bucket: 'delivered', key: '2026/a.orc' });
    expect(parseS3ObjectUrl('s3://delivered')).toBeUndefined();
    expect(parseS3ObjectUrl('out/a.orc')).toBeUndefined();
  });

  it('reads an object byte for byte', async () => {
    const bytes = await readS3Object('s3://delivered/2026/11/30/04/events-1.orc', { region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: MOTO_CREDENTIALS });
    expect(Buffer.from(bytes).equals(Buffer.from(orcFile))).toBe(true);
  });

  it('npm run inspect shows an ORC object in S3, and names a missing key with the fix', async () => {
    const shown = await runScript('inspect', ['s3://delivered/2026/11/30/04/events-1.orc', '--json'], env());
    // stderr may hold the AWS SDK's Node 20 support warning; the report is on stdout.
    expect(shown.code).toBe(0);
    expect(shown.stderr).not.toMatch(/inspect:/);
    const report = JSON.parse(shown.stdout) as { rows: number; firstRows: { kind: string }[] };
    expect(report.rows).toBe(2);
    expect(report.firstRows.map((row) => row.kind)).toEqual(['click', 'view']);
    const missing = await runScript('inspect', ['s3://delivered/nope.orc'], env());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read s3:\/\/delivered\/nope\.orc: NoSuchKey \(check the key/);
  });
});
