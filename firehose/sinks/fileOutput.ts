import { closeSync, openSync, writeSync } from 'node:fs';

/** A synchronous chunk output that appends to a file (created or truncated). Call `close()` when done. */
export function fileOutput(path: string): { write(chunk: Uint8Array): void; close(): void } {
  const fd = openSync(path, 'w');
  return {
    write: (chunk) => {
      let offset = 0;
      while (offset < chunk.byteLength) offset += writeSync(fd, chunk, offset, chunk.byteLength - offset);
    },
    close: () => closeSync(fd),
  };
}
