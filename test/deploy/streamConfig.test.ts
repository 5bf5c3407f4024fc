/**
 * A stream configuration file (the replay's `--config`) maps onto deployment options field by field; flags
 * win; what a stack cannot honour is refused by name.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { deployOptionsFromStreamConfig, planDeployment, type StreamConfigFields } from '../../deploy/index.js';
import { loadGlueTable } from '../../firehose/sources/index.js';
import type { GlueTable } from '../../formats/glue/index.js';
import { repoPath } from '../helpers/fixtures.js';

let webLogs: GlueTable;
beforeAll(async () => {
  webLogs = await loadGlueTable(repoPath('glue-schemas/web_access_logs.json'));
});

describe('deployOptionsFromStreamConfig', () => {
  it('maps every field a stack renders', () => {
    const config: StreamConfigFields = {
      streamName: 'clicks',
      source: { kind: 'kinesis', shards: 2 },
      blueprint: 'apache-log-to-json',
      env: { OUTPUT_FORMAT: 'json' },
      processing: { bufferSizeMB: 2, bufferIntervalSeconds: 120, retries: 5, timeoutSeconds: 90 },
      buffering: { sizeMB: 96, intervalSeconds: 60 },
      appendDelimiter: true,
      compression: 'UNCOMPRESSED',
      format: { kind: 'parquet', schema: 'glue-schemas/web_access_logs.json', serde: 'openx', serdeOptions: { CaseInsensitive: false }, serializerOptions: { Compression: 'GZIP' } },
    };
    const plan = planDeployment(deployOptionsFromStreamConfig(config, webLogs));
    expect(plan).toMatchObject({
      streamName: 'clicks',
      source: 'kinesis',
      blueprint: 'apache-log-to-json',
      environment: { OUTPUT_FORMAT: 'json' },
      processing: { bufferSizeMb: 2, bufferIntervalSeconds: 120, numberOfRetries: 5 },
      timeoutSeconds: 90,
      buffering: { sizeMb: 96, intervalSeconds: 60 },
      appendDelimiter: true,
      compression: 'UNCOMPRESSED',
      format: 'parquet',
      serde: { kind: 'openx', caseInsensitive: false },
      serializer: { Compression: 'GZIP' },
    });
    expect(plan.table?.name).toBe('web_access_logs');
  });

  it('lets flags override the file', () => {
    expect(planDeployment(deployOptionsFromStreamConfig({ streamName: 'a', compression: 'GZIP' }, undefined, { streamName: 'b', compression: 'Snappy' }))).toMatchObject({ streamName: 'b', compression: 'Snappy' });
  });

  it('accepts the prefixes the stack derives, and refuses others naming the field', () => {
    const derived = planDeployment({ blueprint: 'process-record', table: webLogs, format: 'parquet' }).layout;
    expect(() => deployOptionsFromStreamConfig({ prefix: derived.prefix, errorOutputPrefix: derived.errorOutputPrefix }, webLogs)).not.toThrow();
    expect(() => deployOptionsFromStreamConfig({ prefix: 'logs/!{timestamp:yyyy/MM/dd}/' }, webLogs)).toThrow(/^prefix "logs\/!\{timestamp:yyyy\/MM\/dd\}\/": the stack writes "data\/year=!\{timestamp:yyyy\}/);
  });

  it.each([
    ['a time zone other than UTC', { customTimeZone: 'Europe/Lisbon' }, /customTimeZone Europe\/Lisbon/],
    ['a file extension', { fileExtension: '.json' }, /fileExtension is not rendered/],
    ['a jq partitioning query', { dynamicPartitioning: { enabled: true, query: '{a: .a}' } }, /dynamicPartitioning.query/],
    ['compression with conversion', { compression: 'GZIP', format: { kind: 'parquet' as const } }, /Firehose needs UNCOMPRESSED when it converts records/],
  ])('refuses %s', (_name, config, message) => {
    expect(() => planDeployment(deployOptionsFromStreamConfig(config, webLogs))).toThrow(message);
  });
});
