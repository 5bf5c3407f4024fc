/**
 * fast-check generators for the differential test of the compiled decoder: arbitrary SerDe options
 * and records that are partly malformed (odd number spellings, escapes, duplicate and case-differing
 * keys, deep nesting, invalid UTF-8, truncation), and a canonical text of a deserializer's result.
 */
import fc from 'fast-check';
import type { DeserializeResult, JsonSerDe } from '../../../formats/serde/deserializeJson.js';
import type { CellValue, GlueTable, StructValue } from '../../../formats/glue/index.js';
import { chooser, encodeCell, glueTableArb, primitiveTypeArb, rowArb } from '../glueArbitraries.js';

/** A canonical text of a result: tells apart everything a writer could see (types, -0, key and entry order). */
export function canonical(result: DeserializeResult): string {
  if ('error' in result) return `error ${result.error.errorCode} ${JSON.stringify(result.error.message)} ${String(result.error.column)} ${result.error.constructor.name}`;
  return `rows ${result.rows.map((row) => cellText(row)).join(' ')}`;
}

function cellText(cell: CellValue): string {
  if (cell === null) return 'null';
  if (typeof cell === 'number') return Object.is(cell, -0) ? '-0' : `${cell}`;
  if (typeof cell === 'bigint') return `${cell}n`;
  if (typeof cell === 'string') return JSON.stringify(cell);
  if (typeof cell === 'boolean') return String(cell);
  if (cell instanceof Uint8Array) return `bytes(${Buffer.from(cell).toString('hex')})`;
  if (Array.isArray(cell)) return `[${cell.map(cellText).join(',')}]`;
  if (cell instanceof Map) return `map{${[...cell].map(([key, value]) => `${cellText(key)}=>${cellText(value)}`).join(',')}}`;
  const struct = cell as StructValue;
  return `{${Object.keys(struct)
    .map((key) => `${JSON.stringify(key)}:${cellText(struct[key]!)}`)
    .join(',')}|proto:${Object.getPrototypeOf(struct) === null ? 'null' : 'object'}}`;
}

const numberTextArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.integer().map(String) },
  // Numbers whose cell differs between the reference's JSON.parse and lossless paths.
  { weight: 2, arbitrary: fc.constantFrom('-0', '-0.0', '1.0', '1e2', '1E0', '10.50', '1e-400') },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 42n), max: 10n ** 42n }).map(String) },
  { weight: 1, arbitrary: fc.tuple(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), fc.integer({ min: 1, max: 25 })).map(([digits, scale]) => {
    const text = (digits < 0n ? -digits : digits).toString().padStart(scale + 1, '0');
    return `${digits < 0n ? '-' : ''}${text.slice(0, -scale)}.${text.slice(-scale)}`;
  }) },
  { weight: 4, arbitrary: fc.constantFrom(
    '0', '-0', '0.0', '-0.0', '1.0', '1e2', '1E+2', '2e-3', '1e-400', '1e400', '-1e400', '0.005', '0.125', '12.50', '1.5', '-2.5',
    '127', '128', '-129', '32768', '2147483648', '9007199254740993', '9223372036854775807', '9223372036854775808',
    '-9223372036854775809', '123456789012345678901234567890.125', '1486480381392', '1486480381.392', '1518033528', '100000000000000000000000',
  ) },
);

const escapeArb = fc.constantFrom('\\n', '\\"', '\\\\', '\\/', '\\b', '\\f', '\\r', '\\t', '\\u0041', '\\u00e9', '\\ud83d\\ude80', '\\ud800', '\\uDFFF');
const stringTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }).map((text) => JSON.stringify(text)),
  fc.array(fc.oneof(escapeArb, fc.constantFrom('a', 'Z', ' ', 'é', '𝄞', '\u2028', '.', '_', '1')), { maxLength: 8 }).map((parts) => `"${parts.join('')}"`),
  fc.constantFrom(
    '"true"', '"False"', '"TRUE"', '"2017-02-07T15:13:01.39256Z"', '"2017-2-7 15:13:01.14"', '"1518033528"', '"1518033528123"', '"abc"', '"aGVsbG8="', '"aGVsbG8"',
    '"2024-01-31"', '"2024-02-30"', '"NaN"', '"-Infinity"', '"0x1F"', '"12"', '" 12"', '"+7"', '"-7.5"', '"1e3"', '"10/Oct/2000:13:55:36 -0700"', '"1486480381392"', '""',
  ),
);

