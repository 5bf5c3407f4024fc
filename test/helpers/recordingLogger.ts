import type { HandlerLogger } from '../../blueprints/handler/logger.js';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  attributes: Record<string, unknown>;
}

/** A logger that records its lines, for asserting what the handler logs (and what it never logs). */
export function recordingLogger(): HandlerLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (message, attributes) => void lines.push({ level: 'info', message, attributes }),
    warn: (message, attributes) => void lines.push({ level: 'warn', message, attributes }),
    error: (message, attributes) => void lines.push({ level: 'error', message, attributes }),
  };
}
