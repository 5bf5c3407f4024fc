/**
 * AWS's own test events through every blueprint (issue 12, item 5). Every file of
 * test/fixtures/firehose-events/corpus (copied from the shared corpus, provenance in its README) goes
 * through every registered blueprint. A Firehose-shaped event is answered record by record: one answer
 * per record, in order, with a valid result; a failed record keeps its bytes. Only an event that is not
 * Firehose-shaped at all (CloudWatch Logs or Kinesis events sent straight to Lambda) is refused, with a
 * message that names the shape it got.
 */
import { Buffer } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FirehoseEventError } from '../../blueprints/handler/errors.js';
import { silentLogger } from '../../blueprints/handler/logger.js';
import { blueprints } from '../../blueprints/registry.js';
import { LAMBDA_RESPONSE_LIMIT_BYTES } from '../../limits/index.js';
import { memoryReingestSink } from '../../testing/index.js';
import { readJsonFixture, repoPath } from '../helpers/fixtures.js';

const CORPUS = 'test/fixtures/firehose-events/corpus';

function eventFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return eventFiles(path);
    return entry.name.endsWith('.json') ? [path] : [];
  });
}

const files = eventFiles(repoPath(CORPUS)).map((path) => relative(repoPath(''), path)).sort();

/** Events that are not Firehose record-transformation events at all, and the shape the refusal names. */
const NOT_FIREHOSE: Readonly<Record<string, RegExp>> = {
  'aws-lambda-dotnet/SampleRequests-cloudwatch-logs.json': /'awslogs'/,
  'aws-lambda-go/cloudwatch-logs-event.json': /'awslogs'/,
  'aws-lambda-go/kinesis-event.json': /'Records' \(capital R, aws:kinesis\)/,
  'aws-lambda-java-libs/cloudwatchlogs_event.json': /'awslogs'/,
  'aws-lambda-rust-runtime/example-cloudwatch_logs-event.json': /'awslogs'/,
  'aws-sam-cli/CloudwatchLogs.json': /'awslogs'/,
  'aws-sam-cli/Kinesis.json': /'Records' \(capital R, aws:kinesis\)/,
  'aws-sam-cli/event-mapping.json': /has no 'records' array/,
  'powertools-python/cloudWatchLogEvent.json': /'awslogs'/,
  'powertools-python/cloudWatchLogEventWithPolicyLevel.json': /'awslogs'/,
  'powertools-python/kinesisStreamCloudWatchLogsEvent.json': /'Records' \(capital R, aws:kinesis\)/,
  'powertools-typescript/cloudwatch-base.json': /'awslogs'/,
  'powertools-typescript/kinesis-stream.json': /'Records' \(capital R, aws:kinesis\)/,
  'powertools-typescript/kinesis-stream-cloudwatch-logs.json': /'Records' \(capital R, aws:kinesis\)/,
};

interface SampleRecord {
  recordId: string;
  data?: string;
  kafkaRecordValue?: string;
}

describe('AWS sample events through every blueprint', () => {
  it('finds the corpus (every file is listed in its README)', () => {
    expect(files.length).toBeGreaterThanOrEqual(49);
    const readme = readFileSync(repoPath(`${CORPUS}/README.md`), 'utf8');
    for (const file of files) expect(readme).toContain(`\`${file.slice(CORPUS.length + 1)}\``);
  });

  it.each(files.flatMap((file) => Object.keys(blueprints).map((name) => [file.slice(CORPUS.length + 1), name] as const)))('%s through %s', async (file, name) => {
    // Prepare
    const event = readJsonFixture<{ records?: SampleRecord[]; sourceMSKArn?: string }>(`${CORPUS}/${file}`);
    const sink = memoryReingestSink();
    const handler = blueprints[name]!.create({}, { logger: silentLogger, reingest: sink });
    const refused = NOT_FIREHOSE[file];
    if (refused !== undefined) {
      // Act + Assess: refused whole, naming what it is
      await expect(handler(event as never)).rejects.toThrow(FirehoseEventError);
      await expect(handler(event as never)).rejects.toThrow(refused);
      return;
    }
    // Act
    const response = await handler(event as never);
    // Assess: one answer per record, in order, results Firehose knows, failures keep their bytes
    const field = event.sourceMSKArn !== undefined ? 'kafkaRecordValue' : 'data';
    const inputs = event.records!;
    expect(response.records.map((r) => r.recordId)).toEqual(inputs.map((r) => r.recordId));
    response.records.forEach((answer, i) => {
      expect(['Ok', 'Dropped', 'ProcessingFailed']).toContain(answer.result);
      const data = (answer as unknown as Record<string, unknown>)[field];
      expect(typeof data).toBe('string');
      expect(Buffer.from(data as string, 'base64').toString('base64')).toBe(data);
      const original = inputs[i]![field];
      // A failed record keeps its bytes (re-encoded canonically when the sample's base64 was mis-padded).
      if (answer.result === 'ProcessingFailed' && typeof original === 'string' && /^[A-Za-z0-9+/]*=*$/.test(original)) {
        expect(Buffer.from(data as string, 'base64').equals(Buffer.from(original, 'base64'))).toBe(true);
      }
    });
    expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThanOrEqual(LAMBDA_RESPONSE_LIMIT_BYTES);
  });

  it.each([
    ['AWS syslog blueprint test event (repeated recordId; its second record is not syslog and fails alone)', 'serverless-app-examples/kinesis-firehose-syslog-to-json.testEvent.json', 'syslog-to-json', ['Ok', 'ProcessingFailed']],
    ['.NET syslog sample built from it', 'aws-lambda-dotnet/SampleRequests-kinesis-firehose-syslog.json', 'syslog-to-json', ['Ok', 'Ok']],
    ['AWS apache-log blueprint test event (mis-padded base64)', 'serverless-app-examples/kinesis-firehose-apachelog-to-json.testEvent.json', 'apache-log-to-json', ['Ok']],
    ['Kinesis Data Analytics preprocessing event', 'aws-lambda-java-libs/kinesis_analytics_firehose_input_preprocessing.json', 'pii-redaction', ['Ok']],
    ['MSK-sourced event', 'aws-lambda-java-libs/msk_firehose_event.json', 'process-record', ['Ok']],
    ['SAM template with "{{{data}}}" placeholders (records fail alone)', 'aws-sam-cli/KinesisFirehoseSyslog.json', 'syslog-to-json', ['ProcessingFailed', 'ProcessingFailed']],
  ])('answers %s as a user testing the blueprint would hope', async (_what, file, name, results) => {
    const event = readJsonFixture<{ records: SampleRecord[] }>(`${CORPUS}/${file}`);
    const response = await blueprints[name]!.create({}, { logger: silentLogger, reingest: 'off' })(event as never);
    expect(response.records.map((r) => r.result)).toEqual(results);
  });
});
