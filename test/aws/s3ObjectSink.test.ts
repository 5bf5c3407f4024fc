/**
 * The S3 sink against a real S3 API (moto_server): whole objects, multipart for large ones, the replay
 * writing its objects to a bucket, and errors that name the AWS error and the fix.
 */
import { Buffer } from 'node:buffer';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseS3Url, s3ObjectSink } from '../../aws/s3ObjectSink.js';
import { rawDelivery } from '../../firehose/delivery/delivery.js';
import { replay, type ReplayHandler } from '../../firehose/replay/replay.js';
import { runScript } from '../helpers/cli.js';
import { startMotoServer, type MotoServer } from '../helpers/motoServer.js';

describe('s3ObjectSink (moto_server)', () => {
  let moto: MotoServer;
  let client: S3Client;
  const config = (): { region: string; endpoint: string; forcePathStyle: boolean; credentials: { accessKeyId: string; secretAccessKey: string } } => ({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const body = async (bucket: string, key: string): Promise<Buffer> => Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray());

  beforeAll(async () => {
    moto = await startMotoServer();
    client = new S3Client(config());
    await client.send(new CreateBucketCommand({ Bucket: 'replay' }));
  }, 60_000);
  afterAll(async () => {
    await moto?.stop();
  });

  it('parses s3:// URLs into bucket and key prefix', () => {
    expect(parseS3Url('s3://my-bucket')).toEqual({ bucket: 'my-bucket', prefix: '' });
    expect(parseS3Url('s3://my-bucket/a/b')).toEqual({ bucket: 'my-bucket', prefix: 'a/b/' });
    expect(parseS3Url('out/dir')).toBeUndefined();
  });

  it('puts whole objects, and streamed objects only when committed', async () => {
    const sink = s3ObjectSink({ bucket: 'replay', prefix: 'p/', client: config() });
    await sink.put('one', [Buffer.from('a'), Buffer.from('b')]);
    const upload = sink.open('two');
    upload.write(Buffer.from('streamed'));
    const before = await client.send(new ListObjectsV2Command({ Bucket: 'replay', Prefix: 'p/' }));
    expect((before.Contents ?? []).map((o) => o.Key)).toEqual(['p/one']);
    await upload.commit();
    expect((await body('replay', 'p/one')).toString()).toBe('ab');
    expect((await body('replay', 'p/two')).toString()).toBe('streamed');
    const aborted = sink.open('three');
    aborted.write(Buffer.from('x'));
    await aborted.abort();
    const after = await client.send(new ListObjectsV2Command({ Bucket: 'replay', Prefix: 'p/' }));
    expect((after.Contents ?? []).map((o) => o.Key).sort()).toEqual(['p/one', 'p/two']);
  });

  it('uploads a large object in parts and reads back the same bytes', async () => {
    const sink = s3ObjectSink({ bucket: 'replay', client: config() });
    const big = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
    await sink.put('big', [big]);
    expect((await body('replay', 'big')).equals(big)).toBe(true);
  }, 60_000);

  it('receives what the replay delivers', async () => {
    const sink = s3ObjectSink({ bucket: 'replay', prefix: 'run/', client: config() });
    const echo: ReplayHandler = async (event) => ({ records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: r.data })) });
    async function* records() {
      yield { line: 1, data: Buffer.from('{"a":1}\n') };
      yield { line: 2, data: Buffer.from('{"a":2}\n') };
    }
    await replay({ createHandler: () => echo, records: records(), delivery: rawDelivery(sink, { streamName: 's', bufferBytes: 1 << 20, bufferSeconds: 60 }), streamName: 's', region: 'us-east-1', lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:f', startTime: Date.UTC(2025, 0, 2, 3) });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'replay', Prefix: 'run/' }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!);
    expect(keys).toEqual([expect.stringMatching(/^run\/2025\/01\/02\/03\/s-1-2025-01-02-03-00-00-/) as unknown]);
    expect((await body('replay', keys[0]!)).toString()).toBe('{"a":1}\n{"a":2}\n');
  });

  it('npm run transform -- --out s3://bucket/prefix writes the objects and the report to the bucket', async () => {
    const result = await runScript('transform', ['samples/clickstream.jsonl', '--out', 's3://replay/cli', '--start', '2025-01-31T23:00:00Z', '--quiet'], { AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1' });
    expect(result.stderr).not.toMatch(/transform:/);
    expect(result.code).toBe(1);
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'replay', Prefix: 'cli/' }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!).sort();
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^cli\/2025\/01\/31\/23\/firehose-kit-replay-1-/);
    expect(keys[1]).toBe('cli/_replay-report.json');
    expect(keys[2]).toMatch(/^cli\/processing-failed\/2025\/01\/31\/23\//);
    expect(JSON.parse((await body('replay', 'cli/_replay-report.json')).toString())).toMatchObject({ complete: true, records: { ok: 398 } });
  }, 60_000);

  it('names a missing bucket and the fix', async () => {
    const sink = s3ObjectSink({ bucket: 'no-such-bucket', client: { ...config(), maxAttempts: 1 } });
    await expect(sink.put('k', [Buffer.from('x')])).rejects.toThrow(/cannot write s3:\/\/no-such-bucket\/k: NoSuchBucket: .*create it or check AWS_REGION/);
  });
});
