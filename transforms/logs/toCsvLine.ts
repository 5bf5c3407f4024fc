import { checkOneOf, checkOptionKeys } from '../core/index.js';
import { describeType, RecordFieldError, TransformOptionError } from '../core/index.js';
import { fail, isJsonObject, stringifyJson } from '../core/index.js';
import type { FailedOutcome, JsonValue, RecordContext } from '../core/index.js';

export interface ToCsvLineOptions {
  /** The fields written, in order: top-level keys of the record (required, at least one, no duplicates). */
  readonly columns: readonly string[];
  /** Field separator, one character other than `"`, CR or LF. Default `','`. */
  readonly delimiter?: string;
  /** `'as-needed'` (default): quote only fields holding the delimiter, `"`, CR or LF (RFC 4180 §2.6); `'all'`: quote every field. */
  readonly quote?: 'as-needed' | 'all';
  /** Text written for null and missing fields. Default `''`. */
  readonly nullValue?: string;
  /**
   * Put the header line (the column names) before each record's line. Default false. Firehose
   * concatenates records into S3 objects, so a per-record header only suits destinations that take
   * records one by one; for S3, define the columns in the table (Glue/Athena) and use `csvHeader()`
   * for files written locally.
   */
  readonly includeHeader?: boolean;
}

const NAME = 'toCsvLine';

/**
 * Writes a record (a JSON object) as one CSV line in the RFC 4180 format, without a line break (the
 * Firehose handler adds the record delimiter). Strings are written as they are, numbers and booleans
 * as JSON writes them, nested objects and arrays as JSON text; fields that need it are quoted with
 * `"`, and a `"` inside a field is doubled.
 */
export function toCsvLine(options: ToCsvLineOptions): (input: JsonValue, ctx: RecordContext) => string | FailedOutcome {
  const config = checkCsvOptions(options);
  const header = config.includeHeader ? `${csvHeader(options)}\r\n` : '';
  const { columns } = config;
  return function toCsvLineRecord(input) {
    if (!isJsonObject(input)) {
      return fail(new RecordFieldError(`${NAME}: the record is ${describeType(input)}, expected a JSON object whose fields become columns`));
    }
    let line = header;
    for (let index = 0; index < columns.length; index++) {
      if (index > 0) line += config.delimiter;
      const key = columns[index]!;
      const value = Object.hasOwn(input, key) ? input[key] : undefined;
      line += csvField(value === undefined || value === null ? config.nullValue : typeof value === 'string' ? value : stringifyJson(value), config);
    }
    return line;
  };
}

/** The header line (column names, quoted as fields are) for files written outside Firehose. */
export function csvHeader(options: ToCsvLineOptions): string {
  const config = checkCsvOptions(options);
  return config.columns.map((column) => csvField(column, config)).join(config.delimiter);
}

interface CsvConfig {
  readonly columns: readonly string[];
  readonly delimiter: string;
  readonly quoteAll: boolean;
  readonly nullValue: string;
  readonly includeHeader: boolean;
}

function checkCsvOptions(options: ToCsvLineOptions): CsvConfig {
  if (typeof options !== 'object' || options === null) {
    throw new TransformOptionError(NAME, 'options', `is ${describeType(options)}`, "Call toCsvLine({ columns: ['a', 'b'] }).");
  }
  checkOptionKeys(NAME, options, ['columns', 'delimiter', 'quote', 'nullValue', 'includeHeader']);
  const columns: unknown = options.columns;
  if (!Array.isArray(columns) || columns.length === 0 || !columns.every((column) => typeof column === 'string' && column !== '')) {
    throw new TransformOptionError(NAME, 'columns', 'must be a non-empty array of field names', "Give the fields to write in order, e.g. columns: ['client', 'timestamp', 'status'].");
  }
  const duplicate = columns.find((column, index) => columns.indexOf(column) !== index);
  if (duplicate !== undefined) {
    throw new TransformOptionError(NAME, 'columns', `lists '${String(duplicate)}' twice`, 'List each field once.');
  }
  const delimiter: unknown = options.delimiter === undefined ? ',' : options.delimiter;
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new TransformOptionError(NAME, 'delimiter', `is ${JSON.stringify(delimiter)}`, "Use one character other than '\"', CR or LF, e.g. ',' or '\\t'.");
  }
  const quote = checkOneOf(NAME, 'quote', options.quote ?? 'as-needed', ['as-needed', 'all'] as const);
  const nullValue: unknown = options.nullValue === undefined ? '' : options.nullValue;
  if (typeof nullValue !== 'string') {
    throw new TransformOptionError(NAME, 'nullValue', `is ${describeType(nullValue)}`, "Use a string, e.g. '' or '\\\\N'.");
  }
  const includeHeader: unknown = options.includeHeader === undefined ? false : options.includeHeader;
  if (typeof includeHeader !== 'boolean') {
    throw new TransformOptionError(NAME, 'includeHeader', `is ${describeType(includeHeader)}`, 'Use true or false.');
  }
  return { columns: columns as string[], delimiter, quoteAll: quote === 'all', nullValue, includeHeader };
}

/** RFC 4180 §2.5–2.7: a field holding the delimiter, a quote, CR or LF is enclosed in quotes, quotes doubled. */
function csvField(text: string, config: CsvConfig): string {
  if (config.quoteAll || needsQuotes(text, config.delimiter)) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

function needsQuotes(text: string, delimiter: string): boolean {
  return text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r');
}

export const examples = [
  {
    title: 'Fields in column order; quotes where RFC 4180 needs them',
    options: { columns: ['client', 'status', 'userAgent', 'referrer'] },
    input: { client: '203.0.113.7', status: 200, userAgent: 'Mozilla/5.0 (compatible; "Bot", v2)', referrer: null },
    output: '203.0.113.7,200,"Mozilla/5.0 (compatible; ""Bot"", v2)",',
  },
  {
    title: 'Tab-separated with a null marker and nested values as JSON',
    options: { columns: ['id', 'tags', 'missing'], delimiter: '\t', nullValue: '\\N' },
    input: { id: 7, tags: ['a', 'b'] },
    output: '7\t"[""a"",""b""]"\t\\N',
  },
] as const;
