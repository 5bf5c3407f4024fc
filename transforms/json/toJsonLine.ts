import { checkOptionKeys, stringifyJson } from '../core/index.js';
import type { JsonValue, RecordContext } from '../core/index.js';

export type ToJsonLineOptions = Record<string, never>;

/**
 * Serialises a JSON value as compact JSON text without a trailing newline; the Firehose handler adds
 * the record delimiter (`newline` option), so records concatenated by Firehose stay one per line. A
 * `JsonNumber` (see parseJson's `numbers` option) is written as its exact text.
 */
export function toJsonLine(options: ToJsonLineOptions = {}): (input: JsonValue, ctx: RecordContext) => string {
  checkOptionKeys('toJsonLine', options, []);
  return function toJsonLineRecord(input) {
    return stringifyJson(input);
  };
}

export const examples = [
  { title: 'compact JSON text', options: {}, input: { user: { id: 7 }, ok: true }, output: '{"user":{"id":7},"ok":true}' },
] as const;
