/**
 * A ZIP reader for tests, written from APPNOTE.TXT (4.3.7 local header, 4.3.12 central directory header,
 * 4.3.16 end record) independently of deploy/lambdaZip.ts: entries from the central directory, data
 * inflated with node:zlib and checked against the stored CRC-32 (computed here with zlib's own crc32
 * where Node has it, else our table).
 */
import { Buffer } from 'node:buffer';
import * as zlib from 'node:zlib';
import { expect } from 'vitest';
import { crc32 } from '../../deploy/index.js';

const { inflateRawSync } = zlib;
const nodeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

export interface ZipEntryRead {
  readonly data: Uint8Array;
  readonly mode: number;
  readonly dosDate: number;
  readonly dosTime: number;
  readonly method: number;
}

/** The archive's entries read from its central directory (APPNOTE 4.3.12), each checked against its CRC-32. */
export function readZip(zip: Uint8Array): Map<string, ZipEntryRead> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries = new Map<string, ZipEntryRead>();
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const method = view.getUint16(at + 10, true);
    const dosTime = view.getUint16(at + 12, true);
    const dosDate = view.getUint16(at + 14, true);
    const crc = view.getUint32(at + 16, true);
    const compressed = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const mode = view.getUint32(at + 38, true) >>> 16;
    const local = view.getUint32(at + 42, true);
    const name = Buffer.from(zip.subarray(at + 46, at + 46 + nameLength)).toString('utf8');
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const body = zip.subarray(dataStart, dataStart + compressed);
    const data = method === 8 ? new Uint8Array(inflateRawSync(body)) : body;
    expect((nodeCrc32 ?? crc32)(data), name).toBe(crc);
    entries.set(name, { data, mode, dosDate, dosTime, method });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

