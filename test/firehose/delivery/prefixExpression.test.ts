/**
 * Firehose's prefix rules: the guide's examples evaluate as the guide shows, and each semantic rule is
 * shown refusing a setting that breaks only it, in the guide's words.
 */
import { describe, expect, it } from 'vitest';
import { checkPrefixes, dataKeyPrefix, errorKeyPrefix, parsePrefix, type PrefixSettings } from '../../../firehose/delivery/prefixExpression.js';

// "Evaluated prefix (at 10:30 AM UTC on Aug 27, 2018)", the guide's example table.
const t = Date.UTC(2018, 7, 27, 10, 30, 0);
const ctx = { epochMs: t, timeZone: 'UTC', partitionKeys: {}, random: () => '5abf82daaa5' };
const E = 'e/!{firehose:error-output-type}/';

describe('prefix expressions', () => {
  it("evaluate the guide's examples", () => {
    let c = checkPrefixes({ prefix: 'myFirehose/DeliveredYear=!{timestamp:yyyy}/anyMonth/rand=!{firehose:random-string}', errorOutputPrefix: 'myFirehoseFailures/!{firehose:error-output-type}/!{timestamp:yyyy}/anyMonth/!{timestamp:dd}', dynamicPartitioning: false });
    expect(dataKeyPrefix(c, ctx)).toEqual({ prefix: 'myFirehose/DeliveredYear=2018/anyMonth/rand=5abf82daaa5' });
    expect(errorKeyPrefix(c, { ...ctx, errorOutputType: 'processing-failed' })).toEqual({ prefix: 'myFirehoseFailures/processing-failed/2018/anyMonth/27' });
    c = checkPrefixes({ prefix: 'myPrefix/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/', errorOutputPrefix: "myErrorPrefix/!{timestamp:'year='yyyy'/month='MM'/day='dd'/hour='HH}/!{firehose:error-output-type}", dynamicPartitioning: false });
    expect(dataKeyPrefix(c, ctx)).toEqual({ prefix: 'myPrefix/year=2018/month=08/day=27/hour=10/' });
    expect(errorKeyPrefix(c, { ...ctx, errorOutputType: 'format-conversion-failed' })).toEqual({ prefix: 'myErrorPrefix/year=2018/month=08/day=27/hour=10/format-conversion-failed' });
  });

  it('append yyyy/MM/dd/HH/ to a Prefix without a timestamp by plain concatenation (observed), and default the error layout', () => {
    let c = checkPrefixes({ prefix: 'legacy', dynamicPartitioning: false });
    expect(dataKeyPrefix(c, ctx)).toEqual({ prefix: 'legacy2018/08/27/10/' });
    expect(errorKeyPrefix(c, { ...ctx, errorOutputType: 'processing-failed' })).toEqual({ prefix: 'legacyprocessing-failed/2018/08/27/10/' });
    c = checkPrefixes({ prefix: 'r/!{firehose:random-string}/', errorOutputPrefix: E, dynamicPartitioning: false });
    expect(dataKeyPrefix(c, ctx)).toEqual({ prefix: 'r/5abf82daaa5/2018/08/27/10/' });
    c = checkPrefixes({ dynamicPartitioning: false });
    expect(dataKeyPrefix(c, ctx)).toEqual({ prefix: '2018/08/27/10/' });
    expect(errorKeyPrefix(c, { ...ctx, errorOutputType: 'format-conversion-failed' })).toEqual({ prefix: 'format-conversion-failed/2018/08/27/10/' });
  });

  it('evaluate timestamps in the custom time zone', () => {
    const c = checkPrefixes({ customTimeZone: 'Asia/Tokyo', dynamicPartitioning: false });
    expect(dataKeyPrefix(c, { ...ctx, timeZone: c.timeZone })).toEqual({ prefix: '2018/08/27/19/' });
  });

  it('put partition keys in and append nothing (the dynamic-partitioning example)', () => {
    const c = checkPrefixes({ prefix: 'customer_id=!{partitionKeyFromQuery:customer_id}/device=!{partitionKeyFromLambda:device}/', errorOutputPrefix: E, dynamicPartitioning: true, queryKeys: ['customer_id'] });
    expect(dataKeyPrefix(c, { ...ctx, partitionKeys: { query: { customer_id: '1234567890' }, lambda: { device: 'mobile' } } })).toEqual({ prefix: 'customer_id=1234567890/device=mobile/' });
    expect(dataKeyPrefix(c, { ...ctx, partitionKeys: { query: { customer_id: '1' } } })).toEqual({ error: "the record has no Lambda partition key 'device'" });
    expect(dataKeyPrefix(c, { ...ctx, partitionKeys: { query: { customer_id: 'x'.repeat(600) }, lambda: { device: 'm' } } })).toMatchObject({ error: expect.stringMatching(/greater than 512 characters/) as unknown });
  });

  it('evaluate every random-string instance to a new string', () => {
    let n = 0;
    const c = parsePrefix('Prefix', 'a!{firehose:random-string}b!{firehose:random-string}');
    expect(c.parts).toHaveLength(4);
    const checked = checkPrefixes({ prefix: c.source, errorOutputPrefix: E, dynamicPartitioning: false });
    expect(dataKeyPrefix(checked, { ...ctx, random: () => `r${n++}` })).toEqual({ prefix: 'ar0br12018/08/27/10/' });
  });

  const rejected: [string, PrefixSettings, RegExp][] = [
    ['an expression in Prefix without ErrorOutputPrefix', { prefix: '!{timestamp:yyyy/MM/dd}', dynamicPartitioning: false }, /ErrorOutputPrefix: ErrorOutputPrefix can't be null when Prefix contains expressions/],
    ['error-output-type in Prefix', { prefix: 'a/!{firehose:error-output-type}', errorOutputPrefix: E, dynamicPartitioning: false }, /Prefix: Prefix can't contain !\{firehose:error-output-type\}/],
    ['an ErrorOutputPrefix expression without error-output-type', { prefix: 'a/', errorOutputPrefix: 'e/!{timestamp:yyyy}', dynamicPartitioning: false }, /must include at least one instance of !\{firehose:error-output-type\}/],
    ['a stray !{', { prefix: 'a/!{oops', dynamicPartitioning: false }, /the sequence !\{ can only appear in !\{namespace:value\} expressions/],
    ['an unknown namespace', { prefix: 'a/!{foo:bar}', errorOutputPrefix: E, dynamicPartitioning: false }, /unknown namespace/],
    ['an unknown firehose value', { prefix: 'a/!{firehose:uuid}', errorOutputPrefix: E, dynamicPartitioning: false }, /has error-output-type and random-string/],
    ['a bad timestamp pattern', { prefix: 'a/!{timestamp:yyyy-ww}', errorOutputPrefix: E, dynamicPartitioning: false }, /not a valid Java DateTimeFormatter pattern/],
    ['a prefix over 512 characters once evaluated', { prefix: `${'x'.repeat(500)}!{timestamp:yyyy-MM-dd-HH-mm-ss}`, errorOutputPrefix: E, dynamicPartitioning: false }, /can be greater than 512 characters after they're evaluated/],
    ['partition keys without dynamic partitioning', { prefix: 'c=!{partitionKeyFromLambda:c}/', errorOutputPrefix: E, dynamicPartitioning: false }, /need dynamic partitioning enabled/],
    ['partition keys in ErrorOutputPrefix', { prefix: 'c=!{partitionKeyFromLambda:c}/', errorOutputPrefix: 'e/!{firehose:error-output-type}/!{partitionKeyFromLambda:c}', dynamicPartitioning: true }, /ErrorOutputPrefix can't contain partitionKeyFromQuery or partitionKeyFromLambda/],
    ['dynamic partitioning without a key in Prefix', { prefix: 'static/', errorOutputPrefix: E, dynamicPartitioning: true }, /Prefix must use at least one/],
    ['dynamic partitioning without ErrorOutputPrefix', { prefix: 'c=!{partitionKeyFromLambda:c}/', dynamicPartitioning: true }, /ErrorOutputPrefix can't be null/],
    ['a query key the query does not produce', { prefix: 'c=!{partitionKeyFromQuery:c}/', errorOutputPrefix: E, dynamicPartitioning: true, queryKeys: ['d'] }, /names a key the partition query does not produce; the query produces d/],
    ['an empty key name', { prefix: 'c=!{partitionKeyFromLambda:}/', errorOutputPrefix: E, dynamicPartitioning: true }, /names no key/],
    ['an unknown time zone', { customTimeZone: 'Mars/Olympus', dynamicPartitioning: false }, /CustomTimeZone: 'Mars\/Olympus' is not a supported time zone/],
  ];
  it.each(rejected)('refuses %s before any record is read', (_name, settings, message) => {
    expect(() => checkPrefixes(settings)).toThrow(message);
  });
});
