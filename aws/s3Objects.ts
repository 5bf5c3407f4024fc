/**
 * Reading delivered objects back from S3, for `npm run inspect -- s3://bucket/key`. The SDK is loaded on first
 * use; an AWS error becomes one line naming it and the fix.
 */
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { FirehoseKitError } from '../transforms/core/index.js';

/** An object could not be read from S3. */
export class S3ReadError extends FirehoseKitError {
  static readonly errorName: string = 'S3ReadError';
}

/** `s3://bucket/key` → bucket and key; undefined when the text is not an S3 URL of one object. */
export function parseS3ObjectUrl(url: string): { readonly bucket: string; readonly key: string } | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(url);
  return match === null ? undefined : { bucket: match[1]!, key: match[2]! };
}

/** The bytes of one object. With AWS_ENDPOINT_URL(_S3) set (a stand-in such as moto), path-style addressing is used. */
export async function readS3Object(url: string, client: S3ClientConfig = {}): Promise<Uint8Array> {
  const where = parseS3ObjectUrl(url);
  if (where === undefined) throw new S3ReadError(`${url} is not an S3 object URL; write s3://bucket/key/of/the/object`);
  const { GetObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
  const standIn = (process.env['AWS_ENDPOINT_URL_S3'] ?? process.env['AWS_ENDPOINT_URL'] ?? '') !== '';
  const s3 = new S3Client({ maxAttempts: 3, ...(standIn ? { forcePathStyle: true } : {}), ...client });
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: where.bucket, Key: where.key }));
    if (response.Body === undefined) throw new S3ReadError(`s3://${where.bucket}/${where.key} has no body`);
    return await response.Body.transformToByteArray();
  } catch (error) {
    if (error instanceof S3ReadError) throw error;
    const name = (error as { name?: string }).name ?? 'Error';
    const fix =
      name === 'NoSuchKey'
        ? 'check the key: list the objects with aws s3 ls'
        : name === 'NoSuchBucket'
          ? `the bucket ${where.bucket} does not exist in this region; check AWS_REGION`
          : name === 'AccessDenied' || name === 'Forbidden'
            ? `allow s3:GetObject on arn:aws:s3:::${where.bucket}/* for these credentials`
            : name === 'CredentialsProviderError'
              ? 'no AWS credentials found; the SDK reads AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and the shared config files'
              : 'check the region and the network, then retry';
    throw new S3ReadError(`cannot read s3://${where.bucket}/${where.key}: ${name} (${fix})`, { cause: error });
  } finally {
    s3.destroy();
  }
}
