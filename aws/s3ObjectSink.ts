/**
 * The replay's objects written to a real bucket (`--out s3://bucket/prefix`): each object is uploaded
 * whole when complete (S3 makes it visible only then), with multipart uploads for large ones through
 * `@aws-sdk/lib-storage` and the SDK's retries. Errors name the AWS error and the fix.
 */
import { Buffer } from 'node:buffer';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ObjectSink, ObjectUpload } from '../firehose/sinks/index.js';
import { FirehoseKitError } from '../transforms/core/index.js';

/** An object could not be written to S3. */
export class S3SinkError extends FirehoseKitError {
  static readonly errorName: string = 'S3SinkError';
}

/** Parts of a multipart upload (S3's minimum part size is 5 MiB; larger objects are split). */
const PART_BYTES = 8 * 1024 * 1024;

export interface S3ObjectSinkOptions {
  readonly bucket: string;
  /** Key prefix inside the bucket ('' or ending in '/'). */
  readonly prefix?: string;
  /** Client settings (region, endpoint, forcePathStyle for S3 stand-ins, credentials). */
  readonly client?: S3ClientConfig;
}

/** `s3://bucket/prefix` → bucket and key prefix; undefined when the text is not an S3 URL. */
export function parseS3Url(url: string): { readonly bucket: string; readonly prefix: string } | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (match === null) return undefined;
  const prefix = match[2] ?? '';
  return { bucket: match[1]!, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` };
}

function explain(error: unknown, bucket: string, key: string): string {
  const name = (error as { name?: string }).name ?? (error instanceof Error ? error.constructor.name : 'Error');
  const message = error instanceof Error ? error.message : String(error);
  const fix =
    name === 'NoSuchBucket'
      ? `the bucket ${bucket} does not exist in this region; create it or check AWS_REGION`
      : name === 'AccessDenied' || name === 'Forbidden'
        ? `allow s3:PutObject on arn:aws:s3:::${bucket}/* for these credentials`
        : name === 'CredentialsProviderError'
          ? 'no AWS credentials found; the SDK reads AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and the shared config files'
          : 'the SDK retried and gave up';
  return `cannot write s3://${bucket}/${key}: ${name}: ${message.split('\n')[0]} (${fix})`;
}

/** An ObjectSink that writes to S3. */
export function s3ObjectSink(options: S3ObjectSinkOptions): ObjectSink {
  const client = new S3Client({ maxAttempts: 5, ...options.client });
  const prefix = options.prefix ?? '';
  const upload = async (key: string, body: Buffer): Promise<void> => {
    try {
      await new Upload({ client, params: { Bucket: options.bucket, Key: `${prefix}${key}`, Body: body, ContentType: 'application/octet-stream' }, partSize: PART_BYTES, queueSize: 2, leavePartsOnError: false }).done();
    } catch (error) {
      throw new S3SinkError(explain(error, options.bucket, `${prefix}${key}`), { cause: error });
    }
  };
  return {
    async put(key, body) {
      await upload(key, Buffer.concat(body.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength))));
    },
    open(key): ObjectUpload {
      let chunks: Buffer[] | undefined = [];
      return {
        write(chunk) {
          if (chunks === undefined) throw new Error(`object ${key} was already committed or aborted`);
          chunks.push(Buffer.from(chunk));
        },
        async commit() {
          if (chunks === undefined) throw new Error(`object ${key} was already committed or aborted`);
          const body = Buffer.concat(chunks);
          chunks = undefined;
          await upload(key, body);
        },
        async abort() {
          chunks = undefined;
        },
      };
    },
  };
}
