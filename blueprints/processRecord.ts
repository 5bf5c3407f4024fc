/**
 * Blueprint `process-record`: decode each record as JSON, optionally keep only some fields, and write it
 * back as one JSON line. The starting point for most pipelines.
 *
 * Environment: PROCESS_RECORD_VARIABLES and HANDLER_VARIABLES (blueprints/environment.ts), checked at
 * cold start.
 */
import { parseJson } from '../transforms/json/index.js';
import { pickFields } from '../transforms/fields/index.js';
import { pipe } from '../transforms/core/index.js';
import { toJsonLine } from '../transforms/json/index.js';
import type { RecordPipeline } from '../transforms/core/index.js';
import { readDeclaredEnv, type Env } from './handler/index.js';
import { firehoseHandler, type FirehoseKitHandler } from './handler/index.js';
import { handlerOptionsFromEnv, type HandlerOverrides } from './handler/index.js';
import { checkBlueprintEnv, PROCESS_RECORD_VARIABLES } from './environment.js';

export interface ProcessRecordConfig {
  /** Field paths to keep; empty keeps the whole record. */
  readonly fields: readonly string[];
}

export function processRecordConfigFromEnv(env: Env): ProcessRecordConfig {
  return { fields: readDeclaredEnv(PROCESS_RECORD_VARIABLES, env).FIELDS ?? [] };
}

export function processRecordPipeline(config: ProcessRecordConfig): RecordPipeline {
  return config.fields.length === 0 ? pipe(parseJson(), toJsonLine()) : pipe(parseJson(), pickFields(config.fields), toJsonLine());
}

export function createProcessRecordHandler(env: Env, overrides: HandlerOverrides = {}): FirehoseKitHandler {
  checkBlueprintEnv('process-record', env);
  return firehoseHandler(processRecordPipeline(processRecordConfigFromEnv(env)), handlerOptionsFromEnv(env, overrides));
}
