import { TransformThrewError } from './errors.js';
import { fail, isOutcome, ok } from './outcome.js';
import type { Outcome, RecordContext, Transform } from './types.js';

/**
 * Composes transforms left to right. A dropped or failed outcome stops the pipeline; partition keys
 * from `ok(value, partitionKeys)` are merged into the context seen by later steps and returned in the
 * final outcome. A step that throws becomes a failed outcome naming the step, with the error as cause.
 */
export function pipe<A, B>(t1: Transform<A, B>): Transform<A, B>;
export function pipe<A, B, C>(t1: Transform<A, B>, t2: Transform<B, C>): Transform<A, C>;
export function pipe<A, B, C, D>(t1: Transform<A, B>, t2: Transform<B, C>, t3: Transform<C, D>): Transform<A, D>;
export function pipe<A, B, C, D, E>(
  t1: Transform<A, B>,
  t2: Transform<B, C>,
  t3: Transform<C, D>,
  t4: Transform<D, E>,
): Transform<A, E>;
export function pipe<A, B, C, D, E, F>(
  t1: Transform<A, B>,
  t2: Transform<B, C>,
  t3: Transform<C, D>,
  t4: Transform<D, E>,
  t5: Transform<E, F>,
): Transform<A, F>;
export function pipe<A, B, C, D, E, F, G>(
  t1: Transform<A, B>,
  t2: Transform<B, C>,
  t3: Transform<C, D>,
  t4: Transform<D, E>,
  t5: Transform<E, F>,
  t6: Transform<F, G>,
): Transform<A, G>;
export function pipe<A, B, C, D, E, F, G, H>(
  t1: Transform<A, B>,
  t2: Transform<B, C>,
  t3: Transform<C, D>,
  t4: Transform<D, E>,
  t5: Transform<E, F>,
  t6: Transform<F, G>,
  t7: Transform<G, H>,
): Transform<A, H>;
/** Longer or dynamically built pipelines: the steps' types are not checked against each other. */
export function pipe<I = unknown, O = unknown>(...steps: [Transform<I, unknown>, ...Transform<never, unknown>[]]): Transform<I, O>;
export function pipe(...steps: Transform<never, unknown>[]): Transform<never, unknown> {
  if (steps.length === 0) throw new TypeError('pipe: give at least one transform, e.g. pipe(parseJson(), toJsonLine())');
  steps.forEach((step, index) => {
    if (typeof step !== 'function') {
      throw new TypeError(`pipe: step ${index + 1} is ${typeof step}, not a transform; pass the result of a factory such as parseJson()`);
    }
  });
  return function piped(input: unknown, ctx: RecordContext): Outcome<unknown> {
    let value = input;
    let context = ctx;
    let addedKeys: Record<string, string> | undefined;
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index]!;
      let result: unknown;
      try {
        result = (step as Transform<unknown, unknown>)(value, context);
      } catch (error) {
        const name = step.name === '' ? 'anonymous' : step.name;
        // The thrown error's message is not ours and may quote the record (V8's JSON.parse does): it stays in
        // `cause`, which the handler logs only when told to (logErrorMessages).
        const reason = error instanceof Error ? error.name : `a non-Error ${typeof error}`;
        return fail(new TransformThrewError(`step ${index + 1} (${name}) threw ${reason}`, { cause: error }));
      }
      if (!isOutcome(result)) {
        value = result;
        continue;
      }
      const outcome = result;
      if ('value' in outcome) {
        value = outcome.value;
        if (outcome.partitionKeys !== undefined) {
          addedKeys = { ...addedKeys, ...outcome.partitionKeys };
          context = { ...context, partitionKeys: { ...context.partitionKeys, ...outcome.partitionKeys } };
        }
        continue;
      }
      return outcome;
    }
    return ok(value, addedKeys);
  };
}
