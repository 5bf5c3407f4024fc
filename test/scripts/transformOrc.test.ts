/**
 * `npm run transform -- … --schema … --format orc`: Firehose's record format conversion to ORC, offline,
 * with OrcSerDe options; the objects are read back with formats/orc's reader (Apache ORC C++ reads them
 * too: README "ORC output").
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOrc, readOrcMetadata } from '../../formats/orc/index.js';
import { filesUnder, runScript, type CliResult } from '../helpers/cli.js';
import { repoPath } from '../helpers/fixtures.js';

const transform = (args: string[]): Promise<CliResult> => runScript('transform', args);

describe('npm run transform --format orc', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fhk-orc-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the clickstream sample as one .orc object with the table columns and every record', async () => {
    const out = join(dir, 'orc');
    const { code, stdout, stderr } = await transform([
      'samples/clickstream.jsonl',
      '--schema',
      'glue-schemas/clickstream_events.json',
      '--format',
      'orc',
      '--orc',
      'Compression=ZLIB',
      '--orc',
      'BloomFilterColumns=event_id',
      '--out',
      out,
      '--start-time',
      '2025-01-01T12:00:00Z',
    ]);
    // The sample's two broken lines are in processing-failed, so the exit code is 1 (--fail-on any-error).
    expect([code, stderr]).toEqual([1, '']);
    expect(stdout).toContain('ORC: 398 rows in 1 object; 0 records under format-conversion-failed');
    const orc = (await filesUnder(out)).filter((f) => f.endsWith('.orc'));
    expect(orc).toHaveLength(1);
    expect(orc[0]).toMatch(/^2025\/01\/01\/12\/firehose-kit-replay-1-2025-01-01-12-00-00-[0-9a-f-]{36}\.orc$/);
    const file = new Uint8Array(await readFile(join(out, orc[0]!)));
    const meta = readOrcMetadata(file);
    expect(meta.compression).toBe('ZLIB');
    const table = JSON.parse(await readFile(repoPath('glue-schemas/clickstream_events.json'), 'utf8')) as { Table: { StorageDescriptor: { Columns: { Name: string }[] } } };
    expect(meta.types[0]?.fieldNames).toEqual(table.Table.StorageDescriptor.Columns.map((c) => c.Name.toLowerCase()));
    const rows = readOrc(file);
    expect(rows).toHaveLength(398);
    const first = JSON.parse((await readFile(repoPath('samples/clickstream.jsonl'), 'utf8')).split('\n')[0]!) as { event_id: string };
    expect(rows[0]?.event_id).toBe(first.event_id);
    expect(new Set(rows.map((row) => row.event_id)).size).toBe(398);
  });

  // Each case starts a process: two cover the CLI's own paths (option parsing, the writer's range check at
  // start-up); unknown options and the other ranges are tested on the writer (test/formats/orc/writeOrc.test.ts).
  it.each([
    ['an OrcSerDe option outside Firehose\'s range', ['--schema', 'glue-schemas/clickstream_events.json', '--format', 'orc', '--orc', 'StripeSizeBytes=1024'], 1, /StripeSizeBytes.*8388608/],
    ['a fractional stripe size', ['--schema', 'glue-schemas/clickstream_events.json', '--format', 'orc', '--orc', 'StripeSizeBytes=1.5'], 2, /--orc StripeSizeBytes=1.5: give a whole number/],
  ])('refuses %s', async (_name, extra, exitCode, message) => {
    const { code, stderr } = await transform(['samples/clickstream.jsonl', '--out', join(dir, 'refused'), ...extra]);
    expect(code).toBe(exitCode);
    expect(stderr).toMatch(message);
  });
});
