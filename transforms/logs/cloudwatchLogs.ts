import { Buffer } from 'node:buffer';
import { gzipSync } from 'node:zlib';
import { checkInteger, checkOneOf, checkOptionKeys } from '../core/index.js';
import { asBuffer, decodeUtf8Strict } from '../core/index.js';
import { describeType, FirehoseKitError, RecordError, RecordFieldError, RecordParseError, RecordSplitRequiredError, TransformOptionError } from '../core/index.js';
import { gunzipCapped, isGzip, isZlib } from './gunzipCapped.js';
import { drop, fail, isJsonObject, isOutcome, stringifyJson } from '../core/index.js';
import { parseJson } from '../json/index.js';
import type { DroppedOutcome, FailedOutcome, JsonObject, JsonValue, RecordContext, Transform } from '../core/index.js';

export interface ProcessCloudWatchLogsOptions {
  /**
   * What each log event becomes, one per line: `'json'` (default) an object `{ id, timestamp, message,
   * logGroup, logStream, owner }`, or `'message'` the message text alone (one trailing line break removed;
   * a message with line breaks inside then spans several lines, which `'json'` never does).
   */
  readonly output?: 'json' | 'message';
  /** In `'json'` output, a message that is a JSON object or array becomes that JSON value. Default false. */
  readonly parseJsonMessages?: boolean;
  /** `timestamp` as CloudWatch sends it, `'epoch-millis'` (default), or as ISO-8601 UTC text (`'iso'`). */
  readonly timestampFormat?: 'epoch-millis' | 'iso';
  /**
   * A transform applied to every log event (the JSON object above) before it is written, for example
   * `redactPii()`. A dropped event is left out; a failed event fails the whole record (its bytes are
   * kept). Partition keys it sets are ignored: a record's events cannot go to different partitions.
   */
  readonly eachEvent?: Transform<JsonObject, JsonValue>;
  /**
   * How records are compressed: `'auto'` (default: gzip or zlib when they start with that format's header,
   * plain JSON otherwise), `'gzip'` (subscription filters), `'zlib'` (account-level subscription policies), `'none'`.
   */
  readonly compression?: 'auto' | 'gzip' | 'zlib' | 'none';
  /** Most bytes a record may decompress to (1,024 to 268,435,456). Default 16,777,216 (16 MiB). */
  readonly maxDecompressedBytes?: number;
  /**
   * Output size (bytes) above which the record is not written but split: the failed outcome carries a
   * `RecordSplitRequiredError` whose `parts` are two gzip-compressed CloudWatch payloads holding the first
   * and second half of the log events, for re-ingestion as new records (as AWS's blueprint does). Default
   * 4,400,000, which fits, base64-encoded, in Lambda's 6,000,000-byte response budget. 0 turns splitting off.
   */
  readonly maxOutputBytes?: number;
}

const NAME = 'processCloudWatchLogs';

/** The subscription payload as CloudWatch Logs writes it (after gunzip). */
interface CloudWatchPayload {
  readonly messageType: string;
  readonly owner: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly logEvents: readonly { readonly id: string; readonly timestamp: number; readonly message: string }[];
}

/**
 * Turns a Firehose record written by a CloudWatch Logs subscription filter (gzip-compressed JSON) into
 * one line per log event. `CONTROL_MESSAGE` records (CloudWatch checking that the destination is
 * reachable) are dropped; corrupt gzip, invalid JSON and payloads of the wrong shape fail.
 */
