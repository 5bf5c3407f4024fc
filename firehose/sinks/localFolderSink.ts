/**
 * A local folder standing in for the S3 bucket: each object is a file at its key. Objects are written
 * under a temporary name (`<key>.partial`) and renamed when complete, so a file under a final name is
 * always a whole object, as in S3.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { access, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ObjectSink, ObjectUpload } from './objectSink.js';

export const OUTPUT_MARKER = '.firehose-kit-output';
const PARTIAL = '.partial';

export class LocalFolderSink implements ObjectSink {
  private constructor(private readonly root: string) {}

  /**
   * Prepares the folder: creates it, or empties it when an earlier run of this tool made it. A non-empty
   * folder that this tool did not make is left alone and refused.
   */
  static async open(root: string): Promise<LocalFolderSink> {
    const entries = await readdir(root).catch((error: { code?: string }) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    if (entries.length > 0) {
      const ours = await access(join(root, OUTPUT_MARKER)).then(() => true, () => false);
      if (!ours) throw new Error(`refusing to write into ${root}: it is not empty and was not made by npm run transform; choose another --out`);
      await rm(root, { recursive: true, force: true });
    }
    await mkdir(root, { recursive: true });
    await writeFile(join(root, OUTPUT_MARKER), 'Written by firehose-kit (npm run transform); emptied on the next run.\n');
    return new LocalFolderSink(root);
  }

  /** The file that stands for the object `key`. */
  pathOf(key: string): string {
    return join(this.root, key);
  }

  async put(key: string, body: readonly Uint8Array[]): Promise<void> {
    const file = this.pathOf(key);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(`${file}${PARTIAL}`, body);
    await rename(`${file}${PARTIAL}`, file);
  }

  open(key: string): ObjectUpload {
    const file = this.pathOf(key);
    const temporary = `${file}${PARTIAL}`;
    mkdirSync(dirname(file), { recursive: true });
    let fd: number | undefined = openSync(temporary, 'w');
    const close = (): void => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    };
    return {
      write(chunk) {
        if (fd === undefined) throw new Error(`object ${key} was already committed or aborted`);
        let offset = 0;
        while (offset < chunk.byteLength) offset += writeSync(fd, chunk, offset, chunk.byteLength - offset);
      },
      async commit() {
        close();
        renameSync(temporary, file);
      },
      async abort() {
        close();
        rmSync(temporary, { force: true });
      },
    };
  }
}
