import type { FirehoseHandlerOptions } from './firehoseHandler.js';
import { describeVariable, HANDLER_VARIABLES, readDeclaredEnv } from './declaredEnv.js';
import type { Env } from './env.js';

/** What a caller may set on a blueprint's handler beyond its environment (tests, the offline CLI). */
export type HandlerOverrides = Pick<FirehoseHandlerOptions, 'logger' | 'reingest' | 'maxResponseBytes' | 'newline'>;

/** The environment variables every blueprint reads, one line each (values, default, summary), from HANDLER_VARIABLES. */
export const HANDLER_ENV: Readonly<Record<string, string>> = /* @__PURE__ */ Object.fromEntries(Object.entries(HANDLER_VARIABLES).map(([name, v]) => [name, describeVariable(v)]));

/** Handler options from the common environment variables (validated by their declarations), with the caller's overrides on top. */
export function handlerOptionsFromEnv(env: Env, overrides: HandlerOverrides = {}): FirehoseHandlerOptions {
  const values = readDeclaredEnv(HANDLER_VARIABLES, env);
  return {
    newline: values.NEWLINE,
    maxResponseBytes: values.MAX_RESPONSE_BYTES,
    reingest: values.REINGEST,
    logErrorMessages: values.LOG_ERROR_MESSAGES,
    ...overrides,
  };
}
