/**
 * Record format conversion to ORC: rows in `.orc` objects per prefix and buffer, records that do not convert
 * under format-conversion-failed/ as Firehose error records, options checked before the first record.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { orcDelivery, orcFormat } from '../../../firehose/delivery/index.js';
import { memoryObjectSink } from '../../../firehose/sinks/index.js';
import { FormatOptionError, parseGlueTable } from '../../../formats/glue/index.js';
import { readOrc, readOrcMetadata } from '../../../formats/orc/index.js';

const table = parseGlueTable(
  {
    Table: {
      Name: 'events',
      DatabaseName: 'lake',
      StorageDescriptor: {
        Columns: [
          { Name: 'id', Type: 'bigint' },
          { Name: 'kind', Type: 'string' },
          { Name: 'at', Type: 'timestamp' },
        ],
      },
    },
  },
  'events.json',
);
const arrival = Date.UTC(2025, 0, 1, 12, 0, 0);
const record = (line: number, json: string) => ({
  data: Buffer.from(json),
  arrivalTimestamp: arrival,
  recordId: `r${line}`,
  sequenceNumber: `s${line}`,
  line,
});

describe('orcDelivery', () => {
  it('writes converted rows as .orc objects and bad records as format-conversion-failed error records', async () => {
    const sink = memoryObjectSink();
    const delivery = orcDelivery(sink, { table, streamName: 'events', bufferBytes: 5 * 1024 * 1024, bufferSeconds: 300, region: 'eu-west-1', orc: { Compression: 'ZLIB' } });
    await delivery.deliver(record(1, '{"id": 1, "kind": "click", "at": "2025-01-01 12:00:00.5"}'), arrival);
    await delivery.deliver(record(2, '{"id": "not a number"}'), arrival);
    await delivery.deliver(record(3, '{"id": 3, "kind": null}{"id": 4, "kind": "view"}'), arrival);
    await delivery.close();

    const keys = [...sink.objects.keys()];
    const orcKeys = keys.filter((key) => key.endsWith('.orc'));
    expect(orcKeys).toHaveLength(1);
    expect(orcKeys[0]).toMatch(/^2025\/01\/01\/12\/events-1-2025-01-01-12-00-00-[0-9a-f-]{36}\.orc$/);
    const file = sink.objects.get(orcKeys[0]!)!;
    expect(readOrcMetadata(file).compression).toBe('ZLIB');
    expect(readOrc(file)).toEqual([
      { id: 1n, kind: 'click', at: BigInt(Date.UTC(2025, 0, 1, 12)) * 1_000_000n + 500_000_000n },
      { id: 3n, kind: null, at: null },
      { id: 4n, kind: 'view', at: null },
    ]);
    expect(delivery.stats).toMatchObject({ objects: 1, rows: 3, formatConversionFailed: 1, formatConversionFailedLines: [2] });
    const failed = keys.filter((key) => key.startsWith('format-conversion-failed/'));
    expect(failed).toHaveLength(1);
    const errorRecord = JSON.parse(Buffer.from(sink.objects.get(failed[0]!)!).toString('utf8').trim()) as Record<string, unknown>;
    expect(errorRecord).toMatchObject({ lastErrorCode: 'DataFormatConversion.MalformedData', sequenceNumber: 's2', rawData: Buffer.from('{"id": "not a number"}').toString('base64') });
  });

  it('cuts objects at the buffering size, as the Parquet path does', async () => {
    const sink = memoryObjectSink();
    const delivery = orcDelivery(sink, { table, streamName: 'events', bufferBytes: 50, bufferSeconds: 300, region: 'eu-west-1' });
    for (let i = 0; i < 10; i++) await delivery.deliver(record(i + 1, `{"id": ${i}, "kind": "k${i}"}`), arrival);
    await delivery.close();
    const orcKeys = [...sink.objects.keys()].filter((key) => key.endsWith('.orc'));
    // 24-byte records and 50-byte buffers: objects of 3, 3, 3 and 1 records.
    expect(orcKeys).toHaveLength(4);
    const ids = orcKeys.flatMap((key) => readOrc(sink.objects.get(key)!).map((row) => Number(row.id))).sort((a, b) => a - b);
    expect(ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('is fed column by column by the schema-compiled decoder, as the Parquet path is', () => {
    expect(orcFormat(table).takesCells).toBe(true);
  });

  it('refuses bad OrcSerDe options before the first record', () => {
    expect(() => orcDelivery(memoryObjectSink(), { table, streamName: 'events', bufferBytes: 1024, bufferSeconds: 300, region: 'eu-west-1', orc: { Compression: 'LZ4' as 'ZLIB' } })).toThrow(FormatOptionError);
  });
});
