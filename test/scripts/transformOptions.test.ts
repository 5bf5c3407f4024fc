/**
 * `npm run transform` options end to end, in a child process: help and one-line usage errors, Firehose's
 * prefix rules before any output, stdin and compression, exit codes, the report, interrupts.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../scripts/transform.js';
import { filesUnder, runScript, type CliResult } from '../helpers/cli.js';
import { repoPath } from '../helpers/fixtures.js';

const transform = (args: string[]): Promise<CliResult> => runScript('transform', args);

function transformWithStdin(args: string[], stdin: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(repoPath('node_modules/.bin/tsx'), [repoPath('scripts/transform.ts'), ...args], { cwd: repoPath('.') });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Runs the CLI's main() in this process, capturing what it writes. */
async function inProcess(args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('npm run transform: options', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fhk-cli-opts-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--help documents every option with an example', async () => {
    const { code, stdout } = await transform(['--help']);
    expect(code).toBe(0);
    const source = await readFile(repoPath('scripts/transform.ts'), 'utf8');
    const options = [...source.matchAll(/^ {8}'?([a-z][a-z-]*)'?: \{ type: '(?:string|boolean)'/gm)].map((m) => m[1]!);
    expect(options.length).toBeGreaterThan(30);
    const documented = new Set([...stdout.matchAll(/--([a-z][a-z-]+)/g)].map((m) => m[1]!));
    const aliases = ['start-time', 'stream-name', 's3-buffer-mb'];
    expect(options.filter((o) => !documented.has(o) && !aliases.includes(o))).toEqual([]);
    // Every option that takes a value shows it in use.
    for (const line of stdout.split('\n').filter((l) => /^ {2}--[a-z-]+ [A-Z]/.test(l))) {
      const name = /--([a-z-]+)/.exec(line)![1]!;
      expect(stdout, `--${name} has an example`).toContain(`e.g. --${name} `);
    }
  });

  it.each([
    [['samples/clickstream.jsonl', '--no-such-option'], /^transform: Unknown option '--no-such-option'; see --help for every option\n$/],
    [['samples/clickstream.jsonl', '--buffer-mb', '500'], /^transform: --buffer-mb 500: give a whole number from 1 to 128\n$/],
    [['samples/clickstream.jsonl', '--format', 'parquet', '--schema', 'glue-schemas/clickstream_events.json', '--buffer-mb', '32'], /^transform: --buffer-mb 32: give a whole number from 64 to 128\n$/],
    [['samples/clickstream.jsonl', '--compression', 'gzip'], /^transform: --compression gzip: use UNCOMPRESSED, GZIP, ZIP, Snappy, HADOOP_SNAPPY/],
    [['samples/clickstream.jsonl', '--lambda-buffer-mb', '4'], /^transform: --lambda-buffer-mb 4: give a number from 0.2 to 3\n$/],
    [['samples/clickstream.jsonl', '--prefix', 'y=!{timestamp:yyyy}/'], /^transform: --error-prefix: ErrorOutputPrefix: ErrorOutputPrefix can't be null when Prefix contains expressions\n$/],
    [['samples/clickstream.jsonl', '--prefix', 'a/', '--error-prefix', 'e/!{timestamp:yyyy}/'], /must include at least one instance of !\{firehose:error-output-type\}/],
    [['samples/clickstream.jsonl', '--partition-query', '{a: .b | x}', '--dynamic-partitioning'], /a pipe '\|' is not supported/],
    [['samples/clickstream.jsonl', '--file-extension', 'gz'], /--file-extension gz: start with a period/],
    [['samples/clickstream.jsonl', '--env', 'FEILDS=a'], /^transform: --env FEILDS: the process-record blueprint does not read FEILDS; did you mean FIELDS\? it reads FIELDS, .*NEWLINE/],
    [['samples/clickstream.jsonl', '--fail-on', 'sometimes'], /--fail-on sometimes: use any-error, processing-failed, format-conversion-failed, never/],
  ])('refuses %j in one line naming the option and the fix, exit 2, nothing written', async (args, message) => {
    // In process (main() is what the script runs), to keep the suite fast.
    const out = join(dir, `bad-${Math.random().toString(36).slice(2)}`);
    const { code, stderr, stdout } = await inProcess([...args, '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(stdout).toBe('');
    await expect(filesUnder(out)).rejects.toThrow();
  });

  it('expands a quoted glob pattern among the inputs, and refuses one that matches nothing', async () => {
    const out = join(dir, 'glob');
    const { code, stdout } = await inProcess(['samples/click*.jsonl', '--out', out, '--fail-on', 'never', '--quiet']);
    expect(code).toBe(0);
    expect(stdout).toContain('400 records in');
    const none = await inProcess(['samples/*.nothing', '--out', join(dir, 'glob-none')]);
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe('transform: the pattern samples/*.nothing matches no file; check it, or quote it only when the shell should not expand it');
  });

  it('reads stdin, compresses with GZIP, writes the report, and exits 0 when nothing failed', async () => {
    const out = join(dir, 'stdin');
    const { code, stdout } = await transformWithStdin(['-', '--out', out, '--compression', 'GZIP', '--start', '2025-05-05T05:05:05Z', '--prefix', 'raw/', '--quiet'], '{"a":1}\n{"a":2}\n');
    expect(code).toBe(0);
    expect(stdout).toContain('Ok 2  Dropped 0  ProcessingFailed 0');
    const files = await filesUnder(out);
    const data = files.filter((f) => f.startsWith('raw'));
    expect(data).toEqual([expect.stringMatching(/^raw\/2025\/05\/05\/05\/firehose-kit-replay-1-2025-05-05-05-05-05-[0-9a-f-]{36}\.gz$/) as unknown]);
    expect(gunzipSync(await readFile(join(out, data[0]!))).toString()).toBe('{"a":1}\n{"a":2}\n');
    const report = JSON.parse(await readFile(join(out, '_replay-report.json'), 'utf8')) as Record<string, unknown>;
    expect(report).toMatchObject({ complete: true, records: { in: 2, ok: 2, delivered: 2, dropped: 0 }, invocations: 1, objects: { data: { objects: 1, records: 2 } } });
  });

  it.each([
    [[], 1],
    [['--fail-on', 'never'], 0],
    [['--fail-on', 'format-conversion-failed'], 0],
    [['--fail-on', 'processing-failed'], 1],
  ])('exits by --fail-on when records land in processing-failed: %j → %i', async (extra, expected) => {
    const { code } = await transformWithStdin(['-', '--out', join(dir, `fail-${expected}-${extra.join('')}`), '--quiet', ...extra], '{"a":1}\nnot json\n');
    expect(code).toBe(expected);
  });

  it('partitions by a query into the prefix, from the command line', async () => {
    const out = join(dir, 'dp');
    const { code } = await transformWithStdin(
      ['-', '--out', out, '--quiet', '--dynamic-partitioning', '--partition-query', '{country: .user.country}', '--prefix', 'country=!{partitionKeyFromQuery:country}/', '--error-prefix', 'errors/!{firehose:error-output-type}/', '--append-delimiter', '--env', 'NEWLINE=false'],
      '{"user":{"country":"EG"}}\n{"user":{"country":"FR"}}\n{"user":{}}\n',
    );
    expect(code).toBe(1);
    const files = await filesUnder(out);
    expect(files.filter((f) => f.startsWith('country=')).map((f) => f.split('/')[0])).toEqual(['country=EG', 'country=FR']);
    expect(files.filter((f) => f.startsWith('errors/processing-failed/'))).toHaveLength(1);
  });

  it('reads a --config stream file, which flags override, and refuses a bad one in one line', async () => {
    const config = join(dir, 'stream.json');
    await writeFile(config, JSON.stringify({ streamName: 'clicks', compression: 'GZIP', prefix: 'from-config/', buffering: { sizeMB: 1, intervalSeconds: 60 } }));
    const out = join(dir, 'configured');
    const { code } = await transformWithStdin(['-', '--out', out, '--quiet', '--config', config, '--prefix', 'from-flag/'], '{"a":1}\n');
    expect(code).toBe(0);
    const data = (await filesUnder(out)).filter((f) => f.startsWith('from-'));
    expect(data).toEqual([expect.stringMatching(/^from-flag\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/clicks-1-.*\.gz$/) as unknown]);
    await writeFile(config, JSON.stringify({ buffering: { sizeMB: 500 } }));
    const bad = await transform(['samples/clickstream.jsonl', '--config', config, '--out', join(dir, 'bad-config')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^transform: .*stream\.json: buffering\.sizeMB must be <= 128\n$/);
  });

  it('runs your own handler module (--handler), with the Lambda-like context', async () => {
    const module = join(dir, 'upper.mjs');
    await writeFile(module, `export const handler = async (event, context) => ({ records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: Buffer.from(Buffer.from(r.data, 'base64').toString().toUpperCase() + ' ' + (context.getRemainingTimeInMillis() > 0) + '\\n').toString('base64') })) });\n`);
    const input = join(dir, 'lower.jsonl');
    await writeFile(input, 'abc\ndef\n');
    const out = join(dir, 'own-handler');
    const { code, stdout } = await inProcess([input, '--handler', module, '--out', out, '--quiet']);
    expect(code).toBe(0);
    expect(stdout).toContain(`handler ${module}: 2 records in`);
    const [object] = (await filesUnder(out)).filter((f) => /^\d{4}\//.test(f));
    expect(await readFile(join(out, object!), 'utf8')).toBe('ABC true\nDEF true\n');
    const missing = await inProcess([input, '--handler', join(dir, 'nope.mjs'), '--out', join(dir, 'nope-out')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^transform: cannot load --handler .*nope\.mjs/);
  });

  it('says the run is incomplete when an object cannot be written, lists the complete ones, and leaves no partial object', async () => {
    // A partition key too long for a file name: S3 would take it, the local folder cannot (ENAMETOOLONG).
    const input = join(dir, 'long-key.jsonl');
    await writeFile(input, `${JSON.stringify({ k: 'short' })}\n${JSON.stringify({ k: 'x'.repeat(300) })}\n`);
    const out = join(dir, 'failing');
    const { code, stderr } = await inProcess([input, '--out', out, '--quiet', '--dynamic-partitioning', '--partition-query', '{k: .k}', '--prefix', 'k=!{partitionKeyFromQuery:k}/', '--error-prefix', 'errors/!{firehose:error-output-type}/']);
    expect(code).toBe(3);
    expect(stderr).toMatch(/the run failed: .*ENAMETOOLONG/);
    expect(stderr).toMatch(/the run is INCOMPLETE; 1 object written complete before the failure:\n {2}k=short\/firehose-kit-replay-1-/);
    const files = await filesUnder(out);
    expect(files.filter((f) => f.startsWith('k=short/'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(JSON.parse(await readFile(join(out, '_replay-report.json'), 'utf8'))).toMatchObject({ complete: false });
  });

  it('says the run is incomplete on SIGINT, keeps the complete objects, and exits 3', async () => {
    const out = join(dir, 'interrupted');
    const child = spawn(repoPath('node_modules/.bin/tsx'), [repoPath('scripts/transform.ts'), '-', '--out', out, '--quiet', '--lambda-buffer-seconds', '0', '--buffer-seconds', '0'], { cwd: repoPath('.') });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    child.stdin.write('{"a":1}\n{"a":2}\n{"a":3}\n');
    // Wait until the first object is written (the run is under way), then interrupt while stdin stays open.
    for (let i = 0; i < 400; i++) {
      const files = await filesUnder(out).catch(() => [] as string[]);
      if (files.some((f) => /^\d{4}\//.test(f))) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT');
    const stuck = setTimeout(() => {
      process.stdout.write(`stuck; stderr: ${stderr}\n`);
      child.kill('SIGKILL');
    }, 20_000);
    const code = await closed;
    clearTimeout(stuck);
    expect(code).toBe(3);
    expect(stderr).toMatch(/interrupted: the run is INCOMPLETE/);
    const report = JSON.parse(await readFile(join(out, '_replay-report.json'), 'utf8')) as { complete: boolean };
    expect(report.complete).toBe(false);
    expect((await filesUnder(out)).filter((f) => f.endsWith('.partial'))).toEqual([]);
  }, 60_000);
});
