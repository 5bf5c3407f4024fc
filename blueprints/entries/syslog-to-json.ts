import { createSyslogToJsonHandler } from '../syslogToJson.js';

/** Lambda entry point: configured from the environment once, at cold start. */
export const handler = createSyslogToJsonHandler(process.env);
