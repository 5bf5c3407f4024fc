/** Log parsing: Apache/NGINX access logs, syslog, CloudWatch Logs subscriptions, CSV output. */
export { processCloudWatchLogs, type ProcessCloudWatchLogsOptions, splitCloudWatchRecord } from './cloudwatchLogs.js';
export { APACHE_ERROR_LOG_FIELDS, parseApacheErrorLog, type ParseApacheErrorLogOptions } from './parseApacheErrorLog.js';
export { apacheLogFieldNames, parseApacheLog, type ParseApacheLogOptions } from './parseApacheLog.js';
export { parseSyslog, type ParseSyslogOptions } from './parseSyslog.js';
export { csvHeader, toCsvLine, type ToCsvLineOptions } from './toCsvLine.js';
