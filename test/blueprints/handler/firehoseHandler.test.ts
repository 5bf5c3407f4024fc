import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { afterEach, describe, expect, it } from 'vitest';
import { FirehoseEventError, BlueprintConfigError } from '../../../blueprints/handler/errors.js';
import { firehoseHandler } from '../../../blueprints/handler/firehoseHandler.js';
import { silentLogger } from '../../../blueprints/handler/logger.js';
import { batchingSink, chunkForCalls, DEFAULT_REINGEST_LIMITS, type ReingestRecord } from '../../../blueprints/handler/reingest.js';
import { base64Length, responseEntryBytes, jsonBytes } from '../../../blueprints/handler/responseSize.js';
import { memoryReingestSink, runHandlerChecked } from '../../../testing/index.js';
import { addFields, fromContext } from '../../../transforms/fields/addFields.js';
import { filterRecords } from '../../../transforms/fields/filterRecords.js';
import { fail, ok } from '../../../transforms/core/outcome.js';
import { parseJson } from '../../../transforms/json/parseJson.js';
import { partitionBy } from '../../../transforms/fields/partitionBy.js';
import { pipe } from '../../../transforms/core/pipe.js';
import { toJsonLine } from '../../../transforms/json/toJsonLine.js';
import type { JsonObject, JsonValue, Outcome } from '../../../transforms/core/types.js';
import { RecordSplitRequiredError } from '../../../transforms/core/errors.js';
import { readJsonFixture } from '../../helpers/fixtures.js';
import { eventOf as sharedEventOf } from '../../helpers/events.js';
import { recordingLogger } from '../../helpers/recordingLogger.js';
import { awsReingestSink } from '../../../aws/reingestSink.js';
import { setDefaultReingestSink } from '../../../blueprints/handler/reingest.js';

// The 'auto' re-ingestion path goes through the AWS SDK (mocked below), as the Lambda entries wire it; its
// backoff runs on an injected clock that does not wait, so no test sleeps.
const awsSinkWithoutWaits = (): ReturnType<typeof awsReingestSink> => awsReingestSink({ sleep: async () => undefined });
setDefaultReingestSink(awsSinkWithoutWaits);

const STREAM = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/clicks';
const b64 = (text: string): string => Buffer.from(text).toString('base64');
const text = (data: string | undefined): string => Buffer.from(data ?? '', 'base64').toString('utf8');

const eventOf = (datas: string[], extra: Partial<FirehoseTransformationEvent> = {}): FirehoseTransformationEvent => sharedEventOf(datas, { deliveryStreamArn: STREAM, ...extra });

const identity = pipe(parseJson(), toJsonLine());

