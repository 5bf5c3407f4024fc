import { createProcessRecordHandler } from '../processRecord.js';

/** Lambda entry point: configured from the environment once, at cold start. */
export const handler = createProcessRecordHandler(process.env);
