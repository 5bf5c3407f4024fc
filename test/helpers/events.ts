import type { FirehoseTransformationEvent } from 'aws-lambda';
import { Buffer } from 'node:buffer';

export const TEST_STREAM_ARN = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/test-stream';

export interface EventOptions extends Partial<FirehoseTransformationEvent> {
  /** Arrival time of every record (epoch ms); record i arrives `i` ms later. Default 1,700,000,000,000. */
  readonly arrival?: number;
}

/** A Direct PUT transformation event with records r0, r1, … holding the given data. */
export function eventOf(datas: readonly (string | Uint8Array)[], options: EventOptions = {}): FirehoseTransformationEvent {
  const { arrival = 1_700_000_000_000, ...extra } = options;
  return {
    invocationId: 'inv-1',
    deliveryStreamArn: TEST_STREAM_ARN,
    region: 'us-east-1',
    records: datas.map((data, index) => ({ recordId: `r${index}`, approximateArrivalTimestamp: arrival + index, data: Buffer.from(data).toString('base64') })),
    ...extra,
  };
}

/** A response record's data as text. */
export function decoded(data: string | undefined): string {
  return Buffer.from(data ?? '', 'base64').toString('utf8');
}
