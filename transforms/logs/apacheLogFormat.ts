/**
 * Apache `LogFormat` strings compiled into a line scanner, for parseApacheLog.
 *
 * Directives follow the Apache HTTP Server 2.4 mod_log_config documentation ("Custom Log Formats").
 * The scanner reads a line once from left to right: each field ends at the literal text that the format
 * puts after it (found with `indexOf`), a quoted field ends at the first unescaped `"` that is followed
 * by that literal, and `%t` ends at its `]`. There is no backtracking, so the time is linear in the line
 * length whatever the line holds.
 */
import { TransformOptionError } from '../core/index.js';
import { unescapeLogText } from './escapedLogText.js';
import { digitsAt, formatIsoUtc, formatUtcOffset, isoUtcFromWallClock, isValidWallClock, monthAt } from './logTimestamp.js';
import type { JsonValue } from '../core/index.js';

/** Named formats: Apache's stock `LogFormat` nicknames plus combined with a duration appended. */
export const NAMED_APACHE_FORMATS = {
  common: '%h %l %u %t "%r" %>s %b',
  combined: '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"',
  vhost_common: '%v %h %l %u %t "%r" %>s %b',
  vhost_combined: '%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"',
  combinedio: '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %I %O',
  combined_duration_us: '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D',
  combined_duration_s: '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %T',
} as const;
export type NamedApacheFormat = keyof typeof NAMED_APACHE_FORMATS;

/** `standard`: this library's camelCase names; `aws-blueprint`: the names of AWS's apachelog-to-json blueprint. */
export type ApacheFieldNames = 'standard' | 'aws-blueprint';

/** How a field's text becomes JSON. */
type ValueKind =
  | 'text' // string, "-" → null
  | 'raw' // string kept as written (%X, whose "-" means "connection closed")
  | 'pathQuery' // %U%q written together: the path, then "?query" or nothing
  | 'host' // like text, and a comma-separated list ("10.0.0.2, 10.0.0.1") is one value
  | 'integer' // digits, "-" → null
  | 'number' // digits with an optional fraction (%T), "-" → null
  | 'bytes' // %b: digits, "-" → 0 or null (option bytesDash)
  | 'request' // %r: the raw request line plus method, path, query, protocol
  | 'query' // %q: "?a=b" or ""
  | 'time' // %t: [dd/Mon/yyyy:HH:MM:SS ±hhmm]
  | 'epochSeconds'
  | 'epochMillis'
  | 'epochMicros';

export interface CompiledField {
  /** The directive as written in the format, for messages: `%>s`, `%{Referer}i`. */
  readonly directive: string;
  readonly kind: ValueKind;
  /** Output keys, in order. `time` and `request` produce several. */
  readonly keys: readonly string[];
  /** The value sits between double quotes in the format, so it may contain spaces. */
  readonly quoted: boolean;
  /** The literal text the format puts after this field ('' when the next thing is a bracketed %t or the end). */
  readonly after: string;
}

export interface CompiledFormat {
  /** The format's name (`combined`) or the custom format string, for messages. */
  readonly label: string;
  /** Literal text before the first field. */
  readonly leading: string;
  readonly fields: readonly CompiledField[];
  /** Every output key in order; the CSV column list of this format. */
  readonly keys: readonly string[];
  readonly fieldNames: ApacheFieldNames;
  /**
   * Every key set to null, in output order. Records start as a copy of it, so that all records of a
   * format share one object shape (V8 hidden class) instead of growing one key at a time.
   */
  readonly template: Readonly<Record<string, JsonValue>>;
}

