import { createApacheLogToJsonHandler } from '../apacheLogToJson.js';

/** Lambda entry point: configured from the environment once, at cold start. */
export const handler = createApacheLogToJsonHandler(process.env);
