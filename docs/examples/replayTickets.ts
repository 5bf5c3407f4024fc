import { LocalFolderSink, rawDelivery, readProducerRecords, replay, type ReplaySummary } from 'firehose-kit';
import { createTicketsHandler } from './ticketsHandler.js';

/** Replays a file of JSON lines through the handler as Firehose would, writing what S3 would get into `out`. */
export async function replayTickets(file: string, out: string): Promise<ReplaySummary> {
  const sink = await LocalFolderSink.open(out);
  return replay({
    createHandler: (overrides) => createTicketsHandler(overrides),
    records: readProducerRecords(file),
    delivery: rawDelivery(sink, { streamName: 'tickets', bufferBytes: 5 * 1024 * 1024, bufferSeconds: 300 }),
    streamName: 'tickets',
    region: 'us-east-1',
    lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:tickets',
    startTime: Date.UTC(2026, 10, 30, 12),
  });
}
