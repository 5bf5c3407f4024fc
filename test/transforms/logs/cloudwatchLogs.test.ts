import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RecordError, TransformOptionError } from '../../../transforms/core/errors.js';
import { processCloudWatchLogs, splitCloudWatchRecord, type ProcessCloudWatchLogsOptions } from '../../../transforms/logs/cloudwatchLogs.js';
import { RecordSplitRequiredError } from '../../../transforms/core/errors.js';
import { drop, fail, isOutcome, ok } from '../../../transforms/core/outcome.js';
import type { JsonObject, JsonValue } from '../../../transforms/core/types.js';
import { readJsonFixture } from '../../helpers/fixtures.js';
import { describeTransformContract, testContext } from '../../helpers/transformContract.js';

interface LogEvent {
  id: string;
  timestamp: number;
  message: string;
}
interface Payload {
  messageType: string;
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  logEvents: LogEvent[];
  [extra: string]: unknown;
}

type Result = { text: string } | { dropped: string } | { failed: Error };
function run(transform: ReturnType<typeof processCloudWatchLogs>, input: Uint8Array | string): Result {
  const result = transform(input, testContext);
  if (!isOutcome(result)) return { text: result };
  if ('reason' in result) return { dropped: result.reason };
  if ('error' in result) return { failed: result.error };
  throw new Error('unexpected ok outcome');
}
function textOf(result: Result): string {
  if (!('text' in result)) throw new Error(`expected output, got ${JSON.stringify('failed' in result ? result.failed.message : result)}`);
  return result.text;
}

const payload = (logEvents: LogEvent[], extra: Partial<Payload> = {}): Payload => ({
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: '/aws/lambda/checkout',
  logStream: '2024/10/21/[$LATEST]16c175a5',
  subscriptionFilters: ['to-firehose'],
  logEvents,
  ...extra,
});
const gzipJson = (value: unknown): Buffer => gzipSync(Buffer.from(JSON.stringify(value), 'utf8'));
const eventsOf = (record: Uint8Array): LogEvent[] => (JSON.parse(gunzipSync(record).toString('utf8')) as Payload).logEvents;

