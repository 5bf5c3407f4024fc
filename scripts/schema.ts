/**
 * `npm run schema -- glue-schemas/X.json [--json-schema] [--check records.jsonl] [SerDe options]`
 *
 * Prints the table's columns (default), its JSON Schema (`--json-schema`), and checks a JSON-lines file
 * record by record (`--check`), naming each line that Firehose would send to format-conversion-failed/.
 * Exit codes: 0 all good, 1 some records fail, 2 bad arguments or an unusable schema/file.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { createDeserializer, type JsonSerDe } from '../formats/serde/deserializeJson.js';
import { FirehoseKitError } from '../transforms/core/errors.js';
import { type GlueTable } from '../formats/glue/glueTable.js';
import { loadGlueTable } from '../firehose/sources/glueTableFile.js';
import { printGlueType } from '../formats/glue/glueType.js';
import { compileRecordValidator, glueTableToJsonSchema } from '../formats/serde/jsonSchema.js';
import type { GlueColumn } from '../formats/glue/types.js';
import { parseSerde, UsageError } from './cliOptions.js';

export interface SchemaCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const USAGE = `Usage: npm run schema -- <glue-schema.json> [options]

Prints the columns of a Glue table definition (aws glue get-table output), its JSON Schema, or checks
records against it the way Firehose's record format conversion would.

Options:
  --json-schema              print the JSON Schema (draft-07) of one record instead of the columns
  --check <file.jsonl>       check each non-blank line; name every line that would fail conversion
  --serde openx|hive         deserializer (default openx, Firehose's default)
  --serde-option <N>=<V>     OpenXJsonSerDe / HiveJsonSerDe option with Firehose's name (repeatable):
                             CaseInsensitive=true|false, ConvertDotsInJsonKeysToUnderscores=true|false,
                             ColumnToJsonKeyMappings=<column>:<json key>, TimestampFormats=<Joda pattern>|millis
  -h, --help                 show this help

Exit codes: 0 all good, 1 some records fail, 2 bad arguments or an unusable schema or file.`;

interface Arguments {
  readonly schemaPath: string;
  readonly jsonSchema: boolean;
  readonly checkPath: string | undefined;
  readonly serde: JsonSerDe;
}


/** Runs the command; returns the exit code. Never calls process.exit, so tests can run it. */
export async function runSchemaCommand(args: readonly string[], io: SchemaCommandIo): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout(USAGE);
    return 0;
  }
  let parsed: Arguments;
  try {
    parsed = parseArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`schema: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  try {
    const table = await loadGlueTable(parsed.schemaPath);
    // Compile everything up front: bad SerDe options are reported before any record is read.
    const deserialize = createDeserializer(table, parsed.serde);
    const validate = compileRecordValidator(table, { serde: parsed.serde });
    if (parsed.jsonSchema) io.stdout(JSON.stringify(glueTableToJsonSchema(table, { serde: parsed.serde }), null, 2));
    if (!parsed.jsonSchema && parsed.checkPath === undefined) io.stdout(describeTable(table, parsed.schemaPath));
    if (parsed.checkPath === undefined) return 0;
    return await checkFile(parsed.checkPath, deserialize, validate, io);
  } catch (error) {
    if (error instanceof FirehoseKitError) {
      io.stderr(`schema: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

function parseArguments(args: readonly string[]): Arguments {
  const positional: string[] = [];
  let jsonSchema = false;
  let checkPath: string | undefined;
  let serdeKind = 'openx';
  const serdeOptions: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string => {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      i++;
      return next;
    };
    switch (arg) {
      case '--json-schema':
        jsonSchema = true;
        break;
      case '--check':
        checkPath = value();
        break;
      case '--serde':
        serdeKind = value();
        break;
      case '--serde-option':
        serdeOptions.push(value());
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        positional.push(arg);
    }
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'give the Glue schema file, e.g. glue-schemas/web_access_logs.json' : `give one schema file, got ${positional.length}`);
  return { schemaPath: positional[0]!, jsonSchema, checkPath, serde: parseSerde(serdeKind, serdeOptions) };
}

function describeTable(table: GlueTable, path: string): string {
  const qualified = table.databaseName === '' ? table.name : `${table.databaseName}.${table.name}`;
  const lines = [`${qualified} (${path}): ${table.columns.length} columns, ${table.partitionKeys.length} partition keys`];
  lines.push(...formatColumns(table.columns));
  if (table.partitionKeys.length > 0) {
    lines.push('partition keys (in the S3 prefix, not in the data files):');
    lines.push(...formatColumns(table.partitionKeys));
  }
  return lines.join('\n');
}

function formatColumns(columns: readonly GlueColumn[]): string[] {
  const nameWidth = Math.max(...columns.map((column) => column.name.length));
  const types = columns.map((column) => printGlueType(column.type));
  // Long struct types would push every comment far right; align comments on the short types only.
  const typeWidth = Math.max(...types.filter((type) => type.length <= 24).map((type) => type.length), 0);
  return columns.map((column, index) => {
    const comment = column.comment === undefined ? '' : `  -- ${column.comment}`;
    return `  ${column.name.padEnd(nameWidth)}  ${comment === '' ? types[index]! : types[index]!.padEnd(typeWidth)}${comment}`;
  });
}

async function checkFile(
  path: string,
  deserialize: ReturnType<typeof createDeserializer>,
  validate: ReturnType<typeof compileRecordValidator>,
  io: SchemaCommandIo,
): Promise<number> {
  const stream = createReadStream(path);
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown error';
    io.stderr(`schema: ${path}: cannot be read (${code})`);
    return 2;
  }
  let lineNumber = 0;
  let records = 0;
  let failed = 0;
  for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber++;
    if (line.trim() === '') continue;
    records++;
    const problems: string[] = [];
    const result = deserialize(line);
    if ('error' in result) {
      problems.push(`${result.error.errorCode}: ${result.error.message}`);
    } else {
      // The JSON Schema checks one object; lines with several concatenated objects are checked by the deserializer only.
      let value: unknown;
      let single = true;
      try {
        value = JSON.parse(line);
      } catch {
        single = false;
      }
      if (single) {
        const validation = validate(value);
        if (!validation.valid) problems.push(...validation.errors.map((message) => `JSON Schema: ${message}`));
      }
    }
    if (problems.length > 0) {
      failed++;
      for (const problem of problems) io.stdout(`${path}:${lineNumber}: ${problem}`);
    }
  }
  io.stdout(`${path}: ${records} records checked, ${records - failed} convert, ${failed} would go to format-conversion-failed/`);
  return failed === 0 ? 0 : 1;
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(invokedPath).href) {
  process.exitCode = await runSchemaCommand(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  });
}