describe('firehoseHandler', () => {
  const firehose = mockClient(FirehoseClient);
  const kinesis = mockClient(KinesisClient);
  afterEach(() => {
    firehose.reset();
    kinesis.reset();
  });

  it('transforms each record, appends a newline and keeps input order', async () => {
    // Prepare
    const handler = firehoseHandler(identity, { logger: silentLogger });
    // Act
    const response = await runHandlerChecked(handler, eventOf(['{"a": 1}', '{"b":[1, 2]}\n']));
    // Assess
    expect(response.records.map((r) => [r.recordId, r.result, text(r.data)])).toEqual([
      ['r0', 'Ok', '{"a":1}\n'],
      ['r1', 'Ok', '{"b":[1,2]}\n'],
    ]);
  });

  it('does not append a newline when told not to, nor twice to text already ending with one', async () => {
    const raw = firehoseHandler((bytes) => Buffer.from(bytes).toString('utf8'), { logger: silentLogger, newline: false });
    const withNewline = firehoseHandler((bytes) => Buffer.from(bytes), { logger: silentLogger });
    expect(text((await raw(eventOf(['x']))).records[0]!.data)).toBe('x');
    expect(text((await withNewline(eventOf(['x\n']))).records[0]!.data)).toBe('x\n');
  });

  it('isolates failures: a failing or throwing record keeps its original bytes, the rest goes on, one log line each without content', async () => {
    // Prepare
    const logger = recordingLogger();
    const handler = firehoseHandler(
      pipe(parseJson(), (r: JsonValue) => {
        if ((r as JsonObject)['explode'] === true) throw new RangeError('cannot handle explode');
        return r;
      }, toJsonLine()),
      { logger },
    );
    const event = eventOf(['{"ok":1}', 'not json: card 4111111111111111', '{"explode":true}']);
    // Act
    const response = await runHandlerChecked(handler, event);
    // Assess
    expect(response.records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed', 'ProcessingFailed']);
    expect(response.records[1]!.data).toBe(event.records[1]!.data);
    expect(response.records[2]!.data).toBe(event.records[2]!.data);
    const failures = logger.lines.filter((l) => l.message === 'record failed');
    expect(failures.map((l) => [l.attributes['recordId'], l.attributes['errorClass']])).toEqual([['r1', 'RecordParseError'], ['r2', 'TransformThrewError']]);
    expect(JSON.stringify(logger.lines)).not.toContain('4111111111111111');
    const summary = logger.lines.find((l) => l.message === 'batch processed')!;
    expect(summary.attributes).toMatchObject({ invocationId: 'inv-1', records: 3, ok: 1, dropped: 0, processingFailed: 2, reingested: 0, bytesIn: 55, bytesOut: 9 });
  });

  it('fails a record whose pipeline returns something other than text or bytes', async () => {
    const handler = firehoseHandler(parseJson() as never, { logger: silentLogger });
    const response = await runHandlerChecked(handler, eventOf(['{"a":1}']));
    expect(response.records[0]!.result).toBe('ProcessingFailed');
  });

  it('returns Dropped for filtered records and partition keys for Ok ones', async () => {
    const handler = firehoseHandler(pipe(parseJson(), filterRecords((r: JsonValue) => (r as JsonObject)['keep'] === true), partitionBy(['team']), addFields({ at: fromContext.arrivalTime }), toJsonLine()), { logger: silentLogger });
    const response = await runHandlerChecked(handler, eventOf(['{"keep":true,"team":"x"}', '{"keep":false,"team":"y"}']));
    expect(response.records[0]).toEqual({ recordId: 'r0', result: 'Ok', data: b64('{"keep":true,"team":"x","at":"2023-11-14T22:13:20.000Z"}\n'), metadata: { partitionKeys: { team: 'x' } } });
    expect(response.records[1]).toEqual({ recordId: 'r1', result: 'Dropped', data: '' });
  });

  it('answers an empty batch with an empty records array', async () => {
    const handler = firehoseHandler(identity, { logger: silentLogger });
    expect(await handler(eventOf([]))).toEqual({ records: [] });
  });

  it.each([
    ['Direct PUT (Powertools sample)', 'test/fixtures/firehose-events/powertools-typescript-kinesis-firehose-put.json', ['ProcessingFailed', 'Ok']],
    ['Kinesis source, numeric subsequenceNumber (aws-lambda-go sample)', 'test/fixtures/firehose-events/aws-lambda-go-kinesis-firehose-event.json', ['ProcessingFailed', 'ProcessingFailed']],
    ['Kinesis source, ISO timestamp and empty subsequenceNumber (aws-lambda-java-libs sample)', 'test/fixtures/firehose-events/aws-lambda-java-libs-samples-event.json', ['ProcessingFailed']],
    ['byte-order-marked file (aws-lambda-dotnet sample)', 'test/fixtures/firehose-events/aws-lambda-dotnet-kinesis-firehose-event.json', ['ProcessingFailed']],
  ])('accepts real sample events: %s', async (_name, file, results) => {
    const event = readJsonFixture<FirehoseTransformationEvent>(file);
    const response = await runHandlerChecked(firehoseHandler(identity, { logger: silentLogger }), event);
    expect(response.records.map((r) => r.result)).toEqual(results);
  });

  it('gives Kinesis metadata to the pipeline, with subsequenceNumber as a string', async () => {
    const event = readJsonFixture<FirehoseTransformationEvent>('test/fixtures/firehose-events/aws-lambda-go-kinesis-firehose-event.json');
    const seen: unknown[] = [];
    const handler = firehoseHandler((bytes, ctx) => {
      seen.push(ctx.source.kinesis);
      return Buffer.from(bytes);
    }, { logger: silentLogger });
    await handler(event);
    expect(seen[0]).toEqual({ shardId: 'shardId-000000000000', partitionKey: '4d1ad2b9-24f8-4b9d-a088-76e9947c317a', approximateArrivalTimestamp: 1507217624302, sequenceNumber: '49546986683135544286507457936321625675700192471156785154', subsequenceNumber: '123456' });
  });

  it.each([
    ['null', null, /the event is null/],
    ['no records', { invocationId: 'x' }, /has no 'records' array \(keys: invocationId\)/],
    ['record without id', { records: [{ data: 'eA==', approximateArrivalTimestamp: 1 }] }, /records\[0\] has no 'recordId' string/],
    ['a Kinesis Data Streams event', { Records: [{ eventSource: 'aws:kinesis', kinesis: {} }] }, /'Records' \(capital R, aws:kinesis\)/],
    ['a CloudWatch Logs event', { awslogs: { data: 'H4sI' } }, /'awslogs', the shape of a CloudWatch Logs subscription event/],
  ])('rejects an event that is not Firehose-shaped at all, naming what it got: %s', async (_name, event, message) => {
    const handler = firehoseHandler(identity, { logger: silentLogger });
    await expect(handler(event as never)).rejects.toThrow(FirehoseEventError);
    await expect(handler(event as never)).rejects.toThrow(message);
  });

  it.each([
    ['no data', { recordId: 'a', approximateArrivalTimestamp: 1 }, /the record has no 'data' string/],
    ['data that is not base64', { recordId: 'a', approximateArrivalTimestamp: 1, data: '{{{data}}}' }, /has 'data' that is not base64 \(10 characters\)/],
    ['no arrival time', { recordId: 'a', data: 'eA==' }, /no usable 'approximateArrivalTimestamp'/],
  ])('fails alone a record whose own fields are unusable (%s), answering the others', async (_name, bad, message) => {
    // Prepare
    const logger = recordingLogger();
    const handler = firehoseHandler(identity, { logger });
    const good = { recordId: 'g', approximateArrivalTimestamp: 1, data: b64('{"x":1}') };
    // Act
    const response = await handler({ invocationId: 'i', deliveryStreamArn: STREAM, region: 'us-east-1', records: [good, bad] } as never);
    // Assess
    expect(response.records.map((r) => [r.recordId, r.result])).toEqual([['g', 'Ok'], ['a', 'ProcessingFailed']]);
    const failure = logger.lines.find((l) => l.message === 'record failed')!;
    expect(failure.attributes).toMatchObject({ recordId: 'a', errorClass: 'FirehoseEventError' });
    expect(failure.attributes['errorMessage']).toMatch(message);
  });

  it('answers a repeated recordId once per record, in order, with a warning (AWS syslog test event)', async () => {
    // Prepare: AWS's syslog blueprint test event gives both records the same id
    const event = readJsonFixture<FirehoseTransformationEvent>('test/fixtures/firehose-events/aws-lambda-dotnet-SampleRequests-kinesis-firehose-syslog.json');
    const logger = recordingLogger();
    const sink = memoryReingestSink();
    const handler = firehoseHandler((bytes) => Buffer.from(bytes).toString('utf8').toUpperCase(), { logger, reingest: sink });
    // Act
    const response = await handler(event);
    // Assess
    expect(response.records.map((r) => [r.recordId, r.result])).toEqual(event.records.map((r) => [r.recordId, 'Ok']));
    expect(response.records.map((r) => text(r.data))).toEqual(event.records.map((r) => `${text(r.data).toUpperCase()}\n`));
    expect(logger.lines.find((l) => l.level === 'warn')).toMatchObject({ attributes: { records: 1 } });
  });

  it('keeps re-ingestion of records with a repeated recordId apart (each is answered by its own outcome)', async () => {
    // Prepare: three records with one id; the sink refuses the second copy only
    const records = ['1', '2', '3'].map((n) => ({ recordId: 'same', approximateArrivalTimestamp: 1, data: b64(JSON.stringify({ n, pad: 'p'.repeat(1_500) })) }));
    const sink = memoryReingestSink((record) => Buffer.from(record.data).toString().includes('"n":"2"'));
    const handler = firehoseHandler(identity, { logger: silentLogger, reingest: sink, maxResponseBytes: 2_200 });
    // Act
    const response = await handler({ invocationId: 'i', deliveryStreamArn: STREAM, region: 'us-east-1', records });
    // Assess: one kept, the refused copy fails with its own bytes, the other is dropped after re-ingestion
    expect(response.records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed', 'Dropped']);
    expect(response.records[1]!.data).toBe(records[1]!.data);
  });

  it('reads Kinesis Data Analytics preprocessing events (arrival time under kinesisFirehoseRecordMetadata)', async () => {
    // Prepare
    const event = readJsonFixture<FirehoseTransformationEvent>('test/fixtures/firehose-events/aws-lambda-java-libs-kinesis-analytics-firehose-input-preprocessing.json');
    const seen: number[] = [];
    const handler = firehoseHandler((bytes, ctx) => {
      seen.push(ctx.arrivalTimestamp);
      return Buffer.from(bytes);
    }, { logger: silentLogger });
    // Act
    const response = await handler(event);
    // Assess
    expect(seen).toEqual([1583348638390]);
    expect(response.records).toEqual([{ recordId: event.records[0]!.recordId, result: 'Ok', data: b64('Hello World\n') }]);
  });

  it('reads MSK-sourced events and answers with kafkaRecordValue, giving the pipeline the MSK metadata', async () => {
    // Prepare
    const event = readJsonFixture<FirehoseTransformationEvent>('test/fixtures/firehose-events/aws-lambda-java-libs-msk-firehose-event.json');
    const seen: unknown[] = [];
    const handler = firehoseHandler(pipe(parseJson(), (value: JsonValue, ctx) => {
      seen.push(ctx.source.msk, ctx.source.sourceMskArn);
      return value;
    }, toJsonLine()), { logger: silentLogger, maxResponseBytes: 1_000 });
    // Act
    const response = await handler(event);
    // Assess
    expect(seen).toEqual([{ offset: '0', partitionId: '1', approximateArrivalTimestamp: 1716369573887 }, 'arn:aws:kafka:EXAMPLE']);
    expect(response.records).toEqual([{ recordId: event.records[0]!.recordId, result: 'Ok', kafkaRecordValue: b64('{"Name":"Hello World"}\n') }]);
  });

  it.each([
    ['unknown option', { newLine: true }, /option 'newLine' is not known/],
    ['budget too large', { maxResponseBytes: 7_000_000 }, /'maxResponseBytes' must be an integer from 1000 to 6291456/],
    ['bad reingest', { reingest: 'always' }, /'reingest' must be 'auto', 'off'/],
  ])('refuses bad options at start-up: %s', (_name, options, message) => {
    expect(() => firehoseHandler(identity, options as never)).toThrow(BlueprintConfigError);
    expect(() => firehoseHandler(identity, options as never)).toThrow(message);
  });

  describe('records split by the pipeline (RecordSplitRequiredError)', () => {
    const splitting = (bytes: Uint8Array): Outcome<string> => {
      const text = Buffer.from(bytes).toString();
      return text.startsWith('split:') ? fail(new RecordSplitRequiredError('too big', [Buffer.from('part one'), Buffer.from('part two')])) : ok(text);
    };

    it('re-ingests the parts with the record partition key and drops the original', async () => {
      const sink = memoryReingestSink();
      const logger = recordingLogger();
      const handler = firehoseHandler(splitting, { logger, reingest: sink });
      const response = await runHandlerChecked(handler, eventOf(['keep', 'split:me']));
      expect(response.records.map((r) => r.result)).toEqual(['Ok', 'Dropped']);
      expect(sink.received.map(({ record }) => [record.recordId, Buffer.from(record.data).toString(), record.partitionKey])).toEqual([
        ['r1/part-1', 'part one', 'r1'],
        ['r1/part-2', 'part two', 'r1'],
      ]);
      expect(logger.lines.find((l) => l.message === 'batch processed')!.attributes).toMatchObject({ ok: 1, dropped: 0, split: 1, reingested: 0 });
    });

    it('fails the record with its original bytes when re-ingestion is off or refuses a part', async () => {
      const off = firehoseHandler(splitting, { logger: silentLogger, reingest: 'off' });
      const event = eventOf(['split:me']);
      expect((await runHandlerChecked(off, event)).records[0]).toEqual({ recordId: 'r0', result: 'ProcessingFailed', data: event.records[0]!.data });
      const refusing = firehoseHandler(splitting, { logger: silentLogger, reingest: memoryReingestSink((r) => r.recordId.endsWith('/part-2')) });
      expect((await runHandlerChecked(refusing, event)).records[0]!.result).toBe('ProcessingFailed');
    });
  });

  describe('response budget', () => {
    const big = (n: number, fill: string): string => JSON.stringify({ pad: fill.repeat(n) });

    it('re-ingests records past the budget to the delivery stream with PutRecordBatch and marks them Dropped', async () => {
      // Prepare
      firehose.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => ({ FailedPutCount: 0, RequestResponses: input.Records.map(() => ({ RecordId: 'x' })) }));
      const logger = recordingLogger();
      const handler = firehoseHandler(identity, { maxResponseBytes: 5_000, logger });
      const event = eventOf([big(1500, 'a'), big(1500, 'b'), big(1500, 'c'), big(1500, 'd')]);
      // Act
      const response = await runHandlerChecked(handler, event, { maxResponseBytes: 5_000 });
      // Assess
      expect(response.records.map((r) => r.result)).toEqual(['Ok', 'Ok', 'Dropped', 'Dropped']);
      const calls = firehose.commandCalls(PutRecordBatchCommand);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.args[0].input.DeliveryStreamName).toBe('clicks');
      expect(calls[0]!.args[0].input.Records!.map((r) => Buffer.from(r.Data!).toString())).toEqual([big(1500, 'c'), big(1500, 'd')]);
      expect(logger.lines.find((l) => l.message === 'batch processed')!.attributes).toMatchObject({ ok: 2, dropped: 0, reingested: 2 });
    });

    it('re-ingests to the source Kinesis stream with PutRecords and the record partition key', async () => {
      kinesis.on(PutRecordsCommand).callsFake((input: { Records: unknown[] }) => ({ FailedRecordCount: 0, Records: input.Records.map(() => ({ SequenceNumber: '1', ShardId: 's' })) }));
      const handler = firehoseHandler(identity, { maxResponseBytes: 3_000, logger: silentLogger });
      const event = eventOf([big(1500, 'a'), big(1500, 'b')], { sourceKinesisStreamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/src' });
      event.records[1]!.kinesisRecordMetadata = { shardId: 's', partitionKey: 'pk-7', approximateArrivalTimestamp: 1, sequenceNumber: '1', subsequenceNumber: '0' };
      const response = await runHandlerChecked(handler, event, { maxResponseBytes: 3_000 });
      expect(response.records.map((r) => r.result)).toEqual(['Ok', 'Dropped']);
      const input = kinesis.commandCalls(PutRecordsCommand)[0]!.args[0].input;
      expect(input.StreamARN).toBe('arn:aws:kinesis:eu-west-1:123456789012:stream/src');
      expect(input.Records!.map((r) => r.PartitionKey)).toEqual(['pk-7']);
      expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(0);
    });

    it('retries entries the API rejected, then fails those still rejected with their original bytes', async () => {
      // Prepare: the first call rejects the second entry; afterwards every call rejects everything
      let call = 0;
      firehose.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => {
        call++;
        return call === 1
          ? { FailedPutCount: 1, RequestResponses: [{ RecordId: 'x' }, { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'slow down' }, { RecordId: 'y' }] }
          : { FailedPutCount: input.Records.length, RequestResponses: input.Records.map(() => ({ ErrorCode: 'InternalFailure' })) };
      });
      const logger = recordingLogger();
      const client = new FirehoseClient({ region: 'us-east-1' });
      const sink = batchingSink(async (_target, records) => {
        const answer = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: 'clicks', Records: records.map((r) => ({ Data: r.data })) }));
        return (answer.RequestResponses ?? []).map((e) => e.ErrorCode ?? undefined);
      }, { limits: { ...DEFAULT_REINGEST_LIMITS, maxAttempts: 3 }, sleep: async () => undefined });
      const handler = firehoseHandler(identity, { maxResponseBytes: 3_000, logger, reingest: sink });
      const event = eventOf([big(1500, 'a'), big(1500, 'b'), big(1500, 'c'), big(1500, 'd')]);
      // Act
      const response = await runHandlerChecked(handler, event);
      // Assess: r2 failed on every attempt (3 calls in all) and is returned with its original bytes
      expect(call).toBe(3);
      expect(response.records.map((r) => r.result)).toEqual(['Ok', 'Dropped', 'ProcessingFailed', 'Dropped']);
      expect(response.records[2]!.data).toBe(event.records[2]!.data);
      expect(logger.lines.some((l) => l.level === 'error' && l.message.startsWith('records not re-ingested'))).toBe(true);
    });

    it('uses the default (AWS SDK) sink and survives an API that throws, backing off on an injected clock', async () => {
      // Prepare: a throttling error, retryable; the sink's clock records the waits instead of sleeping
      firehose.on(PutRecordBatchCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }));
      const waits: number[] = [];
      setDefaultReingestSink(() => awsReingestSink({ sleep: async (ms) => void waits.push(ms) }));
      const handler = firehoseHandler(identity, { maxResponseBytes: 3_000, logger: silentLogger });
      const event = eventOf([big(1500, 'a'), big(1500, 'b')]);
      // Act
      const response = await handler(event).finally(() => setDefaultReingestSink(awsSinkWithoutWaits));
      // Assess: every attempt made, each wait within its backoff ceiling
      expect(response.records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed']);
      expect(response.records[1]!.data).toBe(event.records[1]!.data);
      expect(firehose.commandCalls(PutRecordBatchCommand).length).toBe(DEFAULT_REINGEST_LIMITS.maxAttempts);
      expect(waits).toHaveLength(DEFAULT_REINGEST_LIMITS.maxAttempts - 1);
      waits.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(Math.min(DEFAULT_REINGEST_LIMITS.maxDelayMs, DEFAULT_REINGEST_LIMITS.baseDelayMs * 2 ** i)));
    });

    it('marks overflow ProcessingFailed with original bytes when re-ingestion is off', async () => {
      const logger = recordingLogger();
      const handler = firehoseHandler(identity, { maxResponseBytes: 2_500, logger, reingest: 'off' });
      const event = eventOf([big(1500, 'a'), big(1500, 'b')]);
      const response = await runHandlerChecked(handler, event);
      expect(response.records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed']);
      expect(response.records[1]!.data).toBe(event.records[1]!.data);
      expect(logger.lines.some((l) => l.level === 'warn' && l.attributes['reason'] === 'reingest is off')).toBe(true);
    });

    it('fails, rather than re-ingests, an output too large for any response (it would come back forever)', async () => {
      const sink = memoryReingestSink();
      const handler = firehoseHandler(() => 'x'.repeat(10_000), { maxResponseBytes: 5_000, logger: silentLogger, reingest: sink });
      const response = await runHandlerChecked(handler, eventOf(['{}']));
      expect(response.records[0]!.result).toBe('ProcessingFailed');
      expect(sink.received).toHaveLength(0);
    });

    it('re-ingests an Ok record that fits a response only on its own (regression: it was kept and broke the budget)', async () => {
      // Prepare: record 0's entry fills a 3,499-byte response exactly, with no room for record 1
      const sink = memoryReingestSink();
      const handler = firehoseHandler(identity, { maxResponseBytes: 3_499, logger: silentLogger, reingest: sink });
      const event = eventOf([big(2570, 'z'), big(0, 'z')]);
      // Act
      const response = await runHandlerChecked(handler, event, { maxResponseBytes: 3_499 });
      // Assess
      expect(response.records.map((r) => r.result)).toEqual(['Dropped', 'Ok']);
      const again = await runHandlerChecked(handler, eventOf([Buffer.from(sink.received[0]!.record.data).toString()]), { maxResponseBytes: 3_499 });
      expect(again.records[0]!.result).toBe('Ok');
      expect(Buffer.byteLength(JSON.stringify(again))).toBe(3_499);
    });

    it('keeps the response within the budget whatever the record sizes (property)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat({ max: 3_000 }), { maxLength: 40 }), fc.integer({ min: 1_000, max: 20_000 }), async (sizes, budget) => {
          const sink = memoryReingestSink();
          const handler = firehoseHandler(identity, { maxResponseBytes: budget, logger: silentLogger, reingest: sink });
          const event = eventOf(sizes.map((n) => big(n, 'z')));
          const response = await runHandlerChecked(handler, event);
          const tooBigAlone = response.records.filter((r) => jsonBytes(r) + 14 > budget).reduce((s, r) => s + jsonBytes(r) + 1, 0);
          expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThanOrEqual(budget + tooBigAlone);
          expect(sink.received.length).toBe(response.records.filter((r) => r.result === 'Dropped').length);
        }),
        { numRuns: 1_000 },
      );
    });
  });
});

