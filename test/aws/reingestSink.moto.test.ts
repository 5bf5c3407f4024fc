/**
 * AWS errors are named, explained and not retried when they cannot succeed (issue 12, item 7). The real
 * SDK path against moto_server, and a target that never answers; faults moto cannot produce are in
 * awsReingestSink.test.ts.
 */
import { CreateDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { Buffer } from 'node:buffer';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsReingestSink } from '../../aws/reingestSink.js';
import { DEFAULT_REINGEST_LIMITS, problemText, type ReingestProblem, type ReingestRecord } from '../../blueprints/handler/reingest.js';
import type { ProducerRecord } from '../../firehose/sources/index.js';
import { sendToFirehose } from '../../aws/sendToFirehose.js';
import { MOTO_CREDENTIALS, startMotoServer, type MotoServer } from '../helpers/motoServer.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const streamArn = (name: string): string => `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/${name}`;
const records = (n: number): ReingestRecord[] => Array.from({ length: n }, (_, i) => ({ recordId: `r${i}`, data: Buffer.from(`{"i":${i}}`), partitionKey: `p${i}` }));
const noSleep = async (): Promise<void> => undefined;

async function* linesOf(texts: readonly string[]): AsyncGenerator<ProducerRecord> {
  for (const [index, text] of texts.entries()) yield { line: index + 1, data: Buffer.from(text) };
}

describe('awsReingestSink against moto_server (real SDK path)', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMotoServer();
    // The stream's S3 destination must exist for moto to accept records.
    await fetch(`${moto.endpoint}/firehose-kit-test`, { method: 'PUT' });
    const client = new FirehoseClient({ region: REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
    await client.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'clicks',
      DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: { BucketARN: 'arn:aws:s3:::firehose-kit-test', RoleARN: `arn:aws:iam::${ACCOUNT}:role/firehose` },
    }));
  });
  afterAll(async () => moto.stop());

  it('sends records to a delivery stream that exists', async () => {
    // Prepare
    const problems: ReingestProblem[] = [];
    const sink = awsReingestSink({ endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS, sleep: noSleep });
    // Act
    const failed = await sink.reingest({ kind: 'firehose', deliveryStreamArn: streamArn('clicks') }, records(3), { onProblem: (p) => problems.push(p) });
    // Assess
    expect([...failed]).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('names ResourceNotFoundException with the stream and region, and does not retry it', async () => {
    // Prepare
    const problems: ReingestProblem[] = [];
    const waits: number[] = [];
    const sink = awsReingestSink({ endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS, sleep: async (ms) => void waits.push(ms) });
    // Act
    const failed = await sink.reingest({ kind: 'firehose', deliveryStreamArn: streamArn('missing') }, records(3), { onProblem: (p) => problems.push(p) });
    // Assess: every record failed at once (no backoff wait), with AWS's code and message and the fix
    expect([...failed]).toEqual(['r0', 'r1', 'r2']);
    expect(waits).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'ResourceNotFoundException', retryable: false, records: 3, scope: 'call' });
    expect(problems[0]!.message).toMatch(/missing/);
    expect(problems[0]!.fix).toBe(`check that the delivery stream 'missing' exists in region ${REGION}, in the account of the credentials used (the name and the region come from arn:aws:firehose:${REGION}:<your account id>:deliverystream/missing)`);
  });

  it('sendToFirehose stops at a call that cannot succeed and says why, without an invented cause', async () => {
    // Act
    const summary = await sendToFirehose({
      records: linesOf(Array.from({ length: 1_200 }, (_, i) => `{"i":${i}}`)),
      deliveryStreamArn: streamArn('missing'),
      chunkRecords: 500,
      aws: { endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS, sleep: noSleep },
    });
    // Assess: the first 500 failed, then it stopped; the cause is AWS's own
    expect(summary.sent).toBe(0);
    expect(summary.failedLines).toHaveLength(500);
    expect(summary.stoppedBy).toMatchObject({ code: 'ResourceNotFoundException', retryable: false });
    expect(problemText(summary.stoppedBy!)).toMatch(/^ResourceNotFoundException: .*missing.* \(500 records, not retried: it cannot succeed as is\); fix: check that the delivery stream 'missing' exists in region us-east-1/);
  });

  it('sendToFirehose delivers to a stream that exists', async () => {
    const summary = await sendToFirehose({ records: linesOf(['{"a":1}', '{"a":2}']), deliveryStreamArn: streamArn('clicks'), aws: { endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS, sleep: noSleep } });
    expect(summary).toMatchObject({ sent: 2, failedLines: [], problems: [] });
    expect(summary.stoppedBy).toBeUndefined();
  });
});

describe('awsReingestSink against a target that never answers', () => {
  let server: Server;
  const sockets: Socket[] = [];
  let endpoint = '';
  beforeAll(async () => {
    server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up on a request after requestTimeoutMs instead of waiting forever', async () => {
    // Prepare: one attempt per record (the SDK itself may retry the timed-out request a few times)
    const problems: ReingestProblem[] = [];
    const sink = awsReingestSink({ endpoint, credentials: MOTO_CREDENTIALS, requestTimeoutMs: 100, sleep: noSleep, limits: { ...DEFAULT_REINGEST_LIMITS, maxAttempts: 1 } });
    // Act
    const failed = await sink.reingest({ kind: 'firehose', deliveryStreamArn: streamArn('clicks') }, records(2), { onProblem: (p) => problems.push(p) });
    // Assess
    expect(failed.size).toBe(2);
    expect(problems[0]).toMatchObject({ retryable: true, scope: 'call' });
    expect(problems[0]!.code).toMatch(/TimeoutError|RequestTimeout|ETIMEDOUT/);
  });

  it('stops when the caller aborts (the handler\'s deadline)', async () => {
    const sink = awsReingestSink({ endpoint, credentials: MOTO_CREDENTIALS, requestTimeoutMs: 60_000, sleep: noSleep });
    const abort = new AbortController();
    const pending = sink.reingest({ kind: 'firehose', deliveryStreamArn: streamArn('clicks') }, records(2), { signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    expect((await pending).size).toBe(2);
  });
});
