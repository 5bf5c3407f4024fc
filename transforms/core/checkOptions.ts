import { TransformOptionError } from './errors.js';

/**
 * Start-up check shared by transform factories: options must be a plain object with known keys only,
 * so that a typo (`maxDeph`) fails loudly instead of being ignored.
 */
export function checkOptionKeys(transform: string, options: unknown, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TransformOptionError(transform, 'options', `must be an object, got ${options === null ? 'null' : Array.isArray(options) ? 'array' : typeof options}`, `Call ${transform}({ … }) or ${transform}().`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TransformOptionError(transform, key, 'is not a known option', `Known options: ${allowed.join(', ')}.`);
    }
  }
}

/** Checks that an option is one of a closed set of values. */
export function checkOneOf<T extends string>(transform: string, option: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new TransformOptionError(transform, option, `is ${JSON.stringify(value)}`, `Use one of: ${allowed.map((a) => `'${a}'`).join(', ')}.`);
}

/** Checks that an option is an integer within bounds. */
export function checkInteger(transform: string, option: string, value: unknown, min: number, max: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  throw new TransformOptionError(transform, option, `is ${JSON.stringify(value)}`, `Use an integer from ${min} to ${max}.`);
}
