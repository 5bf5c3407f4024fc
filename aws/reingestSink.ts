/**
 * The AWS re-ingestion sink: PutRecordBatch on a delivery stream, PutRecords on a Kinesis stream, through
 * the AWS SDK. A failure names the service's error code and message and the fix; failures that cannot
 * succeed on a second try (a missing permission, a stream that does not exist, credentials the SDK cannot
 * find or the service refuses) are not retried. Calls carry a request timeout and the caller's abort
 * signal, so a target that never answers cannot hold the Lambda until it is killed.
 */
import { PLACEHOLDER_ACCOUNT_ID } from '../limits/index.js';
import {
  ReingestError,
  batchingSink,
  DEFAULT_REINGEST_LIMITS,
  type DescribeReingestError,
  type ReingestLimits,
  type ReingestSink,
  type Sleep,
} from '../blueprints/handler/index.js';

export interface AwsReingestSinkOptions {
  readonly limits?: ReingestLimits;
  /** Milliseconds one HTTP request may take before it is abandoned (and retried). Default 10,000. */
  readonly requestTimeoutMs?: number;
  /** Endpoint override (moto_server, LocalStack); default the service's regional endpoint. */
  readonly endpoint?: string;
  /** Credentials override; default the SDK's provider chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  readonly sleep?: Sleep;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Codes of failures that the same call can get past by waiting (throttling, the service's own trouble). */
const RETRYABLE_CODES = new Set([
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'InternalFailure',
  'InternalFailureException',
  'InternalServerError',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
  'KMSThrottlingException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'MissingEntry',
]);

/** Network-level error codes (Node) that a later attempt may get past. */
const RETRYABLE_NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

interface ErrorFields {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Reads an SDK error (or an entry's code) and says what it means and what to do. */
export const describeAwsError: DescribeReingestError = (failure, target) => {
  const action = target.kind === 'firehose' ? 'firehose:PutRecordBatch' : 'kinesis:PutRecords';
  const arn = target.kind === 'firehose' ? target.deliveryStreamArn : target.streamArn;
  const { region, name } = arnParts(arn, target.kind === 'firehose' ? 'deliverystream/' : 'stream/');
  // An ARN built offline from a stream name carries AWS's example account id; the fix must not present it as real.
  const parts = arn.split(':');
  const resource = parts[4] === PLACEHOLDER_ACCOUNT_ID ? [...parts.slice(0, 4), '<your account id>', ...parts.slice(5)].join(':') : arn;
  const what = target.kind === 'firehose' ? `delivery stream '${name}'` : `Kinesis stream '${name}'`;
  let code: string;
  let message: string;
  let retryable: boolean;
  if ('entryCode' in failure) {
    code = failure.entryCode;
    message = code === 'MissingEntry' ? 'the answer had fewer entries than the call' : 'the service rejected the entry';
    retryable = RETRYABLE_CODES.has(code);
  } else {
    const e = (typeof failure.thrown === 'object' && failure.thrown !== null ? failure.thrown : {}) as ErrorFields;
    const errorName = typeof e.name === 'string' ? e.name : typeof failure.thrown;
    const networkCode = typeof e.code === 'string' ? e.code : undefined;
    code = networkCode !== undefined && RETRYABLE_NETWORK.has(networkCode) ? networkCode : errorName;
    message = typeof e.message === 'string' && e.message !== '' ? oneLine(e.message) : 'no message';
    const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
    retryable = RETRYABLE_CODES.has(code) || RETRYABLE_NETWORK.has(code) || (e.$retryable !== undefined && e.$retryable !== null) || (status !== undefined && status >= 500) || code === 'AbortError';
  }
  return { code, message, retryable, fix: fixFor(code, { action, resource, region, what }) };
};

function fixFor(code: string, at: { action: string; resource: string; region: string; what: string }): string {
  if (/KMS/i.test(code)) return `check the KMS key used by the ${at.what}: it must be enabled and usable by this role`;
  if (/AccessDenied|NotAuthorized|Forbidden/i.test(code)) {
    return `allow ${at.action} on ${at.resource} in the IAM policy of the role or user that runs this (for a blueprint Lambda: its execution role)`;
  }
  if (/ResourceNotFound|NotFound/i.test(code)) {
    return `check that the ${at.what} exists in region ${at.region}, in the account of the credentials used (the name and the region come from ${at.resource})`;
  }
  if (code === 'CredentialsProviderError' || /credential/i.test(code)) {
    return 'the AWS SDK found no credentials: it looks at AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, then AWS_PROFILE and ~/.aws/credentials and ~/.aws/config (SSO, web identity), then the container and instance metadata endpoints; set one of them';
  }
  if (/UnrecognizedClient|InvalidSignature|SignatureDoesNotMatch|InvalidClientTokenId|ExpiredToken|InvalidToken/i.test(code)) {
    return 'the service refused the credentials: check the access key, the secret key, the session token (and that it has not expired) and the machine clock';
  }
  if (code === 'InvalidArgumentException' && at.action === 'firehose:PutRecordBatch') {
    return `the ${at.what} may have a Kinesis stream or MSK as its source, which does not accept PutRecordBatch; send to the source stream instead`;
  }
  if (RETRYABLE_CODES.has(code) || RETRYABLE_NETWORK.has(code) || code === 'AbortError') {
    return `a transient failure: retried with backoff; if it persists, raise the ${at.what}'s throughput limits or check the network path to ${at.region}`;
  }
  return `see the error code in the AWS documentation of ${at.action}`;
}

function arnParts(arn: string, prefix: string): { region: string; name: string } {
  try {
    return parseArn(arn, prefix);
  } catch {
    return { region: '(unknown region)', name: arn };
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

/** The AWS sink: PutRecordBatch / PutRecords through the AWS SDK, region taken from the target ARN. */
export function awsReingestSink(options: AwsReingestSinkOptions = {}): ReingestSink {
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const clients = new Map<string, Sendable>();
  const clientConfig = (region: string): Record<string, unknown> => ({
    region,
    // A target that never answers must not hold the Lambda until it is killed (the SDK default is no timeout).
    // (@smithy/node-http-handler 4 only warns on a request timeout unless throwOnRequestTimeout is set.)
    requestHandler: { requestTimeout, connectionTimeout: Math.min(requestTimeout, 5_000), throwOnRequestTimeout: true },
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
  });
  const cached = <C extends Sendable>(key: string, create: () => C): C => {
    let client = clients.get(key) as C | undefined;
    if (client === undefined) {
      client = create();
      clients.set(key, client);
    }
    return client;
  };
  return batchingSink(
    async (target, records, signal) => {
      if (target.kind === 'firehose') {
        const { FirehoseClient, PutRecordBatchCommand } = await import('@aws-sdk/client-firehose');
        const { region, name } = parseArn(target.deliveryStreamArn, 'deliverystream/');
        const client = cached(`firehose:${region}`, () => new FirehoseClient(clientConfig(region)));
        const answer = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: records.map((r) => ({ Data: r.data })) }), { abortSignal: signal });
        return (answer.RequestResponses ?? []).map((entry) => (entry.ErrorCode !== undefined && entry.ErrorCode !== null ? entry.ErrorCode : undefined));
      }
      const { KinesisClient, PutRecordsCommand } = await import('@aws-sdk/client-kinesis');
      const { region } = parseArn(target.streamArn, 'stream/');
      const client = cached(`kinesis:${region}`, () => new KinesisClient(clientConfig(region)));
      const answer = await client.send(new PutRecordsCommand({ StreamARN: target.streamArn, Records: records.map((r) => ({ Data: r.data, PartitionKey: r.partitionKey })) }), { abortSignal: signal });
      return (answer.Records ?? []).map((entry) => (entry.ErrorCode !== undefined && entry.ErrorCode !== null ? entry.ErrorCode : undefined));
    },
    { limits: options.limits ?? DEFAULT_REINGEST_LIMITS, describe: describeAwsError, ...(options.sleep !== undefined ? { sleep: options.sleep } : {}) },
  );
}

interface Sendable {
  send(command: never, options?: never): Promise<unknown>;
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
