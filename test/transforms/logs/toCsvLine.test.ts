import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TransformOptionError } from '../../../transforms/core/errors.js';
import { isOutcome } from '../../../transforms/core/outcome.js';
import { csvHeader, toCsvLine, type ToCsvLineOptions } from '../../../transforms/logs/toCsvLine.js';
import type { JsonValue } from '../../../transforms/core/types.js';
import { describeTransformContract, testContext } from '../../helpers/transformContract.js';

/**
 * An RFC 4180 reader (§2: fields separated by the delimiter, optionally enclosed in double quotes, a
 * quote inside a quoted field written twice), written independently of toCsvLine to check its output.
 */
function readCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let index = 0;
  let quoted = false;
  let fieldStart = true;
  while (index < text.length) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 2;
      } else if (char === '"') {
        quoted = false;
        index++;
      } else {
        field += char;
        index++;
      }
    } else if (char === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
      index++;
    } else if (char === delimiter) {
      row.push(field);
      field = '';
      fieldStart = true;
      index++;
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStart = true;
      index += 2;
    } else {
      if (char === '"') throw new Error(`a quote inside an unquoted field at ${index}`);
      field += char;
      fieldStart = false;
      index++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  row.push(field);
  rows.push(row);
  return rows;
}

function lineOf(transform: ReturnType<typeof toCsvLine>, input: JsonValue): string {
  const result = transform(input, testContext);
  if (isOutcome(result)) throw new Error(`toCsvLine failed: ${'error' in result ? result.error.message : 'dropped'}`);
  return result;
}

describe('toCsvLine RFC 4180 round trip', () => {
  const value = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('', ',', '"', '\r\n', '\n', '""', ' lead', 'trail '), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
  const delimiters = fc.constantFrom(',', ';', '\t', '|');

  it('gives back every field as text, in column order, for any values and delimiter', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 8 }), fc.array(value, { minLength: 8, maxLength: 8 }), delimiters, fc.constantFrom('as-needed', 'all') as fc.Arbitrary<'as-needed' | 'all'>, (columns, values, delimiter, quote) => {
        // Prepare
        const record = Object.fromEntries(columns.map((column, index) => [column, values[index]!]));
        // Act
        const line = lineOf(toCsvLine({ columns, delimiter, quote }), record);
        // Assess
        const rows = readCsv(line, delimiter);
        expect(rows).toHaveLength(1);
        expect(rows[0]).toEqual(columns.map((column) => {
          const v = record[column]!;
          return v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
        }));
        if (quote === 'all') expect(line.startsWith('"')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('quotes only the fields that need it by default', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (text) => {
        // Act
        const line = lineOf(toCsvLine({ columns: ['a'] }), { a: text });
        // Assess
        expect(line.startsWith('"')).toBe(/[",\r\n]/.test(text));
      }),
      { numRuns: 200 },
    );
  });
});

describe('toCsvLine details', () => {
  it('writes nested values as JSON text and missing fields as the null value', () => {
    // Act
    const line = lineOf(toCsvLine({ columns: ['sd', 'list', 'missing', 'n'], nullValue: 'NULL' }), { sd: { 'a@1': { x: '1' } }, list: [1, 'b'], n: null });
    // Assess
    expect(readCsv(line)).toEqual([['{"a@1":{"x":"1"}}', '[1,"b"]', 'NULL', 'NULL']]);
  });

  it('reads only own fields: a record with __proto__ or toString keys gives no inherited values', () => {
    // Act
    const line = lineOf(toCsvLine({ columns: ['toString', 'constructor', 'a'] }), JSON.parse('{"a":"1","__proto__":{"toString":"x"}}') as JsonValue);
    // Assess
    expect(line).toBe(',,1');
  });

  it('writes the header before the line with includeHeader, and csvHeader gives the same header', () => {
    // Prepare
    const options: ToCsvLineOptions = { columns: ['client', 'user agent', '@timestamp', 'a,b'] };
    // Act
    const line = lineOf(toCsvLine({ ...options, includeHeader: true }), { client: '::1', 'user agent': 'curl', '@timestamp': 'x', 'a,b': 1 });
    // Assess
    expect(csvHeader(options)).toBe('client,user agent,@timestamp,"a,b"');
    expect(readCsv(line)).toEqual([['client', 'user agent', '@timestamp', 'a,b'], ['::1', 'curl', 'x', '1']]);
  });

  it.each([
    ['a string', 'x'],
    ['an array', [1]],
    ['null', null],
  ])('fails when the record is %s', (_name, input) => {
    // Act
    const result = toCsvLine({ columns: ['a'] })(input as JsonValue, testContext);
    // Assess
    expect(isOutcome(result) && 'error' in result && result.error.message).toContain('toCsvLine: the record is');
  });
});

describe('toCsvLine options', () => {
  it.each([
    ['no columns', {}, "option 'columns' must be a non-empty array of field names"],
    ['empty columns', { columns: [] }, "option 'columns' must be a non-empty array of field names"],
    ['an empty column name', { columns: ['a', ''] }, "option 'columns' must be a non-empty array of field names"],
    ['a duplicate column', { columns: ['a', 'b', 'a'] }, "option 'columns' lists 'a' twice"],
    ['a quote as delimiter', { columns: ['a'], delimiter: '"' }, "option 'delimiter' is \"\\\"\""],
    ['a two-character delimiter', { columns: ['a'], delimiter: ';;' }, "option 'delimiter' is \";;\""],
    ['a line break as delimiter', { columns: ['a'], delimiter: '\n' }, "option 'delimiter' is \"\\n\""],
    ['an unknown quote mode', { columns: ['a'], quote: 'never' }, "option 'quote' is \"never\""],
    ['a null value that is not text', { columns: ['a'], nullValue: null }, "option 'nullValue' is null"],
    ['an unknown option', { columns: ['a'], header: true }, "option 'header' is not a known option"],
    ['includeHeader that is not boolean', { columns: ['a'], includeHeader: 'yes' }, "option 'includeHeader' is string"],
  ])('refuses %s', (_reason, options, message) => {
    // Act / Assess
    expect(() => toCsvLine(options as unknown as ToCsvLineOptions)).toThrow(TransformOptionError);
    expect(() => toCsvLine(options as unknown as ToCsvLineOptions)).toThrow(message);
  });
});

describeTransformContract('toCsvLine', toCsvLine({ columns: ['v', 'constructor', '__proto__', 'prototype', 'x'] }) as (input: unknown, ctx: typeof testContext) => unknown);
