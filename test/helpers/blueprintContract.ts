/**
 * The contract every blueprint passes: for any batch Firehose could send (Direct PUT or Kinesis source,
 * any data), the response keeps Firehose's output model; with a small response budget the overflow is
 * re-ingested and nothing is lost. AWS clients are mocked so no test ever reaches AWS.
 */
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FirehoseKitHandler } from '../../blueprints/handler/firehoseHandler.js';
import type { HandlerOverrides } from '../../blueprints/handler/handlerEnv.js';
import { silentLogger } from '../../blueprints/handler/logger.js';
import { firehoseEventArbitrary, memoryReingestSink, runHandlerChecked } from '../../testing/index.js';
import { awsReingestSink } from '../../aws/reingestSink.js';
import { setDefaultReingestSink } from '../../blueprints/handler/reingest.js';

// The 'auto' re-ingestion path goes through the AWS SDK (mocked below), as the Lambda entries wire it.
setDefaultReingestSink(awsReingestSink);

export interface BlueprintContractOptions {
  /** Property runs per test. Default 200. */
  readonly numRuns?: number;
}

export function describeBlueprintContract(
  name: string,
  makeHandler: (overrides: HandlerOverrides) => FirehoseKitHandler,
  data: fc.Arbitrary<Uint8Array>,
  options: BlueprintContractOptions = {},
): void {
  const numRuns = options.numRuns ?? 200;
  describe(`blueprint ${name}: Firehose contract`, () => {
    const firehose = mockClient(FirehoseClient);
    const kinesis = mockClient(KinesisClient);
    beforeAll(() => {
      firehose.on(PutRecordBatchCommand).callsFake((input: { Records?: unknown[] }) => ({ FailedPutCount: 0, RequestResponses: (input.Records ?? []).map(() => ({ RecordId: 'r' })) }));
      kinesis.on(PutRecordsCommand).callsFake((input: { Records?: unknown[] }) => ({ FailedRecordCount: 0, Records: (input.Records ?? []).map(() => ({ SequenceNumber: '1', ShardId: 's' })) }));
    });
    afterAll(() => {
      firehose.restore();
      kinesis.restore();
    });

    it('answers every batch with the same recordIds in order, valid results and base64, failed records unchanged, within 6,000,000 bytes, input untouched', async () => {
      // Prepare
      const handler = makeHandler({ logger: silentLogger });
      await fc.assert(
        fc.asyncProperty(firehoseEventArbitrary({ data, maxRecords: 12 }), async (event) => {
          // Act / Assess
          await runHandlerChecked(handler, event, { maxResponseBytes: 6_000_000 });
        }),
        { numRuns },
      );
    });

    it('with a small budget re-ingests the overflow: nothing is lost and the response stays within the budget', async () => {
      // Prepare
      const budget = 4_000;
      await fc.assert(
        fc.asyncProperty(firehoseEventArbitrary({ data, maxRecords: 30 }), async (event) => {
          const sink = memoryReingestSink();
          const handler = makeHandler({ logger: silentLogger, maxResponseBytes: budget, reingest: sink });
          // Act
          const response = await runHandlerChecked(handler, event);
          const size = Buffer.byteLength(JSON.stringify(response));
          expect(size).toBeLessThanOrEqual(budget + oversizeAllowance(response, budget));
          // Assess: every record is answered, or its original bytes were re-ingested
          const reingested = new Map(sink.received.map(({ record }) => [record.recordId, record]));
          response.records.forEach((out, index) => {
            const input = event.records[index]!;
            const again = reingested.get(out.recordId);
            if (again !== undefined) {
              expect(out.result).toBe('Dropped');
              expect(Buffer.from(again.data).equals(Buffer.from(input.data, 'base64'))).toBe(true);
            }
          });
        }),
        { numRuns },
      );
    });
  });
}

/**
 * A failed record too large for any response of the budget keeps its original bytes instead of being
 * re-ingested (it would come back forever); each such entry may push the response past the budget.
 */
export function oversizeAllowance(response: { records: unknown[] }, budget: number): number {
  return response.records
    .map((entry) => Buffer.byteLength(JSON.stringify(entry)))
    .filter((size) => size + 14 > budget)
    .reduce((sum, size) => sum + size + 1, 0);
}
