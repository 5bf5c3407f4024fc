/**
 * Delivery after the Lambda: keys, compression and extensions, AppendDelimiterToRecord, dynamic
 * partitioning (Lambda keys, inline query, deaggregation, the 500-partition limit), record format
 * conversion with Firehose's buffer and error records.
 */
import { Buffer } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deaggregate, parquetDelivery, rawDelivery, type DeliveredRecord, type RawDeliveryOptions } from '../../../firehose/delivery/delivery.js';
import { firehoseSequenceNumber } from '../../../firehose/delivery/errorRecords.js';
import { compileJqQuery } from '../../../firehose/delivery/partitionQuery.js';
import { checkPrefixes } from '../../../firehose/delivery/prefixExpression.js';
import { memoryObjectSink } from '../../../firehose/sinks/memoryObjectSink.js';
import { loadGlueTable } from '../../../firehose/sources/glueTableFile.js';
import { repoPath } from '../../helpers/fixtures.js';

const T = Date.UTC(2025, 2, 4, 5, 6, 7);
let n = 0;
const record = (text: string, extra: Partial<DeliveredRecord> = {}): DeliveredRecord => ({ data: Buffer.from(text), arrivalTimestamp: T, recordId: `r${n}`, sequenceNumber: firehoseSequenceNumber(n++), line: n, ...extra });
const base = { streamName: 'clicks', bufferBytes: 1 << 20, bufferSeconds: 300 };
const text = (v: Uint8Array): string => Buffer.from(v).toString('utf8');

async function run(options: Partial<RawDeliveryOptions>, records: DeliveredRecord[]) {
  const sink = memoryObjectSink();
  const delivery = rawDelivery(sink, { ...base, ...options });
  for (const r of records) await delivery.deliver(r, T + 1000);
  await delivery.close();
  return { sink, delivery };
}

