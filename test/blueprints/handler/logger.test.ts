/**
 * The default logger is Powertools': one JSON line per failure and per batch, with ids, counts and error
 * classes, and never the record's content. Run in a child process to read exactly what Lambda would log.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
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
