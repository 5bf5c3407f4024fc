import { describe, expect, it } from 'vitest';
import { RecordFieldError, TransformOptionError, UnsafeRecordError } from '../../../transforms/core/errors.js';
import { flattenRecord, type FlattenRecordOptions } from '../../../transforms/shape/flattenRecord.js';
import { OUTCOME, type JsonValue } from '../../../transforms/core/types.js';
import { unflattenRecord } from '../../../transforms/shape/unflattenRecord.js';
import { describeTransformContract, testContext } from '../../helpers/transformContract.js';

function run(options: FlattenRecordOptions, input: JsonValue): unknown {
  return flattenRecord(options)(input, testContext);
}

function failure(output: unknown): Error {
  expect(output).toMatchObject({ [OUTCOME]: 'failed' });
  return (output as { error: Error }).error;
}

describe('flattenRecord options are checked at start-up', () => {
  it.each([
    ['an unknown option', { delimiter: '.' }, "option 'delimiter' is not a known option"],
    ['an empty separator', { separator: '' }, "option 'separator' is \"\". Use one ASCII punctuation character"],
    ['a separator with letters', { separator: 'x' }, "option 'separator' is \"x\""],
    ['a separator of 2 characters (ambiguous)', { separator: '__' }, "option 'separator' is \"__\". Use one ASCII punctuation character"],
    ['an unknown arrays mode', { arrays: 'explode' }, "option 'arrays' is \"explode\". Use one of: 'keep', 'index', 'stringify'."],
    ['an unknown emptyObjects mode', { emptyObjects: 'null' }, "option 'emptyObjects' is \"null\""],
    ['an unknown collision policy', { onKeyCollision: 'overwrite' }, "option 'onKeyCollision' is \"overwrite\""],
    ['maxDepth above 1,000', { maxDepth: 1001 }, "option 'maxDepth' is 1001. Use an integer from 1 to 1000."],
    ['an empty report field', { collisionReportField: '' }, "option 'collisionReportField' is \"\""],
  ])('rejects %s', (_reason, options, message) => {
    // Act / Assess
    expect(() => flattenRecord(options as FlattenRecordOptions)).toThrow(TransformOptionError);
    expect(() => flattenRecord(options as FlattenRecordOptions)).toThrow(message);
  });
});

describe('flattenRecord', () => {
  const nested = { a: { b: { c: 1 }, d: [1, { e: 2 }], f: {} }, g: [], h: null };

  it.each([
    ['_ (default)', {}, { a_b_c: 1, a_d: [1, { e: 2 }], a_f: {}, g: [], h: null }],
    ['.', { separator: '.' }, { 'a.b.c': 1, 'a.d': [1, { e: 2 }], 'a.f': {}, g: [], h: null }],
    ['/', { separator: '/' }, { 'a/b/c': 1, 'a/d': [1, { e: 2 }], 'a/f': {}, g: [], h: null }],
  ])('joins keys with the separator %s and keeps arrays for Glue array<> columns', (_name, options, expected) => {
    // Act / Assess
    expect(run(options as FlattenRecordOptions, nested)).toEqual(expected);
  });

  it('indexes arrays (objects inside them flattened too; empty arrays kept) or writes them as JSON text', () => {
    // Act / Assess
    expect(run({ arrays: 'index' }, nested)).toEqual({ a_b_c: 1, a_d_0: 1, a_d_1_e: 2, a_f: {}, g: [], h: null });
    expect(run({ arrays: 'stringify' }, nested)).toEqual({ a_b_c: 1, a_d: '[1,{"e":2}]', a_f: {}, g: '[]', h: null });
  });

  it('drops empty objects when asked', () => {
    // Act / Assess
    expect(run({ emptyObjects: 'drop' }, nested)).toEqual({ a_b_c: 1, a_d: [1, { e: 2 }], g: [], h: null });
  });

  it('keeps the input untouched and shares nothing mutable it built', () => {
    // Prepare
    const input = structuredClone(nested);
    // Act
    const output = run({}, input) as Record<string, JsonValue>;
    // Assess
    expect(input).toEqual(nested);
    expect(output['a_f']).not.toBe(input.a.f);
  });
});

