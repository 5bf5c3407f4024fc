import { describe, expect, it } from 'vitest';
import { compileJqQuery } from '../../../firehose/delivery/partitionQuery.js';
import { readJsonValues } from '../../../formats/serde/index.js';

const keysOf = (query: string, json: string): unknown => {
  const values = readJsonValues(json);
  if ('problem' in values) throw new Error(values.problem);
  const result = compileJqQuery(query).evaluate(values.values[0]!);
  return 'keys' in result ? { ...result.keys } : result;
};

describe('compileJqQuery (the jq subset of inline parsing)', () => {
  it("extracts the guide's keys: paths, nested paths, quoted names, indexes, optional steps, shorthand", () => {
    const record = '{"type":{"device":"mobile","event":"click"},"customer_id":"1234567890","tags":["x","y"],"a b":7,"ok":true}';
    expect(keysOf('{customer_id: .customer_id, device: .type.device}', record)).toEqual({ customer_id: '1234567890', device: 'mobile' });
    expect(keysOf('{"first tag": .tags[0], last: .tags[-1], n: ."a b", m: .["a b"], ok}', record)).toEqual({ 'first tag': 'x', last: 'y', n: '7', m: '7', ok: 'true' });
    expect(keysOf('{d: .type?.device}', record)).toEqual({ d: 'mobile' });
    // `?` turns an indexing error into null, which is no key
    expect(keysOf('{e: .customer_id.x?}', record)).toEqual({ error: "partition key 'e' is null; a key must be a string, number or boolean" });
  });

  it('keeps 64-bit numbers exact', () => {
    expect(keysOf('{id: .id}', '{"id":12345678901234567890}')).toEqual({ id: '12345678901234567890' });
  });

  it('gives a reason, not keys, for a missing key, a wrong type or a non-scalar key', () => {
    expect(keysOf('{d: .type.device}', '{"type":"str"}')).toEqual({ error: 'partition key \'d\': Cannot index string with "device"' });
    expect(keysOf('{d: .missing}', '{}')).toEqual({ error: "partition key 'd' is null; a key must be a string, number or boolean" });
    expect(keysOf('{d: .o}', '{"o":{}}')).toEqual({ error: "partition key 'd' is object; a key must be a string, number or boolean" });
    expect(keysOf('{d: .[0]}', '{"o":1}')).toEqual({ error: "partition key 'd': Cannot index object with number" });
  });

  it.each([
    ['.a', 'a path alone'],
    ['{a: .b | tostring}', 'a pipe'],
    ['{a: .b[]}', 'iteration'],
    ['{}', 'no keys'],
    ['{a: "x"}', 'a literal value'],
    ['{a: .b, a: .c}', 'a repeated key'],
    ['{a: .b} extra', 'text after the object'],
    ['{a: .b[1:2]}', 'a slice'],
    ['{a: "\\(.b)"}', 'string interpolation'],
    ['{a: strftime("%Y")}', 'a function'],
  ])('refuses %s (%s), naming what is supported', (query) => {
    expect(() => compileJqQuery(query)).toThrow(/firehose-kit supports an object of paths, e\.g\. \{customer_id: \.customer_id/);
  });
});
