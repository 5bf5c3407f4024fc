import { firehoseHandler, parseJson, pipe, toJsonLine, type FirehoseHandlerOptions, type FirehoseKitHandler } from 'firehose-kit';
import { maskTicketIds } from './maskTicketIds.js';

/** A blueprint: decode JSON, mask ticket ids, write JSON lines. The Lambda entry point is `handler`. */
export function createTicketsHandler(options: FirehoseHandlerOptions = {}): FirehoseKitHandler {
  return firehoseHandler(pipe(parseJson(), maskTicketIds({ keep: 4 }), toJsonLine()), options);
}

export const handler = createTicketsHandler();
