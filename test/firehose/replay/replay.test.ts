import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessRecordHandler } from '../../../blueprints/processRecord.js';
import { firehoseHandler } from '../../../blueprints/handler/firehoseHandler.js';
import { FirehoseContractError } from '../../../firehose/replay/errors.js';
import { rawDelivery } from '../../../firehose/delivery/delivery.js';
import { LocalFolderSink } from '../../../firehose/sinks/localFolderSink.js';
import { hourPrefix, objectName } from '../../../firehose/delivery/objectKeys.js';
import { readProducerRecords, type ProducerRecord } from '../../../firehose/sources/producerRecords.js';
import { replay } from '../../../firehose/replay/replay.js';

async function* fromLines(lines: string[]): AsyncGenerator<ProducerRecord> {
  let line = 0;
  for (const text of lines) yield { line: ++line, data: Buffer.from(text) };
}

async function deliveredLines(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => join(e.parentPath, e.name)).filter((f) => !relative(root, f).startsWith('processing-failed'));
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  return texts.join('').split('\n').filter((l) => l !== '');
}

describe('replay', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fhk-replay-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers every record exactly once when the blueprint re-ingests overflow, over several invocations', async () => {
    // Prepare: a tiny response budget forces re-ingestion on every batch
    const lines = Array.from({ length: 60 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(200) }));
    const destination = rawDelivery(await LocalFolderSink.open(join(dir, 'reingest')), { streamName: 's', bufferBytes: 5 * 1024 * 1024 });
    // Act
    const summary = await replay({
      createHandler: (overrides) => createProcessRecordHandler({}, { ...overrides, maxResponseBytes: 8_000 }),
      records: fromLines(lines),
      delivery: destination,
      streamName: 's',
      region: 'us-east-1',
      lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      startTime: Date.UTC(2025, 0, 1),
      maxResponseBytes: 8_000,
    });
    // Assess
    expect(summary.reingested).toBeGreaterThan(0);
    expect(summary.invocations).toBeGreaterThan(1);
    expect(summary).toMatchObject({ recordsIn: 60, ok: 60, dropped: 0, processingFailed: 0 });
    expect((await deliveredLines(join(dir, 'reingest'))).map((l) => (JSON.parse(l) as { i: number }).i).sort((a, b) => a - b)).toEqual(lines.map((_, i) => i));
  });

  it('splits events at the Lambda buffering size', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ i, pad: 'y'.repeat(1000) }));
    const summary = await replay({
      createHandler: (overrides) => createProcessRecordHandler({}, overrides),
      records: fromLines(lines),
      delivery: rawDelivery(await LocalFolderSink.open(join(dir, 'batches')), { streamName: 's', bufferBytes: 1024 * 1024 }),
      streamName: 's', region: 'us-east-1', lambdaArn: 'arn', startTime: 0, lambdaBufferBytes: 10_000,
    });
    expect(summary.invocations).toBe(Math.ceil(50 / Math.floor(10_000 / lines[0]!.length)));
  });

  it('stops with the rule and recordId when a blueprint breaks the contract', async () => {
    const broken = firehoseHandler(() => 'x', { reingest: 'off' });
    const run = replay({
      createHandler: () => async (event) => {
        const response = await broken(event);
        return { records: response.records.slice(1) };
      },
      records: fromLines(['{}', '{}']),
      delivery: rawDelivery(await LocalFolderSink.open(join(dir, 'broken')), { streamName: 's', bufferBytes: 1024 }),
      streamName: 's', region: 'us-east-1', lambdaArn: 'arn', startTime: 0,
    });
    await expect(run).rejects.toThrow(FirehoseContractError);
    await expect(run).rejects.toThrow(/record-count|record-order/);
  });

  it('names the refused lines over 1,000 KiB and keeps going', async () => {
    const summary = await replay({
      createHandler: (overrides) => createProcessRecordHandler({}, overrides),
      records: fromLines(['{"a":1}', `"${'z'.repeat(1_024_001)}"`, '{"b":2}']),
      delivery: rawDelivery(await LocalFolderSink.open(join(dir, 'big')), { streamName: 's', bufferBytes: 1024 }),
      streamName: 's', region: 'us-east-1', lambdaArn: 'arn', startTime: 0,
    });
    expect(summary.rejectedByProducerApi).toEqual([2]);
    expect(summary.ok).toBe(2);
  });
});

describe('readProducerRecords', () => {
  it('yields every non-empty line as its exact bytes, whatever the chunking (property)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fhk-lines-'));
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 50 }).map((b) => Buffer.from(b.filter((x) => x !== 0x0a && x !== 0x0d))), { maxLength: 30 }), fc.boolean(), async (lines, crlf) => {
          const file = join(dir, 'f.txt');
          await writeFile(file, Buffer.concat(lines.map((l) => Buffer.concat([l, Buffer.from(crlf ? '\r\n' : '\n')]))));
          let empty = 0;
          const read: ProducerRecord[] = [];
          for await (const r of readProducerRecords(file, () => empty++)) read.push(r);
          expect(read.map((r) => Buffer.from(r.data).toString('hex'))).toEqual(lines.filter((l) => l.length > 0).map((l) => l.toString('hex')));
          expect(empty).toBe(lines.filter((l) => l.length === 0).length);
        }),
        { numRuns: 200 },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('object keys', () => {
  it('follow Firehose default naming in UTC', () => {
    const t = Date.UTC(2025, 1, 3, 4, 5, 6);
    expect(hourPrefix(t)).toBe('2025/02/03/04/');
    expect(objectName('clicks', t, 0)).toMatch(/^clicks-1-2025-02-03-04-05-06-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(objectName('clicks', t, 0)).toBe(objectName('clicks', t, 0));
    expect(objectName('clicks', t, 1)).not.toBe(objectName('clicks', t, 0));
  });
});
