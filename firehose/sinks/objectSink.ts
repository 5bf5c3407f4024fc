/**
 * Where delivered objects go. Delivery names objects and decides their content; a sink only stores them,
 * atomically: an object is either complete under its key or absent (a reader never sees half of one).
 * The local folder (`npm run transform`), memory (tests) and S3 (aws/) implement the same interface.
 */

/** An object being written in chunks (a Parquet or ORC file); it appears under its key only on `commit`. */
export interface ObjectUpload {
  /** Appends bytes. Synchronous so that format writers can stream into it; a sink may buffer or spool. */
  write(chunk: Uint8Array): void;
  /** Makes the object visible under its key, complete. */
  commit(): Promise<void>;
  /** Discards what was written; nothing appears under the key. */
  abort(): Promise<void>;
}

export interface ObjectSink {
  /** Stores a whole object under `key` (relative to the bucket): complete or absent. */
  put(key: string, body: readonly Uint8Array[]): Promise<void>;
  /** Starts an object written in chunks. */
  open(key: string): ObjectUpload;
}
