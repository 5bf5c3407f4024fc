import { checkOneOf, checkOptionKeys } from '../core/index.js';
import { decodeUtf8Lenient, decodeUtf8Strict } from '../core/index.js';
import { RecordParseError } from '../core/index.js';
import { fail } from '../core/index.js';
import type { FailedOutcome, RecordContext } from '../core/index.js';

export interface DecodeTextOptions {
  /** Bytes that are not valid UTF-8: `'fail'` the record (default) or `'replace'` them with U+FFFD. */
  readonly invalidUtf8?: 'fail' | 'replace';
}

const NAME = 'decodeText';

/** Turns a record's bytes (or text) into text. A leading byte-order mark is removed. */
export function decodeText(options: DecodeTextOptions = {}): (input: Uint8Array | string, ctx: RecordContext) => string | FailedOutcome {
  checkOptionKeys(NAME, options, ['invalidUtf8']);
  const mode = checkOneOf(NAME, 'invalidUtf8', options.invalidUtf8 ?? 'fail', ['fail', 'replace'] as const);
  return function decodeTextRecord(input) {
    if (typeof input === 'string') return input;
    if (mode === 'replace') return decodeUtf8Lenient(input);
    const text = decodeUtf8Strict(input);
    return text ?? fail(new RecordParseError(`${NAME}: the record's ${input.byteLength} bytes are not valid UTF-8; use decodeText({ invalidUtf8: 'replace' }) to keep such records`));
  };
}

export const examples = [
  { title: 'UTF-8 bytes become text', options: {}, input: 'caf\u00e9', output: 'caf\u00e9' },
] as const;
