/**
 * The blueprints that `npm run transform -- --blueprint NAME` and the esbuild build know about. Each
 * has an entry file `blueprints/entries/<name>.ts` that exports `handler` for Lambda.
 */
import type { Env } from './env.js';
import type { FirehoseKitHandler } from './firehoseHandler.js';
import type { HandlerOverrides } from './handlerEnv.js';
import { createProcessRecordHandler, PROCESS_RECORD_ENV } from './processRecord.js';

export interface BlueprintDefinition {
  readonly description: string;
  readonly create: (env: Env, overrides?: HandlerOverrides) => FirehoseKitHandler;
  /** How a producer record reaches Firehose: as the line's bytes, or gzip-compressed (CloudWatch Logs subscriptions). */
  readonly producerEncoding: 'raw' | 'gzip';
  /** The blueprint's own environment variables (besides NEWLINE, MAX_RESPONSE_BYTES, REINGEST), for docs and --help. */
  readonly env: Readonly<Record<string, string>>;
}

export const blueprints: Readonly<Record<string, BlueprintDefinition>> = {
  'process-record': {
    description: 'decode JSON, optionally keep some fields, write JSON lines',
    create: createProcessRecordHandler,
    producerEncoding: 'raw',
    env: PROCESS_RECORD_ENV,
  },
};
