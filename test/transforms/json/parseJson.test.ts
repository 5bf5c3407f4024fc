import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { RecordParseError, TransformOptionError, UnsafeRecordError } from '../../../transforms/core/errors.js';
import { isOutcome } from '../../../transforms/core/outcome.js';
import { parseJson } from '../../../transforms/json/parseJson.js';
import type { FailedOutcome } from '../../../transforms/core/types.js';
import { describeTransformContract, hostileJson, testContext } from '../../helpers/transformContract.js';

function failure(result: unknown): Error {
  if (!isOutcome(result) || !('error' in result)) throw new Error(`expected a failed outcome, got ${JSON.stringify(result)}`);
  return (result as FailedOutcome).error;
}

describe('parseJson', () => {
  it('parses UTF-8 bytes and strips a byte-order mark', () => {
    // Prepare
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"é":"ü😀"}')]);
    // Act / Assess
    expect(parseJson()(bytes, testContext)).toEqual({ 'é': 'ü😀' });
  });

  it.each([
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), RecordParseError, /not valid UTF-8/],
    ['truncated JSON', Buffer.from('{"a":'), RecordParseError, /not valid JSON \(unexpected end of input\)/],
    ['garbage', Buffer.from('secret-password-123'), RecordParseError, /not valid JSON/],
    ['empty record', Buffer.from(''), RecordParseError, /unexpected end of input/],
    ['__proto__ key', Buffer.from('{"a":{"__proto__":{"admin":true}}}'), UnsafeRecordError, /'__proto__' key/],
    ['escaped __proto__ key', Buffer.from('{"\\u005f_proto__":{"admin":true}}'), UnsafeRecordError, /'__proto__' key/],
    ['constructor.prototype', Buffer.from('[{"constructor":{"prototype":{"x":1}}}]'), UnsafeRecordError, /'constructor' key/],
  ])('fails %s', (_reason, bytes, errorClass, message) => {
    // Act
    const error = failure(parseJson()(bytes, testContext));
    // Assess
    expect(error).toBeInstanceOf(errorClass);
    expect(error.message).toMatch(message);
  });

  it('never puts record content into its error messages', () => {
    const error = failure(parseJson()(Buffer.from('{"ssn":"123-45-6789" oops}'), testContext));
    expect(error.message).not.toContain('123-45-6789');
    expect(error.message).not.toContain('oops');
  });

  it('keeps a constructor key that is not a prototype carrier', () => {
    expect(parseJson()('{"constructor":"Ada","prototype":1}', testContext)).toEqual({ constructor: 'Ada', prototype: 1 });
  });

  it('removes polluting keys when asked, leaving Object.prototype untouched', () => {
    const result = parseJson({ prototypeKeys: 'remove' })('{"a":[{"__proto__":{"polluted":1},"b":2}],"constructor":{"prototype":{}}}', testContext);
    expect(result).toEqual({ a: [{ b: 2 }] });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('fails records nested deeper than maxDepth, without overflowing the stack at 100,000 levels', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(failure(parseJson()(deep, testContext)).message).toMatch(/deeper than maxDepth 512/);
    expect(failure(parseJson({ maxDepth: 3 })('{"a":{"b":{"c":{}}}}', testContext))).toBeInstanceOf(UnsafeRecordError);
    expect(parseJson({ maxDepth: 3 })('{"a":{"b":{"c":1}}}', testContext)).toEqual({ a: { b: { c: 1 } } });
  });

  it('fails a record exactly when its nesting exceeds maxDepth, whatever its strings hold (brackets, quotes, runs of backslashes)', () => {
    // Oracle: the depth of the parsed value, computed independently of parseJson's text scan.
    const depthOf = (value: unknown): number =>
      typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value as Record<string, unknown>).map(depthOf)) : 0;
    const trickyString = fc.array(fc.constantFrom('[', ']', '{', '}', '"', '\\', '\\\\', 'a', ' ', 'é'), { maxLength: 8 }).map((parts) => parts.join(''));
    const valueArb = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        trickyString,
        fc.integer(),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(trickyString, tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    fc.assert(
      fc.property(valueArb, fc.integer({ min: 1, max: 6 }), fc.boolean(), (value, maxDepth, pretty) => {
        // Prepare
        const text = JSON.stringify(value, null, pretty ? 1 : undefined);
        // Act
        const result = parseJson({ maxDepth })(text, testContext);
        // Assess
        if (depthOf(value) > maxDepth) expect(failure(result)).toBeInstanceOf(UnsafeRecordError);
        else expect(result).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it('does not count brackets inside strings towards the depth', () => {
    expect(parseJson({ maxDepth: 2 })(JSON.stringify({ a: '[[[[[[{{{{\\"' }), testContext)).toEqual({ a: '[[[[[[{{{{\\"' });
  });

  it.each([
    ['unknown option', { maxDeph: 3 }, /option 'maxDeph' is not a known option/],
    ['zero depth', { maxDepth: 0 }, /option 'maxDepth' is 0\. Use an integer from 1/],
    ['bad mode', { prototypeKeys: 'ignore' }, /option 'prototypeKeys' is "ignore"\. Use one of: 'fail', 'remove'/],
  ])('refuses a bad option at start-up: %s', (_reason, options, message) => {
    expect(() => parseJson(options as never)).toThrow(TransformOptionError);
    expect(() => parseJson(options as never)).toThrow(message);
  });
});

describeTransformContract(
  'parseJson',
  parseJson(),
  fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string(),
    fc.uint8Array(),
    hostileJson.map((v) => Buffer.from(JSON.stringify(v))),
  ),
);
