import { Buffer, isUtf8 } from 'node:buffer';

/** A Buffer view of the bytes, without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decodes UTF-8 and removes a leading byte-order mark. Returns undefined when the bytes are not valid
 * UTF-8 (checked with Node's native validator, which is much faster than a fatal TextDecoder).
 */
export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  const buffer = asBuffer(bytes);
  if (!isUtf8(buffer)) return undefined;
  const text = buffer.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Decodes UTF-8, replacing invalid sequences with U+FFFD, and removes a leading byte-order mark. */
export function decodeUtf8Lenient(bytes: Uint8Array): string {
  const text = asBuffer(bytes).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
