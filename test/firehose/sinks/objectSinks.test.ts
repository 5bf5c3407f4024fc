/**
 * Every object sink keeps the same promise: an object is complete under its key or absent. The same cases
 * run against the local folder and the in-memory sink.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFolderSink, memoryObjectSink, OUTPUT_MARKER, type ObjectSink } from '../../../firehose/sinks/index.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined): string | undefined => (data === undefined ? undefined : new TextDecoder().decode(data));

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fhk-sinks-'));
});
afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

interface SinkUnderTest {
  readonly sink: ObjectSink;
  /** The object's content as a reader would see it, or undefined when absent. */
  read(key: string): string | undefined;
  /** Every key a reader can see (complete objects only). */
  keys(): string[];
}

let folders = 0;
const cases: [string, () => Promise<SinkUnderTest>][] = [
  [
    'local folder',
    async () => {
      const root = join(dir, `folder-${folders++}`);
      const sink = await LocalFolderSink.open(root);
      const list = (sub: string): string[] =>
        readdirSync(join(root, sub), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(join(sub, e.name)) : [join(sub, e.name)]));
      return {
        sink,
        read: (key) => (existsSync(sink.pathOf(key)) ? readFileSync(sink.pathOf(key), 'utf8') : undefined),
        // Temporaries (`.partial`) are the folder's stand-in for an S3 upload in progress: not objects.
        keys: () => list('').filter((k) => k !== OUTPUT_MARKER && !k.endsWith('.partial')).sort(),
      };
    },
  ],
  [
    'memory',
    async () => {
      const sink = memoryObjectSink();
      return { sink, read: (key) => text(sink.objects.get(key)), keys: () => [...sink.objects.keys()].sort() };
    },
  ],
];

describe.each(cases)('%s sink', (_name, make) => {
  it('stores a whole object under its key with put', async () => {
    const { sink, read, keys } = await make();
    await sink.put('2024/01/02/03/a', [bytes('one\n'), bytes('two\n')]);
    expect(read('2024/01/02/03/a')).toBe('one\ntwo\n');
    expect(keys()).toEqual(['2024/01/02/03/a']);
  });

  it('shows a streamed object only once it is committed, whole', async () => {
    const { sink, read, keys } = await make();
    const upload = sink.open('x/y.parquet');
    upload.write(bytes('PAR1'));
    upload.write(bytes('rest'));
    expect(read('x/y.parquet')).toBeUndefined();
    expect(keys()).toEqual([]);
    await upload.commit();
    expect(read('x/y.parquet')).toBe('PAR1rest');
    expect(() => upload.write(bytes('late'))).toThrow(/already committed or aborted/);
  });

  it('leaves nothing behind for an aborted object', async () => {
    const { sink, read, keys } = await make();
    const upload = sink.open('gone');
    upload.write(bytes('half'));
    await upload.abort();
    expect(read('gone')).toBeUndefined();
    expect(keys()).toEqual([]);
  });
});

describe('LocalFolderSink.open', () => {
  it('refuses a non-empty folder it did not make, and empties one it made', async () => {
    const foreign = join(dir, 'foreign');
    await LocalFolderSink.open(foreign);
    await writeFile(join(foreign, 'keep.txt'), 'x');
    // A folder with our marker is ours: emptied on the next run.
    await LocalFolderSink.open(foreign);
    expect(existsSync(join(foreign, 'keep.txt'))).toBe(false);
    await rm(join(foreign, OUTPUT_MARKER));
    await writeFile(join(foreign, 'keep.txt'), 'x');
    await expect(LocalFolderSink.open(foreign)).rejects.toThrow(/not empty and was not made by npm run transform/);
    expect(readFileSync(join(foreign, 'keep.txt'), 'utf8')).toBe('x');
  });
});