const TRANSFORM = 'parseApacheLog';
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Compiles a named or custom format. Throws TransformOptionError naming the problem and its position. */
export function compileApacheFormat(format: string, fieldNames: ApacheFieldNames): CompiledFormat {
  const named = Object.hasOwn(NAMED_APACHE_FORMATS, format) ? NAMED_APACHE_FORMATS[format as NamedApacheFormat] : undefined;
  const text = named ?? unescapeFormatString(format);
  const label = named === undefined ? JSON.stringify(format) : `'${format}'`;
  if (named === undefined && /^[a-z_]+$/.test(format)) {
    throw new TransformOptionError(
      TRANSFORM,
      'format',
      `is ${label}, which is no named format and no LogFormat string`,
      `Named formats: 'auto', ${Object.keys(NAMED_APACHE_FORMATS).map((name) => `'${name}'`).join(', ')}; or give the server's LogFormat, e.g. '%h %l %u %t "%r" %>s %b'.`,
    );
  }
  const tokens = tokenizeFormat(text);
  let leading = '';
  let index = 0;
  if (tokens[0]?.type === 'literal') {
    leading = tokens[0].text;
    index = 1;
  }
  const fields: CompiledField[] = [];
  const seen = new Map<string, string>();
  let previousLiteral = leading;
  for (; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.type === 'literal') continue;
    let nextToken = tokens[index + 1];
    let spec = describeDirective(token, fieldNames);
    let source = token.source;
    // `%U%q` (path then query string, as in "%m %U%q %H") is the one pair of directives that
    // may touch: the query string starts at the first '?'.
    if (token.letter === 'U' && nextToken?.type === 'directive' && nextToken.letter === 'q') {
      spec = { kind: 'pathQuery', keys: ['path', 'query'] };
      source = `${token.source}${nextToken.source}`;
      index++;
      nextToken = tokens[index + 1];
    }
    const after = nextToken?.type === 'literal' ? nextToken.text : '';
    if (nextToken?.type === 'directive' && spec.kind !== 'time') {
      throw new TransformOptionError(
        TRANSFORM,
        'format',
        `has ${source} directly followed by ${nextToken.source} at position ${nextToken.position + 1}, so their values cannot be told apart`,
        'Put a literal such as a space between them, as the server writes it.',
      );
    }
    for (const key of spec.keys) {
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        throw new TransformOptionError(
          TRANSFORM,
          'format',
          `has ${earlier} and ${source} which both produce the field '${key}'`,
          'Remove one of them from the format.',
        );
      }
      seen.set(key, source);
    }
    fields.push({
      directive: source,
      kind: spec.kind,
      keys: spec.keys,
      quoted: previousLiteral.endsWith('"') && after.startsWith('"'),
      after,
    });
    previousLiteral = after;
  }
  if (fields.length === 0) {
    throw new TransformOptionError(TRANSFORM, 'format', `${label} has no % directive`, "Use a named format such as 'combined' or an Apache LogFormat string such as '%h %l %u %t \"%r\" %>s %b'.");
  }
  const keys = fields.flatMap((field) => field.keys);
  const template: Record<string, JsonValue> = {};
  for (const key of keys) template[key] = null;
  return { label, leading, fields, keys, fieldNames, template };
}

type FormatToken =
  | { readonly type: 'literal'; readonly text: string }
  | {
      readonly type: 'directive';
      readonly source: string;
      readonly letter: string;
      readonly param: string | undefined;
      readonly position: number;
    };

/** Turns the backslash escapes that Apache's configuration syntax allows (`\"`, `\\`, `\t`) into text. */
function unescapeFormatString(format: string): string {
  return format.replace(/\\(["\\tn])/g, (_, escaped: string) => {
    if (escaped === 'n') {
      throw new TransformOptionError(TRANSFORM, 'format', 'contains \\n but each log line is one record', 'Remove the \\n from the format.');
    }
    return escaped === 't' ? '\t' : escaped;
  });
}

/** Splits a format into literals and directives: `%` [conditions] [`<`|`>`] [`{param}`] letter. */
function tokenizeFormat(format: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  let literal = '';
  let index = 0;
  while (index < format.length) {
    const char = format[index]!;
    if (char !== '%') {
      literal += char;
      index++;
      continue;
    }
    if (format[index + 1] === '%') {
      literal += '%';
      index += 2;
      continue;
    }
    const start = index;
    index++;
    // Status conditions (`%400,501{User-agent}i`, `%!200,304{Referer}i`) and `<`/`>` only choose
    // which request's value is logged; the logged text looks the same, so they are skipped.
    while (index < format.length && /[!0-9,<>]/.test(format[index]!)) index++;
    let param: string | undefined;
    if (format[index] === '{') {
      const close = format.indexOf('}', index);
      if (close === -1) {
        throw new TransformOptionError(TRANSFORM, 'format', `has an unclosed '{' at position ${index + 1}`, 'Close the directive parameter, e.g. %{User-Agent}i.');
      }
      param = format.slice(index + 1, close);
      index = close + 1;
    }
    const letter = format[index];
    if (letter === undefined) {
      throw new TransformOptionError(TRANSFORM, 'format', `ends with an incomplete directive at position ${start + 1}`, 'End every % directive with its letter, or write %% for a literal percent sign.');
    }
    index++;
    if (literal !== '') tokens.push({ type: 'literal', text: literal });
    literal = '';
    tokens.push({ type: 'directive', source: format.slice(start, index), letter, param, position: start });
  }
  if (literal !== '') tokens.push({ type: 'literal', text: literal });
  return tokens;
}

interface DirectiveSpec {
  readonly kind: ValueKind;
  readonly keys: readonly string[];
}

/** Names that appear inside directive parameters become camelCase parts: `X-Forwarded-For` → `XForwardedFor`. */
function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1).toLowerCase())
    .join('');
}

