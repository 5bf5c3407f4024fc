import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createDeserializer } from '../../../formats/serde/deserializeJson.js';
import { GlueSchemaError } from '../../../formats/glue/errors.js';
import { parseGlueTable } from '../../../formats/glue/glueTable.js';
import { loadGlueTable } from '../../../firehose/sources/glueTableFile.js';
import { printGlueType } from '../../../formats/glue/glueType.js';
import { apacheLogFieldNames, parseApacheLog } from '../../../transforms/logs/parseApacheLog.js';
import { isOutcome } from '../../../transforms/core/outcome.js';
import type { RecordContext } from '../../../transforms/core/types.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = join(repoRoot, 'test/fixtures/glue');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'glue-table-test-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('shipped glue-schemas', () => {
  const files = readdirSync(join(repoRoot, 'glue-schemas')).filter((file) => file.endsWith('.json'));

  it('ships the web access log and clickstream tables', () => {
    // Prepare / Act / Assess
    expect(files.sort()).toEqual(['clickstream_events.json', 'web_access_logs.json']);
  });

  it.each(files)('%s loads, and every column type prints back to its normalised self', async (file) => {
    // Prepare / Act
    const table = await loadGlueTable(join(repoRoot, 'glue-schemas', file));

    // Assess
    expect(table.name).toBe(file.replace(/\.json$/, ''));
    expect(table.databaseName).toBe('firehose_kit');
    expect(table.columns.length).toBeGreaterThan(8);
    for (const column of table.columns) {
      expect(printGlueType(column.type)).toBe(column.typeString.replaceAll(' ', '').toLowerCase());
      expect(column.comment).toMatch(/\w/);
    }
  });

  it.each(files)('%s uses only members that GetTable returns (botocore Table, StorageDescriptor, Column shapes)', (file) => {
    // Prepare
    const model = readJson(join(fixtures, 'botocore-glue-2017-03-31-GetTable-subset.json')) as { shapes: Record<string, { members: Record<string, unknown> }> };
    const members = (shape: string): string[] => Object.keys(model.shapes[shape]!.members);
    const { Table: table } = readJson(join(repoRoot, 'glue-schemas', file)) as { Table: Record<string, unknown> & { StorageDescriptor: Record<string, unknown> & { Columns: object[]; SerdeInfo: object } } };

    // Act / Assess
    expect(members('Table')).toEqual(expect.arrayContaining(Object.keys(table)));
    expect(members('StorageDescriptor')).toEqual(expect.arrayContaining(Object.keys(table.StorageDescriptor)));
    expect(members('SerDeInfo')).toEqual(expect.arrayContaining(Object.keys(table.StorageDescriptor.SerdeInfo)));
    for (const column of [...table.StorageDescriptor.Columns, ...(table['PartitionKeys'] as object[])]) {
      expect(members('Column')).toEqual(expect.arrayContaining(Object.keys(column)));
    }
  });

  it('web_access_logs has a column for every field parseApacheLog writes (default names, combined format)', async () => {
    // Prepare
    const table = await loadGlueTable(join(repoRoot, 'glue-schemas/web_access_logs.json'));

    // Act
    const fields = apacheLogFieldNames({ format: 'combined' }).map((field) => field.toLowerCase());

    // Assess
    expect(table.columns.map((column) => column.name)).toEqual(fields);
  });

  it('web_access_logs converts what parseApacheLog makes of a real combined log line', async () => {
    // Prepare
    const table = await loadGlueTable(join(repoRoot, 'glue-schemas/web_access_logs.json'));
    const ctx: RecordContext = { recordId: '1', arrivalTimestamp: 0, partitionKeys: {}, source: { deliveryStreamArn: 'arn', region: 'us-east-1', invocationId: 'i' } };
    // Line 1 of elastic/examples apache_logs (test/fixtures/apache/elastic-examples_apache_logs.log.gz).
    const line = '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"';
    const parsed = parseApacheLog()(line, ctx);

    // Act
    const result = createDeserializer(table)(JSON.stringify(parsed));

    // Assess
    expect(result).toEqual({
      rows: [
        {
          client: '83.149.9.216',
          ident: null,
          user: null,
          timestamp: 1431857103000000000n,
          utcoffset: '+00:00',
          request: 'GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1',
          method: 'GET',
          path: '/presentations/logstash-monitorama-2013/images/kibana-search.png',
          query: null,
          protocol: 'HTTP/1.1',
          status: 200,
          bytes: 203023n,
          referrer: 'http://semicomplete.com/presentations/logstash-monitorama-2013/',
          useragent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36',
        },
      ],
    });
  });

  it('web_access_logs converts every line of a real 10,000-line access log that parseApacheLog reads', async () => {
    // Prepare
    const table = await loadGlueTable(join(repoRoot, 'glue-schemas/web_access_logs.json'));
    const deserialize = createDeserializer(table);
    const parse = parseApacheLog();
    const ctx: RecordContext = { recordId: '1', arrivalTimestamp: 0, partitionKeys: {}, source: { deliveryStreamArn: 'arn', region: 'us-east-1', invocationId: 'i' } };
    const lines = gunzipSync(readFileSync(join(repoRoot, 'test/fixtures/apache/elastic-examples_apache_logs.log.gz'))).toString('utf8').split('\n').filter((line) => line !== '');

    // Act
    const parsed = lines.map((line) => parse(line, ctx)).filter((value) => !isOutcome(value));
    const failures = parsed.map((value) => deserialize(JSON.stringify(value))).filter((result) => 'error' in result);

    // Assess
    expect(lines).toHaveLength(10_000);
    expect(parsed.length).toBeGreaterThan(9_990);
    expect(failures).toEqual([]);
  });

  it('reads the clickstream table as the documented nested types', async () => {
    // Prepare / Act
    const table = await loadGlueTable(join(repoRoot, 'glue-schemas/clickstream_events.json'));
    const byName = new Map(table.columns.map((column) => [column.name, column.type]));

    // Assess
    expect(byName.get('order')).toEqual({
      kind: 'struct',
      fields: [
        { name: 'order_id', type: { kind: 'string' } },
        { name: 'total', type: { kind: 'decimal', precision: 12, scale: 2 } },
        { name: 'currency', type: { kind: 'char', length: 3 } },
        { name: 'items', type: { kind: 'array', element: { kind: 'struct', fields: [{ name: 'sku', type: { kind: 'string' } }, { name: 'qty', type: { kind: 'int' } }] } } },
      ],
    });
    expect(byName.get('attributes')).toEqual({ kind: 'map', key: { kind: 'string' }, value: { kind: 'string' } });
    expect(table.partitionKeys.map((key) => key.name)).toEqual(['dt']);
    expect(table.parameters).toEqual({ classification: 'parquet', 'parquet.compression': 'SNAPPY', EXTERNAL: 'TRUE' });
    expect(table.serializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
  });

  it('clickstream_events converts the sample events, except the two broken on purpose', async () => {
    // Prepare
    const table = await loadGlueTable(join(repoRoot, 'glue-schemas/clickstream_events.json'));
    const deserialize = createDeserializer(table);
    const lines = readFileSync(join(repoRoot, 'samples/clickstream.jsonl'), 'utf8').split('\n').filter((line) => line !== '');

    // Act
    const results = lines.map((line) => deserialize(line));
    const failures = results.filter((result) => 'error' in result).map((result) => ('error' in result ? result.error.errorCode : ''));

    // Assess
    expect(lines).toHaveLength(400);
    expect(failures).toEqual(['DataFormatConversion.ParseError', 'DataFormatConversion.ParseError']);
    const purchase = results.map((result) => ('rows' in result ? result.rows[0]! : {})).find((row) => row['event_type'] === 'purchase')!;
    expect(typeof purchase['event_time']).toBe('bigint');
    expect(typeof (purchase['order'] as Record<string, unknown>)['total']).toBe('bigint');
  });
});

describe('parseGlueTable on real get-table output (aws-cli example)', () => {
  const { TableList: tables } = readJson(join(fixtures, 'aws-cli-example-glue-get-tables-output.json')) as { TableList: Array<{ Name: string }> };

  it.each(tables.map((table) => [table.Name, table] as const))('reads table %s bare and wrapped in {"Table": …} alike', (_name, raw) => {
    // Prepare / Act
    const bare = parseGlueTable(raw, 'get-tables.json');
    const wrapped = parseGlueTable({ Table: raw }, 'get-table.json');

    // Assess
    expect(bare).toEqual(wrapped);
    expect(bare.databaseName).toBe('tempdb');
    expect(bare.columns.map((column) => `${column.name}:${column.typeString}`)).toEqual(['sensorid:int', 'currenttemperature:int', 'status:string']);
    expect(bare.parameters).toEqual({ classification: 'json' });
    expect(bare.partitionKeys).toEqual([]);
  });

  it('refuses the whole get-tables output, saying what to do', () => {
    // Prepare / Act / Assess
    expect(() => parseGlueTable(readJson(join(fixtures, 'aws-cli-example-glue-get-tables-output.json')), 'tables.json')).toThrowError(
      'tables.json: this is `aws glue get-tables` output (a TableList), not one table. Keep one element of TableList, or use `aws glue get-table` for the table you want.',
    );
  });

  it('reads a CloudFormation TableInput only when renamed, and says so', () => {
    // Prepare
    const resources = readJson(join(fixtures, 'extracted-glue-and-firehose-resources.json')) as Array<{ logicalId: string; Properties: { TableInput?: object } }>;
    const waf = resources.find((resource) => resource.logicalId === 'GlueWafAccessLogsTable')!.Properties;

    // Act
    const attempt = (): unknown => parseGlueTable(waf, 'waf.json');
    const table = parseGlueTable({ Table: { ...waf.TableInput, DatabaseName: 'waf' } }, 'waf.json');

    // Assess
    expect(attempt).toThrowError("waf.json: this is a TableInput (create-table / CloudFormation shape), not get-table output. Rename \"TableInput\" to \"Table\" and add \"DatabaseName\" inside it.");
    expect(table.columns).toHaveLength(12);
    expect(table.partitionKeys.map((key) => `${key.name}:${printGlueType(key.type)}`)).toEqual(['year:int', 'month:int', 'day:int', 'hour:int']);
  });
});

describe('parseGlueTable', () => {
  const column = (name: unknown, type: unknown, extra: object = {}): object => ({ Name: name, Type: type, ...extra });
  const table = (columns: unknown, extra: object = {}): object => ({ Table: { Name: 'events', DatabaseName: 'db', StorageDescriptor: { Columns: columns }, ...extra } });

  it('lower-cases column names, keeps the type string and comment, and defaults the rest', () => {
    // Prepare / Act
    const parsed = parseGlueTable({ Name: 'events', StorageDescriptor: { Columns: [column('UserId', 'BIGINT', { Comment: 'who' })] } }, 'events.json');

    // Assess
    expect(parsed).toEqual({
      name: 'events',
      databaseName: '',
      columns: [{ name: 'userid', type: { kind: 'bigint' }, typeString: 'BIGINT', comment: 'who' }],
      partitionKeys: [],
      parameters: {},
    });
  });

  it.each([
    [[], 'x.json: the definition is an array, not an object', 'top level is an array'],
    [{ Table: 5 }, 'x.json: "Table" is a number, not an object', 'Table is not an object'],
    [{ Table: { DatabaseName: 'db' } }, 'x.json: the table has no Name', 'missing Name'],
    [{ Table: { Name: '', DatabaseName: 'db' } }, "x.json: the table's Name is empty", 'empty Name'],
    [{ Table: { Name: 't', DatabaseName: 7 } }, "x.json: the table's DatabaseName is a number", 'bad DatabaseName'],
    [{ Table: { Name: 't' } }, 'x.json: the table has no StorageDescriptor', 'no StorageDescriptor'],
    [table(undefined), 'x.json: StorageDescriptor.Columns is missing', 'no Columns'],
    [table({}), 'x.json: StorageDescriptor.Columns is an object, not an array', 'Columns not an array'],
    [table([]), 'x.json: StorageDescriptor.Columns is empty', 'no columns at all'],
    [table(['id']), "x.json: column 'StorageDescriptor.Columns[0]': is a string, not an object", 'column is not an object'],
    [table([column(undefined, 'int')]), "x.json: column 'StorageDescriptor.Columns[0]': has no Name", 'column without Name'],
    [table([column(' ', 'int')]), "x.json: column 'StorageDescriptor.Columns[0]': has a Name that is blank", 'blank column Name'],
    [table([column('a'.repeat(256), 'int')]), 'has a Name of 256 characters. Glue allows at most 255.', 'Name too long'],
    [table([column('id', undefined)]), "x.json: column 'id': has no Type", 'column without Type'],
    [table([column('id', 12)]), "x.json: column 'id': has a Type that is a number", 'Type not a string'],
    [table([column('tags', 'array<strin>')]), "x.json: column 'tags': has an invalid Type: Glue type error at position 6: unknown type 'strin'", 'bad type string, with position'],
    [table([column('id', 'int', { Comment: 5 })]), "x.json: column 'id': has a Comment that is a number", 'Comment not a string'],
    [table([column('id', 'int'), column('ID', 'string')]), "x.json: column 'id': is defined twice", 'duplicate column, case-insensitively'],
    [table([column('dt', 'string')], { PartitionKeys: [column('dt', 'string')] }), "x.json: column 'dt': is defined twice", 'partition key shadows a column'],
    [table([column('id', 'int')], { PartitionKeys: [column('year', 'strng')] }), "x.json: column 'year': has an invalid Type", 'bad partition key type'],
    [table([column('__proto__', 'int')]), "x.json: column '__proto__': is not an allowed column name", 'prototype-polluting column name'],
    [table([column('id', 'int')], { Parameters: { a: 1 } }), "x.json: Parameters['a'] is a number", 'non-string parameter'],
  ])('rejects %j (%s)', (json, message, _reason) => {
    // Prepare / Act
    let caught: unknown;
    try {
      parseGlueTable(json, 'x.json');
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(GlueSchemaError);
    expect((caught as Error).message).toContain(message);
  });

  it('names the column in GlueSchemaError.column', () => {
    // Prepare / Act
    let caught: GlueSchemaError | undefined;
    try {
      parseGlueTable(table([column('ok', 'int'), column('Price', 'decimal(50,2)')]), 'prices.json');
    } catch (error) {
      caught = error as GlueSchemaError;
    }

    // Assess
    expect(caught?.fileName).toBe('prices.json');
    expect(caught?.column).toBe('price');
  });
});

describe('loadGlueTable', () => {
  it('names the file and the line of a JSON syntax error', async () => {
    // Prepare
    const path = join(scratch, 'broken.json');
    writeFileSync(path, '{\n  "Table": {\n    "Name": "t",,\n  }\n}\n');

    // Act / Assess
    await expect(loadGlueTable(path)).rejects.toThrowError(/^broken\.json: is not valid JSON at line 3, column \d+\. Save the output of `aws glue get-table --output json` unchanged\.$/);
  });

  it('names the path of a file that cannot be read', async () => {
    // Prepare
    const path = join(scratch, 'missing.json');

    // Act / Assess
    await expect(loadGlueTable(path)).rejects.toThrowError(`${path}: cannot be read (ENOENT). Check the path; schema files live in glue-schemas/.`);
  });

  it('accepts a byte-order mark', async () => {
    // Prepare
    const path = join(scratch, 'bom.json');
    writeFileSync(path, `\ufeff${JSON.stringify({ Table: { Name: 't', DatabaseName: 'd', StorageDescriptor: { Columns: [{ Name: 'a', Type: 'int' }] } } })}`);

    // Act
    const loaded = await loadGlueTable(path);

    // Assess
    expect(loaded.columns.map((c) => c.name)).toEqual(['a']);
  });
});
