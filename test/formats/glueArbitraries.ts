/**
 * fast-check generators for Glue types, tables and conforming cells, and an encoder that writes a cell
 * as the JSON a producer might send (in one of the spellings the OpenX SerDe accepts). The encoder is
 * written independently of formats/: it formats dates with Date, numbers with String.
 */
import fc from 'fast-check';
import type { GlueTable } from '../../formats/glue/glueTable.js';
import { printGlueType } from '../../formats/glue/glueType.js';
import type { CellValue, GlueType, StructValue } from '../../formats/glue/types.js';

export const FIRST_DAY = -719_162; // 0001-01-01
export const LAST_DAY = 2_932_896; // 9999-12-31
export const FIRST_NANOS = BigInt(FIRST_DAY) * 86_400n * 1_000_000_000n;
export const LAST_NANOS = BigInt(LAST_DAY + 1) * 86_400n * 1_000_000_000n - 1n;

const nameArb = fc.stringMatching(/^[a-z][a-z0-9_]{0,9}$/).filter((name) => name !== 'zz_pad');

/** Primitive Glue types; char/varchar lengths up to `maxLength` (small by default, so cells stay short). */
export function primitiveTypeArbOf(maxLength: { char: number; varchar: number } = { char: 12, varchar: 12 }): fc.Arbitrary<GlueType> {
  return fc.oneof(
    fc.constantFrom<GlueType>(
      { kind: 'boolean' },
      { kind: 'tinyint' },
      { kind: 'smallint' },
      { kind: 'int' },
      { kind: 'bigint' },
      { kind: 'float' },
      { kind: 'double' },
      { kind: 'string' },
      { kind: 'binary' },
      { kind: 'date' },
      { kind: 'timestamp' },
    ),
    fc.integer({ min: 1, max: 38 }).chain((precision) => fc.integer({ min: 0, max: precision }).map((scale): GlueType => ({ kind: 'decimal', precision, scale }))),
    fc.integer({ min: 1, max: maxLength.char }).map((length): GlueType => ({ kind: 'char', length })),
    fc.integer({ min: 1, max: maxLength.varchar }).map((length): GlueType => ({ kind: 'varchar', length })),
  );
}

export const primitiveTypeArb: fc.Arbitrary<GlueType> = primitiveTypeArbOf();

/** Map keys: primitive, and not binary (byte-array keys compare by identity in a Map). */
const mapKeyTypeArb = primitiveTypeArb.filter((type) => type.kind !== 'binary');

export const glueTypeArb: fc.Arbitrary<GlueType> = fc.letrec<{ type: GlueType }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    primitiveTypeArb,
    tie('type').map((element): GlueType => ({ kind: 'array', element })),
    fc.tuple(mapKeyTypeArb, tie('type')).map(([key, value]): GlueType => ({ kind: 'map', key, value })),
    fc
      .uniqueArray(fc.tuple(nameArb, tie('type')), { minLength: 1, maxLength: 4, selector: ([name]) => name })
      .map((fields): GlueType => ({ kind: 'struct', fields: fields.map(([name, type]) => ({ name, type })) })),
  ),
})).type;

export const glueTableArb: fc.Arbitrary<GlueTable> = fc.uniqueArray(fc.tuple(nameArb, glueTypeArb), { minLength: 1, maxLength: 6, selector: ([name]) => name }).map((columns) => ({
  name: 'generated',
  databaseName: 'test',
  parameters: {},
  partitionKeys: [],
  columns: columns.map(([name, type]) => ({ name, type, typeString: printGlueType(type) })),
}));

const codePointArb = fc.integer({ min: 0x20, max: 0x10ffff }).filter((code) => code < 0xd800 || code > 0xdfff);
const textArb = (maxCodePoints: number): fc.Arbitrary<string> => fc.array(codePointArb, { maxLength: maxCodePoints }).map((codes) => String.fromCodePoint(...codes));
const notNegativeZero = (value: number): number => (Object.is(value, -0) ? 0 : value);

/** A cell that conforms to the type (never null at this level; see `optionalCellArb`). */
export function cellArb(type: GlueType): fc.Arbitrary<CellValue> {
  switch (type.kind) {
    case 'boolean':
      return fc.boolean();
    case 'tinyint':
      return fc.integer({ min: -128, max: 127 });
    case 'smallint':
      return fc.integer({ min: -32_768, max: 32_767 });
    case 'int':
      return fc.integer({ min: -2_147_483_648, max: 2_147_483_647 });
    case 'bigint':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'float':
      return fc.float({ noNaN: true, noDefaultInfinity: true }).map(notNegativeZero);
    case 'double':
      return fc.double({ noNaN: true, noDefaultInfinity: true }).map(notNegativeZero);
    case 'decimal': {
      const limit = 10n ** BigInt(type.precision) - 1n;
      return fc.bigInt({ min: -limit, max: limit });
    }
    case 'string':
      return textArb(16);
    case 'char':
    case 'varchar':
      return textArb(type.length);
    case 'binary':
      return fc.uint8Array({ maxLength: 16 });
    case 'date':
      return fc.integer({ min: FIRST_DAY, max: LAST_DAY });
    case 'timestamp':
      return fc.bigInt({ min: FIRST_NANOS, max: LAST_NANOS });
    case 'array':
      return fc.array(optionalCellArb(type.element), { maxLength: 4 });
    case 'map':
      return fc
        .uniqueArray(fc.tuple(cellArb(type.key), optionalCellArb(type.value)), { maxLength: 4, selector: ([key]) => keyText(type.key, key) })
        .map((entries) => new Map<CellValue, CellValue>(entries));
    case 'struct':
      return fc.tuple(...type.fields.map((field) => optionalCellArb(field.type))).map((cells) => {
        const struct: StructValue = {};
        type.fields.forEach((field, index) => {
          struct[field.name] = cells[index]!;
        });
        return struct;
      });
  }
}

