import { describe, expect, it } from 'vitest';
import { RecordFieldError, TransformOptionError, UnsafeRecordError } from '../../../transforms/core/errors.js';
import { OUTCOME, type JsonValue } from '../../../transforms/core/types.js';
import { unflattenRecord, type UnflattenRecordOptions } from '../../../transforms/shape/unflattenRecord.js';
import { describeTransformContract, testContext } from '../../helpers/transformContract.js';

function run(options: UnflattenRecordOptions, input: JsonValue): unknown {
  return unflattenRecord(options)(input, testContext);
}

function failure(output: unknown): Error {
  expect(output).toMatchObject({ [OUTCOME]: 'failed' });
  return (output as { error: Error }).error;
}

describe('unflattenRecord options are checked at start-up', () => {
  it.each([
    ['an unknown option', { object: true }, "option 'object' is not a known option"],
    ['a separator with a letter', { separator: '_a' }, "option 'separator' is \"_a\""],
    ['an arrays mode unflattening cannot invert', { arrays: 'stringify' }, "option 'arrays' is \"stringify\". Use one of: 'keep', 'index'."],
    ['an unknown collision policy', { onKeyCollision: 'overwrite' }, "option 'onKeyCollision' is \"overwrite\""],
    ['an unknown emptySegments mode', { emptySegments: 'drop' }, "option 'emptySegments' is \"drop\""],
    ['a negative maxDepth', { maxDepth: -1 }, "option 'maxDepth' is -1"],
  ])('rejects %s', (_reason, options, message) => {
    // Act / Assess
    expect(() => unflattenRecord(options as UnflattenRecordOptions)).toThrow(TransformOptionError);
    expect(() => unflattenRecord(options as UnflattenRecordOptions)).toThrow(message);
  });
});

describe('unflattenRecord', () => {
  it('nests keys by the separator and places values as they are, in first-appearance order', () => {
    // Act
    const output = run({ separator: '.' }, { 'b.y': 1, a: [1, { 'not.split': 2 }], 'b.x.z': {}, 'c.d': null });
    // Assess
    expect(output).toEqual({ b: { y: 1, x: { z: {} } }, a: [1, { 'not.split': 2 }], c: { d: null } });
    expect(Object.keys(output as object)).toEqual(['b', 'a', 'c']);
  });

  it('keeps flat a key whose path runs through another key, whatever the key order', () => {
    // Act
    const shortFirst = run({}, { a: 1, a_b: 2, a_b_c: 3, x_y: 4 });
    const longFirst = run({}, { a_b_c: 3, x_y: 4, a_b: 2, a: 1 });
    // Assess
    expect(shortFirst).toEqual({ a: 1, a_b: 2, a_b_c: 3, x: { y: 4 } });
    expect(longFirst).toEqual({ a_b_c: 3, x: { y: 4 }, a_b: 2, a: 1 });
  });

  it('fails the record on such a key with onKeyCollision: "fail"', () => {
    // Act
    const error = failure(run({ onKeyCollision: 'fail' }, { a_b: 2, a: 1 }));
    // Assess
    expect(error).toBeInstanceOf(RecordFieldError);
    expect(error.message).toBe("unflattenRecord: key 'a_b' runs through the value of a shorter key; rename one upstream or set onKeyCollision: 'keepFlat'");
  });

  it('splits keys with empty segments by default (the inverse of flattening "" keys) or keeps them flat', () => {
    // Prepare
    const input = { _id: 'k1', a__b: 1, c_: 2 };
    // Act / Assess
    expect(run({}, input)).toEqual({ '': { id: 'k1' }, a: { '': { b: 1 } }, c: { '': 2 } });
    expect(run({ emptySegments: 'keepFlat' }, input)).toEqual(input);
  });

  it('rebuilds arrays from keys 0…n-1 with arrays: "index", and only from those', () => {
    // Act
    const output = run({ arrays: 'index' }, { tags_0: 'a', tags_1: 'b', m_0_0: 1, m_0_1: 2, m_1_0: 3, gap_0: 'x', gap_2: 'y', odd_01: 'z', kept: [9] });
    // Assess
    expect(output).toEqual({ tags: ['a', 'b'], m: [[1, 2], [3]], gap: { 0: 'x', 2: 'y' }, odd: { '01': 'z' }, kept: [9] });
  });

  it('never turns the record itself into an array', () => {
    // Act / Assess
    expect(run({ arrays: 'index' }, { '0': 'a', '1': 'b' })).toEqual({ '0': 'a', '1': 'b' });
  });

  it('fails a record that is not an object', () => {
    // Act
    const error = failure(run({}, ['a_b']));
    // Assess
    expect(error.message).toBe('unflattenRecord: the record is array, expected a JSON object; put parseJson() first and filter out non-object records');
  });
});

describe('unflattenRecord on hostile input', () => {
  it('fails a key of 100,000 segments instead of building 100,000 levels', () => {
    // Prepare
    const key = Array.from({ length: 100_000 }, () => 'a').join('_');
    // Act
    const error = failure(run({}, { [key]: 1 }));
    // Assess
    expect(error).toBeInstanceOf(UnsafeRecordError);
    expect(error.message).toBe('unflattenRecord: a key splits into 100000 segments, more than maxDepth 100; raise unflattenRecord({ maxDepth }) (at most 1,000) if such records are expected');
  });

  it.each([
    ['__proto__.polluted', { '__proto__.polluted': 'yes' }],
    ['prefix.__proto__.polluted', { 'prefix.__proto__.polluted': 'yes' }],
    ['constructor.prototype.polluted', { 'constructor.prototype.polluted': 'yes' }],
    ['prototype.polluted', { 'prototype.polluted': 'yes' }],
  ])('builds own properties for %s and leaves Object.prototype untouched', (key, input) => {
    // Prepare
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    // Act
    const output = run({ separator: '.' }, input) as Record<string, unknown>;
    // Assess
    const first = key.split('.')[0]!;
    expect(Object.hasOwn(output, first)).toBe(true);
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(JSON.stringify(output)).toBe(JSON.stringify(key.split('.').reduceRight<unknown>((value, segment) => JSON.parse(`{${JSON.stringify(segment)}:${JSON.stringify(value)}}`), 'yes')));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });

  it('never modifies the objects of its input while merging', () => {
    // Prepare
    const inner = { keep: true };
    const input = { 'a.b': inner, 'a.c': 1 };
    // Act
    const output = run({ separator: '.' }, input) as { a: { b: unknown; c: number } };
    // Assess
    expect(inner).toEqual({ keep: true });
    expect(output.a.b).toBe(inner);
  });
});

describeTransformContract('unflattenRecord()', unflattenRecord());
describeTransformContract('unflattenRecord(".", index, keepFlat)', unflattenRecord({ separator: '.', arrays: 'index', emptySegments: 'keepFlat' }));
