import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileStructBuilder, createColumnDecoder, createCompiledDeserializer, createRowDecoder } from '../../../formats/serde/compiledDeserializer.js';
import { createDeserializer, examples, type JsonSerDe } from '../../../formats/serde/deserializeJson.js';
import { FormatOptionError } from '../../../formats/glue/errors.js';
import type { GlueTable } from '../../../formats/glue/glueTable.js';
import { parseGlueType } from '../../../formats/glue/glueType.js';

function tableOf(columns: Readonly<Record<string, string>>): GlueTable {
  return {
    name: 't',
    databaseName: 'd',
    parameters: {},
    partitionKeys: [],
    columns: Object.entries(columns).map(([name, type]) => ({ name, type: parseGlueType(type), typeString: type })),
  };
}

describe('createCompiledDeserializer', () => {
  it.each(examples.map((example) => [example.title, example] as const))('gives the reference example: %s', (_title, example) => {
    // Prepare
    const deserialize = createCompiledDeserializer(tableOf(example.options.columns), example.options.serde as JsonSerDe);
    // Act
    const result = deserialize(example.input);
    // Assess
    expect(result).toEqual({ rows: example.output });
  });

  it.each([
    ['a repeated key: the last value', '{"a":1,"b":2,"a":3}', [{ a: 3, b: 2 }]],
    ['keys differing in case: the key first seen last', '{"A":1,"a":2,"A":3}', [{ a: 2, b: null }]],
    ['an escaped key', '{"\\u0061":5}', [{ a: 5, b: null }]],
    ['a map with a repeated key and array-index keys', '{"m":{"x":1,"7":2,"x":3,"2":4}}', [{ a: null, b: null, m: new Map<string, number>([['2', 4], ['7', 2], ['x', 3]]) }]],
  ])('decides %s itself, as the reference does', (_reason, record, rows) => {
    // Prepare
    const columns: Record<string, string> = record.includes('"m"') ? { a: 'int', b: 'int', m: 'map<string,int>' } : { a: 'int', b: 'int' };
    const table = tableOf(columns);
    // Act
    const decided = createRowDecoder(table)(record);
    const reference = createDeserializer(table)(record);
    // Assess
    expect(decided).toEqual(rows);
    expect(reference).toEqual({ rows });
    const mapCell = decided?.[0]?.['m'];
    if (mapCell instanceof Map) expect([...mapCell.keys()]).toEqual(['2', '7', 'x']);
  });

  it.each([
    ['a value that does not fit', '{"a":"x"}', 'DataFormatConversion.MalformedData'],
    ['invalid JSON', '{"a":1', 'DataFormatConversion.ParseError'],
    ['a top-level array', '[{"a":1}]', 'DataFormatConversion.ParseError'],
    ['an empty record', '  ', 'DataFormatConversion.ParseError'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), 'DataFormatConversion.ParseError'],
  ])('hands %s to the reference, whose failure it returns', (_reason, record, code) => {
    // Prepare
    const table = tableOf({ a: 'int' });
    // Act
    const decided = createRowDecoder(table)(record);
    const result = createCompiledDeserializer(table)(record);
    // Assess
    expect(decided).toBeUndefined();
    expect(result).toEqual(createDeserializer(table)(record));
    expect('error' in result && result.error.errorCode).toBe(code);
  });

  it('gives the writers the cells of the columns in table order', () => {
    const table = tableOf({ Id: 'bigint', tags: 'array<string>', at: 'timestamp' });
    expect(createColumnDecoder(table)('{"at":"2017-02-07T15:13:01.39256Z","ID":7}{"tags":"x"}')).toEqual([
      [7n, null, 1486480381392560000n],
      [null, ['x'], null],
    ]);
  });

  it('checks its options as the reference does', () => {
    expect(() => createCompiledDeserializer(tableOf({ a: 'int' }), { kind: 'openx', columnToJsonKeyMappings: { b: 'x' } })).toThrow(FormatOptionError);
    expect(() => createColumnDecoder(tableOf({ a: 'int' }), { kind: 'xml' } as unknown as JsonSerDe)).toThrow(FormatOptionError);
  });

  it.each([
    ['a column named __proto__', { columns: [{ name: '__proto__', type: 'int' }, { name: 'a', type: 'int' }] }, '{"__proto__":1,"a":2}'],
    ['struct fields sharing a name (a table built in code)', { columns: [{ name: 's', type: 'struct<a:int>' }] }, '{"s":{"a":1}}'],
  ])('hands %s to the reference', (_reason, spec, record) => {
    // Prepare
    const columns = spec.columns.map((column) => ({ name: column.name, type: parseGlueType(column.type), typeString: column.type }));
    if (_reason.startsWith('struct')) {
      const struct = columns[0]!.type;
      if (struct.kind !== 'struct') throw new Error('expected a struct');
      columns[0] = { ...columns[0]!, type: { kind: 'struct', fields: [...struct.fields, ...struct.fields] } };
    }
    const table: GlueTable = { name: 't', databaseName: 'd', parameters: {}, partitionKeys: [], columns };
    // Act
    const decided = createRowDecoder(table)(record);
    // Assess
    expect(decided).toBeUndefined();
    expect(createCompiledDeserializer(table)(record)).toEqual(createDeserializer(table)(record));
  });
});

describe('compileStructBuilder', () => {
  const namesArb = fc.uniqueArray(fc.oneof(fc.string({ minLength: 1, maxLength: 6 }), fc.nat(20).map(String), fc.constantFrom('constructor', 'toString', '"', "'", '\\', '${x}')), { maxLength: 12 }).filter((names) => !names.includes('__proto__'));

  it('builds the same object with and without code generation: properties, their order, prototype, nulls for fields not filled', () => {
    fc.assert(
      fc.property(namesArb, fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null)), { minLength: 12, maxLength: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (names, cells, taken) => {
        // Prepare: the cells filled in this object are marked with the generation, 7.
        const filled = Int32Array.from(taken, (take) => (take ? 7 : 6));
        // Act
        const generated = compileStructBuilder(names)(cells, filled, 7);
        const assigned = compileStructBuilder(names, false)(cells, filled, 7);
        // Assess
        expect(Object.keys(generated)).toEqual(Object.keys(assigned));
        expect(Object.getPrototypeOf(generated)).toBe(Object.getPrototypeOf(assigned));
        for (const [i, name] of names.entries()) expect(generated[name]).toBe(taken[i] ? cells[i] : null);
        for (const [i, name] of names.entries()) expect(assigned[name]).toBe(taken[i] ? cells[i] : null);
        expect(Object.keys(generated)).toHaveLength(names.length);
      }),
      { numRuns: 300 },
    );
  });
});