function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal === '' ? '' : pascal[0]!.toLowerCase() + pascal.slice(1);
}

const SUPPORTED = '%a %A %b %B %C %D %e %f %h %H %i %I %k %l %L %m %n %o %O %p %P %q %r %R %s %S %t %T %u %U %v %V %X %x';

function describeDirective(token: Extract<FormatToken, { type: 'directive' }>, fieldNames: ApacheFieldNames): DirectiveSpec {
  const aws = fieldNames === 'aws-blueprint';
  const { letter, param, source } = token;
  const one = (kind: ValueKind, key: string): DirectiveSpec => ({ kind, keys: [key] });
  const needsParam = (prefix: string): DirectiveSpec => {
    const name = pascalCase(param ?? '');
    if (name === '') {
      throw new TransformOptionError(TRANSFORM, 'format', `has ${source} without a name in braces`, `Write it as %{Name}${letter}.`);
    }
    return one('text', `${prefix}${name}`);
  };
  const badParam = (allowed: string): never => {
    throw new TransformOptionError(TRANSFORM, 'format', `has ${source} with an unsupported parameter`, `Use ${allowed}.`);
  };
  let spec: DirectiveSpec;
  switch (letter) {
    case 'a':
      spec = param === 'c' ? one('host', 'peerIp') : param === undefined ? one('host', 'clientIp') : badParam('%a or %{c}a');
      break;
    case 'A':
      spec = one('text', 'serverIp');
      break;
    case 'b':
    case 'B':
      spec = one('bytes', 'bytes');
      break;
    case 'C':
      spec = needsParam('cookie');
      break;
    case 'D':
      spec = one('integer', 'durationMicros');
      break;
    case 'e':
      spec = needsParam('env');
      break;
    case 'f':
      spec = one('text', 'filename');
      break;
    case 'h':
      spec = one('host', aws ? 'host' : 'client');
      break;
    case 'H':
      spec = one('text', 'protocol');
      break;
    case 'i': {
      const header = (param ?? '').toLowerCase();
      if (header === 'referer' || header === 'referrer') spec = one('text', 'referrer');
      else if (header === 'user-agent') spec = one('text', 'userAgent');
      else if (header === 'x-forwarded-for') spec = one('host', 'requestHeaderXForwardedFor');
      else spec = needsParam('requestHeader');
      break;
    }
    case 'I':
      spec = one('integer', 'bytesReceived');
      break;
    case 'k':
      spec = one('integer', 'keepAliveRequests');
      break;
    case 'l':
      spec = one('text', 'ident');
      break;
    case 'L':
      spec = one('text', 'logId');
      break;
    case 'm':
      spec = one('text', 'method');
      break;
    case 'n':
      spec = needsParam('note');
      break;
    case 'o':
      spec = needsParam('responseHeader');
      break;
    case 'O':
      spec = one('integer', 'bytesSent');
      break;
    case 'p':
      if (param === undefined || param === 'canonical') spec = one('integer', 'serverPort');
      else if (param === 'local') spec = one('integer', 'localPort');
      else if (param === 'remote') spec = one('integer', 'remotePort');
      else spec = badParam('%p, %{canonical}p, %{local}p or %{remote}p');
      break;
    case 'P':
      if (param === undefined || param === 'pid') spec = one('integer', 'pid');
      else if (param === 'tid') spec = one('integer', 'tid');
      else if (param === 'hextid') spec = one('text', 'tid');
      else spec = badParam('%P, %{pid}P, %{tid}P or %{hextid}P');
      break;
    case 'q':
      spec = one('query', 'query');
      break;
    case 'r':
      spec = { kind: 'request', keys: aws ? ['request', 'verb'] : ['request', 'method', 'path', 'query', 'protocol'] };
      break;
    case 'R':
      spec = one('text', 'handler');
      break;
    case 's':
      spec = one('integer', aws ? 'response' : 'status');
      break;
    case 'S':
      spec = one('integer', 'bytesTransferred');
      break;
    case 't':
      spec = describeTimeDirective(token, aws);
      break;
    case 'T':
      if (param === undefined || param === 's') spec = one('number', 'durationSeconds');
      else if (param === 'ms') spec = one('integer', 'durationMillis');
      else if (param === 'us') spec = one('integer', 'durationMicros');
      else spec = badParam('%T, %{s}T, %{ms}T or %{us}T');
      break;
    case 'u':
      spec = one('text', aws ? 'authuser' : 'user');
      break;
    case 'U':
      spec = one('text', 'path');
      break;
    case 'v':
      spec = one('text', 'virtualHost');
      break;
    case 'V':
      spec = one('text', 'serverName');
      break;
    case 'X':
      spec = one('raw', 'connectionStatus');
      break;
    case 'x': {
      // mod_ssl variables: %{SSL_PROTOCOL}x → sslProtocol
      const name = camelCase(param ?? '');
      if (name === '') throw new TransformOptionError(TRANSFORM, 'format', `has ${source} without a variable name`, 'Write it as %{SSL_PROTOCOL}x.');
      spec = one('text', name);
      break;
    }
    default:
      throw new TransformOptionError(TRANSFORM, 'format', `has the unknown directive ${source} at position ${token.position + 1}`, `Supported directives: ${SUPPORTED}; write %% for a literal percent sign.`);
  }
  for (const key of spec.keys) {
    if (FORBIDDEN_KEYS.has(key)) {
      throw new TransformOptionError(TRANSFORM, 'format', `has ${source}, whose field name '${key}' is reserved`, 'Use another header or variable name.');
    }
  }
  return spec;
}

