import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import { Buffer } from 'node:buffer';
import { gzipSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProducerRecord } from '../../firehose/sources/producerRecords.js';
import { sendToFirehose } from '../../aws/sendToFirehose.js';

const ARN = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/clicks';

async function* linesOf(texts: readonly string[]): AsyncGenerator<ProducerRecord> {
  for (const [index, text] of texts.entries()) yield { line: index + 1, data: Buffer.from(text) };
}

describe('sendToFirehose', () => {
  const firehose = mockClient(FirehoseClient);
  afterEach(() => firehose.reset());

  it('sends every line with PutRecordBatch in calls of at most 500 records, in order', async () => {
    // Prepare
    firehose.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => ({ FailedPutCount: 0, RequestResponses: input.Records.map(() => ({ RecordId: 'id' })) }));
    const texts = Array.from({ length: 1_201 }, (_, i) => JSON.stringify({ i }));
    // Act
    const summary = await sendToFirehose({ records: linesOf(texts), deliveryStreamArn: ARN });
    // Assess
    const calls = firehose.commandCalls(PutRecordBatchCommand);
    expect(calls.map((c) => c.args[0].input.Records!.length)).toEqual([500, 500, 201]);
    expect(calls.every((c) => c.args[0].input.DeliveryStreamName === 'clicks')).toBe(true);
    expect(calls.flatMap((c) => c.args[0].input.Records!.map((r) => Buffer.from(r.Data!).toString()))).toEqual(texts);
    expect(summary).toMatchObject({ sent: 1_201, failedLines: [], refusedLines: [] });
  });

  it('retries rejected entries and names the lines still rejected at the end', async () => {
    firehose.on(PutRecordBatchCommand).callsFake((input: { Records: { Data: Uint8Array }[] }) => ({
      FailedPutCount: 1,
      RequestResponses: input.Records.map((r) => (Buffer.from(r.Data).toString() === 'bad' ? { ErrorCode: 'ServiceUnavailableException' } : { RecordId: 'id' })),
    }));
    const waits: number[] = [];
    const summary = await sendToFirehose({ records: linesOf(['a', 'bad', 'c']), deliveryStreamArn: ARN, aws: { sleep: async (ms) => void waits.push(ms) } });
    expect(summary).toMatchObject({ sent: 2, failedLines: [2] });
    expect(summary.problems.map((p) => [p.code, p.retryable])).toEqual([['ServiceUnavailableException', true]]);
    expect(firehose.commandCalls(PutRecordBatchCommand).length).toBe(5);
    expect(waits).toHaveLength(4);
  });

  it('refuses lines over 1,000 KiB and gzips records when asked', async () => {
    firehose.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => ({ FailedPutCount: 0, RequestResponses: input.Records.map(() => ({ RecordId: 'id' })) }));
    const summary = await sendToFirehose({ records: linesOf(['{"a":1}', 'x'.repeat(1_024_001)]), deliveryStreamArn: ARN, encodeRecord: (line) => gzipSync(line) });
    // gzip shrinks the long line below the limit, so both are sent
    expect(summary).toMatchObject({ sent: 2, refusedLines: [] });
    const first = firehose.commandCalls(PutRecordBatchCommand)[0]!.args[0].input.Records![0]!.Data!;
    expect(gunzipSync(first).toString()).toBe('{"a":1}');
    const raw = await sendToFirehose({ records: linesOf(['x'.repeat(1_024_001)]), deliveryStreamArn: ARN });
    expect(raw.refusedLines).toEqual([1]);
  });
});
