import fc from 'fast-check';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createCloudWatchLogsToJsonHandler, maxOutputBytesFor } from '../../blueprints/cloudwatchLogsToJson.js';
import { BlueprintConfigError } from '../../blueprints/handler/errors.js';
import { silentLogger } from '../../blueprints/handler/logger.js';
import { blueprints } from '../../blueprints/registry.js';
import { memoryReingestSink, recordDataArbitrary, runHandlerChecked } from '../../testing/index.js';
import { readJsonFixture, repoPath } from '../helpers/fixtures.js';
import { describeBlueprintContract } from '../helpers/blueprintContract.js';
import { decoded, eventOf } from '../helpers/events.js';
import { recordingLogger } from '../helpers/recordingLogger.js';

interface LogEvent {
  id: string;
  timestamp: number;
  message: string;
}
const payload = (logEvents: LogEvent[], messageType = 'DATA_MESSAGE'): Record<string, unknown> => ({
  messageType,
  owner: '123456789012',
  logGroup: '/aws/lambda/checkout',
  logStream: '2024/11/21/[$LATEST]9f4c',
  subscriptionFilters: ['to-firehose'],
  logEvents,
});
const gzipJson = (value: unknown): Buffer => gzipSync(Buffer.from(JSON.stringify(value)));
const logEvent = fc.record({ id: fc.stringMatching(/^[0-9]{56}$/), timestamp: fc.integer({ min: 1_500_000_000_000, max: 2_000_000_000_000 }), message: fc.string({ unit: 'grapheme', maxLength: 200 }) });

/** Subscription records: data messages (some large enough to be split), control messages, and junk. */
const cloudWatchData = fc.oneof(
  { arbitrary: fc.array(logEvent, { minLength: 1, maxLength: 40 }).map((events) => gzipJson(payload(events))), weight: 5 },
  { arbitrary: fc.constant(gzipJson(payload([{ id: '', timestamp: 1_510_254_469_274, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }], 'CONTROL_MESSAGE'))), weight: 1 },
  { arbitrary: recordDataArbitrary('bytes'), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => gzipJson(value)), weight: 1 },
);

describeBlueprintContract('cloudwatch-logs-to-json', (overrides) => createCloudWatchLogsToJsonHandler({}, overrides), cloudWatchData);
describeBlueprintContract('cloudwatch-logs-to-json (raw messages)', (overrides) => createCloudWatchLogsToJsonHandler({ OUTPUT: 'message' }, overrides), cloudWatchData);

