/**
 * The two layers of the output model, each rule shown rejecting a response that breaks only that rule,
 * and a valid response accepted by both.
 */
import { Buffer } from 'node:buffer';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFirehoseRules, checkKitPromises, FIREHOSE_RULES, interpretResponse, isBase64, KIT_PROMISES, type ContractRule } from '../../../firehose/replay/contract.js';
import { firehoseEventArbitrary } from '../../../testing/index.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

const event: FirehoseTransformationEvent = {
  invocationId: 'i',
  deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/s',
  region: 'us-east-1',
  records: [
    { recordId: 'r1', approximateArrivalTimestamp: 1, data: b64('one') },
    { recordId: 'r2', approximateArrivalTimestamp: 2, data: b64('two') },
    { recordId: 'r3', approximateArrivalTimestamp: 3, data: b64('three') },
  ],
};

/** A response both layers accept: Ok with data and keys, Dropped without data, ProcessingFailed unchanged. */
const valid = (): { records: Record<string, unknown>[] } => ({
  records: [
    { recordId: 'r1', result: 'Ok', data: b64('ONE'), metadata: { partitionKeys: { k: 'v' } } },
    { recordId: 'r2', result: 'Dropped' },
    { recordId: 'r3', result: 'ProcessingFailed', data: b64('three') },
  ],
});

const with_ = (i: number, patch: Record<string, unknown>): { records: Record<string, unknown>[] } => {
  const r = valid();
  r.records[i] = { ...r.records[i], ...patch };
  return r;
};

const rulesOf = (violations: { rule: string }[]): string[] => [...new Set(violations.map((v) => v.rule))];

describe("Firehose's rules", () => {
  it('accept a valid response, in any order, and Dropped or ProcessingFailed records without data', () => {
    const response = valid();
    expect(checkFirehoseRules(event, response)).toEqual([]);
    expect(checkFirehoseRules(event, { records: [...response.records].reverse() })).toEqual([]);
    expect(checkFirehoseRules(event, with_(2, { data: undefined }))).toEqual([]);
  });

  const cases: [ContractRule, unknown, string][] = [
    ['response-shape', { recordz: [] }, 'Lambda.JsonProcessingException'],
    ['response-shape', null, 'Lambda.JsonProcessingException'],
    ['response-shape', { records: [...valid().records, 7] }, 'Lambda.JsonProcessingException'],
    ['missing-record-id', { records: valid().records.slice(0, 2) }, 'Lambda.MissingRecordId'],
    ['missing-record-id', with_(1, { recordId: 'r9' }), 'Lambda.MissingRecordId'],
    ['duplicated-record-id', { records: [...valid().records, valid().records[0]!] }, 'Lambda.DuplicatedRecordId'],
    ['result-value', with_(1, { result: 'OK' }), 'Lambda.JsonProcessingException'],
    ['ok-has-data', with_(0, { data: undefined }), 'Lambda.JsonProcessingException'],
    ['data-base64', with_(0, { data: 'not base64!' }), 'Lambda.FunctionError'],
    ['data-base64', with_(1, { data: 42 }), 'Lambda.FunctionError'],
    ['partition-keys', with_(0, { metadata: { partitionKeys: { k: 1 } } }), 'Lambda.JsonProcessingException'],
    ['response-size', with_(0, { data: Buffer.alloc(4_800_000).toString('base64') }), 'Lambda.FunctionError'],
  ];

  it.each(cases)('%s is reported, with its error code, for a response that breaks only it', (rule, response, code) => {
    const violations = checkFirehoseRules(event, response);
    expect(rulesOf(violations)).toEqual([rule]);
    expect(violations.every((v) => v.errorCode === code && v.scope === FIREHOSE_RULES[rule as keyof typeof FIREHOSE_RULES].scope)).toBe(true);
  });

  it('every rule has a case above', () => {
    expect(new Set(cases.map(([rule]) => rule))).toEqual(new Set(Object.keys(FIREHOSE_RULES)));
  });
});

describe("firehose-kit's promises", () => {
  it('accept the valid response in input order', () => {
    expect(checkKitPromises(event, valid())).toEqual([]);
  });

  it.each([
    ['record-order', { records: [...valid().records].reverse() }, {}],
    ['record-order', { records: valid().records.slice(0, 2) }, {}],
    ['failed-keeps-original', with_(2, { data: b64('THREE') }), {}],
    ['failed-keeps-original', with_(2, { data: undefined }), {}],
    ['response-budget', valid(), { maxResponseBytes: 100 }],
  ] as const)('%s is reported for a response that breaks only it (Firehose would accept it)', (rule, response, options) => {
    expect(rulesOf(checkKitPromises(event, response, options))).toEqual([rule]);
    if (rule !== 'record-order' || response.records.length === 3) expect(checkFirehoseRules(event, response)).toEqual([]);
  });

  it('every promise has a case above', () => {
    expect(Object.keys(KIT_PROMISES).sort()).toEqual(['failed-keeps-original', 'record-order', 'response-budget']);
  });
});