function describeTimeDirective(token: Extract<FormatToken, { type: 'directive' }>, aws: boolean): DirectiveSpec {
  const param = token.param?.replace(/^(begin|end):/, '');
  if (param === undefined || param === '') {
    return { kind: 'time', keys: aws ? ['@timestamp', 'timezone', '@timestamp_utc'] : ['timestamp', 'utcOffset'] };
  }
  const key = aws ? '@timestamp' : 'timestamp';
  if (param === 'sec') return { kind: 'epochSeconds', keys: [key] };
  if (param === 'msec') return { kind: 'epochMillis', keys: [key] };
  if (param === 'usec') return { kind: 'epochMicros', keys: [key] };
  throw new TransformOptionError(
    TRANSFORM,
    'format',
    `has ${token.source}; only %t, %{sec}t, %{msec}t and %{usec}t are supported`,
    'Log the time with %t (Apache\'s default [day/month/year:hour:minute:second zone]) or as epoch %{msec}t.',
  );
}

// ---------------------------------------------------------------------------------------------------
// Scanning

export interface ScanOptions {
  readonly bytesDash: 'zero' | 'null';
}

/** Why a line did not fit: never contains the line's text. */
export interface ScanFailure {
  readonly failed: true;
  /** 1-based column where the problem was found. */
  readonly column: number;
  readonly message: string;
}

export interface ScanSuccess {
  readonly failed: false;
  readonly record: Record<string, JsonValue>;
  /** Column (0-based) where text beyond the format starts; equals the line length when there is none. */
  readonly trailingStart: number;
}

const SPACE = 0x20;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;

