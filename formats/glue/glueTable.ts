/**
 * Glue table definitions in the shape `aws glue get-table` prints: either the whole output
 * `{ "Table": { … } }` or the bare `Table` object (Name, DatabaseName, StorageDescriptor.Columns
 * [{Name, Type, Comment}], PartitionKeys, Parameters). Other members (CreateTime, Location, SerdeInfo, …)
 * are accepted and ignored, so users can paste what the AWS CLI or console gives them.
 */
import { GlueSchemaError, GlueTypeSyntaxError } from './errors.js';
import { parseGlueType } from './glueType.js';
import type { GlueColumn } from './types.js';

export interface GlueTable {
  readonly name: string;
  /** `DatabaseName`; '' when the definition has none (a bare Table pasted without it). */
  readonly databaseName: string;
  /** Data columns in table order; names lower-cased, as Hive and Glue store them. */
  readonly columns: readonly GlueColumn[];
  /** Partition columns: part of the S3 prefix, not of the data files Firehose writes. */
  readonly partitionKeys: readonly GlueColumn[];
  /** Table `Parameters` (string → string). */
  readonly parameters: Readonly<Record<string, string>>;
  /** `StorageDescriptor.SerdeInfo.SerializationLibrary`, when given (informative only). */
  readonly serializationLibrary?: string;
}

/** Glue's limit for table, database and column names (API shape `NameString`). */
const MAX_NAME_LENGTH = 255;

/**
 * Checks and converts a parsed table definition. `fileName` names the source in error messages.
 * Throws `GlueSchemaError` naming the file, the column and what is wrong.
 */
export function parseGlueTable(json: unknown, fileName: string): GlueTable {
  if (!isRecord(json)) {
    throw new GlueSchemaError(fileName, undefined, `the definition is ${describe(json)}, not an object`, 'Save the output of `aws glue get-table --database-name D --name T` (or its "Table" object).');
  }
  if (Object.hasOwn(json, 'TableList')) {
    throw new GlueSchemaError(fileName, undefined, 'this is `aws glue get-tables` output (a TableList), not one table', 'Keep one element of TableList, or use `aws glue get-table` for the table you want.');
  }
  if (Object.hasOwn(json, 'TableInput')) {
    throw new GlueSchemaError(fileName, undefined, 'this is a TableInput (create-table / CloudFormation shape), not get-table output', 'Rename "TableInput" to "Table" and add "DatabaseName" inside it.');
  }
  const table = Object.hasOwn(json, 'Table') ? json['Table'] : json;
  if (!isRecord(table)) {
    throw new GlueSchemaError(fileName, undefined, `"Table" is ${describe(table)}, not an object`, 'Save the output of `aws glue get-table` unchanged.');
  }
  const name = readName(table, 'Name', fileName, true);
  const databaseName = readName(table, 'DatabaseName', fileName, false);
  const storage = table['StorageDescriptor'];
  if (!isRecord(storage)) {
    throw new GlueSchemaError(fileName, undefined, storage === undefined ? 'the table has no StorageDescriptor' : `StorageDescriptor is ${describe(storage)}, not an object`, 'Columns are read from Table.StorageDescriptor.Columns; include the StorageDescriptor from get-table.');
  }
  const columns = readColumns(storage['Columns'], 'StorageDescriptor.Columns', fileName, true);
  const partitionKeys = table['PartitionKeys'] === undefined ? [] : readColumns(table['PartitionKeys'], 'PartitionKeys', fileName, false);
  const seen = new Set<string>();
  for (const column of [...columns, ...partitionKeys]) {
    if (seen.has(column.name)) {
      throw new GlueSchemaError(fileName, column.name, 'is defined twice (column names are case-insensitive; partition keys share the namespace)', 'Rename or remove one of them.');
    }
    seen.add(column.name);
  }
  const parameters = readParameters(table['Parameters'], fileName);
  const serde = storage['SerdeInfo'];
  const library = isRecord(serde) && typeof serde['SerializationLibrary'] === 'string' ? serde['SerializationLibrary'] : undefined;
  return library === undefined
    ? { name, databaseName, columns, partitionKeys, parameters }
    : { name, databaseName, columns, partitionKeys, parameters, serializationLibrary: library };
}

