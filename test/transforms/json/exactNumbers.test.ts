/**
 * Numbers are not changed in flight (issue 12, item 3): parseJson keeps a number a float64 would not give
 * back exactly as a JsonNumber, toJsonLine writes its text back, and the transforms that read numbers
 * (shape, fields, pii, logs) treat it as the number it is.
 */
import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../blueprints/handler/logger.js';
import { blueprints } from '../../../blueprints/registry.js';
import { inexactNumberText, jsonTextWithNumbers } from '../../../testing/arbitraries.js';
import { describeType } from '../../../transforms/core/errors.js';
import { isExactNumberText, JsonNumber, stringifyJson } from '../../../transforms/core/jsonNumber.js';
import { parseJsonLossless } from '../../../transforms/core/losslessJson.js';
import { isOutcome } from '../../../transforms/core/outcome.js';
import type { JsonValue } from '../../../transforms/core/types.js';
import { partitionBy } from '../../../transforms/fields/partitionBy.js';
import { mayHoldInexactNumber, parseJson } from '../../../transforms/json/parseJson.js';
import { toJsonLine } from '../../../transforms/json/toJsonLine.js';
import { toCsvLine } from '../../../transforms/logs/toCsvLine.js';
import { redactPii } from '../../../transforms/pii/redactPii.js';
import { flattenRecord } from '../../../transforms/shape/flattenRecord.js';
import { normalizeRecord } from '../../../transforms/shape/normalizeRecord.js';
import { decoded, eventOf } from '../../helpers/events.js';
import { testContext } from '../../helpers/transformContract.js';

const parse = parseJson();
const write = toJsonLine();
const roundTrip = (text: string): string => write(parse(text, testContext) as JsonValue, testContext);

/** The number tokens of a JSON text, in order (strings skipped). */
function numberTokens(text: string): string[] {
  return [...text.matchAll(/"(?:[^"\\]|\\.)*"|(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/g)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));
}

