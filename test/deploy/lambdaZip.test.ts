/**
 * The deterministic zip writer: any set of entries reads back byte for byte (property, read by an
 * independent reader), the bytes depend only on the entries (not their order), and bad names are refused.
 */
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeterministicZip, crc32 } from '../../deploy/index.js';
import { readZip } from './zipReader.js';

const name = fc.array(fc.stringMatching(/^[a-z0-9_.-]{1,8}$/).filter((part) => part !== '.' && part !== '..'), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
const entries = fc.uniqueArray(fc.record({ name, data: fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.string({ maxLength: 2000 }).map((text) => new TextEncoder().encode(text.repeat(3)))) }), { selector: (e) => e.name, maxLength: 6 });

describe('createDeterministicZip', () => {
  it('writes entries that read back exactly, sorted, with fixed metadata, whatever the input order', () => {
    fc.assert(
      fc.property(entries, (list) => {
        const zip = createDeterministicZip(list);
        const read = readZip(zip);
        expect([...read.keys()]).toEqual(list.map((e) => e.name).sort());
        for (const entry of list) {
          const got = read.get(entry.name)!;
          expect(Buffer.from(got.data).equals(Buffer.from(entry.data))).toBe(true);
          expect([got.mode, got.dosDate, got.dosTime]).toEqual([0o100644, 33, 0]);
        }
        expect(Buffer.from(createDeterministicZip([...list].reverse())).equals(Buffer.from(zip))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('stores what deflate cannot shrink and deflates the rest', () => {
    const read = readZip(createDeterministicZip([{ name: 'tiny', data: new Uint8Array([1]) }, { name: 'text', data: new TextEncoder().encode('a'.repeat(1000)) }]));
    expect(read.get('tiny')!.method).toBe(0);
    expect(read.get('text')!.method).toBe(8);
  });

  it('computes the CRC-32 of the ISO 3309 polynomial', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it.each([
    ['an empty name', ''],
    ['an absolute path', '/index.mjs'],
    ['a parent folder', '../index.mjs'],
    ['a backslash', 'a\\b'],
    ['an empty path part', 'a//b'],
  ])('refuses %s', (_why, bad) => {
    expect(() => createDeterministicZip([{ name: bad, data: new Uint8Array() }])).toThrow(/is not a relative path with forward slashes/);
  });

  it('refuses a name given twice', () => {
    expect(() => createDeterministicZip([{ name: 'a', data: new Uint8Array() }, { name: 'a', data: new Uint8Array([1]) }])).toThrow('zip entry "a" is given twice');
  });
});
