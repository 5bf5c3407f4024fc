import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDeserializer, examples, serdeFromFirehoseDeserializer, type DeserializeResult, type JsonSerDe } from '../../../formats/serde/deserializeJson.js';
import { FormatOptionError } from '../../../formats/glue/errors.js';
import { FormatConversionError } from '../../../formats/serde/errors.js';
import type { GlueTable } from '../../../formats/glue/glueTable.js';
import { parseGlueType } from '../../../formats/glue/glueType.js';
import type { CellValue, Row } from '../../../formats/glue/types.js';
import { expectLinearTime } from '../../helpers/linearTime.js';

function tableOf(columns: Readonly<Record<string, string>>): GlueTable {
  return {
    name: 'events',
    databaseName: 'db',
    parameters: {},
    partitionKeys: [],
    columns: Object.entries(columns).map(([name, typeString]) => ({ name, type: parseGlueType(typeString), typeString })),
  };
}

function rowsOf(result: DeserializeResult): Row[] {
  if ('error' in result) throw new Error(`expected rows, got: ${result.error.message}`);
  return result.rows;
}

function errorOf(result: DeserializeResult): FormatConversionError {
  if (!('error' in result)) throw new Error(`expected an error, got rows: ${JSON.stringify(result.rows, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  return result.error;
}

/** The single cell of a one-column table `v` after reading `{"v": <json>}`. */
function cell(type: string, json: string, serde?: JsonSerDe): CellValue {
  const rows = rowsOf(createDeserializer(tableOf({ v: type }), serde)(`{"v":${json}}`));
  expect(rows).toHaveLength(1);
  return rows[0]!['v']!;
}

function cellError(type: string, json: string, serde?: JsonSerDe): FormatConversionError {
  return errorOf(createDeserializer(tableOf({ v: type }), serde)(`{"v":${json}}`));
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const hive: JsonSerDe = { kind: 'hive' };

describe('createDeserializer examples', () => {
  it.each(examples.map((example) => [example.title, example] as const))('%s', (_title, example) => {
    // Prepare
    const deserialize = createDeserializer(tableOf(example.options.columns), example.options.serde as JsonSerDe);

    // Act
    const result = deserialize(utf8(example.input));

    // Assess
    expect(rowsOf(result)).toEqual(example.output);
  });
});

describe('record structure', () => {
  const deserialize = createDeserializer(tableOf({ a: 'int', b: 'string' }));

  it.each([
    ['{"a":1}', [{ a: 1, b: null }], 'one object'],
    ['{"a":1}{"a":2}', [{ a: 1, b: null }, { a: 2, b: null }], 'two objects back to back (the AWS docs example)'],
    ['{"a":1}\n{"a":2}\n', [{ a: 1, b: null }, { a: 2, b: null }], 'objects on lines, trailing newline'],
    [' \t{"a":1}  {"b":"x"} \r\n', [{ a: 1, b: null }, { a: null, b: 'x' }], 'whitespace around and between objects'],
    ['{"b":"}{"}{"b":"\\"{"}', [{ a: null, b: '}{' }, { a: null, b: '"{' }], 'braces and quotes inside strings do not split objects'],
    ['\ufeff{"a":1}', [{ a: 1, b: null }], 'a leading byte-order mark is ignored'],
    ['{}', [{ a: null, b: null }], 'an empty object is a row of nulls'],
  ])('reads %j as rows (%s)', (record, rows, _reason) => {
    // Prepare / Act / Assess
    expect(rowsOf(deserialize(utf8(record)))).toEqual(rows);
  });

  it.each([
    ['[{"a":1},{"a":2}]', 'the record holds a top-level JSON array; Firehose reads JSON objects one after another ({…}{…}), not an array of them', 'top-level array (AWS: not valid input)'],
    ['{"a":1}[2]', 'object 2 of 2: the record holds a top-level JSON array', 'an array after an object'],
    ['"text"', 'the record holds a top-level JSON string, not an object', 'a JSON string'],
    ['42', 'the record holds a top-level JSON number, not an object', 'a JSON number'],
    ['12345678901234567890', 'the record holds a top-level JSON number, not an object', 'a long JSON number (lossless path)'],
    ['null', 'the record holds a top-level JSON null, not an object', 'JSON null'],
    ['', 'the record is empty; send a JSON object', 'empty record'],
    [' \n ', 'the record is empty; send a JSON object', 'only whitespace'],
    ['{"a":1', 'the record is not valid JSON (unexpected end of input inside the value that starts at position 0)', 'truncated object'],
    ['{"a":1}}', 'the record is not valid JSON (unexpected character at position 7)', 'stray closing brace'],
    ['{"a":01}', 'the record is not valid JSON (', 'leading zero (not JSON)'],
    ['{a:1}', 'the record is not valid JSON (expected a property name at position 1)', 'unquoted key'],
    ['127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326', 'the record is not valid JSON (', 'an Apache log line'],
    ['{"a":"\u0001"}', 'the record is not valid JSON (control character in string at position 6)', 'raw control character in a string'],
  ])('fails %j with a ParseError (%s)', (record, message, _reason) => {
    // Prepare / Act
    const error = errorOf(deserialize(utf8(record)));

    // Assess
    expect(error).toBeInstanceOf(FormatConversionError);
    expect(error.errorCode).toBe('DataFormatConversion.ParseError');
    expect(error.message).toContain(`OpenXJsonSerDe: ${message}`);
  });

  it('fails bytes that are not UTF-8', () => {
    // Prepare
    const bytes = Uint8Array.from([0x7b, 0x22, 0x62, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]);

    // Act
    const error = errorOf(deserialize(bytes));

    // Assess
    expect(error.errorCode).toBe('DataFormatConversion.ParseError');
    expect(error.message).toBe("OpenXJsonSerDe: the record's 10 bytes are not valid UTF-8; send UTF-8 JSON");
  });

  it('reads a Buffer view into a larger ArrayBuffer without looking outside it', () => {
    // Prepare
    const backing = utf8('xxxx{"a":7}yyyy');
    const view = backing.subarray(4, 11);

    // Act / Assess
    expect(rowsOf(deserialize(view))).toEqual([{ a: 7, b: null }]);
  });

  it('fails the whole record when one of its objects does not fit, naming which', () => {
    // Prepare / Act
    const error = errorOf(deserialize('{"a":1}{"a":"x"}{"a":3}'));

    // Assess
    expect(error.errorCode).toBe('DataFormatConversion.MalformedData');
    expect(error.message).toBe("OpenXJsonSerDe: object 2 of 3: column 'a' (int): got a string that is not an integer (length 1); expected a JSON integer from -2147483648 to 2147483647 or a string holding one");
    expect(error.column).toBe('a');
  });
});

describe('keys and columns (OpenX)', () => {
  const table = tableOf({ user_id: 'string', ts: 'bigint', geo: 'struct<lat:double,Lon:double>' });

  it('drops fields not in the schema and sets missing or null columns to null', () => {
    // Prepare / Act
    const rows = rowsOf(createDeserializer(table)('{"user_id":"u","extra":{"deep":[1]},"ts":null}'));

    // Assess
    expect(rows).toEqual([{ user_id: 'u', ts: null, geo: null }]);
  });

  it('matches keys case-insensitively by default, also inside structs', () => {
    // Prepare / Act
    const rows = rowsOf(createDeserializer(table)('{"USER_ID":"u","Geo":{"LAT":1.5,"lon":2}}'));

    // Assess
    expect(rows).toEqual([{ user_id: 'u', ts: null, geo: { lat: 1.5, lon: 2 } }]);
  });

  it('with caseInsensitive: false, only keys in the (lower-case) column case match', () => {
    // Prepare
    const deserialize = createDeserializer(table, { kind: 'openx', caseInsensitive: false });

    // Act
    const rows = rowsOf(deserialize('{"USER_ID":"upper","ts":5,"geo":{"LAT":1,"lon":2}}'));

    // Assess
    expect(rows).toEqual([{ user_id: null, ts: 5n, geo: { lat: null, lon: 2 } }]);
  });

  it('with caseInsensitive: false, mappings tell keys that differ only in case apart (OpenX README example)', () => {
    // Prepare
    const deserialize = createDeserializer(tableOf({ time1: 'string', time2: 'string' }), { kind: 'openx', caseInsensitive: false, columnToJsonKeyMappings: { time1: 'time', time2: 'Time' } });

    // Act
    const rows = rowsOf(deserialize('{"time":"2012-10-22","Time":"2012-11-22"}'));

    // Assess
    expect(rows).toEqual([{ time1: '2012-10-22', time2: '2012-11-22' }]);
  });

  it('maps a column to a key that is a Hive keyword (AWS docs: {"ts": "timestamp"}), case-insensitively', () => {
    // Prepare
    const deserialize = createDeserializer(table, { kind: 'openx', columnToJsonKeyMappings: { ts: 'timestamp' } });

    // Act
    const rows = rowsOf(deserialize('{"TimeStamp":1700000000000,"ts":1}'));

    // Assess
    expect(rows).toEqual([{ user_id: null, ts: 1700000000000n, geo: null }]);
  });

  it('converts dots in keys to underscores when asked, at every level', () => {
    // Prepare
    const nested = tableOf({ a_b: 'int', outer: 'struct<with_dots:string>' });
    const on = createDeserializer(nested, { kind: 'openx', convertDotsInJsonKeysToUnderscores: true });
    const off = createDeserializer(nested);
    const record = '{"a.b":1,"outer":{"with.dots":"blah"}}';

    // Act / Assess
    expect(rowsOf(on(record))).toEqual([{ a_b: 1, outer: { with_dots: 'blah' } }]);
    expect(rowsOf(off(record))).toEqual([{ a_b: null, outer: { with_dots: null } }]);
  });

  it('takes the later of two keys that name the same column', () => {
    // Prepare
    const deserialize = createDeserializer(table);

    // Act
    const caseVariants = rowsOf(deserialize('{"ts":1,"TS":2}'));
    const repeated = rowsOf(deserialize('{"ts":1,"ts":3}'));

    // Assess
    expect(caseVariants[0]!['ts']).toBe(2n);
    expect(repeated[0]!['ts']).toBe(3n);
  });

  it('keeps map keys as written (they are data, not column names)', () => {
    // Prepare / Act
    const value = cell('map<string,int>', '{"Key":1,"key":2,"a.b":3}', { kind: 'openx', convertDotsInJsonKeysToUnderscores: true });

    // Assess
    expect(value).toEqual(new Map([['Key', 1], ['key', 2], ['a.b', 3]]));
  });

  it('never lets hostile keys reach Object.prototype', () => {
    // Prepare
    const deserialize = createDeserializer(tableOf({ m: 'map<string,string>', s: 'struct<a:int>', j: 'string' }));
    const record = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"m":{"__proto__":"x"},"s":{"__proto__":{"a":1},"a":2},"j":{"__proto__":1}}';

    // Act
    const fast = rowsOf(deserialize(record));
    const lossless = rowsOf(deserialize(record.replace('"j"', '"pad":12345678901234567,"j"')));

    // Assess
    for (const rows of [fast, lossless]) {
      expect(rows).toEqual([{ m: new Map([['__proto__', 'x']]), s: { a: 2 }, j: '{"__proto__":1}' }]);
      expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('values (OpenX)', () => {
  it.each([
    ['boolean', 'true', true, 'JSON boolean'],
    ['boolean', '"FALSE"', false, 'string "false" in any case'],
    ['tinyint', '-128', -128, 'tinyint minimum'],
    ['smallint', '32767', 32767, 'smallint maximum'],
    ['int', '"-2147483648"', -2147483648, 'int minimum as a string'],
    ['int', '"0x1F"', 31, 'hexadecimal string (OpenX)'],
    ['int', '"+7"', 7, 'explicit plus sign in a string'],
    ['int', '2.0', 2, 'a number with a zero fraction'],
    ['int', '1e3', 1000, 'exponent notation with an integral value'],
    ['bigint', '9223372036854775807', 9223372036854775807n, 'bigint maximum (exact, past 2^53)'],
    ['bigint', '-9223372036854775808', -9223372036854775808n, 'bigint minimum'],
    ['bigint', '"9007199254740993"', 9007199254740993n, '2^53 + 1 as a string'],
    ['array<bigint>', '[1,\n  -9007199254740993]', [1n, -9007199254740993n], 'a long number after a newline and a minus keeps every digit'],
    ['decimal(38,20)', '0.30000000000000001', 30000000000000001000n, 'digits a float64 would round away'],
    ['float', '3.14159', Math.fround(3.14159), 'float rounded to 32 bits'],
    ['float', '"1e39"', Number.POSITIVE_INFINITY, 'float overflow is infinity (Java Float.parseFloat)'],
    ['double', '-0.1', -0.1, 'double'],
    ['double', '"NaN"', Number.NaN, 'NaN as a string'],
    ['double', '"-Infinity"', Number.NEGATIVE_INFINITY, '-Infinity as a string'],
    ['double', '123456789012345678901234567890', 1.2345678901234568e29, 'a long number rounds to the nearest double'],
    ['decimal(5,2)', '123.45', 12345n, 'exact decimal'],
    ['decimal(5,2)', '-999.99', -99999n, 'decimal at its negative limit'],
    ['decimal(5,2)', '1.005', 101n, 'extra digits round half up (HiveDecimal)'],
    ['decimal(5,2)', '-1.005', -101n, 'negative halves round away from zero'],
    ['decimal(5,2)', '"12.5"', 1250n, 'decimal in a string'],
    ['decimal(5,2)', '1.5e2', 15000n, 'decimal in exponent notation'],
    ['decimal', '42', 42n, 'bare decimal is decimal(10,0)'],
    ['decimal(38,0)', '99999999999999999999999999999999999999', 10n ** 38n - 1n, 'the largest decimal(38,0), every digit kept'],
    ['decimal(38,10)', '0.00000000005', 1n, 'a half unit rounds up'],
    ['decimal(38,10)', '0.00000000004999', 0n, 'below half rounds down'],
    ['string', '"héllo 😀"', 'héllo 😀', 'non-BMP text'],
    ['string', '12.50', '12.5', 'a number becomes its text'],
    ['string', '12345678901234567890.50', '12345678901234567890.50', 'a long number keeps its exact text'],
    ['string', 'false', 'false', 'a boolean becomes its text'],
    ['string', '{"b":[1,{"c":null}],"a":"x"}', '{"b":[1,{"c":null}],"a":"x"}', 'an object becomes its JSON text (OpenX)'],
    ['varchar(3)', '"abcdef"', 'abc', 'varchar truncates to its length'],
    ['char(2)', '"😀😀😀"', '😀😀', 'char counts characters, not UTF-16 units'],
    ['binary', '"aGVsbG8="', Uint8Array.from([104, 101, 108, 108, 111]), 'base64'],
    ['binary', '""', new Uint8Array(0), 'empty base64'],
    ['date', '"2024-02-29"', 19782, 'a leap day'],
    ['date', '"1969-12-31"', -1, 'before 1970'],
    ['date', '"0001-01-01"', -719162, 'the first date Hive stores'],
    ['date', '"2024-3-9"', 19791, 'single-digit month and day (java.sql.Date.valueOf)'],
    ['array<int>', '[1,null,3]', [1, null, 3], 'null elements stay null'],
    ['array<int>', '[]', [], 'empty array'],
    ['array<int>', '7', [7], 'a scalar is promoted to a one-element array (OpenX)'],
    ['array<struct<a:int>>', '{"a":1}', [{ a: 1 }], 'an object is promoted too'],
    ['map<string,int>', '{}', new Map(), 'empty map'],
    ['map<int,boolean>', '{"1":true,"-2":null}', new Map<CellValue, CellValue>([[1, true], [-2, null]]), 'map keys read as the key type'],
    ['map<date,string>', '{"2020-01-01":"x"}', new Map([[18262, 'x']]), 'date keys'],
    ['struct<a:int,b:array<string>>', '{"b":["x"]}', { a: null, b: ['x'] }, 'struct with a missing field'],
  ])('%s reads %s as %o (%s)', (type, json, expected, _reason) => {
    // Prepare / Act / Assess
    expect(cell(type, json)).toEqual(expected);
  });

  it.each([
    ['boolean', '1', "column 'v' (boolean): got a number; expected a JSON boolean or the string \"true\"/\"false\"", 'number for a boolean'],
    ['boolean', '"yes"', "column 'v' (boolean): got a string that is not \"true\" or \"false\" (length 3)", 'other string for a boolean'],
    ['int', '"abc"', "column 'v' (int): got a string that is not an integer (length 3); expected a JSON integer from -2147483648 to 2147483647 or a string holding one", '"abc" for an int (the issue example)'],
    ['int', '1.5', "column 'v' (int): got a number with a fractional part", 'fraction for an int'],
    ['int', '"1.5"', "column 'v' (int): got a string that is not an integer (length 3)", 'fraction in a string for an int'],
    ['int', '2147483648', "column 'v' (int): got a number out of range", 'int overflow'],
    ['tinyint', '128', "column 'v' (tinyint): got a number out of range; expected a JSON integer from -128 to 127", 'tinyint overflow'],
    ['smallint', '"-32769"', "column 'v' (smallint): got a string out of range", 'smallint underflow in a string'],
    ['bigint', '9223372036854775808', "column 'v' (bigint): got a number out of range", 'bigint overflow by one'],
    ['bigint', '1e400', "column 'v' (bigint): got a number out of range", 'huge exponent'],
    ['bigint', '[1]', "column 'v' (bigint): got an array; expected a JSON integer", 'array for a bigint'],
    ['double', '"1,5"', "column 'v' (double): got a string that is not a number (length 3)", 'comma decimal'],
    ['double', '{}', "column 'v' (double): got an object; expected a JSON number or a string holding one", 'object for a double'],
    ['decimal(5,2)', '1000', "column 'v' (decimal(5,2)): got a number that needs more than 3 digits before the decimal point", 'a number too large for its decimal (the issue example)'],
    ['decimal(5,2)', '999.995', "column 'v' (decimal(5,2)): got a number that needs more than 3 digits before the decimal point (after rounding to 2 decimals)", 'rounding carries past the precision'],
    ['decimal(38,0)', '100000000000000000000000000000000000000', "column 'v' (decimal(38,0)): got a number that needs more than 38 digits", '10^38 for decimal(38,0)'],
    ['decimal(5,2)', '"12,50"', "column 'v' (decimal(5,2)): got a string that is not a decimal number (length 5)", 'comma decimal in a string'],
    ['decimal(5,2)', '1e400', "column 'v' (decimal(5,2)): got a number that", 'huge exponent for a decimal'],
    ['decimal(5,2)', 'true', "column 'v' (decimal(5,2)): got a boolean; expected a JSON number or a string holding one", 'boolean for a decimal'],
    ['binary', '"aGVsbG8"', "column 'v' (binary): got a string that is not base64 (length 7)", 'unpadded base64'],
    ['binary', '5', "column 'v' (binary): got a number; expected a base64 string", 'number for binary'],
    ['date', '"2023-02-29"', "column 'v' (date): got a string that is not a date yyyy-[M]M-[d]d from 0001-01-01 to 9999-12-31 (length 10)", 'no leap day in 2023'],
    ['date', '"2024-01-01T00:00:00Z"', "column 'v' (date): got a string that is not a date", 'a timestamp for a date'],
    ['date', '19782', "column 'v' (date): got a number; expected a string yyyy-[M]M-[d]d", 'day number for a date'],
    ['array<int>', '["1","x"]', "column 'v[1]' (int): got a string that is not an integer", 'bad element names its index'],
    ['array<array<int>>', '[[1],[2,true]]', "column 'v[1][1]' (int): got a boolean", 'nested arrays'],
    ['map<string,int>', '{"a":1,"b":"x"}', "column 'v[…]' (int): got a string that is not an integer", 'bad map value (key not shown)'],
    ['map<int,string>', '{"one":"x"}', "column 'v{key}' (int): got a string that is not an integer (length 3)", 'bad map key (key not shown)'],
    ['map<string,int>', '[1]', "column 'v' (map<string,int>): got an array; expected a JSON object", 'array for a map'],
    ['struct<a:struct<b:decimal(3,1)>>', '{"a":{"B":"100"}}', "column 'v.a.b' (decimal(3,1)): got a number that needs more than 2 digits", 'nested struct path in lower case'],
    ['struct<a:int>', '"x"', "column 'v' (struct<a:int>): got a string; expected a JSON object", 'string for a struct'],
    ['string', '[' + '['.repeat(600) + ']'.repeat(600) + ']', "column 'v' (string): got an array nested deeper than 512 levels", 'too deep to write as JSON text'],
  ])('%s rejects %s (%s)', (type, json, message, _reason) => {
    // Prepare / Act
    const error = cellError(type, json);

    // Assess
    expect(error.errorCode).toBe('DataFormatConversion.MalformedData');
    expect(error.message).toContain(`OpenXJsonSerDe: ${message}`);
  });

  it('never puts the value into the message', () => {
    // Prepare
    const secret = 'alice@example.com';
    const cases: Array<[string, string]> = [
      ['int', `"${secret}"`],
      ['date', `"${secret}"`],
      ['timestamp', `"${secret}"`],
      ['binary', `"${secret}"`],
      ['boolean', `"${secret}"`],
      ['map<int,string>', `{"${secret}":"x"}`],
      ['decimal(3,0)', `"${secret}"`],
    ];

    // Act
    const messages = cases.map(([type, json]) => cellError(type, json).message);

    // Assess
    for (const message of messages) expect(message).not.toContain('alice');
  });
});

describe('timestamps (OpenX, every shape the AWS docs list)', () => {
  it.each([
    ['"2017-02-07T15:13:01.39256Z"', 1486480381392560000n, "yyyy-MM-dd'T'HH:mm:ss[.S]'Z' (the AWS docs example)"],
    ['"2017-02-07T15:13:01Z"', 1486480381000000000n, "yyyy-MM-dd'T'HH:mm:ss'Z' without a fraction"],
    ['"2017-02-07T15:13:01.1Z"', 1486480381100000000n, 'one fraction digit'],
    ['"2017-02-07T15:13:01.123456789Z"', 1486480381123456789n, 'nine fraction digits (nanoseconds)'],
    ['"2017-02-07 15:13:01.14"', 1486480381140000000n, 'yyyy-[M]M-[d]d HH:mm:ss[.S] (the AWS docs example)'],
    ['"2017-2-7 15:13:01"', 1486480381000000000n, 'single-digit month and day'],
    ['"2017-02-07 15:13:01.000000001"', 1486480381000000001n, 'nine fraction digits, space form'],
    ['1518033528', 1518033528000000000n, 'epoch seconds (the AWS docs example)'],
    ['1518033528123', 1518033528123000000n, 'epoch milliseconds (the AWS docs example)'],
    ['1518033528.123', 1518033528123000000n, 'floating point epoch seconds (the AWS docs example)'],
    ['"1518033528"', 1518033528000000000n, 'epoch seconds in a string'],
    ['"1518033528123"', 1518033528123000000n, 'epoch milliseconds in a string'],
    ['"1518033528.123456789"', 1518033528123456789n, 'fractional epoch seconds kept to the nanosecond'],
    ['0', 0n, 'the epoch'],
    ['-1', -1000000000n, 'one second before the epoch'],
    ['-86400.5', -86400500000000n, 'fractional seconds before 1970'],
    ['"1969-07-20T20:17:40Z"', -14182940000000000n, 'before 1970'],
    ['"2100-01-01T00:00:00Z"', 4102444800000000000n, 'after 2038'],
    ['"0001-01-01 00:00:00"', -62135596800000000000n, 'the first instant Hive stores'],
    ['"9999-12-31T23:59:59.999999999Z"', 253402300799999999999n, 'the last instant Hive stores'],
  ])('reads %s (%s)', (json, expected, _reason) => {
    // Prepare / Act / Assess
    expect(cell('timestamp', json)).toBe(expected);
  });

  it('tells seconds from milliseconds by digit count: 12 digits are seconds, 13 are milliseconds', () => {
    // Prepare / Act / Assess
    expect(cellError('timestamp', '999999999999').message).toContain("column 'v' (timestamp): got a number that is not a timestamp");
    expect(cell('timestamp', '1000000000000')).toBe(1000000000000000000n);
  });

  it.each([
    ['"2017-02-07T15:13:01.39256"', 'ISO form without Z'],
    ['"2017-02-07T15:13:01+01:00"', 'ISO form with an offset (not a documented OpenX shape)'],
    ['"2017-02-07T15:13:01.1234567890Z"', 'ten fraction digits'],
    ['"2017-2-7T15:13:01Z"', 'single-digit month in the ISO form'],
    ['"2017-02-07 15:13"', 'no seconds'],
    ['"2017-02-07"', 'a date alone'],
    ['"2017-02-30 10:00:00"', 'February 30th'],
    ['"2017-02-07 24:00:00"', 'hour 24'],
    ['"2016-12-31 23:59:60"', 'leap second'],
    ['"10000-01-01 00:00:00"', 'five-digit year'],
    ['"0000-12-31 00:00:00"', 'year zero'],
    ['"yesterday"', 'words'],
    ['"1518033528x"', 'digits with a suffix'],
    ['1e30', 'far beyond year 9999'],
    ['-62135596801', 'one second before 0001-01-01'],
    ['true', 'a boolean'],
    ['{}', 'an object'],
  ])('rejects %s (%s)', (json, _reason) => {
    // Prepare / Act
    const error = cellError('timestamp', json);

    // Assess
    expect(error.errorCode).toBe('DataFormatConversion.MalformedData');
    expect(error.message).toMatch(/^OpenXJsonSerDe: column 'v' \(timestamp\): got (a string \(length \d+\)|a number|a boolean|an object)/);
  });
});

describe('hostile records', () => {
  const deserialize = createDeserializer(tableOf({ ts: 'timestamp', raw: 'binary', text: 'string', n: 'decimal(38,2)', d: 'date' }));
  const megabyte = 1_000_000;

  it.each([
    ['a digit string for a timestamp', (n: number) => `{"ts":"${'1'.repeat(n)}"}`, 'MalformedData'],
    ['an almost-timestamp', (n: number) => `{"ts":"2017-02-07 15:13:01.${'1'.repeat(n)}"}`, 'MalformedData'],
    ['almost-base64', (n: number) => `{"raw":"${'A'.repeat(n)}!"}`, 'MalformedData'],
    ['a long number for a decimal (lossless path)', (n: number) => `{"n":${'9'.repeat(n)}}`, 'MalformedData'],
    ['a long exponent', (n: number) => `{"n":1e${'9'.repeat(n)}}`, 'MalformedData'],
    ['opening brackets', (n: number) => `{"text":${'['.repeat(n)}`, 'ParseError'],
    ['nesting with a long number (lossless path)', (n: number) => `{"n":12345678901234567,"text":${'['.repeat(n / 2)}${']'.repeat(n / 2)}}`, 'ParseError'],
    ['a date-like string', (n: number) => `{"d":"${'2024-'.repeat(n / 5)}"}`, 'MalformedData'],
    ['concatenated objects', (n: number) => '{"text":"x"}'.repeat(n / 10), 'rows'],
  ])('handles %s in time linear in its length (up to 1 MB)', (_title, record, outcome) => {
    // Prepare / Act
    const result = deserialize(record(megabyte));

    // Assess: the outcome, and 8× the record taking at most 24× the time (quadratic would be 64×)
    expect('rows' in result ? 'rows' : result.error.errorCode.replace('DataFormatConversion.', '')).toBe(outcome);
    expectLinearTime(record, (text) => deserialize(text), { size: megabyte });
  });
});

describe('HiveJsonSerDe', () => {
  it.each([
    ['timestamp', '"2017-02-07 15:13:01.14"', [], 1486480381140000000n, 'default java.sql.Timestamp.valueOf shape'],
    ['timestamp', '1518033528123', ['millis'], 1518033528123000000n, "'millis' reads a JSON number"],
    ['timestamp', '"-1000"', ['millis'], -1000000000n, "'millis' reads a string before 1970"],
    ['timestamp', '"10/Oct/2000:13:55:36 -0700"', ['dd/MMM/yyyy:HH:mm:ss Z'], 971211336000000000n, 'Apache log time with an offset'],
    ['timestamp', '"2017-02-07T15:13:01.392+01:00"', ["yyyy-MM-dd'T'HH:mm:ss.SSSZZ"], 1486476781392000000n, 'ISO with a colon offset'],
    ['timestamp', '"2017-02-07T15:13:01Z"', ["yyyy-MM-dd'T'HH:mm:ssZZ"], 1486480381000000000n, 'Z for a zero offset'],
    ['timestamp', '"20170207151301"', ['yyyyMMddHHmmss'], 1486480381000000000n, 'adjacent numeric fields use fixed widths'],
    ['timestamp', '"02/07/2017 03:13:01 PM"', ['MM/dd/yyyy hh:mm:ss a'], 1486480381000000000n, '12-hour clock with PM'],
    ['timestamp', '"02/07/2017 12:13:01 AM"', ['MM/dd/yyyy hh:mm:ss a'], 1486426381000000000n, '12 AM is midnight'],
    ['timestamp', '"Tue, 07 February 2017 15:13:01"', ['EEE, dd MMMM yyyy HH:mm:ss'], 1486480381000000000n, 'day and month names'],
    ['timestamp', '"2017-02-07 15:13:01.5"', ['yyyy/MM/dd'], 1486480381500000000n, 'no format matches: falls back to Timestamp.valueOf'],
    ['timestamp', '"it\'s 2017"', ["'it''s' yyyy"], 1483228800000000000n, 'quoted literal with an escaped quote'],
    ['int', '42', [], 42, 'a JSON integer'],
    ['decimal(4,1)', '3.25', [], 33n, 'decimal rounding as with OpenX'],
    ['string', '12', [], '12', 'a number becomes its text'],
    ['boolean', '"true"', [], true, 'the string "true"'],
    ['array<int>', '[1,2]', [], [1, 2], 'a JSON array'],
  ])('%s reads %s with formats %j (%s)', (type, json, timestampFormats, expected, _reason) => {
    // Prepare / Act / Assess
    expect(cell(type, json, { kind: 'hive', timestampFormats })).toEqual(expected);
  });

  it.each([
    ['int', '"42"', "column 'v' (int): got a string; expected a JSON integer from -2147483648 to 2147483647", 'no numbers in strings'],
    ['double', '"1.5"', "column 'v' (double): got a string; expected a JSON number", 'no doubles in strings'],
    ['decimal(4,1)', '"1.5"', "column 'v' (decimal(4,1)): got a string; expected a JSON number", 'no decimals in strings'],
    ['array<int>', '7', "column 'v' (array<int>): got a number; expected a JSON array", 'no promotion of scalars'],
    ['string', '{"a":1}', "column 'v' (string): got an object; expected a JSON string, number or boolean", 'no objects in string columns'],
    ['timestamp', '1518033528', "column 'v' (timestamp): got a number that matches none of the TimestampFormats", 'epoch numbers need millis'],
    ['timestamp', '"2017-02-07T15:13:01Z"', "column 'v' (timestamp): got a string (length 20) that matches none of the TimestampFormats nor yyyy-[M]M-[d]d HH:mm:ss[.S]", 'ISO needs a format'],
  ])('%s rejects %s (%s)', (type, json, message, _reason) => {
    // Prepare / Act
    const error = cellError(type, json, hive);

    // Assess
    expect(error.errorCode).toBe('DataFormatConversion.MalformedData');
    expect(error.message).toContain(`HiveJsonSerDe: ${message}`);
  });

  it('matches keys case-insensitively and drops unknown keys', () => {
    // Prepare / Act
    const rows = rowsOf(createDeserializer(tableOf({ id: 'int', name: 'string' }), hive)('{"ID":1,"Other":2}{"name":"x"}'));

    // Assess
    expect(rows).toEqual([
      { id: 1, name: null },
      { id: null, name: 'x' },
    ]);
  });
});

describe('options', () => {
  const table = tableOf({ id: 'int', ts: 'timestamp' });

  it.each([
    [null, "createDeserializer: option 'serde' is null. Pass { kind: 'openx', … } or { kind: 'hive', … }.", 'serde is null'],
    [{ kind: 'OpenX' }, "createDeserializer: option 'kind' is \"OpenX\". Use 'openx' (OpenXJsonSerDe, Firehose's default) or 'hive' (HiveJsonSerDe).", 'wrong case of kind'],
    [{ kind: 'openx', caseInsensitve: true }, "OpenXJsonSerDe: option 'caseInsensitve' is not a known option. Known options: kind, caseInsensitive, convertDotsInJsonKeysToUnderscores, columnToJsonKeyMappings.", 'misspelt option'],
    [{ kind: 'openx', caseInsensitive: 'yes' }, "OpenXJsonSerDe: option 'caseInsensitive' is string. Use true or false (default true).", 'non-boolean flag'],
    [{ kind: 'openx', convertDotsInJsonKeysToUnderscores: 1 }, "option 'convertDotsInJsonKeysToUnderscores' is number. Use true or false (default false).", 'non-boolean dots flag'],
    [{ kind: 'openx', columnToJsonKeyMappings: [] }, "option 'columnToJsonKeyMappings' is array", 'mappings as an array'],
    [{ kind: 'openx', columnToJsonKeyMappings: { tss: 'timestamp' } }, "option 'columnToJsonKeyMappings.tss' names no column of table 'events'. Map one of: id, ts.", 'mapping of an unknown column'],
    [{ kind: 'openx', columnToJsonKeyMappings: { ts: '' } }, "option 'columnToJsonKeyMappings.ts' is empty", 'mapping to an empty key'],
    [{ kind: 'hive', timestampFormats: 'millis' }, "HiveJsonSerDe: option 'timestampFormats' is string", 'formats not in an array'],
    [{ kind: 'hive', timestampFormats: [''] }, "HiveJsonSerDe: option 'timestampFormats[0]' is blank", 'blank format'],
    [{ kind: 'hive', timestampFormats: ['yy-MM-dd'] }, "HiveJsonSerDe: option 'timestampFormats[0]' uses 'yy', which firehose-kit does not support (two-digit years depend on the current date)", 'two-digit year'],
    [{ kind: 'hive', timestampFormats: ['yyyy-MM-dd HH:mm:ss z'] }, "uses 'z', which firehose-kit does not support (time-zone names are ambiguous)", 'zone name'],
    [{ kind: 'hive', timestampFormats: ["yyyy-MM-dd'T"] }, 'has an unterminated quoted literal', 'unterminated literal'],
    [{ kind: 'hive', timestampFormats: ['yyyy-MM-dd'], caseInsensitive: true }, "HiveJsonSerDe: option 'caseInsensitive' is not a known option. Known options: kind, timestampFormats.", 'OpenX option on the Hive SerDe'],
  ])('rejects %j (%s)', (serde, message, _reason) => {
    // Prepare / Act
    let caught: unknown;
    try {
      createDeserializer(table, serde as JsonSerDe);
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(FormatOptionError);
    expect((caught as Error).message).toContain(message);
  });
});

describe('serdeFromFirehoseDeserializer', () => {
  const model = JSON.parse(readFileSync(new URL('../../fixtures/glue/botocore-firehose-2015-08-04-deserializer-subset.json', import.meta.url), 'utf8')) as {
    shapes: Record<string, { members: Record<string, unknown> }>;
  };

  it('accepts every member of the Firehose API shapes OpenXJsonSerDe and HiveJsonSerDe', () => {
    // Prepare
    const openxMembers = Object.keys(model.shapes['OpenXJsonSerDe']!.members);
    const hiveMembers = Object.keys(model.shapes['HiveJsonSerDe']!.members);
    const values: Record<string, unknown> = { CaseInsensitive: false, ConvertDotsInJsonKeysToUnderscores: true, ColumnToJsonKeyMappings: { ts: 'timestamp' }, TimestampFormats: ['millis'] };

    // Act
    const openx = serdeFromFirehoseDeserializer({ OpenXJsonSerDe: Object.fromEntries(openxMembers.map((member) => [member, values[member]])) });
    const hiveSerde = serdeFromFirehoseDeserializer({ HiveJsonSerDe: Object.fromEntries(hiveMembers.map((member) => [member, values[member]])) });

    // Assess
    expect(openxMembers.sort()).toEqual(['CaseInsensitive', 'ColumnToJsonKeyMappings', 'ConvertDotsInJsonKeysToUnderscores']);
    expect(openx).toEqual({ kind: 'openx', caseInsensitive: false, convertDotsInJsonKeysToUnderscores: true, columnToJsonKeyMappings: { ts: 'timestamp' } });
    expect(hiveSerde).toEqual({ kind: 'hive', timestampFormats: ['millis'] });
    expect(Object.keys(model.shapes['Deserializer']!.members).sort()).toEqual(['HiveJsonSerDe', 'OpenXJsonSerDe']);
  });

  it('gives the defaults for an empty OpenXJsonSerDe', () => {
    // Prepare / Act / Assess
    expect(serdeFromFirehoseDeserializer({ OpenXJsonSerDe: {} })).toEqual({ kind: 'openx' });
  });

  it.each([
    [{}, 'names no deserializer', 'nothing set'],
    [{ OpenXJsonSerDe: {}, HiveJsonSerDe: {} }, 'names both deserializers', 'both set (Firehose rejects this)'],
    [{ OpenXJsonSerDe: { Case: true } }, "OpenXJsonSerDe: option 'Case' is not a known option", 'unknown member'],
    ['OpenX', "Deserializer: option 'Deserializer' is string", 'not an object'],
  ])('rejects %j (%s)', (config, message, _reason) => {
    // Prepare / Act / Assess
    expect(() => serdeFromFirehoseDeserializer(config)).toThrowError(message);
  });
});
