/**
 * AWS errors are named, explained and not retried when they cannot succeed (issue 12, item 7): faults
 * that moto_server cannot produce (AccessDenied, missing credentials, throttling), from
 * aws-sdk-client-mock. The real SDK path against moto_server is in reingestSink.moto.test.ts (a mocked
 * client class is mocked for the whole file, so the two cannot share one).
 */
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { Buffer } from 'node:buffer';
import { afterEach, describe, expect, it } from 'vitest';
import { awsReingestSink, describeAwsError } from '../../aws/reingestSink.js';
import { DEFAULT_REINGEST_LIMITS, type ReingestProblem, type ReingestRecord, type ReingestTarget } from '../../blueprints/handler/reingest.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const streamArn = (name: string): string => `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/${name}`;
const records = (n: number): ReingestRecord[] => Array.from({ length: n }, (_, i) => ({ recordId: `r${i}`, data: Buffer.from(`{"i":${i}}`), partitionKey: `p${i}` }));
const noSleep = async (): Promise<void> => undefined;

describe('awsReingestSink with faults moto cannot produce (aws-sdk-client-mock)', () => {
  const firehose = mockClient(FirehoseClient);
  const kinesis = mockClient(KinesisClient);
  afterEach(() => {
    firehose.reset();
    kinesis.reset();
  });
  const awsError = (name: string, message: string, status: number): Error => Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });

  it.each([
    ['AccessDeniedException', 'User: arn:aws:sts::123456789012:assumed-role/fn/fn is not authorized to perform: firehose:PutRecordBatch', 400, /^allow firehose:PutRecordBatch on arn:aws:firehose:us-east-1:<your account id>:deliverystream\/clicks in the IAM policy of the role or user/],
    ['CredentialsProviderError', 'Could not load credentials from any providers', 0, /^the AWS SDK found no credentials: it looks at AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY, then AWS_PROFILE/],
    ['UnrecognizedClientException', 'The security token included in the request is invalid.', 400, /^the service refused the credentials/],
    ['InvalidArgumentException', 'This operation is not permitted on KinesisStreamAsSource delivery stream type.', 400, /Kinesis stream or MSK as its source, which does not accept PutRecordBatch/],
  ])('names %s with its message and the fix, and does not retry it', async (name, message, status, fix) => {
    // Prepare
    firehose.on(PutRecordBatchCommand).rejects(awsError(name, message, status));
    const problems: ReingestProblem[] = [];
    const sink = awsReingestSink({ sleep: noSleep });
    // Act
    const failed = await sink.reingest({ kind: 'firehose', deliveryStreamArn: streamArn('clicks') }, records(4), { onProblem: (p) => problems.push(p) });
    // Assess
    expect(failed.size).toBe(4);
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(1);
    expect(problems).toEqual([{ code: name, message, fix: expect.stringMatching(fix), retryable: false, records: 4, scope: 'call' }]);
  });

  it('retries throttling and per-entry service errors, then names them', async () => {
    // Prepare: the call is throttled once, then one entry is rejected on every attempt
    let call = 0;
    firehose.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => {
      call++;
      if (call === 1) throw awsError('ThrottlingException', 'Rate exceeded', 400);
      return { FailedPutCount: 1, RequestResponses: input.Records.map((_, i) => (i === 0 ? { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' } : { RecordId: 'ok' })) };
    });
    const problems: ReingestProblem[] = [];
    const sink = awsReingestSink({ sleep: noSleep });
    // Act
    const failed = await sink.reingest({ kind: 'firehose', deliveryStreamArn: streamArn('clicks') }, records(3), { onProblem: (p) => problems.push(p) });
    // Assess
    expect([...failed]).toEqual(['r0']);
    expect(call).toBe(DEFAULT_REINGEST_LIMITS.maxAttempts);
    expect(problems.map((p) => [p.code, p.retryable, p.scope])).toEqual([['ThrottlingException', true, 'call'], ['ServiceUnavailableException', true, 'entry']]);
  });

  it('does not retry an entry code that cannot succeed (a KMS key the role may not use)', async () => {
    kinesis.on(PutRecordsCommand).resolves({ FailedRecordCount: 1, Records: [{ ErrorCode: 'KMSAccessDeniedException', ErrorMessage: 'denied' }, { SequenceNumber: '1', ShardId: 's' }] });
    const problems: ReingestProblem[] = [];
    const sink = awsReingestSink({ sleep: noSleep });
    const failed = await sink.reingest({ kind: 'kinesis', streamArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/orders` }, records(2), { onProblem: (p) => problems.push(p) });
    expect([...failed]).toEqual(['r0']);
    expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'KMSAccessDeniedException', retryable: false, scope: 'entry' });
    expect(problems[0]!.fix).toContain('KMS key');
  });

  it('names the ARN as given when its account is a real one (only AWS\'s example account id is hidden)', () => {
    const target: ReingestTarget = { kind: 'firehose', deliveryStreamArn: 'arn:aws:firehose:eu-west-1:111122223333:deliverystream/orders' };
    expect(describeAwsError({ thrown: awsError('AccessDeniedException', 'denied', 400) }, target).fix).toContain('on arn:aws:firehose:eu-west-1:111122223333:deliverystream/orders in the IAM policy');
  });

  it('classifies server faults and network resets as retryable, other client errors not', () => {
    const target: ReingestTarget = { kind: 'firehose', deliveryStreamArn: streamArn('clicks') };
    expect(describeAwsError({ thrown: awsError('InternalError', 'oops', 503) }, target).retryable).toBe(true);
    expect(describeAwsError({ thrown: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) }, target)).toMatchObject({ code: 'ECONNRESET', retryable: true });
    expect(describeAwsError({ thrown: awsError('ValidationException', 'bad', 400) }, target).retryable).toBe(false);
    expect(describeAwsError({ entryCode: 'ServiceUnavailableException' }, target).retryable).toBe(true);
  });
});