/** Arbitrary JSON text (not JSON.stringify of a value: numbers and strings keep their odd spellings). */
const jsonTextArb: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberTextArb,
    stringTextArb,
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc.array(fc.tuple(stringTextArb, tie('value')), { maxLength: 4 }).map((members) => `{${members.map(([key, value]) => `${key}:${value}`).join(',')}}`),
  ),
})).value;

/** Spellings of a column name a record might use: as is, other case, dotted, escaped, or an index-like key. */
function keyVariants(name: string): string[] {
  const escaped = `\\u${name.charCodeAt(0).toString(16).padStart(4, '0')}${name.slice(1)}`;
  return [name, name.toUpperCase(), name[0]!.toUpperCase() + name.slice(1), name.replaceAll('_', '.'), escaped, `${name}_x`, '0', '17'];
}

export interface Case {
  readonly table: GlueTable;
  readonly serde: JsonSerDe;
  readonly input: string | Uint8Array;
}

const serdeArb = (table: GlueTable): fc.Arbitrary<JsonSerDe> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ caseInsensitive: fc.boolean(), convertDotsInJsonKeysToUnderscores: fc.boolean(), mapOne: fc.option(fc.tuple(fc.nat(), fc.constantFrom('ts', 'other key', 'A.B'), fc.boolean())) }).map(({ caseInsensitive, convertDotsInJsonKeysToUnderscores, mapOne }): JsonSerDe => {
      if (mapOne === null) return { kind: 'openx', caseInsensitive, convertDotsInJsonKeysToUnderscores };
      const [index, key, toOtherColumn] = mapOne;
      const column = table.columns[index % table.columns.length]!.name;
      const other = table.columns[(index + 1) % table.columns.length]!.name;
      return { kind: 'openx', caseInsensitive, convertDotsInJsonKeysToUnderscores, columnToJsonKeyMappings: { [column]: toOtherColumn ? other : key } };
    }) },
    { weight: 1, arbitrary: fc.constantFrom<JsonSerDe>({ kind: 'hive' }, { kind: 'hive', timestampFormats: ['millis', "yyyy-MM-dd'T'HH:mm:ss.SSSZZ", 'dd/MMM/yyyy:HH:mm:ss Z'] }) },
  );

/** A value for a column: conforming to its type, or a number, string or any JSON in odd spellings. */
const memberValueArb = (table: GlueTable, index: number, openx: boolean): fc.Arbitrary<string> => {
  const column = table.columns[index % table.columns.length]!;
  const conforming = fc
    .tuple(rowArb({ ...table, columns: [column] }), fc.integer())
    .map(([row, seed]) => encodeCell(column.type, row[column.name] ?? null, chooser(seed), openx));
  return fc.oneof(
    { weight: 3, arbitrary: conforming },
    { weight: 2, arbitrary: numberTextArb },
    { weight: 2, arbitrary: stringTextArb },
    { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null') },
    { weight: 1, arbitrary: jsonTextArb },
  );
};

/** A key for a column: mostly its own name, sometimes another spelling of it (see keyVariants). */
const keyVariantArb = fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.nat(7) });

