/**
 * Validated environment-variable readers for blueprint Lambdas. They run at cold start: a bad value
 * stops the Lambda from starting, with a message naming the variable, the value's problem and the
 * allowed values, instead of failing records one by one later.
 */
import { BlueprintConfigError } from './errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function readEnvString(env: Env, name: string, fallback: string): string {
  return raw(env, name) ?? fallback;
}

export function readEnvEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new BlueprintConfigError(`environment variable ${name}=${JSON.stringify(value)} is not allowed; use one of: ${allowed.join(', ')} (default ${fallback})`);
}

export function readEnvBoolean(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === '1' || lower === 'yes') return true;
  if (lower === 'false' || lower === '0' || lower === 'no') return false;
  throw new BlueprintConfigError(`environment variable ${name}=${JSON.stringify(value)} is not a boolean; use true or false (default ${fallback})`);
}

/** A comma-separated list; empty items are ignored. */
export function readEnvList(env: Env, name: string, fallback: readonly string[]): readonly string[] {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

export function readEnvInt(env: Env, name: string, limits: { min: number; max: number; fallback: number }): number {
  const value = raw(env, name);
  if (value === undefined) return limits.fallback;
  const parsed = /^-?\d+$/.test(value.replaceAll('_', '')) ? Number(value.replaceAll('_', '')) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < limits.min || parsed > limits.max) {
    throw new BlueprintConfigError(`environment variable ${name}=${JSON.stringify(value)} must be an integer from ${limits.min} to ${limits.max} (default ${limits.fallback})`);
  }
  return parsed;
}
