/** ORC's metadata messages against encodings worked out by hand from orc_proto.proto's field numbers. */
import { describe, expect, it } from 'vitest';
import { OrcCorruptFileError } from '../../../formats/orc/errors.js';
import { FooterCodec, PostScriptCodec, RowIndexCodec, StripeFooterCodec } from '../../../formats/orc/orcProto.js';

describe('orc_proto messages', () => {
  it('encodes a PostScript: footerLength=1, compression=2, compressionBlockSize=3, version=4 (packed), metadataLength=5, magic=8000', () => {
    const bytes = PostScriptCodec.encode({ footerLength: 100, compression: 1, compressionBlockSize: 262_144, version: [0, 12], metadataLength: 5, writerVersion: 6, magic: 'ORC' });
    // 262,144 = 2^18 → varint 80 80 10; field 8000 wire type 2 → tag 64,002 → varint 82 f4 03.
    expect([...bytes]).toEqual([0x08, 0x64, 0x10, 0x01, 0x18, 0x80, 0x80, 0x10, 0x22, 0x02, 0x00, 0x0c, 0x28, 0x05, 0x30, 0x06, 0x82, 0xf4, 0x03, 0x03, 0x4f, 0x52, 0x43]);
    expect(PostScriptCodec.decode(bytes)).toEqual({ footerLength: 100, compression: 1, compressionBlockSize: 262_144, version: [0, 12], metadataLength: 5, writerVersion: 6, magic: 'ORC' });
  });

  it('encodes a StripeFooter: streams=1 {kind=1, column=2, length=3}, columns=2 {kind=1, dictionarySize=2}, writerTimezone=3', () => {
    const bytes = StripeFooterCodec.encode({ streams: [{ kind: 6, column: 1, length: 300 }], columns: [{ kind: 3, dictionarySize: 2 }], writerTimezone: 'UTC' });
    expect([...bytes]).toEqual([0x0a, 0x07, 0x08, 0x06, 0x10, 0x01, 0x18, 0xac, 0x02, 0x12, 0x04, 0x08, 0x03, 0x10, 0x02, 0x1a, 0x03, 0x55, 0x54, 0x43]);
  });

  it('encodes RowIndexEntry.positions packed and reads them packed or not', () => {
    const packed = RowIndexCodec.encode({ entry: [{ positions: [0, 300, 2] }] });
    expect([...packed]).toEqual([0x0a, 0x06, 0x0a, 0x04, 0x00, 0xac, 0x02, 0x02]);
    // The same positions as three unpacked varint fields.
    expect(RowIndexCodec.decode(Uint8Array.from([0x0a, 0x07, 0x08, 0x00, 0x08, 0xac, 0x02, 0x08, 0x02]))).toEqual({ entry: [{ positions: [0, 300, 2] }] });
  });

  it('skips fields it does not know (encryption, geospatial) and refuses a known field of the wrong wire type', () => {
    // Footer.numberOfRows=6 → 7, then field 10 (encryption, length-delimited, 2 bytes), then rowIndexStride=8 → 1000.
    expect(FooterCodec.decode(Uint8Array.from([0x30, 0x07, 0x52, 0x02, 0x08, 0x01, 0x40, 0xe8, 0x07]))).toEqual({ numberOfRows: 7, rowIndexStride: 1000 });
    // numberOfRows with wire type 2.
    expect(() => FooterCodec.decode(Uint8Array.from([0x32, 0x01, 0x07]))).toThrow(OrcCorruptFileError);
    expect(() => FooterCodec.decode(Uint8Array.from([0x30]))).toThrow(OrcCorruptFileError);
  });
});
