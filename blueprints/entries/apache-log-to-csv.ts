import { createApacheLogToCsvHandler } from '../apacheLogToCsv.js';

/** Lambda entry point: configured from the environment once, at cold start. */
export const handler = createApacheLogToCsvHandler(process.env);