export function processCloudWatchLogs(options: ProcessCloudWatchLogsOptions = {}): (input: Uint8Array | string, ctx: RecordContext) => string | DroppedOutcome | FailedOutcome {
  checkOptionKeys(NAME, options, ['output', 'parseJsonMessages', 'timestampFormat', 'eachEvent', 'compression', 'maxDecompressedBytes', 'maxOutputBytes']);
  const output = checkOneOf(NAME, 'output', options.output ?? 'json', ['json', 'message'] as const);
  const timestampFormat = checkOneOf(NAME, 'timestampFormat', options.timestampFormat ?? 'epoch-millis', ['epoch-millis', 'iso'] as const);
  const compression = checkOneOf(NAME, 'compression', options.compression ?? 'auto', ['auto', 'gzip', 'zlib', 'none'] as const);
  const maxDecompressedBytes = checkInteger(NAME, 'maxDecompressedBytes', options.maxDecompressedBytes ?? 16 * 1024 * 1024, 1024, 256 * 1024 * 1024);
  const maxOutputBytes = checkInteger(NAME, 'maxOutputBytes', options.maxOutputBytes ?? 4_400_000, 0, 256 * 1024 * 1024);
  const parseJsonMessages = options.parseJsonMessages ?? false;
  if (typeof parseJsonMessages !== 'boolean') {
    throw new TransformOptionError(NAME, 'parseJsonMessages', `is ${describeType(parseJsonMessages)}`, 'Use true or false.');
  }
  if (parseJsonMessages && output === 'message') {
    throw new TransformOptionError(NAME, 'parseJsonMessages', "has no effect with output 'message'", "Use output 'json' to get parsed messages, or leave parseJsonMessages out.");
  }
  const eachEvent = options.eachEvent;
  if (eachEvent !== undefined && typeof eachEvent !== 'function') {
    throw new TransformOptionError(NAME, 'eachEvent', `is ${describeType(eachEvent)}`, 'Pass a transform, e.g. eachEvent: redactPii().');
  }
  // The same safety rules as parseJson (depth, prototype keys); a message that breaks them stays text.
  const parseMessage = parseJson({ maxDepth: 64 });

  return function processCloudWatchLogsRecord(input, ctx) {
    const payload = readPayload(input, compression, maxDecompressedBytes);
    if (!('logEvents' in payload)) return payload;
    if (payload.messageType === 'CONTROL_MESSAGE') return drop('CloudWatch Logs control message');
    if (payload.messageType !== 'DATA_MESSAGE') {
      return fail(new RecordFieldError(`${NAME}: messageType is a ${payload.messageType.length}-character value other than DATA_MESSAGE or CONTROL_MESSAGE; is this record from a CloudWatch Logs subscription?`));
    }
    const lines: string[] = [];
    const events = payload.logEvents;
    for (let index = 0; index < events.length; index++) {
      const event = events[index]!;
      let value: JsonValue = {
        id: event.id,
        timestamp: timestampFormat === 'iso' ? isoTimestamp(event.timestamp) : event.timestamp,
        message: parseJsonMessages ? messageValue(event.message, parseMessage, ctx) : event.message,
        logGroup: payload.logGroup,
        logStream: payload.logStream,
        owner: payload.owner,
      };
      if (eachEvent !== undefined) {
        let result: unknown;
        try {
          result = eachEvent(value, ctx);
        } catch (error) {
          return fail(new RecordError(`${NAME}: eachEvent threw ${error instanceof Error ? error.name : typeof error} on log event ${index + 1} of ${events.length}`, { cause: error }));
        }
        if (isOutcome(result)) {
          if ('reason' in result) continue;
          if ('error' in result) {
            // Only firehose-kit's own messages are content-free by construction; a foreign one stays in `cause`.
            const why = result.error instanceof FirehoseKitError ? result.error.message : result.error.name;
            return fail(new RecordError(`${NAME}: eachEvent failed log event ${index + 1} of ${events.length}: ${why}`, { cause: result.error }));
          }
          value = result.value as JsonValue;
        } else {
          value = result as JsonValue;
        }
      }
      lines.push(output === 'json' ? stringifyJson(value) : messageText(value));
    }
    if (lines.length === 0) return drop('CloudWatch Logs data message without log events');
    const text = lines.join('\n');
    if (maxOutputBytes > 0 && text.length > maxOutputBytes / 3 && Buffer.byteLength(text) > maxOutputBytes) {
      if (events.length < 2) {
        return fail(new RecordError(`${NAME}: the record's single log event gives ${Buffer.byteLength(text)} bytes of output, more than maxOutputBytes ${maxOutputBytes}, and one event cannot be split`));
      }
      return fail(new RecordSplitRequiredError(
        `${NAME}: the record's ${events.length} log events give ${Buffer.byteLength(text)} bytes of output, more than maxOutputBytes ${maxOutputBytes}; it must be split into two halves and re-ingested`,
        splitPayload(payload),
      ));
    }
    return text;
  };
}

/**
 * Splits a CloudWatch Logs subscription record (gzip-compressed or plain JSON) into two gzip-compressed
 * records holding the first and the second half of its log events, every other field unchanged. Throws
 * RecordError when the record is not a DATA_MESSAGE with at least two log events.
 */
