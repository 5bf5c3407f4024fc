import { createCloudWatchLogsToJsonHandler } from '../cloudwatchLogsToJson.js';

/** Lambda entry point: configured from the environment once, at cold start. */
export const handler = createCloudWatchLogsToJsonHandler(process.env);
