/**
 * The contract every transform passes: on any input it is deterministic, leaves its input unchanged,
 * never throws (bad records become failed outcomes), and never touches Object.prototype, even on
 * records carrying `__proto__` / `constructor.prototype` keys.
 */
import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { jsonTextWithNumbers } from '../../testing/arbitraries.js';
import type { RecordContext, Transform } from '../../transforms/core/types.js';
import { parseJson } from '../../transforms/json/parseJson.js';

export const testContext: RecordContext = {
  recordId: '49546986683135544286507457936321625675700192471156785154',
  arrivalTimestamp: 1_700_000_000_000,
  partitionKeys: {},
  source: { deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/test', region: 'us-east-1', invocationId: 'test' },
};

/** JSON values with hostile keys mixed in, built by JSON.parse as a parsed record would be. */
export const hostileJson: fc.Arbitrary<unknown> = fc
  .tuple(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'), fc.jsonValue({ maxDepth: 2 }))
  .map(([value, key, inner]) => JSON.parse(`{"${key}":${JSON.stringify({ prototype: inner, polluted: true })},"v":${JSON.stringify(value)}}`) as unknown);

/** JSON values as parseJson gives them, with JsonNumbers (numbers a float64 would change) among them. */
export const exactNumberJson: fc.Arbitrary<unknown> = jsonTextWithNumbers(4).map((text) => parseJson()(text, testContext) as unknown);

export function describeTransformContract<I>(name: string, transform: Transform<I, unknown>, input?: fc.Arbitrary<I>, options: { numRuns?: number } = {}): void {
  const inputs = (input ?? (fc.oneof(fc.jsonValue({ maxDepth: 5 }), hostileJson, exactNumberJson) as fc.Arbitrary<unknown>)) as fc.Arbitrary<I>;
  const numRuns = options.numRuns ?? 200;
  describe(`${name}: transform contract`, () => {
    it('is deterministic, does not mutate its input or the context, never throws, never pollutes prototypes', () => {
      const prototypeKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort();
      fc.assert(
        fc.property(inputs, (value) => {
          // Prepare
          const snapshot = structuredClone(value);
          const ctx = structuredClone(testContext);
          // Act
          const first = transform(value, ctx);
          const second = transform(value, ctx);
          // Assess
          expect(isDeepStrictEqual(comparable(first), comparable(second))).toBe(true);
          expect(isDeepStrictEqual(comparable(value), comparable(snapshot))).toBe(true);
          expect(ctx).toEqual(testContext);
          expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        }),
        { numRuns },
      );
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeysBefore);
    });
  });
}

/** Errors compare by class and message (two runs make two Error objects with different stacks). */
export function comparable(value: unknown): unknown {
  if (value instanceof Error) return { errorClass: value.name, message: value.message };
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string | symbol, unknown> = {};
    for (const key of Reflect.ownKeys(value)) {
      Object.defineProperty(out, key, { value: comparable((value as Record<string | symbol, unknown>)[key]), enumerable: true });
    }
    return out;
  }
  return value;
}
