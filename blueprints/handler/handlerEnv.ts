import { DEFAULT_MAX_RESPONSE_BYTES, type FirehoseHandlerOptions } from './firehoseHandler.js';
import { LAMBDA_RESPONSE_LIMIT_BYTES } from '../../limits/index.js';
import { readEnvBoolean, readEnvEnum, readEnvInt, type Env } from './env.js';

/** What a caller may set on a blueprint's handler beyond its environment (tests, the offline CLI). */
export type HandlerOverrides = Pick<FirehoseHandlerOptions, 'logger' | 'reingest' | 'maxResponseBytes' | 'newline'>;

/** The environment variables every blueprint reads, with their defaults. */
export const HANDLER_ENV = {
  NEWLINE: 'append "\\n" to each output record that lacks one: true (default) or false',
  MAX_RESPONSE_BYTES: `response budget in bytes, 1000 to ${LAMBDA_RESPONSE_LIMIT_BYTES} (default ${DEFAULT_MAX_RESPONSE_BYTES})`,
  REINGEST: 'records past the budget: auto (default; PutRecordBatch / PutRecords, then Dropped) or off (ProcessingFailed)',
  LOG_ERROR_MESSAGES: 'log the messages of errors that are not firehose-kit\'s own (they may quote record content): false (default) or true',
} as const;

/** Handler options from the common environment variables, with the caller's overrides on top. */
export function handlerOptionsFromEnv(env: Env, overrides: HandlerOverrides = {}): FirehoseHandlerOptions {
  return {
    newline: readEnvBoolean(env, 'NEWLINE', true),
    maxResponseBytes: readEnvInt(env, 'MAX_RESPONSE_BYTES', { min: 1_000, max: LAMBDA_RESPONSE_LIMIT_BYTES, fallback: DEFAULT_MAX_RESPONSE_BYTES }),
    reingest: readEnvEnum(env, 'REINGEST', ['auto', 'off'] as const, 'auto'),
    logErrorMessages: readEnvBoolean(env, 'LOG_ERROR_MESSAGES', false),
    ...overrides,
  };
}
