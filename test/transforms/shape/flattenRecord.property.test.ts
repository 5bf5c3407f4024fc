/**
 * Property tests of flattenRecord and unflattenRecord: unflattening a flattened object gives it back
 * for any JSON object whose keys do not contain the separator (deep random JSON, hostile keys included);
 * flattening never loses or merges a value, whatever the keys; Object.prototype is never touched.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { flattenRecord } from '../../../transforms/shape/flattenRecord.js';
import { isOutcome } from '../../../transforms/core/outcome.js';
import { isJsonObject } from '../../../transforms/core/requireObject.js';
import type { JsonObject, JsonValue } from '../../../transforms/core/types.js';
import { unflattenRecord } from '../../../transforms/shape/unflattenRecord.js';
import { testContext } from '../../helpers/transformContract.js';

const NUM_RUNS = 200;

const scalarText = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)).map((value) => JSON.stringify(value));

/**
 * JSON text of deep random objects whose keys avoid `forbidden` (and, when `noIndexKeys`, are not
 * array indexes); parsed as a record would be, so `__proto__` keys are own keys.
 */
function objects(forbidden: string, noIndexKeys = false): fc.Arbitrary<JsonObject> {
  const key = fc
    .oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '', 'a', 'b'))
    .filter((k) => !k.includes(forbidden) && !(noIndexKeys && /^(?:0|[1-9][0-9]*)$/.test(k)));
  const { object } = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalarText, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
    object: fc.uniqueArray(fc.tuple(key, tie('value')), { maxLength: 5, selector: ([k]) => k }).map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  }));
  return object.map((text) => JSON.parse(text) as JsonObject);
}

/** Leaves as flattenRecord (arrays kept) sees them: primitives, arrays and empty objects. */
function countLeaves(value: JsonValue): number {
  if (!isJsonObject(value)) return 1;
  const keys = Object.keys(value);
  return keys.length === 0 ? 1 : keys.reduce((sum, key) => sum + countLeaves(value[key]!), 0);
}

describe('flattenRecord / unflattenRecord properties', () => {
  it.each(['_', '.', '/', ':'])('unflattenRecord(flattenRecord(x)) equals x for keys without the separator %j', (separator) => {
    // Prepare
    const flatten = flattenRecord({ separator });
    const unflatten = unflattenRecord({ separator });
    fc.assert(
      fc.property(objects(separator), (record) => {
        // Act
        const flat = flatten(record, testContext);
        const back = unflatten(flat as JsonValue, testContext);
        // Assess
        expect(isOutcome(flat)).toBe(false);
        expect(isDeepStrictEqual(back, record)).toBe(true);
        expect(JSON.stringify(back)).toBe(JSON.stringify(record));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('round-trips with indexed arrays too (keys that are not array indexes)', () => {
    // Prepare
    const flatten = flattenRecord({ arrays: 'index' });
    const unflatten = unflattenRecord({ arrays: 'index' });
    fc.assert(
      fc.property(objects('_', true), (record) => {
        // Act
        const back = unflatten(flatten(record, testContext) as JsonValue, testContext);
        // Assess
        expect(isDeepStrictEqual(back, record)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('never loses or merges a value: one flat key per leaf, whatever the keys (collisions numbered)', () => {
    // Prepare
    const flatten = flattenRecord({ collisionReportField: null });
    fc.assert(
      fc.property(objects('\u0000'), (record) => {
        // Act
        const flat = flatten(record, testContext);
        // Assess
        expect(isOutcome(flat)).toBe(false);
        const values = Object.values(flat as JsonObject);
        expect(values.length).toBe(Object.keys(record).length === 0 ? 0 : countLeaves(record));
        for (const value of values) expect(typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('leaves Object.prototype untouched on any input, flattened and unflattened with any separator', () => {
    // Prepare
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(objects('\u0000'), fc.constantFrom('_', '.', '/'), (record, separator) => {
        // Act
        const flat = flattenRecord({ separator })(record, testContext);
        if (!isOutcome(flat)) unflattenRecord({ separator })(flat, testContext);
        // Assess
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
