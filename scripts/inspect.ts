/**
 * `npm run inspect -- FILE… [--rows N] [--json]`
 *
 * Shows what is inside .orc and .parquet files (what Firehose delivered, or what firehose-kit wrote)
 * without Java or Python tools: the schema as Glue column types, the row count, the stripes or row
 * groups with their sizes, the compression and the encoding of each column, the column statistics, and
 * the first rows as JSON lines. `--json` prints one JSON object per file instead.
 *
 * ORC files are read with formats/orc; Parquet files with hyparquet (a runtime dependency for this
 * command: a complete, maintained Parquet reader with no dependencies of its own, so that files from
 * any writer, not only ours, can be inspected).
 * Exit codes: 0 all files shown, 1 a file could not be read, 2 bad arguments.
 */
import { readFileSync, statSync } from 'node:fs';
import { readS3Object } from '../aws/s3Objects.js';
import { gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { CellValue } from '../formats/glue/types.js';
import { EncodingKind, TypeKind, type ColumnStatistics, type Type } from '../formats/orc/orcProto.js';
import { decimalScale, orcTypeString, readOrcMetadata, readOrcStripe, readOrcStripeContents } from '../formats/orc/readOrc.js';
import { FirehoseKitError } from '../transforms/core/errors.js';
import { UsageError } from './cliOptions.js';

export interface InspectIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const USAGE = `Usage: npm run inspect -- <file.orc|file.parquet|s3://bucket/key>... [options]

Shows the schema (as Glue column types), row count, stripes or row groups, compression and encodings per
column, column statistics and the first rows (JSON lines) of ORC and Parquet files, local or in S3
(GetObject with the AWS SDK's credentials and region; AWS_ENDPOINT_URL for a stand-in).

Options:
  --rows <N>    rows to print per file (default 5; 0 for none)
  --json        one JSON object per file (machine-readable) instead of text
  -h, --help    show this help

Examples:
  npm run inspect -- out/process-record/2026/11/30/04/*.parquet --rows 3
  npm run inspect -- delivered.orc --json
  npm run inspect -- s3://my-bucket/2026/11/30/04/stream-1-2026-11-30-04-00-00-uuid.parquet

Exit codes: 0 every file shown, 1 a file could not be read, 2 bad arguments.`;

const DEFAULT_ROWS = 5;

/** Runs the command; returns the exit code. Never calls process.exit, so tests can run it. */
export async function runInspectCommand(args: readonly string[], io: InspectIo): Promise<number> {
  let files: string[];
  let rows: number;
  let json: boolean;
  try {
    ({ files, rows, json } = parseArguments(args));
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`inspect: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof HelpRequested) {
      io.stdout(USAGE);
      return 0;
    }
    throw error;
  }
  let failed = false;
  for (const path of files) {
    try {
      const report = await inspectFile(path, rows);
      io.stdout(json ? JSON.stringify(report, jsonReplacer) : formatReport(report));
    } catch (error) {
      failed = true;
      const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
      const why = error instanceof FirehoseKitError || error instanceof UsageError ? error.message : code !== undefined ? `cannot be read (${code})` : `is not a readable file (${error instanceof Error ? error.message : String(error)})`;
      io.stderr(`inspect: ${path}: ${why}`);
    }
  }
  return failed ? 1 : 0;
}

class HelpRequested extends Error {}

function parseArguments(args: readonly string[]): { files: string[]; rows: number; json: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: { rows: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help) throw new HelpRequested();
  const rows = parsed.values.rows === undefined ? DEFAULT_ROWS : Number(parsed.values.rows);
  if (!Number.isInteger(rows) || rows < 0) throw new UsageError(`--rows ${parsed.values.rows}: give a whole number of rows (0 or more)`);
  if (parsed.positionals.length === 0) throw new UsageError('name at least one .orc or .parquet file');
  return { files: parsed.positionals, rows, json: parsed.values.json };
}

// ───────────────────────────── the report ─────────────────────────────

export interface InspectReport {
  readonly file: string;
  readonly format: 'ORC' | 'Parquet';
  readonly bytes: number;
  readonly writer: string | undefined;
  readonly version: string;
  readonly rows: number;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** Stripes (ORC) or row groups (Parquet). */
  readonly blocks: readonly InspectBlock[];
  /** Per column path: statistics of the whole file (ORC) or summed over row groups (Parquet, when present). */
  readonly statistics: readonly { readonly column: string; readonly values?: number; readonly nulls?: boolean | number; readonly [key: string]: unknown }[];
  readonly firstRows: readonly unknown[];
}

export interface InspectBlock {
  readonly index: number;
  readonly rows: number;
  readonly offset: number;
  readonly bytes: number;
  /** Compression and encoding of each column (by column path). */
  readonly columns: readonly { readonly column: string; readonly compression: string; readonly encoding: string; readonly bytes?: number }[];
}

async function inspectFile(path: string, rows: number): Promise<InspectReport> {
  let bytes: Uint8Array;
  if (path.startsWith('s3://')) {
    bytes = await readS3Object(path);
  } else {
    statSync(path);
    bytes = new Uint8Array(readFileSync(path));
  }
  const head = String.fromCharCode(...bytes.subarray(0, 4));
  if (head.startsWith('ORC')) return inspectOrc(path, bytes, rows);
  if (head === 'PAR1') return inspectParquet(path, bytes, rows);
  throw new UsageError("is neither ORC (starts with 'ORC') nor Parquet (starts with 'PAR1')");
}

const ENCODING_NAMES: Record<number, string> = Object.fromEntries(Object.entries(EncodingKind).map(([name, value]) => [value, name]));

/** Column paths of an ORC type tree, by column id: `geo.city`, `tags[]`, `attributes{key}`, `attributes{}`. */
function orcColumnPaths(types: readonly Type[]): string[] {
  const paths: string[] = new Array<string>(types.length).fill('');
  paths[0] = '(row)';
  types.forEach((type, id) => {
    const base = id === 0 ? '' : paths[id];
    (type.subtypes ?? []).forEach((sub, i) => {
      if (type.kind === TypeKind.STRUCT) paths[sub] = base === '' ? (type.fieldNames?.[i] ?? `_col${i}`) : `${base}.${type.fieldNames?.[i] ?? i}`;
      else if (type.kind === TypeKind.LIST) paths[sub] = `${base}[]`;
      else if (type.kind === TypeKind.MAP) paths[sub] = i === 0 ? `${base}{key}` : `${base}{}`;
      else paths[sub] = `${base}<${i}>`;
    });
  });
  return paths;
}

function inspectOrc(path: string, file: Uint8Array, rowLimit: number): InspectReport {
  const meta = readOrcMetadata(file);
  const root = meta.types[0] as Type;
  const paths = orcColumnPaths(meta.types);
  const columns =
    root.kind === TypeKind.STRUCT
      ? (root.fieldNames ?? []).map((name, i) => ({ name, type: orcTypeString(meta.types, (root.subtypes ?? [])[i] as number) }))
      : [{ name: '_col0', type: orcTypeString(meta.types, 0) }];
  const blocks: InspectBlock[] = meta.stripes.map((stripe, index) => {
    const { footer } = readOrcStripeContents(file, meta, index);
    const sizes = new Map<number, number>();
    for (const stream of footer.streams ?? []) sizes.set(stream.column ?? 0, (sizes.get(stream.column ?? 0) ?? 0) + (stream.length ?? 0));
    return {
      index,
      rows: stripe.numberOfRows ?? 0,
      offset: stripe.offset ?? 0,
      bytes: (stripe.indexLength ?? 0) + (stripe.dataLength ?? 0) + (stripe.footerLength ?? 0),
      columns: (footer.columns ?? []).map((encoding, id) => ({
        column: paths[id] ?? String(id),
        compression: meta.compression,
        encoding: `${ENCODING_NAMES[encoding.kind ?? 0] ?? String(encoding.kind)}${encoding.dictionarySize !== undefined ? ` (${encoding.dictionarySize} entries)` : ''}`,
        bytes: sizes.get(id) ?? 0,
      })),
    };
  });
  const statistics = (meta.footer.statistics ?? []).map((stats, id) => orcStatistics(paths[id] ?? String(id), stats, meta.types[id]));
  const firstRows: unknown[] = [];
  for (let s = 0; s < meta.stripes.length && firstRows.length < rowLimit; s++) {
    for (const value of readOrcStripe(file, meta, s)) {
      if (firstRows.length >= rowLimit) break;
      firstRows.push(renderOrc(value, meta.types, 0));
    }
  }
  const version = (meta.postscript.version ?? []).join('.');
  return { file: path, format: 'ORC', bytes: file.length, writer: meta.footer.softwareVersion, version, rows: meta.rowCount, columns, blocks, statistics, firstRows };
}

function orcStatistics(column: string, stats: ColumnStatistics, type: Type | undefined): InspectReport['statistics'][number] {
  const out: Record<string, unknown> = { column, values: stats.numberOfValues ?? 0, nulls: stats.hasNull ?? false };
  const add = (prefix: string, values: object | undefined): void => {
    for (const [key, value] of Object.entries(values ?? {})) if (value !== undefined) out[prefix === '' ? key : `${prefix}${key[0]?.toUpperCase()}${key.slice(1)}`] = value;
  };
  add('', stats.intStatistics);
  add('', stats.doubleStatistics);
  add('', stats.stringStatistics);
  add('', stats.decimalStatistics);
  add('', stats.collectionStatistics);
  if (stats.binaryStatistics?.sum !== undefined) out['totalBytes'] = stats.binaryStatistics.sum;
  if (stats.bucketStatistics?.count !== undefined) out['trueCount'] = stats.bucketStatistics.count[0];
  if (stats.dateStatistics?.minimum !== undefined) out['minimum'] = formatDate(stats.dateStatistics.minimum);
  if (stats.dateStatistics?.maximum !== undefined) out['maximum'] = formatDate(stats.dateStatistics.maximum);
  const ts = stats.timestampStatistics;
  if (ts !== undefined) {
    const min = ts.minimumUtc ?? ts.minimum;
    const max = ts.maximumUtc ?? ts.maximum;
    if (min !== undefined) out['minimum'] = formatTimestamp(min * 1_000_000n + BigInt(Math.max(0, (ts.minimumNanos ?? 1) - 1)));
    if (max !== undefined) out['maximum'] = formatTimestamp(max * 1_000_000n + BigInt(Math.max(0, (ts.maximumNanos ?? 1_000_000) - 1)));
  }
  if (type?.kind === TypeKind.STRING || type?.kind === TypeKind.VARCHAR || type?.kind === TypeKind.CHAR) {
    if ('sum' in out) {
      out['totalBytes'] = out['sum'];
      delete out['sum'];
    }
  }
  return out as InspectReport['statistics'][number];
}

/** An ORC value as JSON: dates and timestamps as text, decimals as exact decimal text, binary as base64, maps as objects. */
function renderOrc(value: CellValue, types: readonly Type[], id: number): unknown {
  if (value === null) return null;
  const type = types[id] as Type;
  const sub = type.subtypes ?? [];
  switch (type.kind) {
    case TypeKind.DATE:
      return formatDate(value as number);
    case TypeKind.TIMESTAMP:
    case TypeKind.TIMESTAMP_INSTANT:
      return formatTimestamp(value as bigint);
    case TypeKind.DECIMAL:
      return formatDecimal(value as bigint, decimalScale(type));
    case TypeKind.BINARY:
      return Buffer.from(value as Uint8Array).toString('base64');
    case TypeKind.LIST:
      return (value as CellValue[]).map((item) => renderOrc(item, types, sub[0] as number));
    case TypeKind.MAP: {
      const out: Record<string, unknown> = {};
      for (const [k, v] of value as Map<CellValue, CellValue>) out[String(renderOrc(k, types, sub[0] as number))] = renderOrc(v, types, sub[1] as number);
      return out;
    }
    case TypeKind.STRUCT: {
      const out: Record<string, unknown> = {};
      (type.fieldNames ?? []).forEach((name, i) => (out[name] = renderOrc((value as Record<string, CellValue>)[name] ?? null, types, sub[i] as number)));
      return out;
    }
    case TypeKind.UNION: {
      const union = value as { tag: number; value: CellValue };
      return { tag: union.tag, value: renderOrc(union.value, types, sub[union.tag] as number) };
    }
    default:
      return value;
  }
}

const DAY_NANOS = 86_400_000_000_000n;

function formatDate(days: number): string {
  const date = new Date(0);
  date.setUTCDate(1 + days);
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** Nanoseconds since 1970 as `YYYY-MM-DD hh:mm:ss[.fffffffff]` (the Hive/Athena form). */
function formatTimestamp(nanos: bigint): string {
  let days = nanos / DAY_NANOS;
  let rest = nanos % DAY_NANOS;
  if (rest < 0n) {
    rest += DAY_NANOS;
    days -= 1n;
  }
  const seconds = Number(rest / 1_000_000_000n);
  const fraction = (rest % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  const time = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return `${formatDate(Number(days))} ${time}${fraction === '' ? '' : `.${fraction}`}`;
}

function formatDecimal(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

// ───────────────────────────── Parquet ─────────────────────────────

interface ParquetSchemaElement {
  readonly name: string;
  readonly type?: string;
  readonly type_length?: number;
  readonly repetition_type?: string;
  readonly num_children?: number;
  readonly converted_type?: string;
  readonly logical_type?: { readonly type: string; readonly [key: string]: unknown };
  readonly scale?: number;
  readonly precision?: number;
}

interface ParquetNode {
  readonly element: ParquetSchemaElement;
  readonly children: readonly ParquetNode[];
}

/** The Glue type a Parquet schema node stands for (LogicalTypes.md's LIST and MAP layouts included). */
function parquetGlueType(node: ParquetNode): string {
  const e = node.element;
  const logical = e.logical_type?.type;
  const converted = e.converted_type;
  if (node.children.length > 0) {
    if (logical === 'LIST' || converted === 'LIST') {
      const repeated = node.children[0] as ParquetNode;
      const element = repeated.children.length === 1 && repeated.element.name !== 'array' && !repeated.element.name.endsWith('_tuple') ? (repeated.children[0] as ParquetNode) : repeated;
      return `array<${parquetGlueType(element)}>`;
    }
    if (logical === 'MAP' || converted === 'MAP' || converted === 'MAP_KEY_VALUE') {
      const entry = node.children[0] as ParquetNode;
      return `map<${parquetGlueType(entry.children[0] as ParquetNode)},${parquetGlueType(entry.children[1] as ParquetNode)}>`;
    }
    const struct = `struct<${node.children.map((child) => `${child.element.name}:${parquetGlueType(child)}`).join(',')}>`;
    return e.repetition_type === 'REPEATED' ? `array<${struct}>` : struct;
  }
  let type: string;
  if (logical === 'DECIMAL' || converted === 'DECIMAL') type = `decimal(${e.precision ?? 38},${e.scale ?? 0})`;
  else if (logical === 'STRING' || converted === 'UTF8' || logical === 'ENUM' || logical === 'JSON') type = 'string';
  else if (logical === 'DATE' || converted === 'DATE') type = 'date';
  else if (logical === 'TIMESTAMP' || converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS' || e.type === 'INT96') type = 'timestamp';
  else if (converted === 'INT_8' || (logical === 'INTEGER' && e.logical_type?.['bitWidth'] === 8)) type = 'tinyint';
  else if (converted === 'INT_16' || (logical === 'INTEGER' && e.logical_type?.['bitWidth'] === 16)) type = 'smallint';
  else {
    const physical: Record<string, string> = { BOOLEAN: 'boolean', INT32: 'int', INT64: 'bigint', FLOAT: 'float', DOUBLE: 'double', BYTE_ARRAY: 'binary', FIXED_LEN_BYTE_ARRAY: 'binary' };
    type = physical[e.type ?? ''] ?? (e.type ?? 'unknown').toLowerCase();
  }
  return e.repetition_type === 'REPEATED' ? `array<${type}>` : type;
}

async function inspectParquet(path: string, file: Uint8Array, rowLimit: number): Promise<InspectReport> {
  const { parquetMetadata, parquetSchema, parquetReadObjects } = await import('hyparquet');
  const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  let metadata;
  try {
    metadata = parquetMetadata(buffer);
  } catch (error) {
    throw new UsageError(`is not a readable Parquet file (${error instanceof Error ? error.message : String(error)})`);
  }
  const schema = parquetSchema(metadata) as unknown as ParquetNode;
  const columns = schema.children.map((child) => ({ name: child.element.name, type: parquetGlueType(child) }));
  const statistics = new Map<string, { values: number; nulls: number; minimum?: unknown; maximum?: unknown }>();
  const blocks: InspectBlock[] = metadata.row_groups.map((group, index) => ({
    index,
    rows: Number(group.num_rows),
    offset: Number(group.columns[0]?.meta_data?.dictionary_page_offset ?? group.columns[0]?.meta_data?.data_page_offset ?? 0),
    bytes: Number(group.total_compressed_size ?? group.columns.reduce((sum, c) => sum + Number(c.meta_data?.total_compressed_size ?? 0), 0)),
    columns: group.columns.map((chunk) => {
      const meta = chunk.meta_data;
      const column = (meta?.path_in_schema ?? []).join('.');
      const stats = meta?.statistics;
      const entry = statistics.get(column) ?? { values: 0, nulls: 0 };
      entry.values += Number(meta?.num_values ?? 0) - Number(stats?.null_count ?? 0);
      entry.nulls += Number(stats?.null_count ?? 0);
      const min = stats?.min_value ?? stats?.min;
      const max = stats?.max_value ?? stats?.max;
      if (min !== undefined && min !== null && (entry.minimum === undefined || compareStat(min, entry.minimum) < 0)) entry.minimum = min;
      if (max !== undefined && max !== null && (entry.maximum === undefined || compareStat(max, entry.maximum) > 0)) entry.maximum = max;
      statistics.set(column, entry);
      return { column, compression: String(meta?.codec ?? 'UNKNOWN'), encoding: (meta?.encodings ?? []).join(', '), bytes: Number(meta?.total_compressed_size ?? 0) };
    }),
  }));
  const firstRows =
    rowLimit > 0
      ? ((await parquetReadObjects({
          file: buffer,
          rowEnd: Math.min(rowLimit, Number(metadata.num_rows)),
          compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)) },
        })) as unknown[])
      : [];
  return {
    file: path,
    format: 'Parquet',
    bytes: file.length,
    writer: metadata.created_by,
    version: String(metadata.version),
    rows: Number(metadata.num_rows),
    columns,
    blocks,
    statistics: [...statistics].map(([column, s]) => ({ column, values: s.values, nulls: s.nulls, ...(s.minimum === undefined ? {} : { minimum: s.minimum }), ...(s.maximum === undefined ? {} : { maximum: s.maximum }) })),
    firstRows,
  };
}

function compareStat(a: unknown, b: unknown): number {
  if (typeof a === 'bigint' || typeof b === 'bigint') return Number(BigInt(a as bigint) - BigInt(b as bigint));
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

// ───────────────────────────── output ─────────────────────────────

/** JSON for values of either reader: bigints as numbers when exact, else text; bytes as base64; dates as ISO. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

function formatReport(report: InspectReport): string {
  const lines: string[] = [];
  const n = (value: number): string => value.toLocaleString('en-US');
  lines.push(`${report.file}: ${report.format} ${report.version}, ${n(report.bytes)} bytes${report.writer === undefined ? '' : `, written by ${report.writer}`}`);
  lines.push(`rows: ${n(report.rows)}; ${report.format === 'ORC' ? 'stripes' : 'row groups'}: ${report.blocks.length}`);
  lines.push('schema (Glue column types):');
  const width = Math.max(...report.columns.map((c) => c.name.length), 4);
  for (const column of report.columns) lines.push(`  ${column.name.padEnd(width)}  ${column.type}`);
  for (const block of report.blocks) {
    lines.push(`${report.format === 'ORC' ? 'stripe' : 'row group'} ${block.index}: ${n(block.rows)} rows, ${n(block.bytes)} bytes at offset ${n(block.offset)}`);
    // Column detail for the first block and for any block whose encodings differ from the one before (--json has all).
    const previous = report.blocks[block.index - 1];
    if (previous !== undefined && previous.columns.map((c) => c.encoding).join() === block.columns.map((c) => c.encoding).join()) continue;
    const columnWidth = Math.max(...block.columns.map((c) => c.column.length), 4);
    for (const column of block.columns) lines.push(`  ${column.column.padEnd(columnWidth)}  ${column.compression}  ${column.encoding}${column.bytes === undefined ? '' : `  ${n(column.bytes)} bytes`}`);
  }
  lines.push('column statistics:');
  const statWidth = Math.max(...report.statistics.map((s) => s.column.length), 4);
  for (const stats of report.statistics) {
    const rest = Object.entries(stats)
      .filter(([key]) => key !== 'column')
      .map(([key, value]) => `${key} ${JSON.stringify(value, jsonReplacer)}`)
      .join(', ');
    lines.push(`  ${stats.column.padEnd(statWidth)}  ${rest}`);
  }
  if (report.firstRows.length > 0) {
    lines.push(`first ${report.firstRows.length} rows:`);
    for (const row of report.firstRows) lines.push(JSON.stringify(row, jsonReplacer));
  }
  return lines.join('\n');
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(invokedPath).href) {
  process.exitCode = await runInspectCommand(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  });
}
