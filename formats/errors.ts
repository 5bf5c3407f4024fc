/**
 * Errors of the formats module. Bad schemas and bad deserializer options throw at start-up
 * (`GlueTypeSyntaxError`, `GlueSchemaError`, `FormatOptionError`); a record that Firehose could not
 * convert is a value, `FormatConversionError`, returned by the deserializer. Messages name the file,
 * the column and the fix; conversion errors describe a value by its type, never by its content.
 */
import { FirehoseKitError } from '../transforms/errors.js';

/** A Glue/Hive type string that does not parse. `position` is the 0-based offset of the problem. */
export class GlueTypeSyntaxError extends FirehoseKitError {
  constructor(
    readonly typeString: string,
    readonly position: number,
    readonly problem: string,
  ) {
    super(formatTypeError(typeString, position, problem));
  }
}

/** A Glue table definition (file or object) that cannot be used. Names the file and the column. */
export class GlueSchemaError extends FirehoseKitError {
  constructor(
    readonly fileName: string,
    readonly column: string | undefined,
    problem: string,
    fix: string,
    options?: { cause?: unknown },
  ) {
    super(`${fileName}: ${column === undefined ? '' : `column '${column}': `}${problem}. ${fix}`, options);
  }
}

/** A deserializer, validator or schema option that cannot be used. Thrown at start-up. */
export class FormatOptionError extends FirehoseKitError {
  constructor(
    readonly unit: string,
    readonly option: string,
    problem: string,
    fix: string,
  ) {
    super(`${unit}: option '${option}' ${problem}. ${fix}`);
  }
}

/**
 * The error codes Firehose writes as `lastErrorCode` in `format-conversion-failed/` records. AWS does
 * not document the list; these two were observed on real Firehose streams (see the README).
 */
export const FORMAT_CONVERSION_ERROR_CODES = ['DataFormatConversion.ParseError', 'DataFormatConversion.MalformedData'] as const;
export type FormatConversionErrorCode = (typeof FORMAT_CONVERSION_ERROR_CODES)[number];

/**
 * A record that Firehose would write to `format-conversion-failed/`: not JSON, not a JSON object, or
 * a value that does not fit its column. `column` is the dotted path of the column (`items[2].price`),
 * when the problem is in one column.
 */
export class FormatConversionError extends FirehoseKitError {
  constructor(
    readonly errorCode: FormatConversionErrorCode,
    message: string,
    readonly column?: string,
  ) {
    super(message);
  }
}

/** Describes a JSON value's type for messages without revealing the value. */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

const SNIPPET_RADIUS = 40;

function formatTypeError(typeString: string, position: number, problem: string): string {
  const window = snippet(typeString, position);
  return `Glue type error at position ${position}: ${problem}\n  ${window.text}\n  ${' '.repeat(window.caret)}^`;
}

/** A one-line window of the type string around `position`, and the caret's column in it. */
function snippet(text: string, position: number): { text: string; caret: number } {
  const at = Math.max(0, Math.min(position, text.length));
  const start = Math.max(0, at - SNIPPET_RADIUS);
  const end = Math.min(text.length, at + SNIPPET_RADIUS);
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  // Tabs and newlines become spaces (same width), so the caret still lines up.
  const body = text.slice(start, end).replace(/[\t\n\r]/g, ' ');
  return { text: `${prefix}${body}${suffix}`, caret: prefix.length + at - start };
}
