/**
 * The reader reproduces the expected rows of Apache ORC's example files (test/fixtures/orc, README there).
 * The folder is enumerated: every file is either compared with its expected rows or listed below with
 * the reason it is not, and that reason is checked too (the reader must refuse it cleanly).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { OrcCorruptFileError, OrcUnsupportedError } from '../../../formats/orc/errors.js';
import { TypeKind } from '../../../formats/orc/orcProto.js';
import { orcTypeString, readOrc, readOrcMetadata, readOrcValues } from '../../../formats/orc/readOrc.js';
import { repoPath } from '../../helpers/fixtures.js';
import { normaliseExpected, parseLossless, render, type Plain } from '../../helpers/orcContents.js';

const folder = repoPath('test/fixtures/orc');
const read = (name: string) => new Uint8Array(readFileSync(`${folder}/${name}`));

interface MetadataEntry {
  readonly file: string;
  readonly type: string;
  readonly formatVersion: string;
  readonly rowCount: number;
  readonly stripeCount: number;
  readonly compression: string;
  readonly compressionBlockSize: number;
  readonly rowIndexStride: number;
}
const table = JSON.parse(readFileSync(`${folder}/orc-examples-expected-metadata.json`, 'utf8')) as MetadataEntry[];

/** Files at the top of the folder that have expected rows but are not compared, with the error that proves why. */
const NOT_COMPARED: Record<string, { reason: string; error: new (...args: never[]) => Error }> = {
  'TestVectorOrcFile.testLz4.orc': { reason: 'LZ4 compression: Firehose writes only NONE, ZLIB and SNAPPY, so the reader implements those', error: OrcUnsupportedError },
};

/** Files without expected rows (no-expected/), each with what the reader must do. */
const WITHOUT_EXPECTED: Record<string, { rows?: number; error?: new (...args: never[]) => Error; reason: string }> = {
  'TestOrcFile.testWithoutCompressionBlockSize.orc': { rows: 100, reason: 'PostScript without compressionBlockSize: read with the 256 KiB default' },
  'TestVectorOrcFile.testZstd.0.12.orc': { error: OrcUnsupportedError, reason: 'ZSTD compression (not a Firehose compression)' },
  'complextypes_iceberg.orc': { rows: 1, reason: 'nested lists, maps and structs written by Iceberg; no expected rows upstream' },
  'decimal64_v2.orc': { error: OrcUnsupportedError, reason: 'file version 1.9999 (the unreleased ORC v2 with DECIMAL_V2 encoding)' },
  'demo-12-zlib.orc': { reason: '1,920,800 rows and no expected rows upstream: only its metadata is checked, against TestMatch.cc' },
  'version1999.orc': { error: OrcUnsupportedError, reason: 'file version 19.99, from the future' },
  'zero.orc': { error: OrcCorruptFileError, reason: 'an empty file' },
};

/**
 * orc-contents prints the decimals of Hive 0.11 files (no precision or scale in the type) with six fraction
 * digits, cut off (observed in orc-file-11-format's expected rows); the reader keeps all of them (scale 18).
 */
