/**
 * Errors of the transforms module. Bad options throw `TransformOptionError` when a factory is called
 * (start-up); bad records produce `RecordError`s inside failed outcomes. Messages name the transform,
 * the option or field, and the fix; they never contain record content.
 */
import { JsonNumber } from './jsonNumber.js';

export class FirehoseKitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    // Minified Lambda bundles rename classes (esbuild's keepNames is off to save 7 KB), so each error class
    // of ours states its name in a static `errorName` and `errorClass` in logs stays readable. A subclass
    // without one of its own (a user's) is named after its class.
    this.name = Object.hasOwn(new.target, 'errorName') ? (new.target as unknown as { readonly errorName: string }).errorName : new.target.name;
  }
}

/** A transform factory was called with an option it cannot use. Thrown at start-up. */
export class TransformOptionError extends FirehoseKitError {
  static readonly errorName: string = 'TransformOptionError';
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
export class RecordError extends FirehoseKitError {
  static readonly errorName: string = 'RecordError';
}

/** The record is not valid UTF-8 or not valid JSON. */
export class RecordParseError extends RecordError {
  static override readonly errorName: string = 'RecordParseError';
}

/** The record's JSON could pollute prototypes or nests deeper than allowed. */
export class UnsafeRecordError extends RecordError {
  static override readonly errorName: string = 'UnsafeRecordError';
}

/** The record lacks a field a transform needs, or the field has the wrong type. */
export class RecordFieldError extends RecordError {
  static override readonly errorName: string = 'RecordFieldError';
}

/** A step of a pipeline threw instead of returning a failed outcome. */
export class TransformThrewError extends RecordError {
  static override readonly errorName: string = 'TransformThrewError';
}

/**
 * The record is too large to be returned as it is and should be replaced by `parts`, each a complete record
 * in the input's format. Carried in a failed outcome: the Firehose handler re-ingests the parts as new records
 * and drops the original; when it cannot re-ingest, the record fails with its original bytes, so nothing is lost.
 */
export class RecordSplitRequiredError extends RecordError {
  static override readonly errorName: string = 'RecordSplitRequiredError';
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
