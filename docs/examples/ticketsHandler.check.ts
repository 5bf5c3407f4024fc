import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { silentLogger } from 'firehose-kit';
import { firehoseEventArbitrary, recordDataArbitrary, runHandlerChecked } from 'firehose-kit/testing';
import { createTicketsHandler } from './ticketsHandler.js';

/** The checks a transform author runs: one known record, then Firehose's output model for any batch. */
export async function checkTicketsHandler(): Promise<string> {
  const handler = createTicketsHandler({ logger: silentLogger, reingest: 'off' });
  const event = {
    invocationId: 'example',
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/tickets',
    region: 'us-east-1',
    records: [{ recordId: '1', approximateArrivalTimestamp: 0, data: Buffer.from('{"ticket":"TCK-2026-001234"}').toString('base64') }],
  };
  const response = await runHandlerChecked(handler, event);
  const line = Buffer.from(response.records[0]?.data ?? '', 'base64').toString('utf8');
  await fc.assert(
    fc.asyncProperty(firehoseEventArbitrary({ data: recordDataArbitrary('any') }), async (anyEvent) => {
      await runHandlerChecked(handler, anyEvent);
    }),
    { numRuns: 50 },
  );
  return line;
}