describe('exact numbers', () => {
  it.each([
    ['a 64-bit id', '{"n":12345678901234567890}'],
    ['an integer past 2^53', '{"n":9007199254740993}'],
    ['a value above the float range', '{"n":1e400}'],
    ['a value below the float range', '{"n":1e-400}'],
    ['a fraction with a trailing zero', '{"price":10.50}'],
    ['an exponent', '[1E5,-0,2.5e-7]'],
    ['a top-level number', '18446744073709551615'],
  ])('keep %s exactly through parseJson and toJsonLine', (_what, text) => {
    expect(roundTrip(text)).toBe(text);
  });

  it('keep the issue\'s numbers through the process-record blueprint', async () => {
    // Prepare
    const handler = blueprints['process-record']!.create({}, { logger: silentLogger, reingest: 'off' });
    const records = ['{"n":12345678901234567890}', '{"n":9007199254740993}', '{"n":1e400}', '{"n":1e-400}'];
    // Act
    const response = await handler(eventOf(records));
    // Assess
    expect(response.records.map((r) => decoded(r.data))).toEqual(records.map((r) => `${r}\n`));
  });

  it('give float64s with numbers: \'float\' (what JSON.parse gives)', () => {
    const floats = parseJson({ numbers: 'float' });
    expect(write(floats('{"n":12345678901234567890,"m":1e400}', testContext) as JsonValue, testContext)).toBe('{"n":12345678901234567000,"m":null}');
  });

  it('keep every number token of any JSON text, and the structure JSON.parse sees (property)', () => {
    fc.assert(
      fc.property(jsonTextWithNumbers(4), (text) => {
        // Act
        const out = roundTrip(text);
        // Assess: the same number texts (object keys that look like integers may move, as with JSON.parse)
        expect(numberTokens(out).sort()).toEqual(numberTokens(text).sort());
        expect(JSON.parse(out)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('make a JsonNumber exactly of the numbers a float64 changes (property)', () => {
    fc.assert(
      fc.property(fc.oneof(inexactNumberText(), fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n))), (text) => {
        const value = parse(text, testContext);
        if (isExactNumberText(text)) expect(value).toBe(Number(text));
        else expect(value).toEqual(new JsonNumber(text));
      }),
      { numRuns: 300 },
    );
  });

  it('parse as JSON.parse does where no number is changed: same values, __proto__ as an own key, last of repeated keys (property)', () => {
    const texts = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v, null, 1)),
      fc.constantFrom('{"__proto__":{"a":1},"b":[]}', '{"a":1,"b":2,"a":3}', '"\\ud83d\\ude00 \\u0000 \\/"', ' [ ] ', '{"1":1,"a":2,"0":3}'),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const lossless = parseJsonLossless(text);
        expect('value' in lossless).toBe(true);
        if ('value' in lossless) {
          const expected = JSON.parse(text) as unknown;
          expect(lossless.value).toStrictEqual(expected);
          expect(Object.keys(lossless.value ?? {})).toEqual(Object.keys(expected ?? {}));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reject what JSON.parse rejects (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('[1,]', '{"a":1,}', '01', '1.', '-', '"\\x"', '[1 2]', '{"a" 1}', '"a\nb"', 'nul', '1e', '[', '{"a":1}x')), (text) => {
        let native = true;
        try {
          JSON.parse(text);
        } catch {
          native = false;
        }
        expect('value' in parseJsonLossless(text)).toBe(native);
      }),
      { numRuns: 500 },
    );
  });

  it('parse deep nesting without using the stack (iterative)', () => {
    const text = `${'['.repeat(50_000)}1.50${']'.repeat(50_000)}`;
    const value = parseJson({ maxDepth: 100_000 })(text, testContext);
    expect(isOutcome(value)).toBe(false);
    let depth = 0;
    let node: unknown = value;
    while (Array.isArray(node)) {
      node = node[0];
      depth++;
    }
    expect(depth).toBe(50_000);
    expect(node).toEqual(new JsonNumber('1.50'));
  });

  it('fail invalid JSON on the exact path with the same message as on the fast one', () => {
    const error = (text: string): string => {
      const result = parse(text, testContext);
      return isOutcome(result) && 'error' in result ? result.error.message : 'parsed';
    };
    expect(error('{"n":1,}')).toMatch(/^parseJson: the record is not valid JSON \(.* at position 7\)$/);
    expect(error('{"n":12345678901234567890,}')).toBe(error('{"n":1,}').replace('position 7', 'position 26'));
  });

  it.each([
    ['ISO timestamps with milliseconds', '{"ts":"2025-01-01T12:00:00.000Z","n":1}'],
    ['exact numbers of every kind', '{"a":0,"b":-1.5,"c":900719925474099,"d":0.000001,"e":[1,2.25,-0.5]}'],
    ['times and versions in strings', '{"t":"12:00:00.000","v":"1.10","s":"a,1.0b"}'],
  ])('take the fast path (JSON.parse) for %s', (_what, text) => {
    expect(mayHoldInexactNumber(text)).toBe(false);
    expect(roundTrip(text)).toBe(text);
  });

  it.each(['12345678901234567890', '1.50', '1e5', '-0', '0.0000001', '[1,-0.0]', '{"a": 1E+2 }'])('take the exact path for %s', (text) => {
    expect(mayHoldInexactNumber(text)).toBe(true);
  });

  it('refuse a JsonNumber made from text that is not a JSON number', () => {
    expect(() => new JsonNumber('12abc')).toThrow(TypeError);
    expect(() => new JsonNumber('NaN')).toThrow(TypeError);
  });

  it('are written by stringifyJson as text, and by JSON.stringify (other code) as the nearest float64', () => {
    const value = { id: new JsonNumber('12345678901234567890'), big: new JsonNumber('1e400'), s: '\u0000firehose-kit-number-guess:1' };
    expect(stringifyJson(value)).toBe('{"id":12345678901234567890,"big":1e400,"s":"\\u0000firehose-kit-number-guess:1"}');
    expect(JSON.stringify(value)).toBe('{"id":12345678901234567000,"big":null,"s":"\\u0000firehose-kit-number-guess:1"}');
    expect(describeType(value.id)).toBe('number');
  });
});

describe('exact numbers in the transforms that read numbers', () => {
  const record = (text: string): JsonValue => parse(text, testContext) as JsonValue;

  it('normalizeRecord reads an epoch past 2^53 (nanoseconds) as the timestamp it was before', () => {
    const normalize = normalizeRecord({ timestampFields: ['ts'] });
    expect(normalize(record('{"ts":1700000000123456789}'), testContext)).toEqual(normalize(JSON.parse('{"ts":1700000000123456789}') as JsonValue, testContext));
    expect(normalize(record('{"ts":1700000000123456789}'), testContext)).toEqual({ ts: '2023-11-14T22:13:20.123Z' });
  });

  it('normalizeRecord leaves other exact numbers as they are (no walking into them)', () => {
    expect(write(normalizeRecord()(record('{"Big Id":12345678901234567890,"p":1.50}'), testContext) as JsonValue, testContext)).toBe('{"big_id":12345678901234567890,"p":1.50}');
  });

  it('partitionBy keys a record by the exact text of a 64-bit id', () => {
    const result = partitionBy(['customer.id'])(record('{"customer":{"id":12345678901234567890}}'), testContext);
    expect(isOutcome(result) && 'partitionKeys' in result ? result.partitionKeys : undefined).toEqual({ id: '12345678901234567890' });
  });

  it('redactPii finds a card number past 2^53 given as a JSON number (it was corrupted, then missed, before)', () => {
    // 19-digit Luhn-valid number; a float64 cannot hold it
    const out = redactPii()(record('{"card":6011000990139424124,"order":12345678901234567890}'), testContext);
    expect(write(out as JsonValue, testContext)).toBe('{"card":"[REDACTED:CREDIT_CARD]","order":12345678901234567890}');
  });

  it('flattenRecord keeps exact numbers as leaves and in stringified arrays', () => {
    const out = flattenRecord({ arrays: 'stringify' })(record('{"a":{"n":1e400},"l":[9007199254740993,1.50]}'), testContext);
    expect(out).toEqual({ a_n: new JsonNumber('1e400'), l: '[9007199254740993,1.50]' });
  });

  it('toCsvLine writes an exact number\'s text', () => {
    expect(toCsvLine({ columns: ['id', 'x'] })(record('{"id":12345678901234567890,"x":[1e400]}'), testContext)).toBe('12345678901234567890,[1e400]');
  });

  it('cloudwatch-logs-to-json keeps the numbers of JSON log messages', async () => {
    const { gzipSync } = await import('node:zlib');
    const payload = { messageType: 'DATA_MESSAGE', owner: '1', logGroup: 'g', logStream: 's', subscriptionFilters: [], logEvents: [{ id: '1', timestamp: 1_700_000_000_000, message: '{"requestId":12345678901234567890}' }] };
    const handler = blueprints['cloudwatch-logs-to-json']!.create({}, { logger: silentLogger, reingest: 'off' });
    const response = await handler(eventOf([gzipSync(Buffer.from(JSON.stringify(payload)))]));
    expect(decoded(response.records[0]!.data)).toContain('12345678901234567890');
  });
});
