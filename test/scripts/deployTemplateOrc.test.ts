/**
 * `npm run deploy-template -- --format orc --orc Name=Value`: the OrcSerDe options are read by the same
 * parser as `npm run transform -- --orc` (scripts/cliOptions.ts) and checked by the ORC writer.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../helpers/cli.js';

/** Every OrcSerDe object in a CloudFormation template. */
function orcSerDes(node: unknown): unknown[] {
  if (typeof node !== 'object' || node === null) return [];
  const own = 'OrcSerDe' in node ? [(node as { OrcSerDe: unknown }).OrcSerDe] : [];
  return [...own, ...Object.values(node).flatMap(orcSerDes)];
}

describe('npm run deploy-template --format orc', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fhk-deploy-orc-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('puts --orc options into the OrcSerDe, bloom filter column names trimmed', async () => {
    // Prepare
    const out = join(dir, 'stack.json');
    // Act
    const { code, stderr } = await runScript('deployTemplate', ['--blueprint', 'clean-json', '--format', 'orc', '--schema', 'glue-schemas/clickstream_events.json', '--orc', 'BloomFilterColumns=event_id, event_type', '--orc', 'Compression=ZLIB', '--orc', 'RowIndexStride=20000', '--out', out]);
    // Assess
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const template = JSON.parse(await readFile(out, 'utf8')) as unknown;
    expect(orcSerDes(template)).toEqual([{ BloomFilterColumns: ['event_id', 'event_type'], Compression: 'ZLIB', RowIndexStride: 20000 }]);
  });

  it.each([
    ['an unknown option', 'Bogus=1', /'Bogus' is not an OrcSerDe option\. Known options: StripeSizeBytes/],
    ['a fractional stripe size', 'StripeSizeBytes=1.5', /--orc StripeSizeBytes=1\.5: give a whole number/],
    ['a stripe size under Firehose\'s minimum', 'StripeSizeBytes=1024', /StripeSizeBytes.*8388608/],
  ])('refuses %s, naming it', async (_what, pair, message) => {
    // Act
    const { code, stderr } = await runScript('deployTemplate', ['--blueprint', 'clean-json', '--format', 'orc', '--schema', 'glue-schemas/clickstream_events.json', '--orc', pair, '--out', join(dir, 'refused.json')]);
    // Assess
    expect(code).not.toBe(0);
    expect(stderr).toMatch(message);
  });
});
