/**
 * Shared by the tests of the line parsers (parseApacheLog, parseSyslog): a parse result as a plain value
 * (their linear-time checks use linearTime.ts).
 */
import { isOutcome } from '../../transforms/core/outcome.js';
import type { FailedOutcome, JsonObject, RecordContext } from '../../transforms/core/types.js';
import { testContext } from './transformContract.js';

export type LineParser = (input: string | Uint8Array, ctx: RecordContext) => JsonObject | FailedOutcome;
export type Parsed = { record: JsonObject } | { failed: string };

/** Runs a parser on one line: the record, or the failure's message. */
export function run(parse: LineParser, input: string | Uint8Array, ctx: RecordContext = testContext): Parsed {
  const result = parse(input, ctx);
  if (isOutcome(result)) {
    if ('error' in result) return { failed: result.error.message };
    throw new Error('the parser returned an unexpected outcome');
  }
  return { record: result };
}

/** The record a line parses to; throws (failing the test) with the parser's message when it does not parse. */
export function recordOf(parse: LineParser, input: string | Uint8Array, ctx: RecordContext = testContext): JsonObject {
  const parsed = run(parse, input, ctx);
  if ('failed' in parsed) throw new Error(`expected the line to parse: ${parsed.failed}`);
  return parsed.record;
}
