import type { Buffer } from 'node:buffer';
import { gunzipSync, inflateSync } from 'node:zlib';
import { asBuffer } from '../core/index.js';

/** What decompressing a record gave: its bytes, or why there are none (never the record's content). */
export type GunzipResult =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly reason: 'too-large' | 'corrupt'; readonly detail: string };

/** True when the bytes start with the gzip magic number 1f 8b (RFC 1952 §2.3.1). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * True when the bytes start with a zlib header (RFC 1950 §2.2: deflate method 8, CMF·256 + FLG a
 * multiple of 31), as CloudWatch Logs account-level subscriptions write.
 */
export function isZlib(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 2 && (bytes[0]! & 0x0f) === 8 && (bytes[0]! >> 4) <= 7 && (bytes[0]! * 256 + bytes[1]!) % 31 === 0;
}

/**
 * Decompresses gzip (one or more members) or zlib data with a cap on the output: a small hostile
 * record cannot expand into gigabytes, because zlib stops once `maxOutputBytes` is reached.
 */
export function gunzipCapped(bytes: Uint8Array, maxOutputBytes: number, format: 'gzip' | 'zlib' = 'gzip'): GunzipResult {
  try {
    const options = { maxOutputLength: maxOutputBytes };
    return { ok: true, bytes: format === 'gzip' ? gunzipSync(asBuffer(bytes), options) : inflateSync(asBuffer(bytes), options) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      return { ok: false, reason: 'too-large', detail: `it expands to more than ${maxOutputBytes} bytes` };
    }
    // zlib's messages ("incorrect header check", "unexpected end of file") describe the stream, not its content.
    const message = error instanceof Error ? error.message : 'unknown error';
    return { ok: false, reason: 'corrupt', detail: typeof code === 'string' ? `${code}: ${message}` : message };
  }
}
