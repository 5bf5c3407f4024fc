/**
 * The handler's default logger: one JSON object per line in the shape Powertools for AWS Lambda writes,
 * the level threshold from Lambda's advanced logging controls or Powertools' variables; one line per
 * failure and per batch, with ids, counts and error classes, and never the record's content (run in a
 * child process to read exactly what Lambda would log).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../../blueprints/handler/index.js';
import { repoPath } from '../../helpers/fixtures.js';

const run = promisify(execFile);

describe('default logging', () => {
  it('writes structured JSON lines without record content', async () => {
    // Prepare
    const secret = 'jane.doe@example.com 4111 1111 1111 1111';
    const script = `(async () => {
      const { createProcessRecordHandler } = await import('./blueprints/processRecord.ts');
      const handler = createProcessRecordHandler({}, { reingest: 'off' });
      await handler({ invocationId: 'inv-9', deliveryStreamArn: 'arn:aws:firehose:us-east-1:1:deliverystream/s', region: 'us-east-1',
        records: [{ recordId: 'rec-1', approximateArrivalTimestamp: 1, data: Buffer.from(${JSON.stringify(secret)}).toString('base64') }] });
    })();`;
    // Act
    const { stdout, stderr } = await run(repoPath('node_modules/.bin/tsx'), ['--eval', script], { cwd: repoPath('.'), env: { ...process.env, POWERTOOLS_SERVICE_NAME: 'clicks' } });
    // Assess
    const output = stdout + stderr;
    const logged = output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.find((l) => l['message'] === 'record failed')).toMatchObject({ level: 'ERROR', recordId: 'rec-1', errorClass: 'RecordParseError', service: 'clicks' });
    expect(logged.find((l) => l['message'] === 'batch processed')).toMatchObject({ level: 'INFO', invocationId: 'inv-9', records: 1, ok: 0, processingFailed: 1 });
    expect(output).not.toContain('jane.doe');
    expect(output).not.toContain('4111');
  });
});

function capture(env: Record<string, string>): { lines: string[]; logger: ReturnType<typeof createJsonLogger> } {
  const lines: string[] = [];
  return { lines, logger: createJsonLogger({ env, write: (line) => lines.push(line), now: () => Date.UTC(2026, 10, 30, 8, 0, 0) }) };
}

describe('createJsonLogger', () => {
  it('writes level, message, timestamp, service, the X-Ray trace id, then the attributes, one line each', () => {
    // Prepare
    const { lines, logger } = capture({ POWERTOOLS_SERVICE_NAME: 'clicks', _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' });
    // Act
    logger.error('record failed', { recordId: 'r1', errorClass: 'RecordParseError', count: 10n });
    // Assess
    expect(lines).toEqual([
      '{"level":"ERROR","message":"record failed","timestamp":"2026-11-30T08:00:00.000Z","service":"clicks","xray_trace_id":"1-5759e988-bd862e3fe1be46a994272793","recordId":"r1","errorClass":"RecordParseError","count":"10"}\n',
    ]);
  });

  it('keeps an attribute named like one of the line\'s own keys under attribute_<name> instead of letting it replace the key', () => {
    const { lines, logger } = capture({});
    logger.warn('re-ingestion problem', { message: 'the call failed', level: 'x', code: 'Throttled' });
    expect(JSON.parse(lines[0]!)).toEqual({ level: 'WARN', message: 're-ingestion problem', timestamp: '2026-11-30T08:00:00.000Z', service: 'firehose-kit', attribute_message: 'the call failed', attribute_level: 'x', code: 'Throttled' });
  });

  it('writes an attribute named __proto__ as an ordinary key (the property test found it lost)', () => {
    const { lines, logger } = capture({});
    logger.info('m', JSON.parse('{"__proto__":{"polluted":true},"n":1}') as Record<string, unknown>);
    expect(lines[0]).toBe('{"level":"INFO","message":"m","timestamp":"2026-11-30T08:00:00.000Z","service":"firehose-kit","__proto__":{"polluted":true},"n":1}\n');
  });

  it('takes the threshold from AWS_LAMBDA_LOG_LEVEL, else POWERTOOLS_LOG_LEVEL, else LOG_LEVEL, else INFO', () => {
    const written = (env: Record<string, string>): string[] => {
      const { lines, logger } = capture(env);
      logger.info('i', {});
      logger.warn('w', {});
      logger.error('e', {});
      return lines.map((line) => (JSON.parse(line) as { message: string }).message);
    };
    expect(written({})).toEqual(['i', 'w', 'e']);
    expect(written({ LOG_LEVEL: 'warn' })).toEqual(['w', 'e']);
    expect(written({ LOG_LEVEL: 'warn', POWERTOOLS_LOG_LEVEL: 'ERROR' })).toEqual(['e']);
    expect(written({ POWERTOOLS_LOG_LEVEL: 'ERROR', AWS_LAMBDA_LOG_LEVEL: 'DEBUG' })).toEqual(['i', 'w', 'e']);
    expect(written({ POWERTOOLS_LOG_LEVEL: 'SILENT' })).toEqual([]);
    // An unknown level name is ignored: the next variable, or INFO, applies.
    expect(written({ AWS_LAMBDA_LOG_LEVEL: 'loud', LOG_LEVEL: 'error' })).toEqual(['e']);
  });

  it('writes every message and attribute as exactly one parseable line (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.string(), fc.jsonValue()), (message, attributes) => {
        const { lines, logger } = capture({});
        logger.info(message, attributes);
        expect(lines).toHaveLength(1);
        expect(lines[0]!.endsWith('\n') && !lines[0]!.slice(0, -1).includes('\n')).toBe(true);
        const parsed = JSON.parse(lines[0]!) as Record<string, unknown>;
        expect(parsed['message']).toBe(message);
        for (const key of Object.keys(attributes)) expect(Object.hasOwn(parsed, ['level', 'message', 'timestamp', 'service', 'xray_trace_id'].includes(key) ? `attribute_${key}` : key)).toBe(true);
      }),
    );
  });
});
