/**
 * The narrow logger the handler needs. The default writes one JSON object per line to stdout, in the
 * shape Powertools for AWS Lambda writes (`level`, `message`, `timestamp`, `service`, `xray_trace_id`,
 * then the attributes), so CloudWatch Logs Insights queries work on either. It replaced the Powertools
 * Logger in the Lambda bundles, where that library was a fifth of every bundle for three calls (README,
 * "Dependencies and why"); a Powertools `Logger` still fits `HandlerLogger` and can be passed as `logger`.
 * Attributes carry ids, counts and error classes only, never record content.
 */
export interface HandlerLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** Severity of each level name (Powertools' names and order); a record is written when its level is at least the threshold. */
const LEVELS: Readonly<Record<string, number>> = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 };
const RESERVED = new Set(['level', 'message', 'timestamp', 'service', 'xray_trace_id']);

export interface JsonLoggerOptions {
  /** Service name; default POWERTOOLS_SERVICE_NAME, else "firehose-kit". */
  readonly serviceName?: string;
  /** Where lines go; default process.stdout. */
  readonly write?: (line: string) => void;
  /** Environment to read the level and trace id from; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Clock; default Date.now. */
  readonly now?: () => number;
}

/** The level threshold: AWS_LAMBDA_LOG_LEVEL (Lambda's advanced logging controls), else POWERTOOLS_LOG_LEVEL, else LOG_LEVEL, else INFO. */
function threshold(env: Readonly<Record<string, string | undefined>>): number {
  for (const name of ['AWS_LAMBDA_LOG_LEVEL', 'POWERTOOLS_LOG_LEVEL', 'LOG_LEVEL']) {
    const level = LEVELS[(env[name] ?? '').trim().toUpperCase()];
    if (level !== undefined) return level;
  }
  return LEVELS['INFO']!;
}

/**
 * A structured JSON logger. An attribute named like one of the line's own keys is written as
 * `attribute_<name>` rather than dropped; bigint values are written as strings.
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): HandlerLogger {
  const env = options.env ?? process.env;
  const service = options.serviceName ?? env['POWERTOOLS_SERVICE_NAME'] ?? 'firehose-kit';
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const now = options.now ?? Date.now;
  const min = threshold(env);
  const log = (level: string, message: string, attributes: Record<string, unknown>): void => {
    if (LEVELS[level]! < min) return;
    // No prototype: an attribute named __proto__ is then an ordinary key, written like any other.
    const line = Object.assign(Object.create(null) as Record<string, unknown>, { level, message, timestamp: new Date(now()).toISOString(), service });
    // The trace id changes per invocation: Lambda sets _X_AMZN_TRACE_ID before each one.
    const trace = /Root=([^;]+)/.exec(env['_X_AMZN_TRACE_ID'] ?? '')?.[1];
    if (trace !== undefined) line['xray_trace_id'] = trace;
    for (const [key, value] of Object.entries(attributes)) line[RESERVED.has(key) ? `attribute_${key}` : key] = value;
    write(`${JSON.stringify(line, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}\n`);
  };
  return {
    info: (message, attributes) => log('INFO', message, attributes),
    warn: (message, attributes) => log('WARN', message, attributes),
    error: (message, attributes) => log('ERROR', message, attributes),
  };
}

/** The handler's default: structured JSON lines on stdout (service from POWERTOOLS_SERVICE_NAME, level as createJsonLogger reads it). */
export function createDefaultLogger(): HandlerLogger {
  return createJsonLogger();
}

/** A logger that keeps nothing (used when the caller reports on its own, as the offline CLI does). */
export const silentLogger: HandlerLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
