/**
 * Environment variables declared once — kind, allowed values, default, range, secret or not — and one
 * reader that validates them at cold start from those declarations. Each blueprint reads its whole
 * environment through `readDeclaredEnv` (blueprints/environment.ts holds the declarations); `--help` and
 * the README are rendered from the same declarations (`describeVariables`, `npm run docs`).
 */
import { LAMBDA_RESPONSE_LIMIT_BYTES } from '../../limits/index.js';
import { BlueprintConfigError } from './errors.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './firehoseHandler.js';
import type { Env } from './env.js';

export interface EnvVariable {
  readonly kind: 'enum' | 'boolean' | 'integer' | 'list' | 'text';
  /** The allowed values of an enum (a boolean's are true and false; 1/0 and yes/no are read too). */
  readonly allowed?: readonly string[];
  /** The default as text; absent when there is none (the value is then `undefined`). */
  readonly default?: string;
  /** An integer's smallest and largest allowed values. */
  readonly min?: number;
  readonly max?: number;
  /** Text taken exactly as written: not trimmed, and an empty value is a value (e.g. CSV_NULL). */
  readonly verbatim?: boolean;
  /** A secret: never written into a template; read from Secrets Manager or SSM at cold start. */
  readonly secret?: boolean;
  /** Read only when these other variables have these values (e.g. PII_* only with REDACT_PII=true). */
  readonly when?: Readonly<Record<string, string>>;
  readonly summary: string;
}

/** The value a declaration reads as: boolean, number, list, one of the allowed values, or text. */
export type DeclaredValue<V> = V extends { readonly kind: 'boolean' }
  ? boolean
  : V extends { readonly kind: 'integer' }
    ? number
    : V extends { readonly kind: 'list' }
      ? readonly string[]
      : V extends { readonly allowed: readonly (infer A extends string)[] }
        ? A
        : string;

/** What `readDeclaredEnv` returns: every declared variable, `undefined` only where there is no default. */
export type DeclaredValues<T> = { readonly [K in keyof T]: T[K] extends { readonly default: string } ? DeclaredValue<T[K]> : DeclaredValue<T[K]> | undefined };

/** An enum declaration. */
export function oneOf<const A extends readonly string[]>(summary: string, allowed: A, fallback: A[number]): { readonly kind: 'enum'; readonly allowed: A; readonly default: A[number]; readonly summary: string } {
  return { kind: 'enum', allowed, default: fallback, summary };
}

/** A boolean declaration. */
export function flag(summary: string, fallback: 'true' | 'false'): { readonly kind: 'boolean'; readonly allowed: readonly ['true', 'false']; readonly default: 'true' | 'false'; readonly summary: string } {
  return { kind: 'boolean', allowed: ['true', 'false'], default: fallback, summary };
}

/** Read by every blueprint (handlerOptionsFromEnv). */
export const HANDLER_VARIABLES = {
  NEWLINE: /* @__PURE__ */ flag('append "\\n" to each output record that lacks one', 'true'),
  MAX_RESPONSE_BYTES: { kind: 'integer', min: 1_000, max: LAMBDA_RESPONSE_LIMIT_BYTES, default: String(DEFAULT_MAX_RESPONSE_BYTES), summary: 'response budget in bytes' },
  REINGEST: /* @__PURE__ */ oneOf('records past the budget: PutRecordBatch / PutRecords then Dropped, or ProcessingFailed', ['auto', 'off'], 'auto'),
  LOG_ERROR_MESSAGES: /* @__PURE__ */ flag("log the messages of errors that are not firehose-kit's own (they may quote record content)", 'false'),
} as const satisfies Record<string, EnvVariable>;

function refuse(name: string, value: string, problem: string, variable: EnvVariable): never {
  const fallback = variable.default === undefined ? '' : ` (default ${variable.default === '' ? '""' : variable.default})`;
  // A secret's value is never repeated in a message (it would land in the Lambda's init error log).
  throw new BlueprintConfigError(`environment variable ${name}${variable.secret === true ? '' : `=${JSON.stringify(value)}`} ${problem}${fallback}`);
}

/** One variable's value from its declaration; a value the declaration does not allow is refused. */
function readOne(name: string, variable: EnvVariable, env: Env): unknown {
  const given = env[name];
  const text = variable.verbatim === true ? given : given?.trim() === '' ? undefined : given?.trim();
  const value = text ?? variable.default;
  if (value === undefined) return undefined;
  switch (variable.kind) {
    case 'boolean': {
      const lower = value.toLowerCase();
      if (lower === 'true' || lower === '1' || lower === 'yes') return true;
      if (lower === 'false' || lower === '0' || lower === 'no') return false;
      return refuse(name, value, 'is not a boolean; use true or false', variable);
    }
    case 'integer': {
      const digits = value.replaceAll('_', '');
      const parsed = /^-?\d+$/.test(digits) ? Number(digits) : Number.NaN;
      const min = variable.min ?? Number.MIN_SAFE_INTEGER;
      const max = variable.max ?? Number.MAX_SAFE_INTEGER;
      if (Number.isSafeInteger(parsed) && parsed >= min && parsed <= max) return parsed;
      return refuse(name, value, `must be an integer from ${min} to ${max}`, variable);
    }
    case 'list':
      return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
    case 'enum':
      if (variable.allowed?.includes(value) === true) return value;
      return refuse(name, value, `is not allowed; use one of: ${(variable.allowed ?? []).join(', ')}`, variable);
    case 'text':
      return value;
  }
}

/**
 * Every declared variable read from `env` and validated: a value a declaration does not allow (not one of
 * an enum's values, not a boolean, not an integer in range) throws BlueprintConfigError naming the variable,
 * the allowed values and the default. Unset or blank variables take their declared default.
 */
export function readDeclaredEnv<const T extends Readonly<Record<string, EnvVariable>>>(variables: T, env: Env): DeclaredValues<T> {
  const out: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(variables)) out[name] = readOne(name, variable, env);
  return out as DeclaredValues<T>;
}

/** One line per variable: name, allowed values or kind (with an integer's range), default, summary (for --help). */
export function describeVariables(variables: Readonly<Record<string, EnvVariable>>): string[] {
  const width = Math.max(...Object.keys(variables).map((name) => name.length));
  return Object.entries(variables).map(([name, v]) => `${name.padEnd(width)}  ${describeVariable(v)}`);
}

/** A variable's description without its name: values, default, summary, condition. */
export function describeVariable(v: EnvVariable): string {
  return `${valuesText(v)} (${defaultText(v)}): ${v.summary}${whenText(v)}`;
}

/** The values column: an enum's values, or the kind with an integer's range. */
export function valuesText(v: EnvVariable): string {
  if (v.allowed !== undefined) return v.allowed.join('|');
  return v.kind === 'integer' && v.min !== undefined && v.max !== undefined ? `integer ${v.min} to ${v.max}` : v.kind;
}

function defaultText(v: EnvVariable): string {
  if (v.secret === true) return 'secret, no default';
  return v.default === undefined ? 'no default' : `default ${v.default === '' ? '""' : v.default}`;
}

function whenText(v: EnvVariable): string {
  return v.when === undefined ? '' : ` (read when ${Object.entries(v.when).map(([k, value]) => `${k}=${value}`).join(', ')})`;
}