export function splitCloudWatchRecord(record: Uint8Array, options: { maxDecompressedBytes?: number } = {}): readonly [Uint8Array, Uint8Array] {
  const payload = readPayload(record, 'auto', options.maxDecompressedBytes ?? 16 * 1024 * 1024);
  if (!('logEvents' in payload)) throw payload.error;
  if (payload.messageType !== 'DATA_MESSAGE' || payload.logEvents.length < 2) {
    throw new RecordFieldError(`${NAME}: only a DATA_MESSAGE with at least two log events can be split (this one has ${payload.logEvents.length})`);
  }
  return splitPayload(payload);
}

function splitPayload(payload: CloudWatchPayload): [Uint8Array, Uint8Array] {
  const middle = Math.ceil(payload.logEvents.length / 2);
  // Spread keeps every field of the payload (subscriptionFilters, policyLevel, …) in each half.
  const half = (logEvents: CloudWatchPayload['logEvents']): Uint8Array => gzipSync(Buffer.from(JSON.stringify({ ...payload, logEvents }), 'utf8'));
  return [half(payload.logEvents.slice(0, middle)), half(payload.logEvents.slice(middle))];
}

/** Decompresses and checks a record; returns the payload or a failed outcome. */
function readPayload(input: unknown, compression: 'auto' | 'gzip' | 'zlib' | 'none', maxDecompressedBytes: number): CloudWatchPayload | FailedOutcome {
  let bytes: Uint8Array;
  if (input instanceof Uint8Array) bytes = input;
  else if (typeof input === 'string') bytes = Buffer.from(input, 'utf8');
  else return fail(new RecordFieldError(`${NAME}: the record is ${describeType(input)}, expected the bytes Firehose received`));
  const format =
    compression === 'gzip' || (compression === 'auto' && isGzip(bytes)) ? 'gzip' : compression === 'zlib' || (compression === 'auto' && isZlib(bytes)) ? 'zlib' : undefined;
  const gzipped = format !== undefined;
  if (format !== undefined) {
    const result = gunzipCapped(bytes, maxDecompressedBytes, format);
    if (!result.ok) {
      return fail(new RecordParseError(
        result.reason === 'too-large'
          ? `${NAME}: the record's ${bytes.byteLength} ${format} bytes expand to more than maxDecompressedBytes ${maxDecompressedBytes}; raise it if such records are expected`
          : `${NAME}: the record's ${bytes.byteLength} bytes are not valid ${format} (${result.detail})`,
      ));
    }
    bytes = result.bytes;
  } else if (bytes.byteLength > maxDecompressedBytes) {
    return fail(new RecordParseError(`${NAME}: the record's ${bytes.byteLength} bytes exceed maxDecompressedBytes ${maxDecompressedBytes}`));
  }
  const text = decodeUtf8Strict(asBuffer(bytes));
  if (text === undefined) return fail(new RecordParseError(`${NAME}: the record's ${bytes.byteLength} decompressed bytes are not valid UTF-8`));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail(new RecordParseError(`${NAME}: the record's ${text.length} decompressed characters are not valid JSON${gzipped ? '' : ' (nor gzip or zlib)'}`));
  }
  return checkPayload(parsed);
}

