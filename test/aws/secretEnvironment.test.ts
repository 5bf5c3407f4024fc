/**
 * Secrets read at cold start: the companion variable (NAME_SECRET_ARN / NAME_SSM_PARAMETER) names where
 * the value lives; the value never passes through a template. The AWS reader runs against moto's server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsSecretReader, resolveSecretEnvironment, SecretEnvironmentError, type SecretReader } from '../../aws/index.js';
import { motoCall, startMotoServer, type MotoServer } from '../helpers/motoServer.js';

const fake = (values: Record<string, string | undefined>): SecretReader => ({
  secretString: async (arn) => values[arn],
  ssmParameter: async (name) => values[name],
});

describe('resolveSecretEnvironment', () => {
  it('fills each named secret from Secrets Manager or SSM, keeps a value already set, leaves others alone', async () => {
    const reader = fake({ 'arn:aws:secretsmanager:us-east-1:123456789012:secret:k': 'from-secrets-manager', '/app/key': 'from-ssm' });
    const env = { A_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:k', B_SSM_PARAMETER: '/app/key', C: 'given', C_SSM_PARAMETER: '/app/key', OTHER: 'x' };
    const resolved = await resolveSecretEnvironment(env, ['A', 'B', 'C', 'D'], reader);
    expect(resolved).toEqual({ ...env, A: 'from-secrets-manager', B: 'from-ssm', C: 'given' });
    expect(env).not.toHaveProperty('A');
  });

  it.each([
    ['an empty secret', fake({}), { K_SSM_PARAMETER: '/missing' }, 'K: parameter /missing has no value; store the value as a string'],
    ['a read that fails', { secretString: async () => Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDeniedException' })), ssmParameter: async () => undefined }, { K_SECRET_ARN: 'arn:x' }, "K: reading secret arn:x failed (AccessDeniedException); check that it exists and that the Lambda's role may read it"],
  ])('stops the cold start on %s, naming the variable and the fix', async (_name, reader, env, message) => {
    await expect(resolveSecretEnvironment(env, ['K'], reader)).rejects.toThrow(new SecretEnvironmentError(message));
  });
});

describe('awsSecretReader (against moto)', () => {
  let moto: MotoServer | undefined;
  const saved: Record<string, string | undefined> = {};
  const env = { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

  beforeAll(async () => {
    moto = await startMotoServer();
    for (const [name, value] of Object.entries({ ...env, AWS_ENDPOINT_URL: moto.endpoint })) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  }, 120_000);
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await moto?.stop();
  });

  it('reads a SecretString and a SecureString parameter', async () => {
    // Prepare
    const created = (await motoCall(moto!.endpoint, 'secretsmanager.CreateSecret', { Name: 'pii-hash-key', SecretString: 'a-secret-of-enough-length' })) as { ARN: string };
    await motoCall(moto!.endpoint, 'AmazonSSM.PutParameter', { Name: '/fhk/key', Value: 'a-parameter-of-enough-length', Type: 'SecureString' });
    // Act
    const resolved = await resolveSecretEnvironment({ A_SECRET_ARN: created.ARN, B_SSM_PARAMETER: '/fhk/key' }, ['A', 'B'], awsSecretReader());
    // Assess
    expect(resolved['A']).toBe('a-secret-of-enough-length');
    expect(resolved['B']).toBe('a-parameter-of-enough-length');
  }, 60_000);
});
