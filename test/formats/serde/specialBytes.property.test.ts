import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSpecialByteScanner, specialByteModule } from '../../../formats/serde/specialBytes.js';

/** The first byte below 0x20 or equal to 0x5c, by a plain loop. */
function firstSpecialByLoop(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! < 0x20 || bytes[i] === 0x5c) return i;
  return bytes.length;
}

describe('the WebAssembly byte scanner', () => {
  const scanner = createSpecialByteScanner();

  it('is a valid module that Node 20 and 22 run (SIMD included)', () => {
    const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
    expect(wasm.validate(specialByteModule())).toBe(true);
    expect(scanner).toBeDefined();
  });

  it('finds the first backslash or control byte, wherever it falls in or after the 16-byte steps', () => {
    // Mostly ordinary bytes, with a special byte now and then: every position of a 16-byte step, and the tail.
    const byteArb = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0x20, max: 0xff }).filter((b) => b !== 0x5c) }, { weight: 1, arbitrary: fc.constantFrom(0x00, 0x0a, 0x1f, 0x5c) });
    fc.assert(
      fc.property(fc.array(byteArb, { maxLength: 100, size: 'max' }), (values) => {
        const bytes = Uint8Array.from(values);
        expect(scanner!.firstSpecial(bytes)).toBe(firstSpecialByLoop(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('grows its memory for a record larger than one page, and scans short records after it', () => {
    const large = new Uint8Array(200_000).fill(0x41);
    large[150_001] = 0x5c;
    expect(scanner!.firstSpecial(large)).toBe(150_001);
    large[150_001] = 0x41;
    expect(scanner!.firstSpecial(large)).toBe(200_000);
    // Bytes left in memory by the large record lie beyond the short one's length and are not read.
    large[5] = 0x01;
    expect(scanner!.firstSpecial(Uint8Array.of(0x7b, 0x7d))).toBe(2);
  });
});