describe('processCloudWatchLogs on the sample Firehose events of AWS tools', () => {
  const files = [
    'test/fixtures/cloudwatch/aws-sam-cli-KinesisFirehoseCloudwatchLogsProcessor.json',
    'test/fixtures/cloudwatch/serverless-app-examples-kinesis-firehose-cloudwatch-logs-processor.testEvent.json',
    'test/fixtures/cloudwatch/aws-lambda-dotnet-SampleRequests-kinesis-firehose-cloudwatch-logs-processor.json',
  ];

  it.each(files)('%s: CONTROL_MESSAGE dropped, every log event of every DATA_MESSAGE present in order', (file) => {
    // Prepare
    const event = readJsonFixture<{ records: { data: string }[] }>(file);
    const transform = processCloudWatchLogs();
    let dataMessages = 0;
    let events = 0;
    for (const record of event.records) {
      const bytes = Buffer.from(record.data, 'base64');
      const original = JSON.parse(gunzipSync(bytes).toString('utf8')) as Payload;
      // Act
      const result = run(transform, bytes);
      // Assess
      if (original.messageType === 'CONTROL_MESSAGE') {
        expect(result).toEqual({ dropped: 'CloudWatch Logs control message' });
        continue;
      }
      dataMessages++;
      const lines = textOf(result).split('\n').map((line) => JSON.parse(line) as JsonObject);
      expect(lines).toEqual(
        original.logEvents.map((e) => ({ id: e.id, timestamp: e.timestamp, message: e.message, logGroup: original.logGroup, logStream: original.logStream, owner: original.owner })),
      );
      events += lines.length;
    }
    expect(dataMessages).toBe(3);
    expect(events).toBe(9);
  });

  it.each([
    ['aws-sam-cli-CloudwatchLogs.json (gzip)', 'test/fixtures/cloudwatch/aws-sam-cli-CloudwatchLogs.json', ['[ERROR] First test message', '[ERROR] Second test message']],
    ['powertools-python-cloudWatchLogEventWithPolicyLevel.json (zlib, account-level policy)', 'test/fixtures/cloudwatch/powertools-python-cloudWatchLogEventWithPolicyLevel.json', ['[ERROR] First test message', '[ERROR] Second test message']],
  ])('reads the subscription payload of %s', (_name, file, messages) => {
    // Prepare
    const bytes = Buffer.from(readJsonFixture<{ awslogs: { data: string } }>(file).awslogs.data, 'base64');
    // Act
    const text = textOf(run(processCloudWatchLogs({ output: 'message' }), bytes));
    // Assess
    expect(text.split('\n')).toEqual(messages);
  });

  it('parses the JSON messages of a Powertools Lambda log (and keeps the others as text)', () => {
    // Prepare
    const bytes = Buffer.from(readJsonFixture<{ awslogs: { data: string } }>('test/fixtures/cloudwatch/powertools-typescript-cloudwatch-base.json').awslogs.data, 'base64');
    // Act
    const lines = textOf(run(processCloudWatchLogs({ parseJsonMessages: true }), bytes)).split('\n').map((line) => JSON.parse(line) as JsonObject);
    // Assess
    expect(lines.map((line) => typeof line.message)).toEqual(['string', 'string', 'object']);
    expect(lines[2]!.message).toMatchObject({ level: 'INFO', message: 'Hello from other.ts', service: 'service_undefined' });
    expect(lines[0]).toMatchObject({ logGroup: '/aws/lambda/some-other-name', owner: '536254204126' });
  });

  it('reads the payloads that a Kinesis stream carries from a subscription', () => {
    // Prepare
    const event = readJsonFixture<{ Records: { kinesis: { data: string } }[] }>('test/fixtures/cloudwatch/powertools-typescript-kinesis-stream-cloudwatch-logs.json');
    // Act
    const outputs = event.Records.map((record) => run(processCloudWatchLogs(), Buffer.from(record.kinesis.data, 'base64')));
    // Assess
    for (const [index, output] of outputs.entries()) {
      const original = JSON.parse(gunzipSync(Buffer.from(event.Records[index]!.kinesis.data, 'base64')).toString()) as Payload;
      expect(textOf(output).split('\n')).toHaveLength(original.logEvents.length);
    }
  });
});