/** Parses the text of a table definition file (JSON); `fileName` names it in errors (with line and column). */
export function parseGlueTableText(text: string, fileName: string): GlueTable {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    const where = position === undefined ? '' : ` at ${lineAndColumn(text, Number(position))}`;
    throw new GlueSchemaError(fileName, undefined, `is not valid JSON${where}`, 'Save the output of `aws glue get-table --output json` unchanged.', { cause: error });
  }
  return parseGlueTable(json, fileName);
}

function readColumns(value: unknown, where: string, fileName: string, required: boolean): GlueColumn[] {
  if (!Array.isArray(value)) {
    throw new GlueSchemaError(fileName, undefined, value === undefined ? `${where} is missing` : `${where} is ${describe(value)}, not an array`, 'List the columns as [{ "Name": "id", "Type": "bigint" }, …].');
  }
  if (required && value.length === 0) {
    throw new GlueSchemaError(fileName, undefined, `${where} is empty`, 'A table needs at least one column to convert records.');
  }
  return value.map((entry: unknown, index) => readColumn(entry, `${where}[${index}]`, fileName));
}

function readColumn(entry: unknown, where: string, fileName: string): GlueColumn {
  if (!isRecord(entry)) {
    throw new GlueSchemaError(fileName, where, `is ${describe(entry)}, not an object`, 'Write each column as { "Name": "id", "Type": "bigint" }.');
  }
  const rawName = entry['Name'];
  if (typeof rawName !== 'string' || rawName.trim() === '') {
    throw new GlueSchemaError(fileName, where, rawName === undefined ? 'has no Name' : `has a Name that is ${typeof rawName === 'string' ? 'blank' : describe(rawName)}`, 'Give every column a non-empty "Name".');
  }
  if (rawName.length > MAX_NAME_LENGTH) {
    throw new GlueSchemaError(fileName, where, `has a Name of ${rawName.length} characters`, `Glue allows at most ${MAX_NAME_LENGTH}.`);
  }
  const name = rawName.toLowerCase();
  if (name === '__proto__') {
    throw new GlueSchemaError(fileName, name, 'is not an allowed column name', 'Rename the column.');
  }
  const typeString = entry['Type'];
  if (typeof typeString !== 'string' || typeString.trim() === '') {
    throw new GlueSchemaError(fileName, name, typeString === undefined ? 'has no Type' : `has a Type that is ${typeof typeString === 'string' ? 'blank' : describe(typeString)}`, 'Give the column a Glue type such as "string", "bigint" or "array<string>".');
  }
  let type;
  try {
    type = parseGlueType(typeString);
  } catch (error) {
    if (error instanceof GlueTypeSyntaxError) {
      throw new GlueSchemaError(fileName, name, `has an invalid Type: ${error.message}`, 'Fix the type string.', { cause: error });
    }
    throw error;
  }
  const comment = entry['Comment'];
  if (comment !== undefined && typeof comment !== 'string') {
    throw new GlueSchemaError(fileName, name, `has a Comment that is ${describe(comment)}`, 'Make the Comment a string or remove it.');
  }
  return comment === undefined ? { name, type, typeString } : { name, type, typeString, comment };
}

function readName(table: Record<string, unknown>, key: string, fileName: string, required: boolean): string {
  const value = table[key];
  if (value === undefined && !required) return '';
  if (typeof value !== 'string' || value === '') {
    throw new GlueSchemaError(fileName, undefined, value === undefined ? `the table has no ${key}` : `the table's ${key} is ${typeof value === 'string' ? 'empty' : describe(value)}`, `Set "${key}" to the table's ${key === 'Name' ? 'name' : 'database'} (a non-empty string).`);
  }
  if (value.length > MAX_NAME_LENGTH) {
    throw new GlueSchemaError(fileName, undefined, `the table's ${key} has ${value.length} characters`, `Glue allows at most ${MAX_NAME_LENGTH}.`);
  }
  return value;
}

function readParameters(value: unknown, fileName: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    throw new GlueSchemaError(fileName, undefined, `Parameters is ${describe(value)}, not an object`, 'Write Parameters as { "key": "value", … }.');
  }
  const parameters: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') {
      throw new GlueSchemaError(fileName, undefined, `Parameters['${key}'] is ${describe(entry)}`, 'Glue table parameters are strings; quote the value.');
    }
    parameters[key] = entry;
  }
  return parameters;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}