export function optionalCellArb(type: GlueType): fc.Arbitrary<CellValue> {
  return fc.option(cellArb(type), { nil: null, freq: 5 });
}

/** A conforming row of the table. */
export function rowArb(table: GlueTable): fc.Arbitrary<StructValue> {
  return cellArb({ kind: 'struct', fields: table.columns.map((column) => ({ name: column.name, type: column.type })) }) as fc.Arbitrary<StructValue>;
}

/** A deterministic source of choices, so one seed gives one spelling of a record. */
export function chooser(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

function isoDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

function decimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

function timestampParts(nanos: bigint): { date: string; time: string; fraction: string } {
  const seconds = nanos >= 0n ? nanos / 1_000_000_000n : -((-nanos + 999_999_999n) / 1_000_000_000n);
  const fraction = (nanos - seconds * 1_000_000_000n).toString().padStart(9, '0');
  const iso = new Date(Number(seconds) * 1000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19), fraction };
}

/** A map key as the string JSON carries it. */
export function keyText(type: GlueType, key: CellValue): string {
  switch (type.kind) {
    case 'decimal':
      return decimalText(key as bigint, type.scale);
    case 'date':
      return isoDate(key as number);
    case 'timestamp': {
      // The one shape both SerDes read by default.
      const parts = timestampParts(key as bigint);
      return `${parts.date} ${parts.time}.${parts.fraction}`;
    }
    default:
      return String(key);
  }
}

/** JSON text of a cell, in one of the spellings the OpenX SerDe reads (`openx: false` keeps to Hive's). */
export function encodeCell(type: GlueType, cell: CellValue, choose: (n: number) => number, openx = true): string {
  if (cell === null) return 'null';
  const quoted = (text: string): string => JSON.stringify(text);
  const maybeString = (text: string): string => (openx && choose(3) === 0 ? quoted(text) : text);
  const randomCase = (text: string): string => (openx ? [...text].map((c) => (choose(2) === 0 ? c.toUpperCase() : c)).join('') : text);
  switch (type.kind) {
    case 'boolean':
      return choose(3) === 0 ? quoted(randomCase(String(cell))) : String(cell);
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint':
      return maybeString(String(cell));
    case 'float':
    case 'double':
      return maybeString(JSON.stringify(cell));
    case 'decimal':
      return maybeString(decimalText(cell as bigint, type.scale));
    case 'string':
    case 'char':
    case 'varchar':
      return quoted(cell as string);
    case 'binary':
      return quoted(Buffer.from(cell as Uint8Array).toString('base64'));
    case 'date':
      return quoted(isoDate(cell as number));
    case 'timestamp': {
      const nanos = cell as bigint;
      const parts = timestampParts(nanos);
      const choice = choose(3);
      if (openx && choice === 0 && nanos % 1_000_000n === 0n) {
        const millis = nanos / 1_000_000n;
        if ((millis < 0n ? -millis : millis) >= 1_000_000_000_000n) return maybeString(String(millis));
      }
      if (openx && choice === 1) return quoted(`${parts.date}T${parts.time}.${parts.fraction}Z`);
      return quoted(`${parts.date} ${parts.time}.${parts.fraction}`);
    }
    case 'array': {
      const items = cell as CellValue[];
      // OpenX promotes a single value to a one-element array (not an array, whose brackets would be read as the outer array).
      if (openx && items.length === 1 && items[0] !== null && type.element.kind !== 'array' && choose(3) === 0) return encodeCell(type.element, items[0]!, choose, openx);
      return `[${items.map((item) => encodeCell(type.element, item, choose, openx)).join(',')}]`;
    }
    case 'map':
      return `{${[...(cell as Map<CellValue, CellValue>)].map(([key, value]) => `${quoted(keyText(type.key, key))}:${encodeCell(type.value, value, choose, openx)}`).join(',')}}`;
    case 'struct': {
      const struct = cell as StructValue;
      const members: string[] = [];
      for (const field of type.fields) {
        const value = struct[field.name] ?? null;
        // A null field is either written as null or left out.
        if (value === null && choose(2) === 0) continue;
        members.push(`${quoted(randomCase(field.name))}:${encodeCell(field.type, value, choose, openx)}`);
      }
      return `{${members.join(',')}}`;
    }
  }
}
