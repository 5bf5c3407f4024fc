import { createCleanJsonHandler } from '../cleanJson.js';

/** Lambda entry point: configured from the environment once, at cold start. */
export const handler = createCleanJsonHandler(process.env);
