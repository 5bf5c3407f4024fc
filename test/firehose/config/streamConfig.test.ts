/**
 * The stream configuration: the published schema file is the one the code validates with, Firehose's
 * ranges and cross-field rules are each shown rejecting, defaults are Firehose's, and prefixes are checked
 * with Firehose's rules when the file is loaded.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { resolveStreamConfig, STREAM_CONFIG_SCHEMA, validateStreamConfig } from '../../../firehose/config/index.js';
import { repoPath } from '../../helpers/fixtures.js';

describe('stream configuration', () => {
  it('publishes the schema it validates with', async () => {
    expect(JSON.parse(await readFile(repoPath('firehose/config/stream-config.schema.json'), 'utf8'))).toEqual(STREAM_CONFIG_SCHEMA);
    const pkg = JSON.parse(await readFile(repoPath('package.json'), 'utf8')) as { exports: Record<string, string> };
    expect(pkg.exports['./stream-config.schema.json']).toBe('./firehose/config/stream-config.schema.json');
  });

  it("fills Firehose's defaults (128 MiB with format conversion)", () => {
    const plain = resolveStreamConfig(validateStreamConfig({}));
    expect(plain).toMatchObject({ streamName: 'firehose-kit-replay', blueprint: 'process-record', processing: { bufferSizeMB: 1, bufferIntervalSeconds: 60, retries: 3 }, buffering: { sizeMB: 5, intervalSeconds: 300 }, compression: 'UNCOMPRESSED', appendDelimiter: false, format: { kind: 'json' } });
    expect(resolveStreamConfig(validateStreamConfig({ format: { kind: 'parquet', schema: 'glue-schemas/x.json' } })).buffering.sizeMB).toBe(128);
  });

  it("accepts the README's example", async () => {
    const readme = await readFile(repoPath('README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### One stream configuration'));
    const json = /```json\n([\s\S]*?)```/.exec(section)![1]!;
    const resolved = resolveStreamConfig(validateStreamConfig(JSON.parse(json), 'README'));
    expect(resolved).toMatchObject({ streamName: 'clicks', buffering: { sizeMB: 64 }, format: { kind: 'parquet' } });
  });

  it('accepts a full configuration', () => {
    const config = validateStreamConfig({
      streamName: 'clicks', blueprint: 'clean-json', env: { FIELDS: 'a,b' },
      processing: { bufferSizeMB: 0.2, bufferIntervalSeconds: 0, retries: 0, timeoutSeconds: 300 },
      buffering: { sizeMB: 64, intervalSeconds: 900 },
      prefix: 'c=!{partitionKeyFromQuery:c}/', errorOutputPrefix: 'e/!{firehose:error-output-type}/', customTimeZone: 'Asia/Tokyo',
      dynamicPartitioning: { enabled: true, query: '{c: .customer}', deaggregation: { delimiter: 'IyMjIw==' } },
      format: { kind: 'parquet', schema: 'glue-schemas/clickstream_events.json', serde: 'hive', serializerOptions: { Compression: 'GZIP' } },
    });
    expect(resolveStreamConfig(config).prefixes.prefix.queryKeys).toEqual(['c']);
  });

  it.each([
    ['an unknown field', { bufferSize: 5 }, /the configuration has an unknown field 'bufferSize'/],
    ['a Lambda buffer over 3 MB', { processing: { bufferSizeMB: 4 } }, /processing\.bufferSizeMB must be <= 3/],
    ['a Lambda interval over 900 s', { processing: { bufferIntervalSeconds: 901 } }, /processing\.bufferIntervalSeconds must be <= 900/],
    ['an S3 buffer over 128 MiB', { buffering: { sizeMB: 129 } }, /buffering\.sizeMB must be <= 128/],
    ['a conversion buffer under 64 MiB', { buffering: { sizeMB: 32 }, format: { kind: 'parquet', schema: 's.json' } }, /buffering\.sizeMB must be >= 64 \(record format conversion needs a buffer of at least 64 MiB\)/],
    ['compression with format conversion', { compression: 'GZIP', format: { kind: 'orc', schema: 's.json' } }, /compression must be "UNCOMPRESSED" with format conversion/],
    ['conversion without a schema', { format: { kind: 'parquet' } }, /format must have required property 'schema'/],
    ['a bad compression name', { compression: 'gzip' }, /compression must be one of "UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"/],
    ['a bad file extension', { fileExtension: 'gz' }, /fileExtension must match pattern/],
    ['a bad stream name', { streamName: 'no spaces' }, /streamName must match pattern/],
    ['a non-string env value', { env: { A: 1 } }, /env\.A must be string/],
    ['a delimiter that is not base64', { dynamicPartitioning: { enabled: true, deaggregation: { delimiter: '##' } } }, /dynamicPartitioning\.deaggregation/],
  ])('refuses %s, naming the field', (_name, value, message) => {
    expect(() => validateStreamConfig(value, 'stream.json')).toThrow(message);
  });

  it.each([
    ['a prefix expression without an error prefix', { prefix: 'y=!{timestamp:yyyy}/' }, /stream\.json: ErrorOutputPrefix: ErrorOutputPrefix can't be null when Prefix contains expressions/],
    ['partition keys without dynamic partitioning', { prefix: 'c=!{partitionKeyFromLambda:c}/', errorOutputPrefix: 'e/!{firehose:error-output-type}' }, /need dynamic partitioning enabled/],
    ['a query outside the jq subset', { dynamicPartitioning: { enabled: true, query: '.a | b' }, prefix: 'c=!{partitionKeyFromLambda:c}/', errorOutputPrefix: 'e/!{firehose:error-output-type}' }, /stream\.json: dynamicPartitioning\.query: expected '\{'/],
  ])("refuses %s with Firehose's rules when resolved", (_name, value, message) => {
    expect(() => resolveStreamConfig(validateStreamConfig(value), 'stream.json')).toThrow(message);
  });
});
