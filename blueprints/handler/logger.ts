import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The narrow logger the handler needs. Powertools' Logger fits it; tests and the offline CLI pass their
 * own. Attributes carry ids, counts and error classes only, never record content.
 */
export interface HandlerLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** Structured JSON logs through Powertools (service name from POWERTOOLS_SERVICE_NAME, level from POWERTOOLS_LOG_LEVEL). */
export function createDefaultLogger(): HandlerLogger {
  const logger = new Logger({ serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? 'firehose-kit' });
  return {
    info: (message, attributes) => logger.info(message, attributes),
    warn: (message, attributes) => logger.warn(message, attributes),
    error: (message, attributes) => logger.error(message, attributes),
  };
}

/** A logger that keeps nothing (used when the caller reports on its own, as the offline CLI does). */
export const silentLogger: HandlerLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
