import { createPiiRedactionHandler } from '../piiRedaction.js';

/** Lambda entry point: configured from the environment once, at cold start. */
export const handler = createPiiRedactionHandler(process.env);
