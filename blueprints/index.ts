/** The ready blueprints and their registry. */
export { createApacheErrorLogToJsonHandler } from './apacheErrorLogToJson.js';
export { createApacheLogToCsvHandler } from './apacheLogToCsv.js';
export { createApacheLogToJsonHandler } from './apacheLogToJson.js';
export { createCleanJsonHandler } from './cleanJson.js';
export { createCloudWatchLogsToJsonHandler } from './cloudwatchLogsToJson.js';
export { createPiiRedactionHandler } from './piiRedaction.js';
export { createProcessRecordHandler, type ProcessRecordConfig, processRecordPipeline } from './processRecord.js';
export { type BlueprintDefinition, blueprints } from './registry.js';
export { createSyslogToCsvHandler } from './syslogToCsv.js';
export { createSyslogToJsonHandler } from './syslogToJson.js';
export { blueprintVariables, BLUEPRINT_VARIABLES, describeVariables, editDistance, type EnvVariable, HANDLER_VARIABLES, secretVariables } from './environment.js';
