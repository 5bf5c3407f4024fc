/**
 * Reads Parquet files with DuckDB (`@duckdb/node-api`), an independent reader, and turns its values back
 * into the row model of formats/glue/types.ts so that tests compare what DuckDB read with what was written.
 * One in-memory DuckDB instance serves a test file; call `closeDuckDb()` in `afterAll`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DuckDBDecimalType,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBListType,
  DuckDBMapType,
  DuckDBStructType,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBBlobValue,
  type DuckDBConnection,
  type DuckDBDateValue,
  type DuckDBListValue,
  type DuckDBMapValue,
  type DuckDBStructValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { CellValue, GlueColumn, GlueType, Row, StructValue } from '../../formats/glue/types.js';

export interface DuckDbTable {
  /** Column names and DuckDB types (`describeDuckDbType`: struct field names never quoted). */
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** Rows converted to the row model (see `duckValueToCell`). */
  readonly rows: Row[];
}

let instance: DuckDBInstance | undefined;
let connection: DuckDBConnection | undefined;
let scratchDir: string | undefined;
let fileCounter = 0;

async function connect(): Promise<DuckDBConnection> {
  if (connection === undefined) {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    // One thread keeps several test files in parallel from oversubscribing a small machine.
    await connection.run('SET threads = 1');
  }
  return connection;
}

/** Runs SQL and returns the raw DuckDB rows (for metadata queries such as `parquet_metadata`). */
export async function queryDuckDb(sql: string): Promise<{ names: string[]; types: string[]; rows: DuckDBValue[][] }> {
  const con = await connect();
  const result = await con.runAndReadAll(sql);
  return { names: result.columnNames(), types: result.columnTypes().map(describeDuckDbType), rows: result.getRows() };
}

/** A DuckDB type in SQL notation with struct field names unquoted, comparable with `expectedDuckDbType`. */
export function describeDuckDbType(type: DuckDBType): string {
  if (type instanceof DuckDBStructType) return `STRUCT(${type.entryNames.map((name, i) => `${name} ${describeDuckDbType(type.entryTypes[i]!)}`).join(', ')})`;
  if (type instanceof DuckDBListType) return `${describeDuckDbType(type.valueType)}[]`;
  if (type instanceof DuckDBMapType) return `MAP(${describeDuckDbType(type.keyType)}, ${describeDuckDbType(type.valueType)})`;
  if (type instanceof DuckDBDecimalType) return `DECIMAL(${type.width},${type.scale})`;
  return type.toString();
}

/** Writes bytes to a scratch file that DuckDB can open; returns its path (SQL-quoted paths are safe: no quotes). */
export function scratchParquetFile(bytes: Uint8Array): string {
  scratchDir ??= mkdtempSync(join(tmpdir(), 'firehose-kit-parquet-'));
  const path = join(scratchDir, `file-${process.pid}-${fileCounter++}.parquet`);
  writeFileSync(path, bytes);
  return path;
}

/** Reads a Parquet file (bytes or path) with DuckDB and converts the rows for the given Glue columns. */
export async function readParquetWithDuckDb(file: Uint8Array | string, columns: readonly GlueColumn[]): Promise<DuckDbTable> {
  const path = typeof file === 'string' ? file : scratchParquetFile(file);
  const data = await queryDuckDb(`SELECT * FROM read_parquet('${path}')`);
  const duckColumns = data.names.map((name, i) => ({ name, type: data.types[i]! }));
  const rows = data.rows.map((values) => {
    const row: Row = Object.create(null) as Row;
    columns.forEach((column, index) => {
      row[column.name.toLowerCase()] = duckValueToCell(values[index] ?? null, column.type);
    });
    return row;
  });
  return { columns: duckColumns, rows };
}

/** Closes the shared instance and deletes the scratch files. */
export function closeDuckDb(): void {
  connection?.closeSync();
  instance?.closeSync();
  connection = undefined;
  instance = undefined;
  if (scratchDir !== undefined) rmSync(scratchDir, { recursive: true, force: true });
  scratchDir = undefined;
}

/**
 * The DuckDB type a column of this Glue type must have when DuckDB reads our file. Timestamps are
 * `TIMESTAMP` both for INT64 TIMESTAMP(MICROS, not UTC-adjusted) and for INT96.
 */
export function expectedDuckDbType(type: GlueType): string {
  switch (type.kind) {
    case 'boolean':
      return 'BOOLEAN';
    case 'tinyint':
      return 'TINYINT';
    case 'smallint':
      return 'SMALLINT';
    case 'int':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'float':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'string':
    case 'char':
    case 'varchar':
      return 'VARCHAR';
    case 'binary':
      return 'BLOB';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'array':
      return `${expectedDuckDbType(type.element)}[]`;
    case 'map':
      return `MAP(${expectedDuckDbType(type.key)}, ${expectedDuckDbType(type.value)})`;
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `${f.name.toLowerCase()} ${expectedDuckDbType(f.type)}`).join(', ')})`;
  }
}

/**
 * Converts a DuckDB value to the row model: decimals to their unscaled bigint (checking the scale),
 * timestamps to bigint nanoseconds, dates to day numbers, blobs to Uint8Array, lists to arrays, maps to
 * Map, structs to plain objects with lower-case field names.
 */
export function duckValueToCell(value: DuckDBValue, type: GlueType): CellValue {
  if (value === null) return null;
  switch (type.kind) {
    case 'boolean':
    case 'string':
    case 'char':
    case 'varchar':
    case 'bigint':
      return value as boolean | string | bigint;
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'float':
    case 'double':
      return value as number;
    case 'decimal': {
      const decimal = value as DuckDBDecimalValue;
      if (!(decimal instanceof DuckDBDecimalValue) || decimal.scale !== type.scale || decimal.width !== type.precision) {
        throw new Error(`DuckDB read a ${String(value)} for decimal(${type.precision},${type.scale})`);
      }
      return decimal.value;
    }
    case 'binary':
      return new Uint8Array((value as DuckDBBlobValue).bytes);
    case 'date':
      return (value as DuckDBDateValue).days;
    case 'timestamp':
      if (value instanceof DuckDBTimestampNanosecondsValue) return value.nanos;
      if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) return value.micros * 1000n;
      throw new Error(`DuckDB read a ${typeof value} for a timestamp`);
    case 'array':
      return (value as DuckDBListValue).items.map((item) => duckValueToCell(item, type.element));
    case 'map':
      return new Map((value as DuckDBMapValue).entries.map((e) => [duckValueToCell(e.key, type.key), duckValueToCell(e.value, type.value)]));
    case 'struct': {
      const entries = (value as DuckDBStructValue).entries;
      const struct: StructValue = Object.create(null) as StructValue;
      for (const field of type.fields) {
        const key = field.name.toLowerCase();
        struct[key] = duckValueToCell(entries[key] ?? null, field.type);
      }
      return struct;
    }
  }
}