describe('response size arithmetic', () => {
  it('matches JSON.stringify for any entry (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.constantFrom('Ok' as const, 'Dropped' as const, 'ProcessingFailed' as const), fc.uint8Array({ maxLength: 100 }), fc.option(fc.dictionary(fc.string(), fc.string()), { nil: undefined }), (recordId, result, bytes, keys) => {
        const data = Buffer.from(bytes).toString('base64');
        const entry = keys === undefined ? { recordId, result, data } : { recordId, result, data, metadata: { partitionKeys: keys } };
        expect(data.length).toBe(base64Length(bytes.length));
        expect(responseEntryBytes(jsonBytes(recordId), result, data.length, keys === undefined ? undefined : jsonBytes(keys))).toBe(jsonBytes(entry));
      }),
      { numRuns: 300 },
    );
  });
});

describe('re-ingestion batching', () => {
  const rec = (id: number, size: number): ReingestRecord => ({ recordId: String(id), data: new Uint8Array(size), partitionKey: 'k' });

  it('keeps calls within 500 records and 4 MiB, in order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_024_000 }), { maxLength: 1200 }), (sizes) => {
        const records = sizes.map((s, i) => rec(i, s));
        const chunks = chunkForCalls(records, DEFAULT_REINGEST_LIMITS);
        expect(chunks.flat().map((r) => r.recordId)).toEqual(records.map((r) => r.recordId));
        for (const chunk of chunks) {
          expect(chunk.length).toBeLessThanOrEqual(500);
          expect(chunk.reduce((s, r) => s + r.data.byteLength + 1, 0)).toBeLessThanOrEqual(4 * 1024 * 1024);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('treats a short answer as rejections of the missing entries', async () => {
    const calls: number[] = [];
    const sink = batchingSink(async (_t, records) => {
      calls.push(records.length);
      return records.length > 1 ? [undefined] : [undefined];
    }, { limits: { ...DEFAULT_REINGEST_LIMITS, maxAttempts: 4, baseDelayMs: 0 }, sleep: async () => undefined });
    const failed = await sink.reingest({ kind: 'firehose', deliveryStreamArn: STREAM }, [rec(1, 1), rec(2, 1), rec(3, 1)]);
    expect(calls).toEqual([3, 2, 1]);
    expect([...failed]).toEqual([]);
  });
});

// Records that failed a transform keep their exact bytes, whatever a random pipeline does (property).
describe('random pipelines', () => {
  it('keep the output model for any batch', async () => {
    const { firehoseEventArbitrary } = await import('../../../testing/index.js');
    const steps = [
      (r: JsonObject) => r,
      (r: JsonObject) => (Object.keys(r).length % 3 === 0 ? fail('three') : r),
      (r: JsonObject) => ok(r, { n: String(Object.keys(r).length) }),
      filterRecords((r: JsonObject) => Object.keys(r).length !== 1),
      (r: JsonObject) => {
        if (JSON.stringify(r).length % 7 === 0) throw new Error('sevens');
        return r;
      },
      addFields({ id: fromContext.recordId }),
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: steps.length - 1 }), { maxLength: 5 }), firehoseEventArbitrary({ maxRecords: 10 }), async (chosen, event) => {
        const pipeline = pipe(parseJson(), ...(chosen.map((i) => steps[i]!) as never[]), toJsonLine()) as never;
        await runHandlerChecked(firehoseHandler(pipeline, { logger: silentLogger, reingest: memoryReingestSink() }), event, { maxResponseBytes: 6_000_000 });
      }),
      { numRuns: 200 },
    );
  });
});
