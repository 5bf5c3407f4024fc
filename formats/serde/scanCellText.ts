/**
 * In-place readers for the compiled decoder (formats/serde/compiledDeserializer.ts): the same results as
 * the reference's readers of a string value (parseSqlDate, parseOpenXTimestamp, the base64 check and
 * decode of convertJsonValue's binary converter), but reading the characters text[start..end) of the
 * record itself, so that no string is cut out for a value that becomes a number or bytes. The caller
 * guarantees that text[end] is the string's closing quote, which no reader accepts as part of a value:
 * reading one past the end fails exactly as reading past the end of a cut-out string does.
 * The differential test of the compiled decoder holds them equal to the reference's readers.
 */
import { daysFromCivil, isValidDate } from './civilTime.js';
import { parseEpochText, scanTimestamp } from './parseOpenXTimestamp.js';

/** `yyyy-[M]M-[d]d` as days since 1970-01-01 (the reference: parseSqlDate). */
export function scanSqlDate(text: string, start: number, end: number): number | undefined {
  const length = end - start;
  if (length < 8 || length > 10 || text.charCodeAt(start + 4) !== 0x2d) return undefined;
  const year = digits(text, start, 4);
  let pos = start + 5;
  const monthWidth = isDigit(text.charCodeAt(pos + 1)) ? 2 : 1;
  const month = digits(text, pos, monthWidth);
  pos += monthWidth;
  if (text.charCodeAt(pos) !== 0x2d) return undefined;
  pos++;
  const dayWidth = end - pos;
  if (dayWidth < 1 || dayWidth > 2) return undefined;
  const day = digits(text, pos, dayWidth);
  if (year < 0 || month < 0 || day < 0) return undefined;
  return isValidDate(year, month, day) ? daysFromCivil(year, month, day) : undefined;
}

/** Timestamp text as the OpenX SerDe reads it (the reference: parseOpenXTimestamp). */
export function scanOpenXTimestamp(text: string, start: number, end: number): bigint | undefined {
  const first = text.charCodeAt(start);
  const startsLikeNumber = first === 0x2d || first === 0x2b || first === 0x2e || (first >= 0x30 && first <= 0x39);
  if (startsLikeNumber) {
    const colon = text.indexOf(':', start);
    if (colon < 0 || colon >= end) return parseEpochText(text.slice(start, end));
  }
  // The ISO shape has its 'T' at a fixed place; a space there (the SQL shape) need not try it first.
  return (text.charCodeAt(start + 10) === 0x54 ? scanTimestamp(text, start, end, true) : undefined) ?? scanTimestamp(text, start, end, false);
}


/** Standard base64 alphabet → 6-bit value; -1 elsewhere. */
const BASE64_VALUES: Int8Array = (() => {
  const values = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  return values;
})();

/**
 * Standard base64 with padding (the reference: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
 * then Buffer.from(…, 'base64')): the bytes, or undefined when the text is not such base64.
 */
export function scanBase64(text: string, start: number, end: number): Uint8Array | undefined {
  const length = end - start;
  if (length % 4 !== 0) return undefined;
  let padding = 0;
  if (length > 0 && text.charCodeAt(end - 1) === 0x3d) padding = text.charCodeAt(end - 2) === 0x3d ? 2 : 1;
  const bytes = new Uint8Array((length / 4) * 3 - padding);
  let out = 0;
  for (let pos = start; pos < end; pos += 4) {
    const last = pos + 4 === end;
    const a = value(text, pos);
    const b = value(text, pos + 1);
    const c = last && padding === 2 ? 0 : value(text, pos + 2);
    const d = last && padding >= 1 ? 0 : value(text, pos + 3);
    if ((a | b | c | d) < 0) return undefined;
    bytes[out++] = (a << 2) | (b >> 4);
    if (out < bytes.length) bytes[out++] = ((b & 15) << 4) | (c >> 2);
    if (out < bytes.length) bytes[out++] = ((c & 3) << 6) | d;
  }
  return bytes;
}

function value(text: string, pos: number): number {
  const code = text.charCodeAt(pos);
  return code < 128 ? BASE64_VALUES[code]! : -1;
}

/** The decimal number of `count` digits at `start`, or -1 when one of them is not a digit. */
function digits(text: string, start: number, count: number): number {
  let result = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    result = result * 10 + (code - 0x30);
  }
  return result;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}