/** One object: members keyed by spellings of the columns (or other keys), holding conforming or arbitrary JSON. */
const objectTextArb = (table: GlueTable, openx: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    fc.tuple(rowArb(table), fc.integer()).map(([row, seed]) => {
      const rowType = { kind: 'struct' as const, fields: table.columns.map((column) => ({ name: column.name, type: column.type })) };
      return encodeCell(rowType, row, chooser(seed), openx);
    }),
    fc
      .array(
        fc.nat(table.columns.length - 1).chain((index) => fc.tuple(fc.constant(index), keyVariantArb, memberValueArb(table, index, openx))),
        { maxLength: 7 },
      )
      .map((members) => {
        const parts = members.map(([index, variant, value]) => `"${keyVariants(table.columns[index]!.name)[variant]!}":${value}`);
        return `{${parts.join(',')}}`;
      }),
  );

/** Turns a record into a malformed one now and then: cut, a stray character, deep nesting, invalid UTF-8. */
function spoil(record: string, how: number, where: number): string | Uint8Array {
  const at = record.length === 0 ? 0 : where % record.length;
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
  switch (how) {
    case 0:
      return record.slice(0, at);
    case 1:
      return record.slice(0, at) + ['}', ']', ',', '"', ':', '\\', '\u0001', 'x', ' ', '\t', '\n'][where % 11] + record.slice(at);
    case 2: {
      const depth = 505 + (where % 12);
      return record.replace(/^\{/, `{"zz_deep":${'['.repeat(depth)}${']'.repeat(depth)},`);
    }
    case 3: {
      const encoded = bytes(record);
      const bad = [[0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]][where % 5]!;
      const index = encoded.length === 0 ? 0 : where % encoded.length;
      return Uint8Array.from([...encoded.subarray(0, index), ...bad, ...encoded.subarray(index)]);
    }
    case 4:
      return `\uFEFF${record}`;
    case 5:
      // The lossless path: a 17-digit number somewhere.
      return record.replace(/^\{/, '{"zz_pad":12345678901234567,');
    case 6:
      return `${record}\n`;
    case 7:
      return bytes(record);
    default:
      return record;
  }
}

export const caseArb: fc.Arbitrary<Case> = glueTableArb.chain((table) =>
  serdeArb(table).chain((serde) =>
    fc
      .tuple(
        fc.array(objectTextArb(table, serde.kind === 'openx'), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('', '\n', ' ', '\r\n'),
        fc.oneof(fc.constant(-1), fc.nat(9), fc.nat(9)),
        fc.nat(),
        fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
        fc.boolean(),
      )
      .map(([objects, separator, how, where, scalarToo, lossless]) => {
        // A 17-digit number in a key of no column sends the reference down its lossless path.
        const padded = lossless ? objects.map((object) => object.replace(/^\{/, '{"zz_pad":-12345678901234567.5,')) : objects;
        const record = padded.join(separator) + (scalarToo ? ' [1]' : '');
        return { table, serde, input: how < 0 ? record : spoil(record, how, where) };
      }),
  ),
);


/**
 * A one-column table of a primitive type and a record holding one odd spelling of a value for it (an
 * edge number, an escaped string, a literal), on either of the reference's parsing paths: small cases
 * where every spelling rule of the decoder decides the outcome alone.
 */
export const probeCaseArb: fc.Arbitrary<Case> = fc
  .tuple(primitiveTypeArb, fc.oneof(numberTextArb, stringTextArb, fc.constantFrom('true', 'false', 'null', '[]', '{}', '["x"]', '[1.0]')), fc.boolean(), fc.boolean(), fc.boolean())
  .map(([type, value, lossless, hive, bytes]) => {
    const table: GlueTable = { name: 'probe', databaseName: 'test', parameters: {}, partitionKeys: [], columns: [{ name: 'c', type, typeString: 'probe' }] };
    const record = `{${lossless ? '"zz_pad":12345678901234567,' : ''}"c":${value}}`;
    return { table, serde: hive ? { kind: 'hive' } : { kind: 'openx' }, input: bytes ? new TextEncoder().encode(record) : record };
  });
