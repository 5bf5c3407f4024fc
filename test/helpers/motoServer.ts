/**
 * A moto_server (Python moto 5) on a free loopback port, for tests that go through the real AWS SDK
 * path: request signing, serialisation, the service's error shapes. Started per test file, stopped in
 * afterAll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface MotoServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export const MOTO_CREDENTIALS = { accessKeyId: 'x', secretAccessKey: 'x' } as const;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startMotoServer(): Promise<MotoServer> {
  const port = await freePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  // moto answers its dashboard path once it is up.
  for (let attempt = 0; attempt < 300 && !exited; attempt++) {
    try {
      const answer = await fetch(`${endpoint}/moto-api/`);
      if (answer.status < 500) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (exited) throw new Error('moto_server exited at start-up; is Python moto 5 installed (pip install "moto[server]")?');
  return {
    endpoint,
    stop: () =>
      new Promise((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * One JSON-protocol API call (X-Amz-Target) to a moto server, e.g. motoCall(endpoint, 'AWSGlue.CreateDatabase',
 * {...}), to set up state without an SDK client; moto does not check signatures.
 */
export async function motoCall(endpoint: string, target: string, body: unknown): Promise<unknown> {
  const service = target.startsWith('AWSGlue') ? 'glue' : target.startsWith('AmazonSSM') ? 'ssm' : target.split('.')[0]!.toLowerCase();
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': target, Authorization: `AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=x` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${target}: HTTP ${response.status} ${text}`);
  return text === '' ? {} : (JSON.parse(text) as unknown);
}
