import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addFields, fromContext } from '../../../transforms/fields/addFields.js';
import { RecordFieldError, TransformOptionError, TransformThrewError } from '../../../transforms/core/errors.js';
import { filterRecords } from '../../../transforms/fields/filterRecords.js';
import { omitFields } from '../../../transforms/fields/omitFields.js';
import { drop, fail, isOutcome, ok } from '../../../transforms/core/outcome.js';
import { partitionBy } from '../../../transforms/fields/partitionBy.js';
import { pickFields } from '../../../transforms/fields/pickFields.js';
import { pipe } from '../../../transforms/core/pipe.js';
import { renameFields } from '../../../transforms/fields/renameFields.js';
import type { JsonObject, JsonValue, Outcome } from '../../../transforms/core/types.js';
import { describeTransformContract, testContext } from '../../helpers/transformContract.js';

function outcomeOf<T>(result: T | Outcome<T>): Outcome<T> {
  return isOutcome(result) ? (result as Outcome<T>) : ok(result as T);
}
function errorOf(result: unknown): Error {
  const outcome = outcomeOf(result);
  if (!('error' in outcome)) throw new Error('expected a failed outcome');
  return outcome.error;
}

describe('pickFields', () => {
  it('keeps listed fields, nested paths and segment arrays', () => {
    const record = { a: 1, b: { c: 2, d: 3 }, 'x.y': 4 };
    expect(pickFields(['a', 'b.c', ['x.y']])(record, testContext)).toEqual({ a: 1, b: { c: 2 }, 'x.y': 4 });
  });
  it('skips, nulls or fails missing fields as asked', () => {
    expect(pickFields(['a', 'z'])({ a: 1 }, testContext)).toEqual({ a: 1 });
    expect(pickFields(['a', 'z'], { onMissing: 'null' })({ a: 1 }, testContext)).toEqual({ a: 1, z: null });
    expect(errorOf(pickFields(['z'], { onMissing: 'fail' })({ a: 1 }, testContext)).message).toMatch(/no field 'z'/);
  });
  it('never reads through the prototype chain', () => {
    expect(pickFields(['toString', 'hasOwnProperty'])({ a: 1 }, testContext)).toEqual({});
  });
  it('fails a record that is not an object, naming its type only', () => {
    const error = errorOf(pickFields(['a'])(['secret'], testContext));
    expect(error).toBeInstanceOf(RecordFieldError);
    expect(error.message).toBe('pickFields: the record is array, expected a JSON object; put parseJson() first and filter out non-object records');
  });
  it.each([
    ['no fields', () => pickFields([]), /option 'fields' must be a non-empty array/],
    ['empty segment', () => pickFields(['a..b']), /empty field path or segment/],
    ['prototype path', () => pickFields(['a.__proto__']), /'__proto__', which could reach Object.prototype/],
    ['bad onMissing', () => pickFields(['a'], { onMissing: 'drop' as never }), /option 'onMissing' is "drop"/],
  ])('refuses %s at start-up', (_reason, make, message) => {
    expect(make).toThrow(TransformOptionError);
    expect(make).toThrow(message);
  });
});

describe('omitFields', () => {
  it('removes top-level and nested fields and returns the same object when nothing matches', () => {
    const record = { a: 1, b: { c: 2, d: 3 } };
    expect(omitFields(['a', 'b.c'])(record, testContext)).toEqual({ b: { d: 3 } });
    expect(omitFields(['zz'])(record, testContext)).toBe(record);
  });
});

describe('renameFields', () => {
  it('swaps fields at once and moves nested ones', () => {
    expect(renameFields({ a: 'b', b: 'a', 'n.x': 'x' })({ a: 1, b: 2, n: { x: 3 } }, testContext)).toEqual({ a: 2, b: 1, n: {}, x: 3 });
  });
  it('fails on a conflict by default, overwrites when asked', () => {
    expect(errorOf(renameFields({ a: 'b' })({ a: 1, b: 2 }, testContext)).message).toMatch(/target field 'b' already has a value/);
    expect(renameFields({ a: 'b' }, { onConflict: 'overwrite' })({ a: 1, b: 2 }, testContext)).toEqual({ b: 1 });
  });
  it('skips or fails a missing source', () => {
    expect(renameFields({ a: 'b' })({ c: 1 }, testContext)).toEqual({ c: 1 });
    expect(errorOf(renameFields({ a: 'b' }, { onMissing: 'fail' })({ c: 1 }, testContext)).message).toMatch(/no field 'a' to rename/);
  });
  it('refuses two renames to one target', () => {
    expect(() => renameFields({ a: 'c', b: 'c' })).toThrow(/renames two fields to the same name/);
  });
});

describe('addFields', () => {
  it('adds constants and context values', () => {
    const result = addFields({ source: 'web', record_id: fromContext.recordId, received_at: fromContext.arrivalTime, ms: fromContext.arrivalTimestamp, pk: fromContext.kinesisPartitionKey })({ a: 1 }, testContext);
    expect(result).toEqual({ a: 1, source: 'web', record_id: testContext.recordId, received_at: '2023-11-14T22:13:20.000Z', ms: 1_700_000_000_000, pk: null });
  });
  it('overwrites, keeps or fails an existing field', () => {
    expect(addFields({ a: 2 })({ a: 1 }, testContext)).toEqual({ a: 2 });
    expect(addFields({ a: 2 }, { onExisting: 'keep' })({ a: 1 }, testContext)).toEqual({ a: 1 });
    expect(errorOf(addFields({ a: 2 }, { onExisting: 'fail' })({ a: 1 }, testContext)).message).toMatch(/already has a field 'a'/);
  });
  it('refuses a __proto__ field name', () => {
    expect(() => addFields({ ['__proto__']: 1 } as Record<string, JsonValue>)).toThrow(TransformOptionError);
  });
});

