import { Buffer, isUtf8 } from 'node:buffer';

/**
 * Reads a value as web servers escape it in access logs. Apache (mod_log_config) writes `"` as `\"`,
 * `\` as `\\`, and every byte that is not printable ASCII as `\xHH` (or `\n`, `\t`, … for a few
 * controls); NGINX writes `"`, `\` and those bytes as `\xHH`. The rules, applied left to right in one
 * pass (time linear in the length):
 * - `\"` → `"` and `\\` → `\`;
 * - a run of `\xHH` escapes is decoded when its bytes are valid UTF-8 text without control characters
 *   (so NGINX's `\x22` becomes `"` and an escaped UTF-8 referrer becomes readable text);
 * - anything else stays exactly as written: control bytes (a TLS handshake logged as `\x16\x03\x01`),
 *   byte runs that are not UTF-8, `\n`, `\t`, and a backslash before any other character.
 * The output is therefore always printable text, and never loses what the server wrote.
 */
export function unescapeLogText(raw: string): string {
  let backslash = raw.indexOf('\\');
  if (backslash === -1) return raw;
  let out = '';
  let copied = 0;
  while (backslash !== -1) {
    const next = raw.charCodeAt(backslash + 1);
    if (next === 0x22 /* " */ || next === 0x5c /* \ */) {
      out += raw.slice(copied, backslash) + raw[backslash + 1];
      copied = backslash + 2;
      backslash = raw.indexOf('\\', copied);
      continue;
    }
    if (next === 0x78 /* x */ && hexByteAt(raw, backslash + 2) >= 0) {
      // Collect the whole run of \xHH escapes, so that multi-byte UTF-8 characters decode together.
      const bytes: number[] = [];
      let end = backslash;
      while (raw.charCodeAt(end) === 0x5c && raw.charCodeAt(end + 1) === 0x78) {
        const value = hexByteAt(raw, end + 2);
        if (value < 0) break;
        bytes.push(value);
        end += 4;
      }
      const decoded = decodeTextBytes(bytes);
      out += raw.slice(copied, backslash) + (decoded ?? raw.slice(backslash, end));
      copied = end;
      backslash = raw.indexOf('\\', copied);
      continue;
    }
    backslash = raw.indexOf('\\', backslash + 1);
  }
  return copied === 0 ? raw : out + raw.slice(copied);
}

/** The byte value of two hex digits at `start`, or -1. */
function hexByteAt(text: string, start: number): number {
  const high = hexDigit(text.charCodeAt(start));
  const low = hexDigit(text.charCodeAt(start + 1));
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/** The bytes as text when they are valid UTF-8 without C0/C1 controls or DEL; otherwise undefined. */
function decodeTextBytes(bytes: readonly number[]): string | undefined {
  const buffer = Buffer.from(bytes);
  if (!isUtf8(buffer)) return undefined;
  const text = buffer.toString('utf8');
  return /[\u0000-\u001f\u007f-\u009f]/.test(text) ? undefined : text;
}

/**
 * Writes text the way Apache's mod_log_config escapes a logged value (`"` → `\"`, `\` → `\\`, bytes that
 * are not printable ASCII → `\xHH`). Used by tests and benchmarks to produce realistic lines; the
 * inverse of `unescapeLogText` for every text without control characters.
 */
export function escapeLogTextLikeApache(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte < 0x20 || byte >= 0x7f) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return out;
}
