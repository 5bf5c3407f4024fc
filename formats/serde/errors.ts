/**
 * Errors of the SerDe module: a record that Firehose's record format conversion could not convert is a
 * value, `FormatConversionError`, returned by the deserializer. Messages describe a value by its type,
 * never by its content.
 */
import { FirehoseKitError } from '../../transforms/core/index.js';

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