/** Reads one line (without its newline) with a compiled format. */
export function scanApacheLine(format: CompiledFormat, line: string, options: ScanOptions): ScanSuccess | ScanFailure {
  const record: Record<string, JsonValue> = { ...format.template };
  if (!line.startsWith(format.leading)) {
    return failure(1, `expected ${describeLiteral(format.leading)} at the start of the line`);
  }
  let pos = format.leading.length;
  const fields = format.fields;
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    const start = pos;
    let end: number;
    let valueStart = start;
    let valueEnd: number;
    if (field.kind === 'time') {
      if (line.charCodeAt(start) !== 0x5b /* [ */) return fieldFailure(field, start, "expected '[' opening the time");
      end = line.indexOf(']', start + 1);
      if (end === -1) return fieldFailure(field, start, "found no ']' closing the time");
      valueStart = start + 1;
      valueEnd = end;
      end += 1;
    } else if (field.quoted) {
      end = findClosingQuote(line, start, field.after, index === fields.length - 1);
      if (end === -1) return fieldFailure(field, start, `found no closing quote followed by ${describeLiteral(field.after)}`);
      valueEnd = end;
    } else if (field.after === '') {
      end = line.indexOf(' ', start);
      if (end === -1) end = line.length;
      valueEnd = end;
    } else if (field.kind === 'host' && field.after.charCodeAt(0) === SPACE) {
      end = line.indexOf(' ', start);
      // An X-Forwarded-For style list ("10.0.0.2, 10.0.0.1, 127.0.0.1") is one value.
      while (end > start && line.charCodeAt(end - 1) === COMMA) end = line.indexOf(' ', end + 1);
      if (end === -1) return fieldFailure(field, start, `found no ${describeLiteral(field.after)} after the value`);
      valueEnd = end;
    } else {
      end = line.indexOf(field.after, start);
      if (end === -1) return fieldFailure(field, start, `found no ${describeLiteral(field.after)} after the value`);
      if (field.after.charCodeAt(0) !== SPACE) {
        const space = line.indexOf(' ', start);
        if (space !== -1 && space < end) return fieldFailure(field, start, `found a space before ${describeLiteral(field.after)}`);
      }
      valueEnd = end;
    }
    const problem = writeValue(record, field, line.slice(valueStart, valueEnd), format.fieldNames, options);
    if (problem !== undefined) return fieldFailure(field, valueStart, problem);
    pos = end;
    if (field.after !== '') {
      if (!line.startsWith(field.after, pos)) {
        return failure(pos + 1, `expected ${describeLiteral(field.after)} after field ${field.keys[0]} (${field.directive})`);
      }
      pos += field.after.length;
    }
  }
  return { failed: false, record, trailingStart: pos };
}

function failure(column: number, message: string): ScanFailure {
  return { failed: true, column, message };
}

function fieldFailure(field: CompiledField, position: number, problem: string): ScanFailure {
  return failure(position + 1, `field ${field.keys[0]} (${field.directive}) at column ${position + 1} did not match: ${problem}`);
}

/** A format literal for messages (format text, never record text). */
function describeLiteral(literal: string): string {
  return JSON.stringify(literal);
}

/**
 * The index of the quote that closes a quoted field starting at `start`: the first `"` that is not
 * escaped by an odd run of backslashes and is followed by the format's next literal (minus its leading
 * quote). A last field may also be followed by the end of the line or a space (trailing fields the
 * format does not describe). Unescaped quotes inside a value are kept when they are not followed by
 * that literal. Each quote is examined once: linear time.
 */
function findClosingQuote(line: string, start: number, after: string, isLastField: boolean): number {
  const rest = after.slice(1);
  const restIsFinal = isLastField;
  let search = start;
  for (;;) {
    const quote = line.indexOf('"', search);
    if (quote === -1) return -1;
    search = quote + 1;
    let backslashes = 0;
    for (let index = quote - 1; index >= start && line.charCodeAt(index) === BACKSLASH; index--) backslashes++;
    if (backslashes % 2 === 1) continue;
    if (rest === '') {
      if (!restIsFinal) return quote;
      const next = line.charCodeAt(quote + 1);
      if (quote + 1 === line.length || next === SPACE || next === 0x09) return quote;
      continue;
    }
    if (line.startsWith(rest, quote + 1)) return quote;
  }
}

