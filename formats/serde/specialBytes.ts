/**
 * Where a record's first backslash or control character is, found in its UTF-8 bytes with WebAssembly
 * SIMD (16 bytes per step). The compiled decoder (formats/serde/compiledDeserializer.ts) needs that place
 * to know which strings are plain slices of the record; a regular expression over the decoded text found
 * it at about 1.4 GB/s, which cost the decoder as much as a tenth of JSON.parse's time. In UTF-8 the
 * bytes 0x00–0x1f and 0x5c only ever stand for themselves (every byte of a multi-byte character is
 * 0x80 or more), so the byte scan finds exactly the characters the regular expression finds.
 *
 * The module is assembled below from the WebAssembly binary format (core specification, and the SIMD
 * proposal's BinarySIMD.md for the 0xfd opcodes); it exports its memory and `scan(length)`. Where
 * WebAssembly or its SIMD instructions are not available, `createSpecialByteScanner` returns undefined
 * and the decoder keeps the regular expression.
 */

/** Finds the first byte below 0x20 or equal to 0x5c. One scanner per decoder; not reentrant. */
export interface SpecialByteScanner {
  /** Index of the first backslash or control byte in `bytes`, or `bytes.length` when there is none. */
  firstSpecial(bytes: Uint8Array): number;
}

const WASM_PAGE = 65_536;

/* Opcodes (WebAssembly core binary format, §5.4; SIMD: 0xfd then the LEB128 opcode). */
const BLOCK = 0x02;
const LOOP = 0x03;
const IF = 0x04;
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const RETURN = 0x0f;
const VOID = 0x40;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_LOAD8_U = 0x2d;
const I32_CONST = 0x41;
const I32_EQ = 0x46;
const I32_LT_U = 0x49;
const I32_GT_U = 0x4b;
const I32_GE_U = 0x4f;
const I32_CTZ = 0x68;
const I32_ADD = 0x6a;
const I32_OR = 0x72;
const SIMD = 0xfd;
const V128_LOAD = 0x00;
const V128_CONST = 0x0c;
const I8X16_EQ = 0x23;
const I8X16_LT_U = 0x26;
const V128_OR = 0x50;
const I8X16_BITMASK = 0x64;
const I32 = 0x7f;
const V128 = 0x7b;

/* Locals of `scan`: the parameter, then the declared ones. */
const LENGTH = 0;
const AT = 1;
const MASK = 2;
const VECTOR = 3;

/** `scan(length)`: the first special byte of memory[0, length), or length. */
function scanBody(): number[] {
  const splat = (byte: number): number[] => [SIMD, V128_CONST, ...new Array<number>(16).fill(byte)];
  return [
    // Locals: two i32 (AT, MASK), one v128 (VECTOR).
    2, 2, I32, 1, V128,
    // 16 bytes at a time while 16 remain: mask = bitmask((v <u 0x20) | (v == 0x5c)).
    BLOCK, VOID,
    LOOP, VOID,
    LOCAL_GET, AT, I32_CONST, 16, I32_ADD, LOCAL_GET, LENGTH, I32_GT_U, BR_IF, 1,
    LOCAL_GET, AT, SIMD, V128_LOAD, 0, 0, LOCAL_TEE, VECTOR,
    ...splat(0x20), SIMD, I8X16_LT_U,
    LOCAL_GET, VECTOR, ...splat(0x5c), SIMD, I8X16_EQ,
    SIMD, V128_OR, SIMD, I8X16_BITMASK, LOCAL_TEE, MASK,
    IF, VOID, LOCAL_GET, AT, LOCAL_GET, MASK, I32_CTZ, I32_ADD, RETURN, END,
    LOCAL_GET, AT, I32_CONST, 16, I32_ADD, LOCAL_SET, AT,
    BR, 0,
    END,
    END,
    // The last 0–15 bytes one at a time.
    BLOCK, VOID,
    LOOP, VOID,
    LOCAL_GET, AT, LOCAL_GET, LENGTH, I32_GE_U, BR_IF, 1,
    LOCAL_GET, AT, I32_LOAD8_U, 0, 0, LOCAL_TEE, MASK,
    I32_CONST, 0x20, I32_LT_U,
    // 0x5c as a signed LEB128: two bytes, since its bit 6 is set.
    LOCAL_GET, MASK, I32_CONST, 0xdc, 0x00, I32_EQ, I32_OR,
    IF, VOID, LOCAL_GET, AT, RETURN, END,
    LOCAL_GET, AT, I32_CONST, 1, I32_ADD, LOCAL_SET, AT,
    BR, 0,
    END,
    END,
    LOCAL_GET, LENGTH,
    END,
  ];
}

function section(id: number, content: readonly number[]): number[] {
  return [id, ...unsignedLeb128(content.length), ...content];
}

function unsignedLeb128(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function name(text: string): number[] {
  return [text.length, ...Array.from(text, (char) => char.charCodeAt(0))];
}

/** The module's bytes: one memory (exported as "memory"), one function (exported as "scan"). */
export function specialByteModule(): Uint8Array {
  const body = scanBody();
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, I32, 1, I32]), // types: (i32) -> i32
    ...section(3, [1, 0]), // functions: one, of type 0
    ...section(5, [1, 0x00, 1]), // memories: one, at least one page
    ...section(7, [2, ...name('memory'), 0x02, 0, ...name('scan'), 0x00, 0]), // exports
    ...section(10, [1, ...unsignedLeb128(body.length), ...body]), // code
  ]);
}

/** The parts of the WebAssembly JavaScript API used here (the project's TypeScript libraries do not declare it). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}
interface WebAssemblyMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The scanner, or undefined where WebAssembly SIMD cannot run (the caller keeps its regular expression). */
export function createSpecialByteScanner(): SpecialByteScanner | undefined {
  const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  try {
    const bytes = specialByteModule();
    if (wasm === undefined || !wasm.validate(bytes)) return undefined;
    const instance = new wasm.Instance(new wasm.Module(bytes), {});
    const memory = instance.exports['memory'] as WebAssemblyMemory;
    const scan = instance.exports['scan'] as (length: number) => number;
    let view = new Uint8Array(memory.buffer);
    return {
      firstSpecial(record) {
        if (record.length > view.length) {
          memory.grow(Math.ceil((record.length - view.length) / WASM_PAGE));
          view = new Uint8Array(memory.buffer);
        }
        view.set(record);
        return scan(record.length);
      },
    };
  } catch {
    return undefined;
  }
}
