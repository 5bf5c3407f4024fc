/**
 * `npm run schema -- pull|infer|check|cfn …`, and `npm run schema -- glue-schemas/X.json [--json-schema]
 * [--check records.jsonl] [SerDe options]`
 *
 * pull: GetTable through aws/ into glue-schemas/T.json; infer: the narrowest Glue columns for sample
 * records; check: every record that would fail conversion; cfn: the AWS::Glue::Table resource.
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
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { GlueAccessError, pullGlueTable } from '../aws/index.js';
import { renderGlueTableTemplate } from '../deploy/index.js';
import { inferGlueColumns } from '../formats/serde/index.js';

export interface SchemaCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const USAGE = `Usage: npm run schema -- <command> [options]
       npm run schema -- <glue-schema.json> [options]

Commands:
  pull --database D --table T [--region R] [--endpoint URL] [--out DIR]
                             GetTable into DIR/T.json (default glue-schemas/), aws glue get-table's shape
  infer FILE.jsonl [--name T] [--database D] [--out FILE]
                             the narrowest Glue columns that fit every record (structs, arrays, maps,
                             timestamps in the shapes the OpenX deserializer reads)
  check FILE.jsonl --schema glue-schemas/T.json [--serde …]
                             every record that would fail conversion, with the reason (exit 1 if any)
  cfn T [--format parquet|orc|json]
                             a template with the AWS::Glue::Table for glue-schemas/T.json (or a path),
                             partition projection matching firehose-kit's key=value prefixes

Examples:
  npm run schema -- pull --database analytics --table clicks --region eu-west-1
  npm run schema -- infer samples/clickstream.jsonl --name clicks --out glue-schemas/clicks.json
  npm run schema -- check samples/clickstream.jsonl --schema glue-schemas/clickstream_events.json
  npm run schema -- cfn clickstream_events > table.json

With a schema file instead of a command:

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
  const [command, ...rest] = args;
  if (command !== undefined && command in SUBCOMMANDS && !rest.includes('--help') && !rest.includes('-h')) {
    try {
      return await SUBCOMMANDS[command]!(rest, io);
    } catch (error) {
      if (error instanceof UsageError) {
        io.stderr(`schema ${command}: ${error.message} (npm run schema -- --help)`);
        return 2;
      }
      if (error instanceof GlueAccessError || error instanceof FirehoseKitError) {
        io.stderr(`schema ${command}: ${error.message}`);
        return 2;
      }
      throw error;
    }
  }
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


type Subcommand = (args: readonly string[], io: SchemaCommandIo) => Promise<number>;

function parseSub(args: readonly string[], options: Record<string, { type: 'string' }>, positionals: number): { values: Record<string, string | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    if (parsed.positionals.length !== positionals) throw new UsageError(positionals === 0 ? `unexpected ${parsed.positionals.join(' ')}` : `give ${positionals} file or name argument(s), got ${parsed.positionals.length}`);
    return { values: parsed.values as Record<string, string | undefined>, positionals: parsed.positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function readJsonLines(path: string): Promise<{ values: unknown[]; bad: number[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown error';
    throw new UsageError(`${path}: cannot be read (${code})`);
  }
  const values: unknown[] = [];
  const bad: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      values.push(JSON.parse(line));
    } catch {
      bad.push(index + 1);
    }
  });
  return { values, bad };
}

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  pull: async (args, io) => {
    const { values } = parseSub(args, { database: { type: 'string' }, table: { type: 'string' }, region: { type: 'string' }, endpoint: { type: 'string' }, out: { type: 'string' } }, 0);
    if (values['database'] === undefined || values['table'] === undefined) throw new UsageError('pull needs --database D and --table T');
    const pulled = await pullGlueTable({ database: values['database'], table: values['table'], ...(values['region'] === undefined ? {} : { region: values['region'] }), ...(values['endpoint'] === undefined ? {} : { endpoint: values['endpoint'] }) });
    const file = join(values['out'] ?? 'glue-schemas', `${values['table']}.json`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(pulled, null, 2)}\n`);
    // Load it back: a table firehose-kit cannot use is reported now, not at replay time.
    const table = await loadGlueTable(file);
    io.stdout(`wrote ${file}: ${table.columns.length} columns, ${table.partitionKeys.length} partition keys`);
    return 0;
  },
  infer: async (args, io) => {
    const { values, positionals } = parseSub(args, { name: { type: 'string' }, database: { type: 'string' }, out: { type: 'string' } }, 1);
    const path = positionals[0]!;
    const { values: records, bad } = await readJsonLines(path);
    const inferred = inferGlueColumns(records);
    if (inferred.records === 0) throw new UsageError(`${path} has no JSON object records to infer from`);
    const name = values['name'] ?? (path.split('/').pop() ?? 'records').replace(/\.[^.]*$/, '').toLowerCase().replace(/[^a-z0-9_]/g, '_');
    const definition = {
      Table: {
        Name: name,
        DatabaseName: values['database'] ?? 'firehose_kit',
        StorageDescriptor: { Columns: inferred.columns.map((c) => ({ Name: c.name, Type: c.typeString })) },
        PartitionKeys: [],
        Parameters: { classification: 'parquet' },
      },
    };
    const text = `${JSON.stringify(definition, null, 2)}\n`;
    if (values['out'] === undefined) io.stdout(text.trimEnd());
    else await writeFile(values['out'], text);
    io.stderr(`inferred ${inferred.columns.length} columns from ${inferred.records} records${inferred.skipped > 0 ? `; ${inferred.skipped} records were not JSON objects` : ''}${bad.length > 0 ? `; lines not JSON: ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ', …' : ''}` : ''}`);
    return 0;
  },
  check: async (args, io) => {
    const at = args.indexOf('--schema');
    const schema = at === -1 ? undefined : args[at + 1];
    if (schema === undefined) throw new UsageError('check needs --schema glue-schemas/T.json');
    const others = args.filter((_a, i) => i !== at && i !== at + 1);
    const file = others.find((a, i) => !a.startsWith('-') && (i === 0 || !others[i - 1]!.startsWith('--serde')));
    if (file === undefined) throw new UsageError('check needs the records file: check FILE.jsonl --schema glue-schemas/T.json');
    return runSchemaCommand([schema, '--check', file, ...others.filter((a) => a !== file)], io);
  },
  cfn: async (args, io) => {
    const { values, positionals } = parseSub(args, { format: { type: 'string' } }, 1);
    const format = values['format'] ?? 'parquet';
    if (format !== 'parquet' && format !== 'orc' && format !== 'json') throw new UsageError(`--format ${format}: use parquet, orc or json`);
    const given = positionals[0]!;
    const path = given.endsWith('.json') ? given : join('glue-schemas', `${given}.json`);
    const table = await loadGlueTable(path);
    io.stdout(JSON.stringify(renderGlueTableTemplate(table, format), null, 2));
    return 0;
  },
};

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(invokedPath).href) {
  process.exitCode = await runSchemaCommand(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  });
}