function writeValue(
  record: Record<string, JsonValue>,
  field: CompiledField,
  raw: string,
  fieldNames: ApacheFieldNames,
  options: ScanOptions,
): string | undefined {
  const key = field.keys[0]!;
  switch (field.kind) {
    case 'text':
    case 'host':
      if (raw === '-' && !(fieldNames === 'aws-blueprint' && (key === 'ident' || key === 'authuser'))) record[key] = null;
      else record[key] = unescapeLogText(raw);
      return undefined;
    case 'integer': {
      if (raw === '-') {
        record[key] = null;
        return undefined;
      }
      const value = readInteger(raw);
      if (value < 0) return `expected digits or '-', found ${describeToken(raw)}`;
      record[key] = value;
      return undefined;
    }
    case 'number': {
      if (raw === '-') {
        record[key] = null;
        return undefined;
      }
      const dot = raw.indexOf('.');
      const whole = readInteger(dot === -1 ? raw : raw.slice(0, dot));
      const fraction = dot === -1 ? 0 : readInteger(raw.slice(dot + 1));
      if (whole < 0 || fraction < 0) return `expected a number or '-', found ${describeToken(raw)}`;
      record[key] = dot === -1 ? whole : Number(raw);
      return undefined;
    }
    case 'bytes': {
      if (raw === '-') {
        record[key] = options.bytesDash === 'zero' ? 0 : null;
        return undefined;
      }
      const value = readInteger(raw);
      if (value < 0) return `expected digits or '-', found ${describeToken(raw)}`;
      record[key] = value;
      return undefined;
    }
    case 'raw':
      record[key] = raw;
      return undefined;
    case 'pathQuery': {
      const question = raw.indexOf('?');
      record[key] = question === -1 ? (raw === '-' ? null : unescapeLogText(raw)) : unescapeLogText(raw.slice(0, question));
      record[field.keys[1]!] = question === -1 ? null : unescapeLogText(raw.slice(question + 1));
      return undefined;
    }
    case 'query':
      record[key] = raw === '' || raw === '-' ? null : unescapeLogText(raw.charCodeAt(0) === 0x3f /* ? */ ? raw.slice(1) : raw);
      return undefined;
    case 'request':
      writeRequest(record, field, unescapeLogText(raw), fieldNames);
      return undefined;
    case 'time':
      return writeTime(record, field, raw, fieldNames);
    case 'epochSeconds':
    case 'epochMillis':
    case 'epochMicros': {
      const value = readInteger(raw);
      if (value < 0) return `expected epoch digits, found ${describeToken(raw)}`;
      const perSecond = field.kind === 'epochSeconds' ? 1 : field.kind === 'epochMillis' ? 1000 : 1_000_000;
      const seconds = Math.floor(value / perSecond);
      const fraction = perSecond === 1 ? '' : String(value % perSecond).padStart(perSecond === 1000 ? 3 : 6, '0');
      if (seconds > 253_402_300_799) return 'the epoch time is after the year 9999';
      record[key] = fieldNames === 'aws-blueprint' ? new Date(value / (perSecond / 1000)).toISOString() : formatIsoUtc(seconds * 1000, fraction);
      return undefined;
    }
  }
}

/** Describes a token without showing it: record text may hold personal data. */
function describeToken(raw: string): string {
  return raw === '' ? 'an empty value' : `a ${raw.length}-character value`;
}

