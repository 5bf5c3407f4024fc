/**
 * Errors of the ORC writer and reader. Bad options throw `FormatOptionError` (formats/glue) when the
 * writer is created. A row that does not match the schema throws `OrcRowError` from `write()` and
 * leaves the writer as it was before that row. A file the reader cannot read throws
 * `OrcCorruptFileError` or `OrcUnsupportedError`. Messages name the column and the expected type, never
 * the row's content.
 */
import { FirehoseKitError } from '../../transforms/core/index.js';

/** A row whose cell does not have the in-memory type of its Glue type (see formats/glue/types.ts). */
export class OrcRowError extends FirehoseKitError {
  constructor(
    readonly column: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `ORC writer: column '${column}' expects ${expected} but the row holds ${actual}. ` +
        'Convert records with the deserializer (formats/serde), which produces rows of this shape.',
    );
  }
}

/** A Glue column list that cannot be written as ORC (no columns, duplicate names). */
export class OrcSchemaError extends FirehoseKitError {
  constructor(
    readonly column: string,
    problem: string,
    fix: string,
  ) {
    super(`ORC writer: column '${column}': ${problem}. ${fix}`);
  }
}

/** The writer was used after `close()`. */
export class OrcWriterClosedError extends FirehoseKitError {
  constructor() {
    super('ORC writer: write() or close() was called after close(). Create a new writer for each file.');
  }
}

/** Bytes that are not a well-formed ORC file (truncated, bad lengths, streams that end early). */
export class OrcCorruptFileError extends FirehoseKitError {
  constructor(problem: string) {
    super(`ORC reader: the file is not valid ORC: ${problem}.`);
  }
}

/** A well-formed ORC file that uses a feature this reader does not implement (LZ4, ZSTD, encryption…). */
export class OrcUnsupportedError extends FirehoseKitError {
  constructor(feature: string) {
    super(`ORC reader: ${feature} is not supported by this reader.`);
  }
}
