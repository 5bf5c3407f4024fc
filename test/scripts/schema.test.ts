import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runSchemaCommand, USAGE } from '../../scripts/schema.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const clickstream = join(repoRoot, 'glue-schemas/clickstream_events.json');
const webLogs = join(repoRoot, 'glue-schemas/web_access_logs.json');
const samples = join(repoRoot, 'test/fixtures/glue/clickstream_events.jsonl');
const scratch = mkdtempSync(join(tmpdir(), 'schema-cli-test-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runSchemaCommand(args, { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('npm run schema', () => {
  it('prints the columns and partition keys by default', async () => {
    // Prepare / Act
    const { code, stdout, stderr } = await run(webLogs);

    // Assess
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`firehose_kit.web_access_logs (${webLogs}): 14 columns, 4 partition keys`);
    expect(lines[1]).toMatch(/^ {2}client +string +-- Client address/);
    expect(lines).toContain('partition keys (in the S3 prefix, not in the data files):');
    expect(lines.at(-1)).toMatch(/^ {2}hour +string$/);
  });

  it('prints the JSON Schema with --json-schema', async () => {
    // Prepare / Act
    const { code, stdout } = await run(clickstream, '--json-schema', '--serde', 'hive');

    // Assess
    expect(code).toBe(0);
    const schema = JSON.parse(stdout) as { title: string; description: string; patternProperties: object };
    expect(schema.title).toBe('firehose_kit.clickstream_events');
    expect(schema.description).toContain('Hive JSON SerDe');
    expect(Object.keys(schema.patternProperties)).toHaveLength(11);
  });

  it('names each line of a JSON-lines file that would fail conversion, and exits 1', async () => {
    // Prepare / Act
    const { code, stdout } = await run(clickstream, '--check', samples);

    // Assess
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines.map((line) => /:(\d+): /.exec(line)?.[1]).filter((n) => n !== undefined)).toEqual(['4', '5', '6', '7', '9']);
    expect(lines[0]).toBe(`${samples}:4: DataFormatConversion.MalformedData: OpenXJsonSerDe: column 'search.results' (int): got a string that is not an integer (length 4); expected a JSON integer from -2147483648 to 2147483647 or a string holding one`);
    expect(lines[2]).toContain("column 'order.total' (decimal(12,2)): got a number that needs more than 10 digits before the decimal point");
    expect(lines.at(-1)).toBe(`${samples}: 8 records checked, 3 convert, 5 would go to format-conversion-failed/`);
  });

  it('exits 0 when every record converts, and honours the OpenX options', async () => {
    // Prepare
    const path = join(scratch, 'ok.jsonl');
    writeFileSync(path, '{"client":"::1","Status":"200","bytes":2326,"userAgent":"curl/8.0"}\n\n{"client":"a","utc.offset":"+02:00"}{"client":"b"}\n');

    // Act
    const { code, stdout } = await run(webLogs, '--check', path, '--serde-option', 'ConvertDotsInJsonKeysToUnderscores=true');

    // Assess
    expect(code).toBe(0);
    expect(stdout).toBe(`${path}: 2 records checked, 2 convert, 0 would go to format-conversion-failed/`);
  });

  it('reads a column from another key with --serde-option ColumnToJsonKeyMappings', async () => {
    // Prepare
    const path = join(scratch, 'mapped.jsonl');
    writeFileSync(path, '{"ts":"x","timestamp":"2000-10-10 20:55:36"}\n');

    // Act
    const { code, stdout } = await run(webLogs, '--check', path, '--serde-option', 'ColumnToJsonKeyMappings=timestamp:ts');

    // Assess
    expect(code).toBe(1);
    expect(stdout.split('\n')[0]).toContain(`${path}:1: DataFormatConversion.MalformedData: OpenXJsonSerDe: column 'timestamp' (timestamp): got a string (length 1) that is not a timestamp`);
  });

  it.each([
    [[], 'give the Glue schema file', 'no schema file'],
    [[webLogs, clickstream], 'give one schema file, got 2', 'two schema files'],
    [[webLogs, '--check'], '--check needs a value', 'option without value'],
    [[webLogs, '--serde', 'avro'], "--serde is 'avro'; use openx or hive", 'unknown SerDe'],
    [[webLogs, '--serde-option', 'CaseInsensitive'], "--serde-option 'CaseInsensitive' is not <Name>=<Value>", 'option without value'],
    [[webLogs, '--serde-option', 'CaseInsensitive=no'], '--serde-option CaseInsensitive=no: use true or false', 'non-boolean flag'],
    [[webLogs, '--serde-option', 'ColumnToJsonKeyMappings=ts'], '--serde-option ColumnToJsonKeyMappings=ts: write <column>:<json key>', 'malformed mapping'],
    [[webLogs, '--serde', 'hive', '--serde-option', 'CaseInsensitive=false'], '--serde-option CaseInsensitive is not a HiveJsonSerDe option; use TimestampFormats', 'OpenX option with Hive'],
    [[webLogs, '--serde-option', 'TimestampFormats=millis'], '--serde-option TimestampFormats is not an OpenXJsonSerDe option', 'Hive option with OpenX'],
    [[webLogs, '--verbose'], 'unknown option --verbose', 'unknown option'],
  ])('exits 2 on %j (%s)', async (args, message, _reason) => {
    // Prepare / Act
    const { code, stderr } = await run(...args);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain(`schema: ${message}`);
    expect(stderr).toContain(USAGE);
  });

  it.each([
    [[join(scratch, 'nope.json')], 'cannot be read (ENOENT)', 'missing schema file'],
    [[webLogs, '--serde-option', 'ColumnToJsonKeyMappings=nope:x'], "OpenXJsonSerDe: option 'columnToJsonKeyMappings.nope' names no column of table 'web_access_logs'", 'mapping of an unknown column'],
    [[webLogs, '--serde', 'hive', '--serde-option', 'TimestampFormats=yy'], "uses 'yy', which firehose-kit does not support", 'unsupported Joda pattern'],
    [[webLogs, '--check', join(scratch, 'nope.jsonl')], 'nope.jsonl: cannot be read (ENOENT)', 'missing records file'],
  ])('exits 2 on %j (%s)', async (args, message, _reason) => {
    // Prepare / Act
    const { code, stderr } = await run(...args);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('prints the usage with --help', async () => {
    // Prepare / Act
    const { code, stdout } = await run('--help');

    // Assess
    expect(code).toBe(0);
    expect(stdout).toBe(USAGE);
  });
});
