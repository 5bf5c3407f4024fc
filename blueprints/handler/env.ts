/**
 * One-variable readers for handlers that do not declare their environment in one place; each is the
 * declaration-driven reader (declaredEnv.ts) applied to one declaration, so the rules and messages are the
 * same: a bad value stops the Lambda at cold start with a message naming the variable, the value's problem
 * and the allowed values. Blank or unset variables take the fallback.
 */
import { readDeclaredEnv, type EnvVariable } from './declaredEnv.js';

export type Env = Readonly<Record<string, string | undefined>>;

function readOne(env: Env, name: string, variable: EnvVariable): unknown {
  return readDeclaredEnv({ [name]: variable }, env)[name];
}

export function readEnvString(env: Env, name: string, fallback: string): string {
  return readOne(env, name, { kind: 'text', default: fallback, summary: '' }) as string;
}

export function readEnvEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  return readOne(env, name, { kind: 'enum', allowed, default: fallback, summary: '' }) as T;
}

export function readEnvBoolean(env: Env, name: string, fallback: boolean): boolean {
  return readOne(env, name, { kind: 'boolean', allowed: ['true', 'false'], default: String(fallback), summary: '' }) as boolean;
}

/** A comma-separated list; empty items are ignored. */
export function readEnvList(env: Env, name: string, fallback: readonly string[]): readonly string[] {
  return (readOne(env, name, { kind: 'list', summary: '' }) as readonly string[] | undefined) ?? fallback;
}

export function readEnvInt(env: Env, name: string, limits: { min: number; max: number; fallback: number }): number {
  return readOne(env, name, { kind: 'integer', min: limits.min, max: limits.max, default: String(limits.fallback), summary: '' }) as number;
}
