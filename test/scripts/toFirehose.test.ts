/**
 * `npm run transform -- --to-firehose`: an AWS error is named with its code, message and fix, and a call that
 * cannot succeed is not retried (issue 12, item 7). Against moto's server, through the real SDK path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../helpers/cli.js';
import { startMotoServer, type MotoServer } from '../helpers/motoServer.js';

describe('npm run transform -- --to-firehose', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMotoServer();
  });
  afterAll(async () => moto.stop());

  it('names the AWS error and its fix when the stream does not exist, and exits 1', async () => {
    // Act
    const { code, stdout, stderr } = await runScript('transform', ['samples/clickstream.jsonl', '--to-firehose', 'no-such-stream', '--region', 'us-east-1'], {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'x',
    });
    // Assess
    expect(code).toBe(1);
    expect(stdout).toContain('sent 0 records to delivery stream no-such-stream in us-east-1');
    expect(stderr).toMatch(/transform: stopped sending: ResourceNotFoundException: .*not retried: it cannot succeed as is\); fix: check that the delivery stream 'no-such-stream' exists in region us-east-1/);
    // No record content reaches the message.
    expect(stderr).not.toContain('event_id');
  });
});
