/**
 * Errors of the Parquet writer. Bad options throw `FormatOptionError` (formats/glue/errors.ts) when the
 * writer is created; a schema the writer cannot map throws `ParquetSchemaError` at the same time. A row
 * that does not match the schema throws `ParquetRowError` from `write()` and leaves the writer as it
 * was before that row. Messages name the column path and the expected type, never the row's content.
 */
import { FirehoseKitError } from '../../transforms/core/index.js';

/** A Glue column list that cannot be written as Parquet (duplicate names, nesting too deep). */
export class ParquetSchemaError extends FirehoseKitError {
  constructor(
    readonly column: string,
    problem: string,
    fix: string,
  ) {
    super(`Parquet writer: column '${column}': ${problem}. ${fix}`);
  }
}

/** A row whose cell does not have the in-memory type of its Glue type (see formats/glue/types.ts). */
export class ParquetRowError extends FirehoseKitError {
  constructor(
    readonly column: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `Parquet writer: column '${column}' expects ${expected} but the row holds ${actual}. ` +
        'Convert records with the deserializer (formats/serde/deserializeJson.ts), which produces rows of this shape.',
    );
  }
}

/** The writer was used after `close()`. */
export class ParquetWriterClosedError extends FirehoseKitError {
  constructor() {
    super('Parquet writer: write() or close() was called after close(). Create a new writer for each file.');
  }
}

/** Describes a cell's JavaScript type for error messages, without its content. */
export function describeCell(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (value instanceof Uint8Array) return `${value.byteLength} bytes`;
  if (value instanceof Map) return `a Map of ${value.size} entries`;
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'a non-finite number';
    return Number.isInteger(value) ? 'an integer number' : 'a non-integer number';
  }
  if (typeof value === 'bigint') return 'a bigint';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
