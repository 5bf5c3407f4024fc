/**
 * fast-check arbitraries for Firehose record-transformation events, for property tests of transforms
 * and blueprints. Small named generators composed into the event generator.
 */
import { Buffer } from 'node:buffer';
import type { FirehoseTransformationEvent, FirehoseTransformationEventRecord } from 'aws-lambda';
import fc from 'fast-check';
import { MAX_RECORD_BYTES, PLACEHOLDER_ACCOUNT_ID } from '../limits/index.js';

export type RecordDataKind = 'bytes' | 'text' | 'json' | 'invalid-utf8' | 'large' | 'any';

/** Firehose's largest record: 1,000 KiB. */
export { MAX_RECORD_BYTES };

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

/** Arbitrary bytes, up to 2 KiB. */
export const bytesData = (): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength: 2048 });

/** Arbitrary Unicode text (any code point, including astral ones), UTF-8 encoded. */
export const textData = (): fc.Arbitrary<Uint8Array> => fc.string({ unit: 'binary', maxLength: 300 }).map(utf8);

/**
 * JSON number texts that a float64 does not give back exactly: 64-bit ids and integers past 2^53,
 * values out of the float range (`1e400`, `1e-400`), and spellings a float64 would change (`1.50`, `1E5`,
 * `-0`, `0.0000001`). Records carry them (64-bit ids are common); a transform must not change them.
 */
export const inexactNumberText = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.bigInt({ min: 2n ** 53n + 1n, max: 2n ** 64n * 1000n }).chain((n) => fc.constantFrom(String(n), `-${n}`)),
    fc.constantFrom('12345678901234567890', '9007199254740993', '-9223372036854775809', '18446744073709551615', '1e400', '-1e400', '1e-400', '1.50', '1E5', '-0', '-0.0', '0.0000001', '1e21', '2.5e-7', '123456789.123456789012'),
    fc.tuple(fc.integer({ min: -999, max: 999 }), fc.nat({ max: 99_999 }), fc.integer({ min: -400, max: 400 })).map(([int, frac, exp]) => `${int}.${frac}0e${exp}`),
  );

