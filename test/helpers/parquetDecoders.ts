/**
 * Decoders written for the tests from apache/parquet-format Encodings.md, independently of the writer's
 * encoders, so that a test of an encoder does not check it against itself.
 */

/** Decodes `count` values of the RLE / bit-packing hybrid (no length prefix) at the given bit width. */
export function decodeHybrid(bytes: Uint8Array, bitWidth: number, count: number): number[] {
  const values: number[] = [];
  let at = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++]!;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
      shift += 7;
    }
  };
  while (values.length < count) {
    const header = varint();
    if (header % 2 === 0) {
      // RLE run: the value in ceil(bitWidth / 8) little-endian bytes.
      let value = 0;
      for (let b = 0; b < Math.ceil(bitWidth / 8); b++) value += bytes[at++]! * 2 ** (8 * b);
      for (let i = 0; i < header / 2; i++) values.push(value);
    } else {
      // Bit-packed run of (header >> 1) groups of 8 values, least significant bit first.
      const total = ((header - 1) / 2) * 8;
      let bitPosition = 0;
      for (let i = 0; i < total; i++) {
        let value = 0;
        for (let bit = 0; bit < bitWidth; bit++, bitPosition++) {
          const byte = bytes[at + (bitPosition >> 3)]!;
          if ((byte >> (bitPosition & 7)) & 1) value += 2 ** bit;
        }
        values.push(value);
      }
      at += (total * bitWidth) / 8;
    }
  }
  return values.slice(0, count);
}
