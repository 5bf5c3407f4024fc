/**
 * Blueprint `process-record`: decode each record as JSON, optionally keep only some fields, and write it
 * back as one JSON line. The starting point for most pipelines.
 *
 * Environment: FIELDS (comma-separated field paths to keep, e.g. "id,user.name"; default: all fields),
 * plus NEWLINE, MAX_RESPONSE_BYTES and REINGEST (see handlerEnv.ts).
 */
import { parseJson } from '../transforms/json/index.js';
import { pickFields } from '../transforms/fields/index.js';
import { pipe } from '../transforms/core/index.js';
import { toJsonLine } from '../transforms/json/index.js';
import type { RecordPipeline } from '../transforms/core/index.js';
import { readEnvList, type Env } from './handler/index.js';
import { firehoseHandler, type FirehoseKitHandler } from './handler/index.js';
import { handlerOptionsFromEnv, type HandlerOverrides } from './handler/index.js';

export interface ProcessRecordConfig {
  /** Field paths to keep; empty keeps the whole record. */
  readonly fields: readonly string[];
}

export const PROCESS_RECORD_ENV = {
  FIELDS: 'comma-separated field paths to keep, e.g. "id,user.name" (default: keep every field)',
} as const;

export function processRecordConfigFromEnv(env: Env): ProcessRecordConfig {
  return { fields: readEnvList(env, 'FIELDS', []) };
}

export function processRecordPipeline(config: ProcessRecordConfig): RecordPipeline {
  return config.fields.length === 0 ? pipe(parseJson(), toJsonLine()) : pipe(parseJson(), pickFields(config.fields), toJsonLine());
}

export function createProcessRecordHandler(env: Env, overrides: HandlerOverrides = {}): FirehoseKitHandler {
  return firehoseHandler(processRecordPipeline(processRecordConfigFromEnv(env)), handlerOptionsFromEnv(env, overrides));
}