/** Digits only, up to 2^53 − 1 (exact as a double; epoch microseconds have 16 digits); -1 otherwise. */
function readInteger(raw: string): number {
  if (raw.length === 0 || raw.length > 16) return -1;
  let value = 0;
  for (let index = 0; index < raw.length; index++) {
    const digit = raw.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value <= Number.MAX_SAFE_INTEGER ? value : -1;
}

/** tchar of RFC 9110 §5.6.2: the characters an HTTP method may use. */
const TOKEN_CHAR = (() => {
  const table = new Uint8Array(128);
  for (const char of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") table[char.charCodeAt(0)] = 1;
  return table;
})();

/** `HTTP/1.1`, `HTTP/2.0`, `HTTP/2`, `HTTP/3`. */
function isHttpVersion(text: string, start: number): boolean {
  if (!text.startsWith('HTTP/', start)) return false;
  const rest = text.length - start - 5;
  const d1 = text.charCodeAt(start + 5);
  if (d1 < 48 || d1 > 57) return false;
  if (rest === 1) return true;
  const d2 = text.charCodeAt(start + 7);
  return rest === 3 && text.charCodeAt(start + 6) === 0x2e && d2 >= 48 && d2 <= 57;
}

/**
 * Splits a request line (RFC 9112 §3: method SP request-target SP HTTP-version). Lines that are not
 * HTTP requests (`-`, empty, a TLS handshake sent to a plain-HTTP port, a scanner's junk) keep the
 * raw text in `request` and null parts, instead of failing the whole record.
 */
function writeRequest(record: Record<string, JsonValue>, field: CompiledField, request: string, fieldNames: ApacheFieldNames): void {
  let method: string | null = null;
  let target: string | null = null;
  let protocol: string | null = null;
  const first = request.indexOf(' ');
  if (first > 0) {
    let isToken = true;
    for (let index = 0; index < first && isToken; index++) {
      const code = request.charCodeAt(index);
      isToken = code < 128 && TOKEN_CHAR[code] === 1;
    }
    if (isToken) {
      const last = request.lastIndexOf(' ');
      if (last > first && isHttpVersion(request, last + 1)) {
        protocol = request.slice(last + 1);
        target = request.slice(first + 1, last);
      } else {
        target = request.slice(first + 1);
      }
      if (target === '') {
        target = null;
        protocol = null;
      } else {
        method = request.slice(0, first);
      }
    }
  }
  if (fieldNames === 'aws-blueprint') {
    record.request = request;
    // AWS's blueprint sets `verb` to the text before the first space, when there is a space.
    const space = request.indexOf(' ');
    record.verb = space === -1 ? null : request.slice(0, space);
    return;
  }
  const keys = field.keys;
  record[keys[0]!] = request;
  record[keys[1]!] = method;
  if (target === null) {
    record[keys[2]!] = null;
    record[keys[3]!] = null;
  } else {
    const question = target.indexOf('?');
    record[keys[2]!] = question === -1 ? target : target.slice(0, question);
    record[keys[3]!] = question === -1 ? null : target.slice(question + 1);
  }
  record[keys[4]!] = protocol;
}

/** `17/May/2015:10:05:03 +0000` (Apache %t and NGINX $time_local); the zone may be missing. */
function writeTime(record: Record<string, JsonValue>, field: CompiledField, raw: string, fieldNames: ApacheFieldNames): string | undefined {
  const day = digitsAt(raw, 0, 2);
  const month = monthAt(raw, 3);
  const year = digitsAt(raw, 7, 4);
  const hour = digitsAt(raw, 12, 2);
  const minute = digitsAt(raw, 15, 2);
  const second = digitsAt(raw, 18, 2);
  const shapeOk =
    raw.charCodeAt(2) === 0x2f &&
    raw.charCodeAt(6) === 0x2f &&
    raw.charCodeAt(11) === 0x3a &&
    raw.charCodeAt(14) === 0x3a &&
    raw.charCodeAt(17) === 0x3a &&
    (raw.length === 20 || raw.length === 26);
  if (!shapeOk || day < 0 || month === 0 || year < 0 || hour < 0 || minute < 0 || second < 0) {
    return 'expected a time such as [17/May/2015:10:05:03 +0000]';
  }
  const wall = { year, month, day, hour, minute, second };
  if (!isValidWallClock(wall)) return 'the time names no real date or time of day';
  let offsetMinutes: number | null = null;
  if (raw.length === 26) {
    const sign = raw.charCodeAt(21);
    const offsetHours = digitsAt(raw, 22, 2);
    const offsetMins = digitsAt(raw, 24, 2);
    if (raw.charCodeAt(20) !== SPACE || (sign !== 0x2b && sign !== 0x2d) || offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59) {
      return 'expected a UTC offset such as +0000 after the time';
    }
    offsetMinutes = (sign === 0x2d ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const keys = field.keys;
  if (fieldNames === 'aws-blueprint') {
    // AWS's blueprint: @timestamp is the wall-clock time written as if it were UTC (its Lambda runs
    // in UTC), timezone the offset as written, @timestamp_utc the real instant; both as
    // Date.toISOString writes them (milliseconds included).
    record[keys[0]!] = isoUtcFromWallClock(wall, 0, '000');
    record[keys[1]!] = offsetMinutes === null ? null : raw.slice(21);
    record[keys[2]!] = offsetMinutes === null ? null : isoUtcFromWallClock(wall, offsetMinutes, '000');
    return undefined;
  }
  record[keys[0]!] = isoUtcFromWallClock(wall, offsetMinutes ?? 0, '');
  record[keys[1]!] = offsetMinutes === null ? null : formatUtcOffset(offsetMinutes);
  return undefined;
}

/** Used by the round-trip tests and the benchmark: the `%t` text of an instant at an offset. */
export function formatApacheTime(utcMs: number, offsetMinutes: number): string {
  const local = new Date(utcMs + offsetMinutes * 60_000);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (value: number): string => String(value).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `[${pad(local.getUTCDate())}/${months[local.getUTCMonth()]}/${String(local.getUTCFullYear()).padStart(4, '0')}` +
    `:${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}]`
  );
}
