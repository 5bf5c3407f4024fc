/**
 * moto_server (Python moto 5), the local stand-in for S3, Firehose, Kinesis, Glue, Secrets Manager and SSM:
 * started on a free loopback port, waited for (bounded: 60 s, it is slow to start on a busy machine), stopped by the caller. Tests fail, not skip,
 * when it is missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Moto {
  readonly endpoint: string;
  stop(): void;
  /** One JSON-protocol API call (X-Amz-Target), e.g. call('AWSGlue.CreateDatabase', {...}); moto does not check signatures. */
  call(target: string, body: unknown): Promise<unknown>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const failed = new Promise<never>((_resolve, reject) => child.once('error', (error) => reject(new Error(`moto_server could not start (${error.message}); install it with pip install "moto[server]"`))));
  for (let attempt = 0; ; attempt++) {
    const up = await Promise.race([fetch(`${endpoint}/moto-api/`).then(() => true, () => false), failed]);
    if (up) break;
    if (attempt > 600) {
      child.kill();
      throw new Error('moto_server did not answer');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint,
    stop: () => child.kill(),
    call: async (target, body) => {
      const service = target.startsWith('AWSGlue') ? 'glue' : target.startsWith('AmazonSSM') ? 'ssm' : target.split('.')[0]!.toLowerCase();
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': target, Authorization: `AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=x` },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${target}: HTTP ${response.status} ${text}`);
      return text === '' ? {} : (JSON.parse(text) as unknown);
    },
  };
}
