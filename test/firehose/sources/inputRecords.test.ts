/**
 * Inputs as users have them: files, stdin, named pipes, gzip by magic bytes, JSON arrays, captured
 * events, and lines over the record limit that are skipped without being held in memory.
 */
import { Buffer } from 'node:buffer';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrivalFrom, readInputs, type InputOptions } from '../../../firehose/sources/inputRecords.js';
import { repoPath } from '../../helpers/fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fhk-inputs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(paths: string[], options: InputOptions = {}) {
  const out = [];
  for await (const r of readInputs(paths, options)) out.push({ line: r.line, text: r.data.toString('utf8'), refused: r.refused === true, input: r.input, ...(r.arrivalTimestamp === undefined ? {} : { arrival: r.arrivalTimestamp }) });
  return out;
}

describe('readInputs', () => {
  it('reads several files in order, with line numbers per file', async () => {
    await writeFile(join(dir, 'a.jsonl'), '{"a":1}\n{"a":2}\n');
    await writeFile(join(dir, 'b.jsonl'), '{"b":1}');
    const records = await collect([join(dir, 'a.jsonl'), join(dir, 'b.jsonl')]);
    expect(records.map((r) => [r.line, r.text])).toEqual([[1, '{"a":1}'], [2, '{"a":2}'], [1, '{"b":1}']]);
  });

  it('reads gzip input by its magic bytes, whatever its name', async () => {
    await writeFile(join(dir, 'plain-name.jsonl'), gzipSync('{"z":1}\n{"z":2}\n'));
    expect((await collect([join(dir, 'plain-name.jsonl')])).map((r) => r.text)).toEqual(['{"z":1}', '{"z":2}']);
  });

  it('reads stdin for -', async () => {
    const records = await collect(['-'], { stdin: Readable.from([Buffer.from('x\ny'), Buffer.from('\nz\n')]) });
    expect(records.map((r) => r.text)).toEqual(['x', 'y', 'z']);
  });

  it('reads a named pipe (no seeking)', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `printf 'p1\\np2\\n' | gzip > ${fifo}`]);
    const closed = new Promise((resolve) => writer.on('close', resolve));
    const records = await collect([fifo]);
    await closed;
    expect(records.map((r) => r.text)).toEqual(['p1', 'p2']);
  });

  it('refuses a line over 1,000 KiB without keeping it, and carries on with the next line', async () => {
    // A 40 MB line streamed in 1 MB chunks; the reader holds at most the record limit of it.
    async function* huge(): AsyncGenerator<Buffer> {
      yield Buffer.from('{"before":1}\n');
      for (let i = 0; i < 40; i++) yield Buffer.alloc(1 << 20, 0x61);
      yield Buffer.from('\n{"after":1}\n');
    }
    const records = await collect(['-'], { stdin: Readable.from(huge()) });
    expect(records.map((r) => [r.line, r.refused, r.text.length])).toEqual([[1, false, 12], [2, true, 0], [3, false, 11]]);
  });

  it('keeps a line of exactly 1,024,000 bytes (with or without CR) and refuses one byte more', async () => {
    const exact = 'a'.repeat(1_024_000);
    const records = await collect(['-'], { stdin: Readable.from([Buffer.from(`${exact}\r\n${exact}b\n`)]) });
    expect(records.map((r) => [r.refused, r.text.length])).toEqual([[false, 1_024_000], [true, 0]]);
  });

  it('yields every non-empty line as its exact bytes, whatever the chunking (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 50 }).map((b) => Buffer.from(b.filter((x) => x !== 0x0a && x !== 0x0d))), { maxLength: 30 }), fc.boolean(), fc.integer({ min: 1, max: 17 }), async (lines, crlf, chunk) => {
        const whole = Buffer.concat(lines.map((l) => Buffer.concat([l, Buffer.from(crlf ? '\r\n' : '\n')])));
        const chunks = [];
        for (let i = 0; i < whole.length; i += chunk) chunks.push(whole.subarray(i, i + chunk));
        let empty = 0;
        const read = [];
        for await (const r of readInputs(['-'], { stdin: Readable.from(chunks), onEmptyLine: () => empty++ })) read.push(r.data.toString('hex'));
        expect(read).toEqual(lines.filter((l) => l.length > 0).map((l) => l.toString('hex')));
        expect(empty).toBe(lines.filter((l) => l.length === 0).length);
      }),
      { numRuns: 200 },
    );
  });

  it('reads the elements of a JSON array as records, as a stream', async () => {
    const array = '[\n {"a": "x,]}"},\n [1, 2],\n "s",\n 42\n]\n';
    const chunks = [...array].map((c) => Buffer.from(c));
    const records = await collect(['-'], { format: 'json-array', stdin: Readable.from(chunks) });
    expect(records.map((r) => r.text)).toEqual(['{"a": "x,]}"}', '[1, 2]', '"s"', '42']);
  });

  it('hints when a lines input looks like a JSON array, and refuses a truncated array', async () => {
    const hints: string[] = [];
    await collect(['-'], { stdin: Readable.from([Buffer.from('[\n{"a":1},\n{"a":2}\n]\n')]), onHint: (h) => hints.push(h) });
    expect(hints).toEqual(['- looks like a JSON array; to read its elements as records, use --input-format json-array']);
    await expect(collect(['-'], { format: 'json-array', stdin: Readable.from([Buffer.from('[{"a":1},')]) })).rejects.toThrow(/ends before the closing '\]' \(after 1 elements\)/);
  });

  it('replays a captured Firehose event as is, arrival times included', async () => {
    const records = await collect([repoPath('test/fixtures/firehose-events/aws-lambda-go-kinesis-firehose-event.json')], { format: 'event' });
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => typeof r.arrival === 'number')).toBe(true);
  });

  it('takes arrival times from a field: ISO text, epoch seconds or milliseconds', () => {
    expect(arrivalFrom(Buffer.from('{"ts":"2025-01-01T00:00:01Z"}'), 'ts')).toBe(Date.UTC(2025, 0, 1, 0, 0, 1));
    expect(arrivalFrom(Buffer.from('{"ts":1735689601}'), 'ts')).toBe(Date.UTC(2025, 0, 1, 0, 0, 1));
    expect(arrivalFrom(Buffer.from('{"ts":1735689601000}'), 'ts')).toBe(Date.UTC(2025, 0, 1, 0, 0, 1));
    expect(arrivalFrom(Buffer.from('{"ts":"soon"}'), 'ts')).toBeUndefined();
    expect(arrivalFrom(Buffer.from('text'), 'ts')).toBeUndefined();
  });

  it('names a missing input before reading any', async () => {
    await expect(collect([join(dir, 'a.jsonl'), join(dir, 'nope.jsonl')])).rejects.toThrow(/cannot read .*nope\.jsonl: no such file/);
  });
});
