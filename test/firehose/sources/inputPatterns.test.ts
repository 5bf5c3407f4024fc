/** Glob patterns among the replay's input files: expanded, sorted, and refused by name when they match nothing. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputPatterns, isInputPattern } from '../../../firehose/sources/index.js';
import { InputFileError } from '../../../firehose/sources/index.js';

describe('expandInputPatterns', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fhk-glob-'));
    for (const file of ['b.jsonl', 'a.jsonl', 'a.log', '.hidden.jsonl', 'day/c.jsonl', 'day/deep/d.jsonl', 'day/e.txt', 'f1.jsonl', 'f2.jsonl', 'f10.jsonl']) {
      await mkdir(join(dir, file, '..'), { recursive: true });
      await writeFile(join(dir, file), '{}\n');
    }
  });
  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['* within a folder, sorted, no hidden files', '*.jsonl', ['a.jsonl', 'b.jsonl', 'f1.jsonl', 'f10.jsonl', 'f2.jsonl']],
    ['? for one character', 'f?.jsonl', ['f1.jsonl', 'f2.jsonl']],
    ['a character class', '[ab].jsonl', ['a.jsonl', 'b.jsonl']],
    ['** for any depth, the folder itself included', 'day/**/*.jsonl', ['day/c.jsonl', 'day/deep/d.jsonl']],
    ['a pattern in a folder segment', '*/c.jsonl', ['day/c.jsonl']],
  ])('expands %s', async (_what, pattern, expected) => {
    const files = await expandInputPatterns([join(dir, pattern)]);
    expect(files).toEqual(expected.map((file) => join(dir, file)));
  });

  it('keeps paths, stdin and the order of the arguments', async () => {
    expect(await expandInputPatterns(['-', join(dir, 'b.jsonl'), join(dir, '[a].log')])).toEqual(['-', join(dir, 'b.jsonl'), join(dir, 'a.log')]);
    expect(isInputPattern('-')).toBe(false);
    expect(isInputPattern('logs/*.gz')).toBe(true);
  });

  it('refuses a pattern that matches no file, naming it', async () => {
    await expect(expandInputPatterns([join(dir, '*.csv')])).rejects.toThrow(InputFileError);
    await expect(expandInputPatterns([join(dir, '*.csv')])).rejects.toThrow(/the pattern .*\*\.csv matches no file/);
  });
});