describe('contract helpers', () => {
  it('isBase64 agrees with a regex of the alphabet and padding (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 12 }), fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString('base64'))), (text) => {
        expect(isBase64(text)).toBe(text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text));
      }),
      { numRuns: 300 },
    );
  });

  it('judges data as base64 exactly by the alphabet and padding, URL-safe letters and spaces refused (property)', () => {
    const text = fc.oneof(
      fc.string({ unit: fc.constantFrom('Q', 'U', 'F', 'B', '+', '/', '-', '_', ' ', '\n', '=', 'é'), maxLength: 12 }),
      fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString('base64')),
    );
    fc.assert(
      fc.property(text, (data) => {
        const event = { invocationId: 'i', deliveryStreamArn: 'a', region: 'us-east-1', records: [{ recordId: '1', approximateArrivalTimestamp: 0, data: 'QQ==' }] };
        const rules = checkFirehoseRules(event, { records: [{ recordId: '1', result: 'Ok', data }] }).map((v) => v.rule);
        expect(rules.includes('data-base64')).toBe(!(data.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(data)));
      }),
      { numRuns: 300 },
    );
  });

  it('measures the response size as JSON.stringify does, plain or not (property)', () => {
    const seen = new Set<boolean>();
    const entry = fc.record({ recordId: fc.string({ maxLength: 8 }), result: fc.constantFrom('Ok', 'Dropped'), data: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }), metadata: fc.option(fc.constant({ partitionKeys: { k: 'é"' } }), { nil: undefined }) }, { requiredKeys: ['recordId', 'result'] });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 5 }), fc.integer({ min: -12, max: 12 }), (records, offset) => {
        const response = { records };
        // Just over the limit by the exact serialised size: the rule fires exactly when JSON.stringify says so.
        const size = Buffer.byteLength(JSON.stringify(response));
        const padded = { records: [...records, { recordId: 'pad', result: 'Ok', data: 'A'.repeat(Math.max(0, 6_291_456 - size - 40 + offset * 4) & ~3) }] };
        const exact = Buffer.byteLength(JSON.stringify(padded));
        const fired = checkFirehoseRules({ ...event, records: [] }, padded).some((v) => v.rule === 'response-size');
        expect(fired).toBe(exact > 6_291_456);
        seen.add(fired);
      }),
      { numRuns: 100 },
    );
    expect(seen).toEqual(new Set([true, false]));
  });
});

describe('interpretResponse: what Firehose does with each record', () => {
  it('delivers Ok, drops Dropped, fails ProcessingFailed with the observed code and message', () => {
    const { outcomes, batchError } = interpretResponse(event, valid());
    expect(batchError).toBeUndefined();
    expect(outcomes[0]).toEqual({ kind: 'ok', data: Buffer.from('ONE'), partitionKeys: { k: 'v' } });
    expect(outcomes[1]).toEqual({ kind: 'dropped' });
    expect(outcomes[2]).toEqual({ kind: 'failed', errorCode: 'Lambda.ProcessingFailedStatus', errorMessage: 'ProcessingFailed status set for record' });
  });

  it('fails only the records a record-scope rule names', () => {
    const { outcomes, batchError } = interpretResponse(event, { records: [valid().records[0]!, valid().records[0]!, valid().records[1]!] });
    expect(batchError).toBeUndefined();
    expect(outcomes.map((o) => (o.kind === 'failed' ? o.errorCode : o.kind))).toEqual(['Lambda.DuplicatedRecordId', 'dropped', 'Lambda.MissingRecordId']);
  });

  it('fails every record on a batch-scope rule', () => {
    const { outcomes, batchError } = interpretResponse(event, with_(1, { result: 'nope' }));
    expect(batchError?.errorCode).toBe('Lambda.JsonProcessingException');
    expect(outcomes.every((o) => o.kind === 'failed')).toBe(true);
  });

  it('gives every input record exactly one outcome, whatever the response (property)', () => {
    const entry = fc.record({ recordId: fc.oneof(fc.constantFrom('r1', 'r2', 'r3', 'x'), fc.integer()), result: fc.constantFrom('Ok', 'Dropped', 'ProcessingFailed', 'bad'), data: fc.option(fc.constantFrom(b64('d'), '!!', ''), { nil: undefined }) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(fc.record({ records: fc.array(entry, { maxLength: 6 }) }), fc.anything()), (response) => {
        const { outcomes } = interpretResponse(event, response);
        expect(outcomes).toHaveLength(event.records.length);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts every response of a well-behaved echo handler (property)', async () => {
    await fc.assert(
      fc.asyncProperty(firehoseEventArbitrary({ maxRecords: 8 }), async (e) => {
        const response = { records: e.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: r.data })) };
        expect(checkFirehoseRules(e, response)).toEqual([]);
        expect(checkKitPromises(e, response)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