describe('flattenRecord key collisions', () => {
  it('keeps the key for the literal path (fewer keys), numbers the nested one and reports it, whatever the order', () => {
    // Act
    const literalFirst = run({}, { a_b: 'literal', a: { b: 'nested' } });
    const nestedFirst = run({}, { a: { b: 'nested' }, a_b: 'literal' });
    // Assess
    expect(literalFirst).toEqual({ a_b: 'literal', a_b_2: 'nested', key_collisions: ['a.b -> a_b_2'] });
    expect(nestedFirst).toEqual({ a_b_2: 'nested', a_b: 'literal', key_collisions: ['a.b -> a_b_2'] });
  });

  it('breaks ties between paths of equal length by code-unit order of their keys', () => {
    // Act
    const output = run({}, { a_b: { c: 1 }, a: { b_c: 2 } });
    // Assess: ["a", "b_c"] < ["a_b", "c"]
    expect(output).toEqual({ a_b_c_2: 1, a_b_c: 2, key_collisions: ['a_b.c -> a_b_c_2'] });
  });

  it('skips numbers already taken and appends to an existing report', () => {
    // Act
    const output = run({}, { key_collisions: ['earlier'], x_y: 1, x: { y: 2 }, x_y_2: 3 });
    // Assess
    expect(output).toEqual({ key_collisions: ['earlier', 'x.y -> x_y_3'], x_y: 1, x_y_3: 2, x_y_2: 3 });
  });

  it('fails the record with onKeyCollision: "fail", naming both paths', () => {
    // Act
    const error = failure(run({ onKeyCollision: 'fail' }, { a_b: 1, a: { b: 2 } }));
    // Assess
    expect(error).toBeInstanceOf(RecordFieldError);
    expect(error.message).toBe("flattenRecord: paths 'a_b' and 'a.b' all flatten to 'a_b'; rename one upstream or set onKeyCollision: 'suffix'");
  });

  it('fails the record when the report field holds something else than a list', () => {
    // Act
    const error = failure(run({}, { key_collisions: 7, a_b: 1, a: { b: 2 } }));
    // Assess
    expect(error.message).toBe("flattenRecord: the record already has a field 'key_collisions' (number) where key renames are reported; rename it upstream or set collisionReportField");
  });
});

describe('flattenRecord on hostile input', () => {
  it.each([
    ['an array', [1, 2], 'array'],
    ['a string', 'text', 'string'],
    ['null', null, 'null'],
  ])('fails a record that is %s', (_name, input, type) => {
    // Act
    const error = failure(run({}, input as JsonValue));
    // Assess
    expect(error).toBeInstanceOf(RecordFieldError);
    expect(error.message).toBe(`flattenRecord: the record is ${type}, expected a JSON object; put parseJson() first and filter out non-object records`);
  });

  it.each([
    ['objects', (inner: JsonValue): JsonValue => ({ a: inner }), {}],
    ['arrays, indexed', (inner: JsonValue): JsonValue => [inner], { arrays: 'index' }],
    ['arrays, stringified', (inner: JsonValue): JsonValue => [inner], { arrays: 'stringify' }],
  ] as const)('fails 100,000 nested %s instead of overflowing the stack', (_name, wrap, options) => {
    // Prepare
    let deep: JsonValue = 1;
    for (let level = 0; level < 100_000; level++) deep = wrap(deep);
    // Act
    const error = failure(run(options as FlattenRecordOptions, { root: deep }));
    // Assess
    expect(error).toBeInstanceOf(UnsafeRecordError);
    expect(error.message).toBe('flattenRecord: the record nests objects/arrays deeper than maxDepth 100; raise flattenRecord({ maxDepth }) (at most 1,000) if such records are expected');
  });

  it('flattens up to maxDepth levels and fails one level deeper', () => {
    // Prepare
    const three = { a: { b: { c: 1 } } };
    // Act / Assess
    expect(run({ maxDepth: 2 }, three)).toEqual({ a_b_c: 1 });
    expect(failure(run({ maxDepth: 1 }, three))).toBeInstanceOf(UnsafeRecordError);
  });

  it('never reaches Object.prototype when flattening and unflattening __proto__, constructor and prototype keys', () => {
    // Prepare
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const hostile = JSON.parse('{"__proto__":{"polluted":1,"x":{"__proto__":{"deep":2}}},"constructor":{"prototype":{"polluted":3}},"prototype":{"polluted":4}}') as JsonValue;
    // Act
    const flat = flattenRecord({ separator: '.' })(hostile, testContext) as Record<string, JsonValue>;
    const back = unflattenRecord({ separator: '.' })(flat, testContext) as Record<string, JsonValue>;
    const flatDefault = flattenRecord()(hostile, testContext) as Record<string, JsonValue>;
    const backDefault = unflattenRecord()(flatDefault, testContext);
    // Assess
    expect(Object.keys(flat)).toEqual(['__proto__.polluted', '__proto__.x.__proto__.deep', 'constructor.prototype.polluted', 'prototype.polluted']);
    expect(Object.hasOwn(back, '__proto__')).toBe(true);
    expect(JSON.stringify(back)).toBe(JSON.stringify(hostile));
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(isOutcomeFree(backDefault)).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['deep']).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });
});

function isOutcomeFree(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !(OUTCOME in value);
}

describeTransformContract('flattenRecord()', flattenRecord());
describeTransformContract('flattenRecord(".", index, drop)', flattenRecord({ separator: '.', arrays: 'index', emptyObjects: 'drop' }));
describeTransformContract('flattenRecord(stringify, fail)', flattenRecord({ arrays: 'stringify', onKeyCollision: 'fail' }));