function asOrcContentsPrintsIt(value: Plain, name: string): Plain {
  if (name !== 'orc-file-11-format.orc' || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const decimal = value.decimal1;
  if (typeof decimal !== 'string') return value;
  const [whole, fraction = ''] = decimal.slice(1).split('.');
  const cut = fraction.slice(0, 6).replace(/0+$/, '');
  return { ...value, decimal1: `#${whole}${cut.length > 0 ? `.${cut}` : ''}` };
}

const topLevel = readdirSync(folder).filter((name) => name.endsWith('.orc')).sort();
const compared = topLevel.filter((name) => !(name in NOT_COMPARED));

describe('Apache ORC example files', () => {
  it('every file in the folder is compared or listed with a reason', () => {
    expect(topLevel.length).toBeGreaterThanOrEqual(19);
    for (const name of topLevel) expect(readdirSync(`${folder}/expected`)).toContain(name.replace(/\.orc$/, '.jsn.gz'));
    expect(readdirSync(`${folder}/no-expected`).sort()).toEqual(Object.keys(WITHOUT_EXPECTED).sort());
  });

  it.each(compared)('%s: rows equal the expected rows', (name) => {
    const file = read(name);
    const meta = readOrcMetadata(file);
    const rows = readOrcValues(file);
    const lines = gunzipSync(readFileSync(`${folder}/expected/${name.replace(/\.orc$/, '.jsn.gz')}`)).toString('utf8').split('\n').filter((line) => line.length > 0);
    expect(rows).toHaveLength(lines.length);
    // Compare as JSON text per row (one mismatch shows the row), rendering the reader's values as orc-contents does.
    const mismatches: number[] = [];
    rows.forEach((row, i) => {
      const expected = JSON.stringify(normaliseExpected(parseLossless(lines[i] as string), meta.types, 0));
      const actual = JSON.stringify(asOrcContentsPrintsIt(render(row, meta.types, 0), name));
      if (expected !== actual && mismatches.push(i) === 1) expect(actual).toBe(expected);
    });
    expect(mismatches).toEqual([]);
  });

  it.each(topLevel.filter((name) => table.some((entry) => entry.file === name)))('%s: metadata as Apache TestMatch.cc lists it', (name) => {
    const entry = table.find((e) => e.file === name) as MetadataEntry;
    if (name in NOT_COMPARED) {
      expect(() => readOrcMetadata(read(name))).toThrow(NOT_COMPARED[name]?.error as new () => Error);
      return;
    }
    const meta = readOrcMetadata(read(name));
    expect({
      rows: meta.rowCount,
      stripes: meta.stripes.length,
      compression: meta.compression,
      blockSize: meta.postscript.compressionBlockSize ?? 262_144,
      stride: meta.footer.rowIndexStride ?? 0,
      version: (meta.postscript.version ?? []).join('.'),
      type: orcTypeString(meta.types, 0),
    }).toEqual({
      rows: entry.rowCount,
      stripes: entry.stripeCount,
      compression: entry.compression,
      blockSize: entry.compressionBlockSize,
      stride: entry.rowIndexStride,
      version: entry.formatVersion,
      type: entry.type.replace('decimal(0,0)', 'decimal(38,18)'),
    });
  });

  it.each(Object.entries(NOT_COMPARED).map(([name, { reason, error }]) => [name, reason, error] as const))('%s is refused: %s', (name, _reason, error) => {
    expect(() => readOrc(read(name))).toThrow(error);
  });

  it.each(Object.entries(WITHOUT_EXPECTED).map(([name, expected]) => [name, expected.reason, expected] as const))('no-expected/%s: %s', (name, _reason, expected) => {
    const file = read(`no-expected/${name}`);
    if (expected.error !== undefined) {
      expect(() => readOrc(file)).toThrow(expected.error);
      return;
    }
    const meta = readOrcMetadata(file);
    if (expected.rows === undefined) {
      const entry = table.find((e) => e.file === name) as MetadataEntry;
      expect([meta.rowCount, meta.stripes.length, meta.compression, orcTypeString(meta.types, 0)]).toEqual([entry.rowCount, entry.stripeCount, entry.compression, entry.type]);
      return;
    }
    const rows = readOrc(file);
    expect(rows).toHaveLength(expected.rows);
    expect(meta.rowCount).toBe(expected.rows);
  });

  it.each(readdirSync(`${folder}/corrupt`).sort())('corrupt/%s is refused with OrcCorruptFileError', (name) => {
    expect(() => readOrc(read(`corrupt/${name}`))).toThrow(OrcCorruptFileError);
  });

  it('reads TIMESTAMP, DATE and DECIMAL kinds as the writer model has them', () => {
    const meta = readOrcMetadata(read('TestOrcFile.testUnionAndTimestamp.orc'));
    expect(meta.types.map((t) => t.kind)).toEqual([TypeKind.STRUCT, TypeKind.TIMESTAMP, TypeKind.UNION, TypeKind.INT, TypeKind.STRING, TypeKind.DECIMAL]);
    const [first] = readOrc(read('TestOrcFile.testUnionAndTimestamp.orc'));
    // 2000-03-12 15:00:00 in the writer's zone (America/Los_Angeles) as wall-clock nanoseconds.
    expect(first?.time).toBe(BigInt(Date.UTC(2000, 2, 12, 15)) * 1_000_000n);
    expect(first?.union).toEqual({ tag: 0, value: 42 });
    expect(first?.decimal).toBe(12345678654745600000000000n);
  });
});
