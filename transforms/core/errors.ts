/**
 * Errors of the transforms module. Bad options throw `TransformOptionError` when a factory is called
 * (start-up); bad records produce `RecordError`s inside failed outcomes. Messages name the transform,
 * the option or field, and the fix; they never contain record content.
 */
import { JsonNumber } from './jsonNumber.js';

export class FirehoseKitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A transform factory was called with an option it cannot use. Thrown at start-up. */
export class TransformOptionError extends FirehoseKitError {
  constructor(
    readonly transform: string,
    readonly option: string,
    problem: string,
    fix: string,
  ) {
    super(`${transform}: option '${option}' ${problem}. ${fix}`);
  }
}

/** A record could not be transformed. Carried in a failed outcome; the record keeps its bytes. */
export class RecordError extends FirehoseKitError {}

/** The record is not valid UTF-8 or not valid JSON. */
export class RecordParseError extends RecordError {}

/** The record's JSON could pollute prototypes or nests deeper than allowed. */
export class UnsafeRecordError extends RecordError {}

/** The record lacks a field a transform needs, or the field has the wrong type. */
export class RecordFieldError extends RecordError {}

/** A step of a pipeline threw instead of returning a failed outcome. */
export class TransformThrewError extends RecordError {}

/**
 * The record is too large to be returned as it is and should be replaced by `parts`, each a complete record
 * in the input's format. Carried in a failed outcome: the Firehose handler re-ingests the parts as new records
 * and drops the original; when it cannot re-ingest, the record fails with its original bytes, so nothing is lost.
 */
export class RecordSplitRequiredError extends RecordError {
  constructor(
    message: string,
    readonly parts: readonly Uint8Array[],
  ) {
    super(message);
  }
}

/** Describes a value's type for error messages without revealing the value itself. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'bytes';
  if (value instanceof JsonNumber) return 'number';
  return typeof value;
}