/** A JSON value's text (compact), with numbers a float64 would change in it often. */
export const jsonTextWithNumbers = (maxDepth = 3): fc.Arbitrary<string> => {
  const { text } = fc.letrec<{ text: string; scalar: string }>((tie) => ({
    scalar: fc.oneof(
      { arbitrary: inexactNumberText(), weight: 3 },
      { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)), weight: 2 },
      { arbitrary: fc.integer().map(String), weight: 1 },
      { arbitrary: fc.string({ maxLength: 12 }).map((t) => JSON.stringify(t)), weight: 2 },
      { arbitrary: fc.constantFrom('true', 'false', 'null'), weight: 1 },
    ),
    text: fc.oneof(
      { depthSize: 'small', maxDepth, withCrossShrink: true },
      tie('scalar'),
      fc.array(tie('text'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
      fc.uniqueArray(fc.tuple(fc.string({ maxLength: 8 }), tie('text')), { maxLength: 5, selector: ([key]) => key }).map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`),
    ),
  }));
  return text;
};

/** Arbitrary JSON text (any JSON value, objects most often, numbers a float64 would change among them), UTF-8 encoded. */
export const jsonData = (): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    { arbitrary: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }).map((value) => JSON.stringify(value)), weight: 3 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)), weight: 1 },
    { arbitrary: jsonTextWithNumbers(), weight: 2 },
  ).map(utf8);

/** Byte sequences that are never valid UTF-8. */
const INVALID_SEQUENCES = [[0xff], [0xc0, 0x80], [0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]] as const;

/** Text with an invalid UTF-8 sequence somewhere in it. */
export const invalidUtf8Data = (): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(fc.string({ maxLength: 40 }), fc.constantFrom(...INVALID_SEQUENCES), fc.string({ maxLength: 40 }))
    .map(([before, bad, after]) => Buffer.concat([utf8(before), Buffer.from(bad), utf8(after)]));

/** A record of exactly 1,000 KiB: JSON or text, filled deterministically from a seed. */
export const largeData = (): fc.Arbitrary<Uint8Array> =>
  fc.record({ seed: fc.integer({ min: 0, max: 25 }), json: fc.boolean() }).map(({ seed, json }) => {
    const letter = String.fromCharCode(97 + seed);
    if (!json) return Buffer.alloc(MAX_RECORD_BYTES, `${letter} lorem ipsum `);
    const prefix = '{"id":1,"pad":"';
    const suffix = '"}';
    return utf8(prefix + letter.repeat(MAX_RECORD_BYTES - prefix.length - suffix.length) + suffix);
  });

export function recordDataArbitrary(kind: RecordDataKind = 'any'): fc.Arbitrary<Uint8Array> {
  switch (kind) {
    case 'bytes':
      return bytesData();
    case 'text':
      return textData();
    case 'json':
      return jsonData();
    case 'invalid-utf8':
      return invalidUtf8Data();
    case 'large':
      return largeData();
    case 'any':
      return fc.oneof(
        { arbitrary: jsonData(), weight: 6 },
        { arbitrary: textData(), weight: 2 },
        { arbitrary: bytesData(), weight: 2 },
        { arbitrary: invalidUtf8Data(), weight: 2 },
        { arbitrary: largeData(), weight: 1 },
      );
  }
}

export interface FirehoseEventArbitraryOptions {
  /** Direct PUT events, Kinesis-sourced events (with kinesisRecordMetadata), or either. Default 'any'. */
  readonly source?: 'direct-put' | 'kinesis' | 'any';
  /** The records' data. Default `recordDataArbitrary('any')`. */
  readonly data?: fc.Arbitrary<Uint8Array>;
  readonly minRecords?: number;
  /** Default 20. */
  readonly maxRecords?: number;
  /**
   * Cap on the raw bytes of all records together; later records past it are left out, as Firehose's
   * Lambda buffering keeps events below Lambda's 6 MB request limit. Default 4,300,000.
   */
  readonly maxEventBytes?: number;
}

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;

const kinesisMetadata = fc.record({
  shard: fc.nat({ max: 99 }),
  partitionKey: fc.string({ minLength: 1, maxLength: 40 }),
  sequence: fc.bigInt({ min: 10n ** 50n, max: 10n ** 56n }),
  subsequence: fc.nat({ max: 1000 }),
  subsequenceAsString: fc.boolean(),
});

/** Events as Firehose sends them to a transformation Lambda, with unique record ids. */
export function firehoseEventArbitrary(options: FirehoseEventArbitraryOptions = {}): fc.Arbitrary<FirehoseTransformationEvent> {
  const source = options.source ?? 'any';
  const data = options.data ?? recordDataArbitrary('any');
  const cap = options.maxEventBytes ?? 4_300_000;
  const record = fc.record({
    data,
    arrival: fc.integer({ min: 1_500_000_000_000, max: 2_100_000_000_000 }),
    kinesis: kinesisMetadata,
  });
  return fc
    .record({
      kinesisSource: source === 'any' ? fc.boolean() : fc.constant(source === 'kinesis'),
      region: fc.constantFrom(...REGIONS),
      stream: fc.stringMatching(/^[a-zA-Z0-9_.-]{1,20}$/),
      invocationId: fc.uuid(),
      idPrefix: fc.stringMatching(/^[0-9]{10,40}$/),
      records: fc.array(record, { minLength: options.minRecords ?? 0, maxLength: options.maxRecords ?? 20 }),
    })
    .map(({ kinesisSource, region, stream, invocationId, idPrefix, records }) => {
      let total = 0;
      const kept = records.filter((r) => (total += r.data.byteLength) <= cap || r === records[0]);
      const eventRecords = kept.map((r, index): FirehoseTransformationEventRecord => {
        const base: FirehoseTransformationEventRecord = {
          recordId: `${idPrefix}${String(index).padStart(6, '0')}`,
          approximateArrivalTimestamp: r.arrival,
          data: Buffer.from(r.data).toString('base64'),
        };
        if (!kinesisSource) return base;
        return {
          ...base,
          kinesisRecordMetadata: {
            shardId: `shardId-${String(r.kinesis.shard).padStart(12, '0')}`,
            partitionKey: r.kinesis.partitionKey,
            approximateArrivalTimestamp: r.arrival - 5,
            sequenceNumber: String(r.kinesis.sequence),
            // Firehose sends a number; some SDK samples a string. The type says string.
            subsequenceNumber: (r.kinesis.subsequenceAsString ? String(r.kinesis.subsequence) : r.kinesis.subsequence) as unknown as string,
          },
        };
      });
      const event: FirehoseTransformationEvent = {
        invocationId,
        deliveryStreamArn: `arn:aws:firehose:${region}:${PLACEHOLDER_ACCOUNT_ID}:deliverystream/${stream}`,
        region,
        records: eventRecords,
      };
      return kinesisSource ? { ...event, sourceKinesisStreamArn: `arn:aws:kinesis:${region}:${PLACEHOLDER_ACCOUNT_ID}:stream/${stream}-source` } : event;
    });
}
