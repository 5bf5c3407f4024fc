/**
 * End to end: `npm run transform` as a user runs it, in a child process, on the shipped sample and on
 * files that cannot be read.
 */
import { chmod, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder, runScript, type CliResult } from '../helpers/cli.js';
import { repoPath } from '../helpers/fixtures.js';

const transform = (args: string[]): Promise<CliResult> => runScript('transform', args);

describe('npm run transform', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fhk-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replays the clickstream sample: Ok records as JSON lines in a dated object, bad lines as Firehose error records', async () => {
    // Prepare
    const out = join(dir, 'clicks');
    // Act
    const { code, stdout } = await transform(['samples/clickstream.jsonl', '--out', out, '--start-time', '2025-01-31T23:59:59Z']);
    // Assess: two records in processing-failed make the exit code 1 (--fail-on any-error by default)
    expect(code).toBe(1);
    expect(stdout).toContain('400 records in');
    expect(stdout).toContain('Ok 398  Dropped 0  ProcessingFailed 2');
    const files = await filesUnder(out);
    const delivered = files.filter((f) => f.startsWith('2025/') || f.startsWith('2026/'));
    const failed = files.filter((f) => f.startsWith('processing-failed/'));
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatch(/^2025\/01\/31\/23\/firehose-kit-replay-1-2025-01-31-23-59-59-[0-9a-f-]{36}$/);
    const lines = (await readFile(join(out, delivered[0]!), 'utf8')).split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((l) => JSON.parse(l) as { event_id: string }).map((r) => r.event_id)).toHaveLength(398);
    const errors = (await readFile(join(out, failed[0]!), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(errors.map((e) => Object.keys(e))).toEqual([
      ['attemptsMade', 'arrivalTimestamp', 'errorCode', 'errorMessage', 'attemptEndingTimestamp', 'rawData', 'lambdaARN'],
      ['attemptsMade', 'arrivalTimestamp', 'errorCode', 'errorMessage', 'attemptEndingTimestamp', 'rawData', 'lambdaARN'],
    ]);
    const sample = (await readFile(repoPath('samples/clickstream.jsonl'), 'utf8')).split('\n');
    expect(errors.map((e) => Buffer.from(e['rawData'] as string, 'base64').toString('utf8'))).toEqual([sample[57], sample[211]]);
    expect(errors[1]!['errorMessage']).toBe('ProcessingFailed status set for record');
    expect(stdout).toContain('failures by error class: RecordParseError 2');
    const report = JSON.parse(await readFile(join(out, '_replay-report.json'), 'utf8')) as { complete: boolean; records: Record<string, unknown> };
    expect(report.complete).toBe(true);
    expect(report.records).toMatchObject({ in: 400, ok: 398, processingFailed: { 'Lambda.ProcessingFailedStatus': 2 }, delivered: 398 });
  });

  it('applies blueprint settings given with --env, and stops at start-up on a bad one', async () => {
    const out = join(dir, 'picked');
    const ok = await transform(['samples/clickstream.jsonl', '--out', out, '--env', 'FIELDS=event_id,user.country', '--fail-on', 'never']);
    expect(ok.code).toBe(0);
    const [object] = (await filesUnder(out)).filter((f) => !f.startsWith('processing-failed/') && !f.startsWith('.') && !f.startsWith('_'));
    expect(JSON.parse((await readFile(join(out, object!), 'utf8')).split('\n')[0]!)).toEqual({ event_id: 'evt-00000', user: { country: 'EG' } });
    const bad = await transform(['samples/clickstream.jsonl', '--out', join(dir, 'bad'), '--env', 'NEWLINE=maybe']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('environment variable NEWLINE="maybe" is not a boolean; use true or false');
  });

  it.each([
    ['a missing file', 'no-such-file.jsonl', /^transform: cannot read .*no-such-file\.jsonl: no such file\n$/],
    ['a directory', 'samples', /^transform: cannot read samples: it is a directory/],
  ])('names %s in one line and exits 2', async (_what, file, message) => {
    const { code, stderr } = await transform([file, '--out', join(dir, 'x')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('names an unreadable file and exits 2', async () => {
    if (process.getuid?.() === 0) {
      // root reads every file; use a path whose parent is not a directory instead, which fails the same way for everyone
      const { code, stderr } = await transform(['samples/clickstream.jsonl/inner', '--out', join(dir, 'y')]);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^transform: cannot read samples\/clickstream\.jsonl\/inner: ENOTDIR/);
      return;
    }
    const file = join(dir, 'secret.jsonl');
    await writeFile(file, '{}\n');
    await chmod(file, 0o000);
    const { code, stderr } = await transform([file, '--out', join(dir, 'y')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/permission denied/);
  });

  it('refuses usage mistakes with the usage text', async () => {
    const noFile = await transform([]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('give the input FILE');
    const badBlueprint = await transform(['samples/clickstream.jsonl', '--blueprint', 'nope']);
    expect(badBlueprint.stderr).toContain('--blueprint nope is not known; use one of: process-record');
  });

  it.each([
    ['a bare stream name without a region', ['--to-firehose', 'clicks'], /--to-firehose clicks: give --region \(or set AWS_REGION\), or the stream's ARN/],
    ['a bad stream name', ['--to-firehose', 'no spaces', '--region', 'eu-west-1'], /a delivery stream name has 1-64 letters/],
    ['a schema with --to-firehose', ['--to-firehose', 'clicks', '--region', 'eu-west-1', '--schema', 'glue-schemas/clickstream_events.json'], /--schema, --glue-table and --format belong to the local replay/],
  ])('refuses --to-firehose with %s before sending anything', async (_name, extra, message) => {
    const { code, stderr } = await runScript('transform', ['samples/clickstream.jsonl', ...extra], { AWS_REGION: '', AWS_DEFAULT_REGION: '' });
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('will not write into a folder it did not make', async () => {
    const foreign = join(dir, 'foreign');
    await mkdir(foreign);
    await writeFile(join(foreign, 'keep.txt'), 'mine');
    const { code, stderr } = await transform(['samples/clickstream.jsonl', '--out', foreign]);
    expect(code).toBe(1);
    expect(stderr).toContain('refusing to write into');
    expect(await readFile(join(foreign, 'keep.txt'), 'utf8')).toBe('mine');
  });
});
