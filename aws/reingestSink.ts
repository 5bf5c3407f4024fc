/** Re-ingestion through the AWS SDK: PutRecordBatch to a delivery stream, PutRecords to a Kinesis stream. */
import { ReingestError } from '../blueprints/handler/index.js';
import { batchingSink, DEFAULT_REINGEST_LIMITS, type ReingestLimits, type ReingestSink } from '../blueprints/handler/index.js';

/** The AWS sink: PutRecordBatch / PutRecords through the AWS SDK, region taken from the target ARN. */
export function awsReingestSink(limits: ReingestLimits = DEFAULT_REINGEST_LIMITS): ReingestSink {
  return batchingSink(async (target, records) => {
    if (target.kind === 'firehose') {
      const { FirehoseClient, PutRecordBatchCommand } = await import('@aws-sdk/client-firehose');
      const { region, name } = parseArn(target.deliveryStreamArn, 'deliverystream/');
      const client = cachedClient(`firehose:${region}`, () => new FirehoseClient({ region }));
      const answer = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: records.map((r) => ({ Data: r.data })) }));
      return (answer.RequestResponses ?? []).map((entry) => (entry.ErrorCode !== undefined && entry.ErrorCode !== null ? entry.ErrorCode : undefined));
    }
    const { KinesisClient, PutRecordsCommand } = await import('@aws-sdk/client-kinesis');
    const { region } = parseArn(target.streamArn, 'stream/');
    const client = cachedClient(`kinesis:${region}`, () => new KinesisClient({ region }));
    const answer = await client.send(new PutRecordsCommand({ StreamARN: target.streamArn, Records: records.map((r) => ({ Data: r.data, PartitionKey: r.partitionKey })) }));
    return (answer.Records ?? []).map((entry) => (entry.ErrorCode !== undefined && entry.ErrorCode !== null ? entry.ErrorCode : undefined));
  }, limits);
}

interface Sendable {
  send(command: never): Promise<unknown>;
}
const clients = new Map<string, Sendable>();
function cachedClient<C extends Sendable>(key: string, create: () => C): C {
  let client = clients.get(key) as C | undefined;
  if (client === undefined) {
    client = create();
    clients.set(key, client);
  }
  return client;
}

/** `arn:aws:firehose:us-east-1:123456789012:deliverystream/NAME` → region and NAME. */
export function parseArn(arn: string, resourcePrefix: string): { region: string; name: string } {
  const parts = arn.split(':');
  const resource = parts.slice(5).join(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[3] === '' || !resource.startsWith(resourcePrefix)) {
    throw new ReingestError(`cannot re-ingest: '${arn}' is not an ARN of the form arn:aws:<service>:<region>:<account>:${resourcePrefix}<name>`);
  }
  return { region: parts[3]!, name: resource.slice(resourcePrefix.length) };
}