describe('processCloudWatchLogs output options', () => {
  const events: LogEvent[] = [
    { id: '1', timestamp: 1_729_520_895_158, message: 'START RequestId: eadc91c8 Version: $LATEST\n' },
    { id: '2', timestamp: 1_729_520_895_159, message: 'line one\r\n' },
    { id: '3', timestamp: 1_729_520_895_160, message: '{"__proto__":{"polluted":true},"a":1}' },
    { id: '4', timestamp: 1_729_520_895_161, message: ' [1, 2, 3]' },
    { id: '5', timestamp: 1_729_520_895_162, message: '{"not json' },
  ];

  it("writes raw messages with one trailing line break removed (output: 'message')", () => {
    // Act
    const text = textOf(run(processCloudWatchLogs({ output: 'message' }), gzipJson(payload(events))));
    // Assess
    expect(text).toBe('START RequestId: eadc91c8 Version: $LATEST\nline one\n{"__proto__":{"polluted":true},"a":1}\n [1, 2, 3]\n{"not json');
  });

  it('parses JSON messages safely: prototype keys and invalid JSON stay text', () => {
    // Act
    const lines = textOf(run(processCloudWatchLogs({ parseJsonMessages: true, timestampFormat: 'iso' }), gzipJson(payload(events)))).split('\n').map((line) => JSON.parse(line) as JsonObject);
    // Assess
    expect(lines.map((line) => line.message)).toEqual([events[0]!.message, events[1]!.message, events[2]!.message, [1, 2, 3], events[4]!.message]);
    expect(lines[0]!.timestamp).toBe('2024-10-21T14:28:15.158Z');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('applies eachEvent to every event: results written, drops left out, partition keys ignored', () => {
    // Prepare
    const redactDigits = (event: JsonObject): JsonValue | ReturnType<typeof drop> | ReturnType<typeof ok<JsonValue>> => {
      const message = event.message as string;
      if (message.startsWith('START')) return drop('platform line');
      return ok({ ...event, message: message.replace(/\d/g, '#') }, { ignored: 'yes' });
    };
    // Act
    const text = textOf(run(processCloudWatchLogs({ output: 'message', eachEvent: redactDigits }), gzipJson(payload(events))));
    // Assess
    expect(text.split('\n')).toEqual(['line one', '{"__proto__":{"polluted":true},"a":#}', ' [#, #, #]', '{"not json']);
  });

  it('drops a data message whose events are all dropped', () => {
    // Act / Assess
    expect(run(processCloudWatchLogs({ eachEvent: () => drop('no') }), gzipJson(payload(events)))).toEqual({ dropped: 'CloudWatch Logs data message without log events' });
  });

  it.each([
    ['fails', () => fail(new RecordError('redactPii: field message is a number')), 'eachEvent failed log event 1 of 5: redactPii: field message is a number'],
    ['throws', () => {
      throw new TypeError('boom');
    }, 'eachEvent threw TypeError on log event 1 of 5'],
  ])('fails the whole record when eachEvent %s, naming the event', (_how, eachEvent, message) => {
    // Act
    const result = run(processCloudWatchLogs({ eachEvent: eachEvent as ProcessCloudWatchLogsOptions['eachEvent'] }), gzipJson(payload(events)));
    // Assess
    expect('failed' in result && result.failed.message).toBe(`processCloudWatchLogs: ${message}`);
  });
});

describe('processCloudWatchLogs rejected records', () => {
  const good = gzipJson(payload([{ id: '1', timestamp: 1, message: 'x' }]));
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
  it.each([
    ['corrupt gzip', Buffer.concat([good.subarray(0, 10), Buffer.from('garbage that is not deflate')]), 'bytes are not valid gzip (Z_DATA_ERROR'],
    ['truncated gzip', good.subarray(0, good.length - 12), 'bytes are not valid gzip (Z_BUF_ERROR: unexpected end of file)'],
    ['a gzip bomb (64 MiB of zeros)', bomb, `gzip bytes expand to more than maxDecompressedBytes 16777216`],
    ['corrupt zlib', Buffer.from([0x78, 0x9c, 1, 2, 3, 4]), 'bytes are not valid zlib'],
    ['gzip of text that is not JSON', gzipSync('hello'), 'decompressed characters are not valid JSON'],
    ['plain text', Buffer.from('hello'), 'are not valid JSON (nor gzip or zlib)'],
    ['gzip of bytes that are not UTF-8', gzipSync(Buffer.from([0x7b, 0xff])), 'decompressed bytes are not valid UTF-8'],
    ['a JSON array', gzipJson([1, 2]), 'the payload is array, expected a CloudWatch Logs subscription object'],
    ['no logGroup', gzipJson({ ...payload([]), logGroup: 5 }), "the payload's logGroup is number, expected a string"],
    ['logEvents not an array', gzipJson({ ...payload([]), logEvents: {} }), "the payload's logEvents is object, expected an array"],
    ['an event without message', gzipJson(payload([{ id: '1', timestamp: 1 } as LogEvent])), 'log event 1 has message undefined, expected a string'],
    ['an event with a text timestamp', gzipJson(payload([{ id: '1', timestamp: '1' as unknown as number, message: 'x' }])), 'log event 1 has timestamp string, expected epoch milliseconds'],
    ['an unknown messageType', gzipJson({ ...payload([]), messageType: 'SECRET_TYPE' }), 'messageType is a 11-character value other than DATA_MESSAGE or CONTROL_MESSAGE'],
  ])('fails %s with a message that says why', (_reason, input, message) => {
    // Act
    const result = run(processCloudWatchLogs(), input);
    // Assess
    expect('failed' in result && result.failed.message).toContain(message);
  });

  it('never puts record content in error messages', () => {
    const marker = 'SECRET-4111111111111111';
    fc.assert(
      fc.property(fc.oneof(fc.constant(marker), fc.jsonValue({ maxDepth: 3 }).map((value) => ({ messageType: marker, owner: marker, logGroup: value, logEvents: [{ id: marker, message: value }] }))), (value) => {
        // Act
        const result = run(processCloudWatchLogs(), gzipJson(value));
        // Assess
        if ('failed' in result) expect(result.failed.message).not.toContain(marker);
      }),
      { numRuns: 200 },
    );
  });
});

describe('processCloudWatchLogs splitting for re-ingestion', () => {
  const many = (count: number, size: number): LogEvent[] => Array.from({ length: count }, (_, i) => ({ id: String(i), timestamp: 1_700_000_000_000 + i, message: `m${i} ${'x'.repeat(size)}` }));

  it('asks for a split when the output exceeds maxOutputBytes: two gzip halves whose events are the original ones', () => {
    // Prepare
    const original = payload(many(7, 500), { policyLevel: 'ACCOUNT_LEVEL_POLICY' });
    // Act
    const result = run(processCloudWatchLogs({ maxOutputBytes: 2_000 }), gzipJson(original));
    // Assess
    if (!('failed' in result) || !(result.failed instanceof RecordSplitRequiredError)) throw new Error('expected RecordSplitRequiredError');
    expect(result.failed.message).toMatch(/^processCloudWatchLogs: the record's 7 log events give \d+ bytes of output, more than maxOutputBytes 2000; it must be split into two halves and re-ingested$/);
    const [first, second] = result.failed.parts.map((part) => JSON.parse(gunzipSync(part).toString()) as Payload);
    expect(first!.logEvents).toEqual(original.logEvents.slice(0, 4));
    expect(second!.logEvents).toEqual(original.logEvents.slice(4));
    expect({ ...first, logEvents: [] }).toEqual({ ...original, logEvents: [] });
    expect({ ...second, logEvents: [] }).toEqual({ ...original, logEvents: [] });
  });

  it('fails a single event that is too large on its own (it cannot be split)', () => {
    // Act
    const result = run(processCloudWatchLogs({ maxOutputBytes: 1_000 }), gzipJson(payload(many(1, 2_000))));
    // Assess
    expect('failed' in result && !(result.failed instanceof RecordSplitRequiredError) && result.failed.message).toMatch(/single log event gives \d+ bytes of output, more than maxOutputBytes 1000, and one event cannot be split/);
  });

  it('writes the record when splitting is off (maxOutputBytes: 0)', () => {
    expect(textOf(run(processCloudWatchLogs({ maxOutputBytes: 0 }), gzipJson(payload(many(7, 500))))).split('\n')).toHaveLength(7);
  });

  it('splitCloudWatchRecord: the halves hold every event once, in order, for any payload of 2 or more events', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.string(), timestamp: fc.integer({ min: 0 }), message: fc.string({ unit: 'grapheme' }) }), { minLength: 2, maxLength: 60 }), fc.boolean(), (logEvents, zlib) => {
        // Prepare
        const original = payload(logEvents);
        const json = Buffer.from(JSON.stringify(original));
        // Act
        const [first, second] = splitCloudWatchRecord(zlib ? deflateSync(json) : gzipSync(json));
        // Assess
        const a = eventsOf(first);
        const b = eventsOf(second);
        expect(a.length).toBeGreaterThan(0);
        expect(b.length).toBeGreaterThan(0);
        expect(Math.abs(a.length - b.length)).toBeLessThanOrEqual(1);
        expect([...a, ...b]).toEqual(logEvents);
      }),
      { numRuns: 200 },
    );
    expect(inflateSync(deflateSync('ok')).toString()).toBe('ok');
  });

  it.each([
    ['a control message', gzipJson({ ...payload([{ id: '', timestamp: 1, message: 'CWL CONTROL MESSAGE' }]), messageType: 'CONTROL_MESSAGE' }), 'only a DATA_MESSAGE with at least two log events can be split (this one has 0)'],
    ['one event', gzipJson(payload([{ id: '1', timestamp: 1, message: 'x' }])), 'this one has 1'],
    ['corrupt gzip', Buffer.from([0x1f, 0x8b, 0, 0]), 'are not valid gzip'],
  ])('splitCloudWatchRecord refuses %s', (_reason, input, message) => {
    expect(() => splitCloudWatchRecord(input)).toThrow(message);
  });
});

