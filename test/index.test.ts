/**
 * The package entry point: the pipeline from the README's "Writing a pipeline" section, built only from
 * the public exports, runs as a Firehose handler.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import * as entryPoint from '../index.js';
import { addFields, filterRecords, firehoseHandler, fromContext, parseJson, partitionBy, pipe, silentLogger, toJsonLine, catalog, blueprints } from '../index.js';
import { runHandlerChecked } from '../testing/index.js';
import { eventOf } from './helpers/events.js';

describe('firehose-kit entry point', () => {
  it('runs the README pipeline from the public exports', async () => {
    // Prepare
    const handler = firehoseHandler(
      pipe(
        parseJson(),
        filterRecords((r) => (r as { level?: string }).level !== 'debug', { reason: 'debug log' }),
        partitionBy(['customer_id']),
        addFields({ received_at: fromContext.arrivalTime }),
        toJsonLine(),
      ),
      { logger: silentLogger },
    );
    // Act
    const response = await runHandlerChecked(handler, eventOf(['{"level":"info","customer_id":7}', '{"level":"debug","customer_id":7}', 'oops']));
    // Assess
    expect(response.records.map((r) => r.result)).toEqual(['Ok', 'Dropped', 'ProcessingFailed']);
    expect(Buffer.from(response.records[0]!.data!, 'base64').toString()).toBe('{"level":"info","customer_id":7,"received_at":"2023-11-14T22:13:20.000Z"}\n');
    expect(response.records[0]!.metadata).toEqual({ partitionKeys: { customer_id: '7' } });
  });

  it('lists every blueprint and transform', () => {
    expect(Object.keys(blueprints).sort()).toEqual(['apache-error-log-to-json', 'apache-log-to-csv', 'apache-log-to-json', 'clean-json', 'cloudwatch-logs-to-json', 'pii-redaction', 'process-record', 'syslog-to-csv', 'syslog-to-json']);
    // Every catalogued transform is public, once (npm run new-transform adds both).
    expect(catalog.length).toBeGreaterThanOrEqual(17);
    expect(new Set(catalog.map((entry) => entry.name)).size).toBe(catalog.length);
    for (const entry of catalog) expect(typeof (entryPoint as Record<string, unknown>)[entry.name], entry.name).toBe('function');
  });
});
