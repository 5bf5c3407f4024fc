import type { ObjectSink, ObjectUpload } from './objectSink.js';

/** A sink that keeps objects in memory, keyed as S3 would hold them: for tests and embedding. */
export interface MemoryObjectSink extends ObjectSink {
  /** Committed objects by key, in the order they were committed. */
  readonly objects: Map<string, Uint8Array>;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

export function memoryObjectSink(): MemoryObjectSink {
  const objects = new Map<string, Uint8Array>();
  return {
    objects,
    async put(key, body) {
      objects.set(key, concat(body));
    },
    open(key): ObjectUpload {
      let chunks: Uint8Array[] | undefined = [];
      return {
        write(chunk) {
          if (chunks === undefined) throw new Error(`object ${key} was already committed or aborted`);
          chunks.push(chunk.slice());
        },
        async commit() {
          if (chunks === undefined) throw new Error(`object ${key} was already committed or aborted`);
          objects.set(key, concat(chunks));
          chunks = undefined;
        },
        async abort() {
          chunks = undefined;
        },
      };
    },
  };
}