describe('processCloudWatchLogs round trip', () => {
  it('writes one line per event that reads back to the event (any message text)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.string(), timestamp: fc.integer({ min: 0, max: 8.64e15 }), message: fc.string({ unit: 'binary' }) }), { minLength: 1, maxLength: 30 }), (logEvents) => {
        // Act
        const text = textOf(run(processCloudWatchLogs(), gzipJson(payload(logEvents))));
        // Assess
        const lines = text.split('\n');
        expect(lines).toHaveLength(logEvents.length);
        expect(lines.map((line) => (JSON.parse(line) as JsonObject).message)).toEqual(logEvents.map((e) => e.message));
      }),
      { numRuns: 200 },
    );
  });
});

describe('processCloudWatchLogs options', () => {
  it.each([
    ['an unknown option', { outputs: 'json' }, "option 'outputs' is not a known option"],
    ['an unknown output', { output: 'csv' }, "option 'output' is \"csv\""],
    ['an unknown compression', { compression: 'brotli' }, "option 'compression' is \"brotli\""],
    ['a tiny decompression cap', { maxDecompressedBytes: 10 }, "option 'maxDecompressedBytes' is 10"],
    ['a negative output cap', { maxOutputBytes: -1 }, "option 'maxOutputBytes' is -1"],
    ['parseJsonMessages that is not boolean', { parseJsonMessages: 'yes' }, "option 'parseJsonMessages' is string"],
    ['parseJsonMessages with message output', { parseJsonMessages: true, output: 'message' }, "option 'parseJsonMessages' has no effect with output 'message'"],
    ['an eachEvent that is no function', { eachEvent: {} }, "option 'eachEvent' is object"],
    ['an unknown timestampFormat', { timestampFormat: 'unix' }, "option 'timestampFormat' is \"unix\""],
  ])('refuses %s', (_reason, options, message) => {
    // Act / Assess
    expect(() => processCloudWatchLogs(options as ProcessCloudWatchLogsOptions)).toThrow(TransformOptionError);
    expect(() => processCloudWatchLogs(options as ProcessCloudWatchLogsOptions)).toThrow(message);
  });
});

const cloudWatchLike = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.array(fc.record({ id: fc.string(), timestamp: fc.integer(), message: fc.string() }), { maxLength: 5 }).map((events) => gzipJson(payload(events))),
  fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant({ messageType: 'CONTROL_MESSAGE' })).map((value) => gzipJson(value)),
  fc.string(),
);
describeTransformContract('processCloudWatchLogs', processCloudWatchLogs() as (input: unknown, ctx: typeof testContext) => unknown, cloudWatchLike as fc.Arbitrary<unknown>);
describeTransformContract('processCloudWatchLogs (message output, small split size)', processCloudWatchLogs({ output: 'message', maxOutputBytes: 100 }) as (input: unknown, ctx: typeof testContext) => unknown, cloudWatchLike as fc.Arbitrary<unknown>);