/** Only the fields read below are checked; anything else in the payload is passed over untouched. */
function checkPayload(parsed: unknown): CloudWatchPayload | FailedOutcome {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return fail(new RecordFieldError(`${NAME}: the payload is ${describeType(parsed)}, expected a CloudWatch Logs subscription object`));
  }
  const payload = parsed as Record<string, unknown>;
  if (payload.messageType === 'CONTROL_MESSAGE') {
    // Dropped whatever else it holds: its only event is CloudWatch's health-check text.
    return { messageType: 'CONTROL_MESSAGE', owner: '', logGroup: '', logStream: '', logEvents: [] };
  }
  for (const field of ['messageType', 'owner', 'logGroup', 'logStream'] as const) {
    if (typeof payload[field] !== 'string') {
      return fail(new RecordFieldError(`${NAME}: the payload's ${field} is ${describeType(payload[field])}, expected a string; is this record from a CloudWatch Logs subscription?`));
    }
  }
  const events = payload.logEvents;
  if (!Array.isArray(events)) {
    return fail(new RecordFieldError(`${NAME}: the payload's logEvents is ${describeType(events)}, expected an array`));
  }
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as unknown;
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      return fail(new RecordFieldError(`${NAME}: log event ${index + 1} is ${describeType(event)}, expected an object`));
    }
    const fields = event as Record<string, unknown>;
    if (typeof fields.id !== 'string') return fail(new RecordFieldError(`${NAME}: log event ${index + 1} has id ${describeType(fields.id)}, expected a string`));
    if (typeof fields.timestamp !== 'number' || !Number.isFinite(fields.timestamp)) {
      return fail(new RecordFieldError(`${NAME}: log event ${index + 1} has timestamp ${describeType(fields.timestamp)}, expected epoch milliseconds`));
    }
    if (typeof fields.message !== 'string') return fail(new RecordFieldError(`${NAME}: log event ${index + 1} has message ${describeType(fields.message)}, expected a string`));
  }
  return payload as unknown as CloudWatchPayload;
}

/** A message that is a JSON object or array, parsed safely; any other message stays text. */
function messageValue(message: string, parse: ReturnType<typeof parseJson>, ctx: RecordContext): JsonValue {
  let start = 0;
  while (start < message.length && (message.charCodeAt(start) === 0x20 || message.charCodeAt(start) === 0x09)) start++;
  const first = message.charCodeAt(start);
  if (first !== 0x7b /* { */ && first !== 0x5b /* [ */) return message;
  const parsed = parse(message, ctx);
  return isOutcome(parsed) ? message : parsed;
}

/** The text of an event for `'message'` output: its message without one trailing line break. */
function messageText(value: JsonValue): string {
  const message = isJsonObject(value) ? value.message : value;
  const text = typeof message === 'string' ? message : stringifyJson(message ?? null);
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

function isoTimestamp(epochMs: number): string | number {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? epochMs : date.toISOString();
}

export const examples = [
  {
    title: 'A DATA_MESSAGE becomes one JSON line per log event (the input is shown decompressed)',
    options: { compression: 'none' },
    input:
      '{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/aws/lambda/checkout","logStream":"2024/10/21/[$LATEST]16c1","subscriptionFilters":["to-firehose"],"logEvents":[{"id":"3856960479845315376411526807436346841914951710354381209","timestamp":1729520895158,"message":"START RequestId: eadc91c8 Version: $LATEST\\n"},{"id":"3856960479847545450931379869750500413742216546504979251","timestamp":1729520895159,"message":"{\\"level\\":\\"INFO\\",\\"orderId\\":42}"}]}',
    output:
      '{"id":"3856960479845315376411526807436346841914951710354381209","timestamp":1729520895158,"message":"START RequestId: eadc91c8 Version: $LATEST\\n","logGroup":"/aws/lambda/checkout","logStream":"2024/10/21/[$LATEST]16c1","owner":"123456789012"}\n' +
      '{"id":"3856960479847545450931379869750500413742216546504979251","timestamp":1729520895159,"message":"{\\"level\\":\\"INFO\\",\\"orderId\\":42}","logGroup":"/aws/lambda/checkout","logStream":"2024/10/21/[$LATEST]16c1","owner":"123456789012"}',
  },
  {
    title: 'JSON messages parsed, ISO timestamps',
    options: { compression: 'none', parseJsonMessages: true, timestampFormat: 'iso' },
    input:
      '{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"app","logStream":"web-1","subscriptionFilters":["all"],"logEvents":[{"id":"1","timestamp":1729520895159,"message":"{\\"level\\":\\"INFO\\",\\"orderId\\":42}"}]}',
    output: '{"id":"1","timestamp":"2024-10-21T14:28:15.159Z","message":{"level":"INFO","orderId":42},"logGroup":"app","logStream":"web-1","owner":"123456789012"}',
  },
  {
    title: "Raw messages, one per line (output: 'message')",
    options: { compression: 'none', output: 'message' },
    input:
      '{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"app","logStream":"web-1","subscriptionFilters":["all"],"logEvents":[{"id":"1","timestamp":1,"message":"first\\n"},{"id":"2","timestamp":2,"message":"second"}]}',
    output: 'first\nsecond',
  },
] as const;
