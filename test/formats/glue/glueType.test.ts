import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GlueTypeSyntaxError } from '../../../formats/glue/errors.js';
import { examples, isPrimitiveGlueType, MAX_GLUE_TYPE_DEPTH, parseGlueType, printGlueType } from '../../../formats/glue/glueType.js';
import type { GlueType } from '../../../formats/glue/types.js';
import { expectLinearTime } from '../../helpers/linearTime.js';

const fixtures = new URL('../../fixtures/glue/', import.meta.url);

describe('parseGlueType examples', () => {
  it.each(examples.map((example) => [example.title, example] as const))('%s', (_title, example) => {
    // Prepare / Act
    const type = parseGlueType(example.input);

    // Assess
    expect(type).toEqual(example.output);
  });
});

describe('parseGlueType', () => {
  it.each([
    ['boolean', { kind: 'boolean' }],
    ['TINYINT', { kind: 'tinyint' }],
    ['SmallInt', { kind: 'smallint' }],
    ['int', { kind: 'int' }],
    ['INTEGER', { kind: 'int' }],
    ['bigint', { kind: 'bigint' }],
    ['float', { kind: 'float' }],
    ['Double', { kind: 'double' }],
    ['string', { kind: 'string' }],
    ['binary', { kind: 'binary' }],
    ['date', { kind: 'date' }],
    ['timestamp', { kind: 'timestamp' }],
    ['decimal', { kind: 'decimal', precision: 10, scale: 0 }],
    ['DECIMAL(7)', { kind: 'decimal', precision: 7, scale: 0 }],
    ['decimal(38,38)', { kind: 'decimal', precision: 38, scale: 38 }],
    ['char(1)', { kind: 'char', length: 1 }],
    ['VARCHAR(65535)', { kind: 'varchar', length: 65535 }],
    ['  array < int >  ', { kind: 'array', element: { kind: 'int' } }],
    ['map<DATE, decimal>', { kind: 'map', key: { kind: 'date' }, value: { kind: 'decimal', precision: 10, scale: 0 } }],
    ['struct<\n\tA : int ,\n\tb:string>', { kind: 'struct', fields: [{ name: 'A', type: { kind: 'int' } }, { name: 'b', type: { kind: 'string' } }] }],
    ['struct<`my field`:int,`a``b`:string>', { kind: 'struct', fields: [{ name: 'my field', type: { kind: 'int' } }, { name: 'a`b', type: { kind: 'string' } }] }],
    ['struct<user-agent:string,$ref:int>', { kind: 'struct', fields: [{ name: 'user-agent', type: { kind: 'string' } }, { name: '$ref', type: { kind: 'int' } }] }],
    ['struct<int:int,map:string>', { kind: 'struct', fields: [{ name: 'int', type: { kind: 'int' } }, { name: 'map', type: { kind: 'string' } }] }],
  ] as const)('parses %j', (text, expected) => {
    // Prepare / Act
    const type = parseGlueType(text);

    // Assess
    expect(type).toEqual(expected);
  });

  it('parses nesting to the depth limit', () => {
    // Prepare
    const text = `${'array<'.repeat(MAX_GLUE_TYPE_DEPTH)}int${'>'.repeat(MAX_GLUE_TYPE_DEPTH)}`;

    // Act
    let type: GlueType = parseGlueType(text);
    let depth = 0;
    while (type.kind === 'array') {
      type = type.element;
      depth++;
    }

    // Assess
    expect(depth).toBe(MAX_GLUE_TYPE_DEPTH);
    expect(type).toEqual({ kind: 'int' });
  });

  it.each([
    ['', 0, 'expected a type', 'empty text'],
    ['   ', 3, 'expected a type', 'blank text'],
    ['long', 0, 'Did you mean bigint?', 'name from another system gets a hint'],
    ['strin', 0, "unknown type 'strin'", 'misspelt primitive'],
    ['array<int', 9, "expected '>' to close array<…> opened at position 0", 'unclosed array'],
    ['array<>', 6, 'expected a type name', 'array without element type'],
    ['array int', 6, "expected '<' after 'array'", 'missing bracket'],
    ['map<string>', 10, "expected ','", 'map with one type'],
    ['map<array<int>,string>', 4, 'map keys must be a primitive type', 'complex map key (Hive rule)'],
    ['struct<>', 7, 'struct<> needs at least one field', 'empty struct'],
    ['struct<a int>', 9, "expected ':' after the struct field name 'a'", 'field without colon'],
    ['struct<a:int,>', 13, 'expected a struct field name', 'trailing comma'],
    ['struct<a:int,A:string>', 13, "duplicate field name 'A'", 'case-insensitive duplicate field'],
    ['struct<__proto__:int>', 7, "'__proto__' is not allowed", 'prototype-polluting field name'],
    ['struct<``:int>', 7, 'empty field name', 'empty quoted name'],
    ['struct<`a:int>', 7, 'unterminated back-quoted field name', 'unterminated quote'],
    ['decimal(0,0)', 8, 'decimal precision 0 is out of range', 'precision below 1'],
    ['decimal(39,2)', 8, 'decimal precision 39 is out of range', 'precision above 38'],
    ['decimal(5,6)', 10, 'scale 6 is larger than its precision 5', 'scale above precision'],
    ['decimal(,2)', 8, 'expected a number for the precision', 'missing precision'],
    ['decimal(10,2', 12, "expected ')' to close decimal(p,s)", 'unclosed decimal'],
    ['decimal(99999999999,2)', 8, 'is out of range', 'huge precision'],
    ['char', 4, 'char needs a length', 'char without length'],
    ['char(256)', 5, 'char length 256 is out of range; use 1 to 255', 'char too long'],
    ['varchar(0)', 8, 'varchar length 0 is out of range', 'varchar of length 0'],
    ['varchar(65536)', 8, 'use 1 to 65535', 'varchar too long'],
    ['uniontype<int,string>', 0, 'uniontype is not supported', 'union types cannot be converted'],
    ['int>', 3, "unexpected '>' after the end of the type", 'stray closing bracket'],
    ['int int', 4, "unexpected 'i' after the end of the type", 'two types'],
    [`${'array<'.repeat(MAX_GLUE_TYPE_DEPTH + 1)}int${'>'.repeat(MAX_GLUE_TYPE_DEPTH + 1)}`, 6 * MAX_GLUE_TYPE_DEPTH, `deeper than ${MAX_GLUE_TYPE_DEPTH} levels`, 'nesting beyond the limit'],
  ])('rejects %j at position %i (%s; %s)', (text, position, message, _reason) => {
    // Prepare / Act
    let caught: unknown;
    try {
      parseGlueType(text);
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(GlueTypeSyntaxError);
    const error = caught as GlueTypeSyntaxError;
    expect(error.position).toBe(position);
    expect(error.message).toContain(message);
    expect(error.message).toContain(`at position ${position}`);
  });

  it('points a caret at the offending character in the message', () => {
    // Prepare / Act / Assess
    expect(() => parseGlueType('struct<a:int,b:strng>')).toThrowError('Glue type error at position 15: unknown type \'strng\'; expected one of boolean, tinyint, smallint, int, bigint, float, double, decimal(p,s), string, char(n), varchar(n), binary, date, timestamp, array<T>, map<K,V>, struct<name:T,…>.\n  struct<a:int,b:strng>\n                 ^');
  });

  it('shows a window of a long type string around the problem', () => {
    // Prepare
    const text = `struct<${Array.from({ length: 50 }, (_, i) => `field${i}:int`).join(',')},bad:nope>`;

    // Act
    let message = '';
    try {
      parseGlueType(text);
    } catch (error) {
      message = (error as Error).message;
    }

    // Assess
    const [, snippet, caret] = message.split('\n');
    expect(snippet!.length).toBeLessThan(90);
    expect(snippet!.startsWith('  …')).toBe(true);
    expect(snippet![caret!.length - 1]).toBe('n');
  });

  it('runs in linear time on a long hostile type string', () => {
    // Prepare: up to 60,000 struct fields (about 1 MB)
    const structOf = (fields: number): string => `struct<${Array.from({ length: fields }, (_, i) => `f${i}:bigint`).join(',')}>`;
    const type = parseGlueType(structOf(60_000));
    expect(type.kind === 'struct' && type.fields.length).toBe(60_000);

    // Act / Assess: 8× the fields, at most 24× the time (quadratic would be 64×)
    expectLinearTime(structOf, (text) => parseGlueType(text), { size: 60_000 });
  });
});

describe('printGlueType', () => {
  it.each([
    ['INTEGER', 'int'],
    ['Decimal', 'decimal(10,0)'],
    ['decimal( 5 )', 'decimal(5,0)'],
    ['ARRAY< MAP< STRING , ARRAY<BIGINT> > >', 'array<map<string,array<bigint>>>'],
    ['struct<UserId:string, Geo:struct<Lat:double>>', 'struct<userid:string,geo:struct<lat:double>>'],
    ['struct<`My Field`:int,`a``b`:int>', 'struct<`my field`:int,`a``b`:int>'],
    ['VarChar(12)', 'varchar(12)'],
  ])('prints %j as %j', (text, printed) => {
    // Prepare / Act / Assess
    expect(printGlueType(parseGlueType(text))).toBe(printed);
  });

  it('prints every real type string of the CloudFront, ALB and WAF Glue tables back to itself', () => {
    // Prepare
    const resources = JSON.parse(readFileSync(new URL('extracted-glue-and-firehose-resources.json', fixtures), 'utf8')) as Array<{
      Type: string;
      Properties: { TableInput?: { StorageDescriptor: { Columns: Array<{ Type: string }> }; PartitionKeys?: Array<{ Type: string }> } };
    }>;
    const types = resources
      .filter((resource) => resource.Type === 'AWS::Glue::Table')
      .flatMap((resource) => [...resource.Properties.TableInput!.StorageDescriptor.Columns, ...(resource.Properties.TableInput!.PartitionKeys ?? [])])
      .map((column) => column.Type);

    // Act
    const printed = types.map((type) => printGlueType(parseGlueType(type)));

    // Assess
    expect(types.length).toBeGreaterThan(150);
    expect(printed).toEqual(types);
    expect(types).toContain('struct<clientip:string,country:string,headers:array<struct<name:string,value:string>>,uri:string,args:string,httpversion:string,httpmethod:string,requestid:string>');
  });
});

describe('isPrimitiveGlueType', () => {
  it.each([
    ['int', true],
    ['decimal(4,2)', true],
    ['varchar(3)', true],
    ['array<int>', false],
    ['map<string,int>', false],
    ['struct<a:int>', false],
  ])('%s → %s', (text, primitive) => {
    // Prepare / Act / Assess
    expect(isPrimitiveGlueType(parseGlueType(text))).toBe(primitive);
  });
});