describe('rawDelivery', () => {
  it('names objects <prefix><stream>-<version>-<time>-<uuid><extension> and compresses them (GZIP → .gz)', async () => {
    const { sink } = await run({ compression: 'GZIP', streamVersion: 3 }, [record('a\n'), record('b\n')]);
    const [key, body] = [...sink.objects][0]!;
    expect(key).toMatch(/^2025\/03\/04\/05\/clicks-3-2025-03-04-05-06-07-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.gz$/);
    expect(gunzipSync(body!).toString()).toBe('a\nb\n');
  });

  it('replaces the extension with FileExtension, and names times in the custom time zone', async () => {
    const { sink } = await run({ fileExtension: '.json', prefixes: checkPrefixes({ customTimeZone: 'Asia/Tokyo', dynamicPartitioning: false }) }, [record('{}')]);
    expect([...sink.objects.keys()][0]).toMatch(/^2025\/03\/04\/14\/clicks-1-2025-03-04-14-06-07-.*\.json$/);
  });

  it('puts a newline between records with AppendDelimiterToRecord, not after the last (so a blueprint newline shows as blank lines)', async () => {
    const { sink } = await run({ appendDelimiter: true }, [record('{"a":1}\n'), record('{"a":2}\n'), record('{"a":3}\n')]);
    expect(text([...sink.objects.values()][0]!)).toBe('{"a":1}\n\n{"a":2}\n\n{"a":3}\n');
  });

  it('partitions by the Lambda keys the prefix names, one object per partition; other keys do not split', async () => {
    const prefixes = checkPrefixes({ prefix: 'customer=!{partitionKeyFromLambda:customer}/', errorOutputPrefix: 'errors/!{firehose:error-output-type}/', dynamicPartitioning: true });
    const { sink, delivery } = await run({ prefixes, dynamicPartitioning: {} }, [
      record('1', { partitionKeys: { customer: 'a', other: 'x' } }),
      record('2', { partitionKeys: { customer: 'b', other: 'y' } }),
      record('3', { partitionKeys: { customer: 'a', other: 'z' } }),
      record('4', { partitionKeys: {} }),
    ]);
    const objects = [...sink.objects].map(([k, v]) => [k.replace(/clicks-.*$/, ''), text(v)]);
    expect(objects).toContainEqual(['customer=a/', '13']);
    expect(objects).toContainEqual(['customer=b/', '2']);
    const errors = [...sink.objects].filter(([k]) => k.startsWith('errors/processing-failed/')).map(([, v]) => JSON.parse(text(v).trim()) as Record<string, unknown>);
    expect(errors).toEqual([{ attemptsMade: 1, arrivalTimestamp: T, errorCode: 'DynamicPartitioning.MetadataExtractionFailed', errorMessage: "the Lambda returned no partition key 'customer'", attemptEndingTimestamp: T + 1000, rawData: Buffer.from('4').toString('base64') }]);
    expect(delivery.stats.partitioningFailed).toEqual({ 'DynamicPartitioning.MetadataExtractionFailed': 1 });
  });

  it('partitions by the inline query after JSON deaggregation, and sends what it cannot read to the error output', async () => {
    const query = compileJqQuery('{device: .type.device}');
    const prefixes = checkPrefixes({ prefix: 'device=!{partitionKeyFromQuery:device}/!{timestamp:yyyy}/', errorOutputPrefix: 'errors/!{firehose:error-output-type}/', dynamicPartitioning: true, queryKeys: query.keys });
    const { sink, delivery } = await run({ prefixes, appendDelimiter: true, dynamicPartitioning: { query, deaggregation: { kind: 'JSON' } } }, [
      record('{"type":{"device":"mobile"},"i":1}{"type":{"device":"web"},"i":2}'),
      record('{"type":{"device":"mobile"},"i":3}'),
      record('not json'),
    ]);
    const data = [...sink.objects].filter(([k]) => k.startsWith('device=')).map(([k, v]) => [k.replace(/clicks-.*$/, ''), text(v)]);
    expect(data).toEqual([
      ['device=mobile/2025/', '{"type":{"device":"mobile"},"i":1}\n{"type":{"device":"mobile"},"i":3}'],
      ['device=web/2025/', '{"type":{"device":"web"},"i":2}'],
    ]);
    expect(delivery.stats.recordsDelivered).toBe(3);
    expect(delivery.stats.partitioningFailed).toEqual({ 'DynamicPartitioning.MetadataExtractionFailed': 1 });
  });

  it('splits delimited records and keeps every part of concatenated JSON', () => {
    expect(deaggregate(Buffer.from('a####b####'), { kind: 'Delimited', delimiter: Buffer.from('####') }).map(String)).toEqual(['a', 'b']);
    expect(deaggregate(Buffer.from('{"a":"}{"} [1,{"b":2}] {"c":3}'), { kind: 'JSON' }).map(String)).toEqual(['{"a":"}{"}', '[1,{"b":2}]', '{"c":3}']);
    expect(deaggregate(Buffer.from('{"a":1}'), { kind: 'JSON' }).map(String)).toEqual(['{"a":1}']);
  });

  it('sends records past 500 active partitions to the error output', async () => {
    const prefixes = checkPrefixes({ prefix: 'k=!{partitionKeyFromLambda:k}/', errorOutputPrefix: 'errors/!{firehose:error-output-type}/', dynamicPartitioning: true });
    const { sink, delivery } = await run({ prefixes, dynamicPartitioning: {} }, Array.from({ length: 502 }, (_, i) => record(String(i), { partitionKeys: { k: String(i) } })));
    expect([...sink.objects.keys()].filter((k) => k.startsWith('k='))).toHaveLength(500);
    expect(delivery.stats.partitioningFailed).toEqual({ 'DynamicPartitioning.ActivePartitionsLimitExceeded': 2 });
  });

  it('delivers a buffer when its interval has passed, named by its oldest record', async () => {
    const sink = memoryObjectSink();
    const delivery = rawDelivery(sink, { ...base, bufferSeconds: 60 });
    await delivery.deliver(record('late', { arrivalTimestamp: T + 5000 }), T + 10_000);
    await delivery.deliver(record('early', { arrivalTimestamp: T }), T + 10_000);
    await delivery.advanceTo(T + 69_999);
    expect(sink.objects.size).toBe(0);
    await delivery.advanceTo(T + 70_000);
    expect([...sink.objects.keys()][0]).toMatch(/clicks-1-2025-03-04-05-06-07-/);
    await delivery.close();
  });
});

describe('parquetDelivery', () => {
  it('writes format-conversion-failed records with real sequence numbers and the conversion time, uncompressed', async () => {
    const table = await loadGlueTable(repoPath('glue-schemas/clickstream_events.json'));
    const sink = memoryObjectSink();
    const delivery = parquetDelivery(sink, { ...base, bufferBytes: 128 << 20, table, region: 'eu-west-1' });
    const bad = record('not json {');
    await delivery.deliver(bad, T + 61_000);
    await delivery.close();
    const [key, body] = [...sink.objects][0]!;
    expect(key).toMatch(/^format-conversion-failed\/2025\/03\/04\/05\/clicks-1-/);
    const failed = JSON.parse(text(body!).trim()) as Record<string, unknown>;
    expect(failed).toMatchObject({ attemptsMade: 1, arrivalTimestamp: T, attemptEndingTimestamp: T + 61_000, sequenceNumber: bad.sequenceNumber, subSequenceNumber: 0, rawData: bad.data.toString('base64') });
    expect(failed['sequenceNumber']).toMatch(/^\d{56}$/);
    expect(failed['dataCatalogTable']).toMatchObject({ tableName: table.name, region: 'eu-west-1' });
  });
});