describe('filterRecords', () => {
  it('keeps matching records and drops the rest with the reason', () => {
    const keepErrors = filterRecords((r: JsonObject) => r['level'] === 'error', { reason: 'not an error' });
    expect(keepErrors({ level: 'error' }, testContext)).toEqual({ level: 'error' });
    expect(outcomeOf(keepErrors({ level: 'debug' }, testContext))).toEqual(drop('not an error'));
  });
  it('refuses a predicate that is not a function', () => {
    expect(() => filterRecords('level' as never)).toThrow(/option 'keep' must be a function/);
  });
});

describe('partitionBy', () => {
  it('turns values into strings', () => {
    const outcome = outcomeOf(partitionBy({ customer: 'customer.id', active: 'active', year: (_r, ctx) => new Date(ctx.arrivalTimestamp).getUTCFullYear() })({ customer: { id: 42 }, active: false }, testContext));
    expect(outcome).toEqual(ok({ customer: { id: 42 }, active: false }, { customer: '42', active: 'false', year: '2023' }));
  });
  it.each([
    ['missing', {}, /partition key 'id' has no value \(field 'id' is missing\)/],
    ['null', { id: null }, /has no value/],
    ['empty', { id: '' }, /field 'id' is empty/],
    ['an object', { id: { a: 1 } }, /from field 'id' is object; partition keys need a string, number or boolean/],
    ['an array', { id: [1] }, /is array/],
  ])('fails a record whose key is %s', (_reason, record, message) => {
    expect(errorOf(partitionBy(['id'])(record as JsonObject, testContext)).message).toMatch(message);
  });
  it('uses the default for missing keys when configured', () => {
    expect(outcomeOf(partitionBy(['id'], { onMissing: { default: 'unknown' } })({}, testContext))).toEqual(ok({}, { id: 'unknown' }));
  });
  it.each([
    ['no keys', () => partitionBy([]), /names no partition key/],
    ['bad key name', () => partitionBy({ 'a b': 'x' }), /has the key name "a b"/],
    ['duplicate key name', () => partitionBy(['a.id', 'b.id']), /names the same partition key twice/],
    ['bad default', () => partitionBy(['a'], { onMissing: { default: '' } }), /option 'onMissing'/],
  ])('refuses %s at start-up', (_reason, make, message) => {
    expect(make).toThrow(message);
  });
});

describe('pipe', () => {
  it('runs steps in order and merges partition keys into later contexts and the result', () => {
    const seen: Record<string, string>[] = [];
    const pipeline = pipe(
      partitionBy(['a']),
      (record: JsonObject, ctx) => {
        seen.push({ ...ctx.partitionKeys });
        return ok(record, { b: 'two' });
      },
    );
    expect(pipeline({ a: 1 }, testContext)).toEqual(ok({ a: 1 }, { a: '1', b: 'two' }));
    expect(seen).toEqual([{ a: '1' }]);
  });
  it('stops at a dropped or failed step', () => {
    let ran = false;
    const after = (r: unknown): unknown => {
      ran = true;
      return r;
    };
    expect(pipe(() => drop('x'), after)(1, testContext)).toEqual(drop('x'));
    expect(errorOf(pipe(() => fail('bad'), after)(1, testContext)).message).toBe('bad');
    expect(ran).toBe(false);
  });
  it('turns a throwing step into a failed outcome naming the step', () => {
    const error = errorOf(pipe(pickFields(['a']), function explode(): never {
      throw new TypeError('boom');
    })({ a: 1 }, testContext));
    expect(error).toBeInstanceOf(TransformThrewError);
    expect(error.message).toBe('step 2 (explode) threw TypeError');
    expect((error.cause as Error).message).toBe('boom');
    expect(error.cause).toBeInstanceOf(TypeError);
  });
  it('refuses non-functions', () => {
    expect(() => (pipe as (...steps: unknown[]) => unknown)()).toThrow(/at least one transform/);
    expect(() => pipe(pickFields(['a']), 'x' as never)).toThrow(/step 2 is string/);
  });
});

const jsonObjects = fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })) as fc.Arbitrary<JsonValue>;
describeTransformContract('pickFields', pickFields(['a', 'b.c', 'constructor.name']));
describeTransformContract('omitFields', omitFields(['a', 'b.c']));
describeTransformContract('renameFields', renameFields({ a: 'b', 'c.d': 'e' }));
describeTransformContract('addFields', addFields({ added: 1, id: fromContext.recordId }));
describeTransformContract('filterRecords', filterRecords((r: JsonValue) => typeof r === 'object'));
describeTransformContract('partitionBy', partitionBy(['a', 'b.c'], { onMissing: { default: 'none' } }));
describeTransformContract('pipe', pipe(pickFields(['a', 'b']), renameFields({ a: 'z' }), addFields({ k: 1 })), jsonObjects);