const linesOf = (data: string | undefined): Record<string, unknown>[] => decoded(data).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('cloudwatch-logs-to-json', () => {
  it.each([
    'test/fixtures/cloudwatch/aws-sam-cli-KinesisFirehoseCloudwatchLogsProcessor.json',
    'test/fixtures/cloudwatch/serverless-app-examples-kinesis-firehose-cloudwatch-logs-processor.testEvent.json',
    'test/fixtures/cloudwatch/aws-lambda-dotnet-SampleRequests-kinesis-firehose-cloudwatch-logs-processor.json',
  ])('%s: the CONTROL_MESSAGE is dropped and every log event is in the output', async (file) => {
    // Prepare
    const event = readJsonFixture<FirehoseTransformationEvent>(file);
    const expected = event.records.map((r) => JSON.parse(gunzipSync(Buffer.from(r.data, 'base64')).toString()) as { messageType: string; logEvents: LogEvent[] });
    // Act
    const response = await runHandlerChecked(createCloudWatchLogsToJsonHandler({}, { logger: silentLogger }), event);
    // Assess
    expect(response.records.map((r) => r.result)).toEqual(expected.map((p) => (p.messageType === 'CONTROL_MESSAGE' ? 'Dropped' : 'Ok')));
    const written = response.records.filter((r) => r.result === 'Ok').flatMap((r) => linesOf(r.data));
    const sent = expected.filter((p) => p.messageType === 'DATA_MESSAGE').flatMap((p) => p.logEvents);
    expect(written.map((line) => [line.id, line.timestamp, line.message])).toEqual(sent.map((e) => [e.id, e.timestamp, e.message]));
    expect(written).toHaveLength(9);
  });

  it('reads samples/cloudwatch-logs.jsonl as the CLI sends it (each line gzip-compressed)', async () => {
    // Prepare
    const lines = readFileSync(repoPath('samples/cloudwatch-logs.jsonl'), 'utf8').split('\n').filter((line) => line !== '');
    // Act
    const response = await runHandlerChecked(createCloudWatchLogsToJsonHandler({ PARSE_JSON_MESSAGES: 'true' }, { logger: silentLogger }), eventOf(lines.map((line) => gzipSync(line))));
    // Assess
    expect(response.records.map((r) => r.result)).toEqual(['Dropped', 'Ok', 'Ok', 'Ok']);
    const checkout = linesOf(response.records[1]!.data);
    expect(checkout).toHaveLength(5);
    expect(checkout[1]!.message).toMatchObject({ level: 'INFO', orderId: 'o-118397' });
    expect(linesOf(response.records[2]!.data)[1]!.message).toContain('ZeroDivisionError');
  });

  it('redacts PII in every log event with REDACT_PII=true', async () => {
    // Prepare
    const data = gzipJson(payload([{ id: '1', timestamp: 1, message: 'payment retry card=4111 1111 1111 1111 for fatima@example.com' }]));
    // Act
    const response = await runHandlerChecked(createCloudWatchLogsToJsonHandler({ REDACT_PII: 'true' }, { logger: silentLogger }), eventOf([data]));
    // Assess
    const message = linesOf(response.records[0]!.data)[0]!.message as string;
    expect(message).not.toContain('4111 1111 1111 1111');
    expect(message).not.toContain('fatima@example.com');
    expect(message).toContain('payment retry card=');
  });

  describe('a record whose output does not fit in the response on its own', () => {
    const budget = 20_000;
    const big = (count: number): LogEvent[] => Array.from({ length: count }, (_, i) => ({ id: String(i).padStart(56, '0'), timestamp: 1_700_000_000_000 + i, message: `event ${i} ${'x'.repeat(400)}` }));

    it('is split in two halves that are re-ingested; re-processing them writes every event exactly once', async () => {
      // Prepare
      const sink = memoryReingestSink();
      const handler = createCloudWatchLogsToJsonHandler({}, { logger: silentLogger, maxResponseBytes: budget, reingest: sink });
      const events = big(100);
      let pending: Uint8Array[] = [gzipJson(payload(events))];
      const written: Record<string, unknown>[] = [];
      let rounds = 0;
      // Act: like Firehose, feed whatever was re-ingested into later invocations until nothing is left
      while (pending.length > 0 && rounds < 20) {
        rounds++;
        const response = await runHandlerChecked(handler, eventOf(pending, { invocationId: `inv-${rounds}` }), { maxResponseBytes: budget });
        for (const record of response.records) {
          expect(record.result).not.toBe('ProcessingFailed');
          if (record.result === 'Ok') written.push(...linesOf(record.data));
        }
        pending = sink.drain().map(({ record }) => record.data);
      }
      // Assess
      expect(rounds).toBeGreaterThan(2);
      expect(written.map((line) => line.id).sort()).toEqual(events.map((e) => e.id).sort());
      expect(written.every((line) => line.logGroup === '/aws/lambda/checkout')).toBe(true);
    });

    it('re-ingests to the source Kinesis stream with the record\'s partition key when Firehose reads from Kinesis', async () => {
      // Prepare
      const sink = memoryReingestSink();
      const handler = createCloudWatchLogsToJsonHandler({}, { logger: silentLogger, maxResponseBytes: budget, reingest: sink });
      const event = eventOf([gzipJson(payload(big(60)))], { sourceKinesisStreamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/cwl' });
      event.records[0]!.kinesisRecordMetadata = { shardId: 'shardId-000000000001', partitionKey: 'pk-7', sequenceNumber: '1', subsequenceNumber: 0, approximateArrivalTimestamp: 1_700_000_000_000 } as unknown as NonNullable<FirehoseTransformationEvent['records'][number]['kinesisRecordMetadata']>;
      // Act
      const response = await runHandlerChecked(handler, event, { maxResponseBytes: budget });
      // Assess
      expect(response.records[0]!.result).toBe('Dropped');
      expect(sink.received.map(({ target, record }) => [target, record.recordId, record.partitionKey])).toEqual([
        [{ kind: 'kinesis', streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/cwl' }, 'r0/part-1', 'pk-7'],
        [{ kind: 'kinesis', streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/cwl' }, 'r0/part-2', 'pk-7'],
      ]);
    });

    it('comes back ProcessingFailed with its original bytes when a half cannot be re-ingested', async () => {
      // Prepare
      const sink = memoryReingestSink((record) => record.recordId.endsWith('/part-2'));
      const logger = recordingLogger();
      const handler = createCloudWatchLogsToJsonHandler({}, { logger, maxResponseBytes: budget, reingest: sink });
      const event = eventOf([gzipJson(payload(big(60))), gzipJson(payload(big(1)))]);
      // Act
      const response = await runHandlerChecked(handler, event, { maxResponseBytes: budget });
      // Assess
      expect(response.records.map((r) => r.result)).toEqual(['ProcessingFailed', 'Ok']);
      expect(response.records[0]!.data).toBe(event.records[0]!.data);
      expect(logger.lines).toContainEqual({ level: 'error', message: 'records not re-ingested; returned as ProcessingFailed with their original bytes', attributes: { records: 1, target: 'firehose' } });
      expect(logger.lines.find((l) => l.message === 'record failed')?.attributes).toMatchObject({ recordId: 'r0', errorClass: 'ReingestError' });
    });

    it('comes back ProcessingFailed with its original bytes with REINGEST=off', async () => {
      // Prepare
      const handler = createCloudWatchLogsToJsonHandler({ REINGEST: 'off', MAX_RESPONSE_BYTES: String(budget) }, { logger: silentLogger });
      const event = eventOf([gzipJson(payload(big(60)))]);
      // Act
      const response = await runHandlerChecked(handler, event, { maxResponseBytes: budget });
      // Assess
      expect(response.records[0]).toEqual({ recordId: 'r0', result: 'ProcessingFailed', data: event.records[0]!.data });
    });

    it('sizes the split threshold from the response budget', () => {
      expect(maxOutputBytesFor(6_000_000)).toBe(4_499_249);
      expect(maxOutputBytesFor(20_000)).toBe(14_249);
    });
  });

  it.each([
    ['OUTPUT', { OUTPUT: 'csv' }, 'environment variable OUTPUT="csv" is not allowed; use one of: json, message (default json)'],
    ['PARSE_JSON_MESSAGES', { PARSE_JSON_MESSAGES: 'maybe' }, 'environment variable PARSE_JSON_MESSAGES="maybe" is not a boolean'],
    ['PARSE_JSON_MESSAGES with OUTPUT=message', { PARSE_JSON_MESSAGES: 'true', OUTPUT: 'message' }, "environment variable PARSE_JSON_MESSAGES: processCloudWatchLogs: option 'parseJsonMessages' has no effect with output 'message'"],
    ['TIMESTAMP_FORMAT', { TIMESTAMP_FORMAT: 'unix' }, 'environment variable TIMESTAMP_FORMAT="unix" is not allowed; use one of: epoch-millis, iso (default epoch-millis)'],
    ['COMPRESSION', { COMPRESSION: 'zstd' }, 'environment variable COMPRESSION="zstd" is not allowed; use one of: auto, gzip, zlib, none (default auto)'],
    ['MAX_DECOMPRESSED_BYTES', { MAX_DECOMPRESSED_BYTES: '10' }, 'environment variable MAX_DECOMPRESSED_BYTES="10" must be an integer from 1024 to 268435456 (default 16777216)'],
    ['PII_MODE with REDACT_PII=true', { REDACT_PII: 'true', PII_MODE: 'shred' }, 'environment variable PII_MODE="shred" is not allowed'],
  ])('stops at cold start on a bad %s', (_name, env, message) => {
    // Act / Assess
    expect(() => createCloudWatchLogsToJsonHandler(env)).toThrow(BlueprintConfigError);
    expect(() => createCloudWatchLogsToJsonHandler(env)).toThrow(message);
  });

  it('is registered with gzip producer records, as a subscription filter delivers them', () => {
    expect(blueprints['cloudwatch-logs-to-json']).toMatchObject({ producerEncoding: 'gzip' });
    expect(Object.keys(blueprints['cloudwatch-logs-to-json']!.env)).toEqual(expect.arrayContaining(['OUTPUT', 'PARSE_JSON_MESSAGES', 'REDACT_PII', 'PII_MODE']));
  });
});
