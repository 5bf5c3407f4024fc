/**
 * Reads a Lambda's secrets at cold start, so that they never sit in its configuration or in a template:
 * for each secret variable NAME, `NAME_SECRET_ARN` names a Secrets Manager secret (its SecretString is
 * used) or `NAME_SSM_PARAMETER` an SSM SecureString parameter (read with decryption). A value already in
 * NAME wins (for local runs). deploy/ renders the variables and the IAM permissions that go with them.
 */
import { BlueprintConfigError } from '../blueprints/handler/index.js';

/** One call per secret source; replaceable in tests. */
export interface SecretReader {
  readonly secretString: (arn: string) => Promise<string | undefined>;
  readonly ssmParameter: (name: string) => Promise<string | undefined>;
}

/** A secret that could not be read at cold start; the Lambda does not start without it. */
export class SecretEnvironmentError extends BlueprintConfigError {
  static override readonly errorName: string = 'SecretEnvironmentError';
}

/** Reads through the AWS SDK (loaded only when a secret is configured, so other cold starts skip it). */
export function awsSecretReader(): SecretReader {
  return {
    secretString: async (arn) => {
      const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
      const client = new SecretsManagerClient({});
      try {
        return (await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
      } finally {
        client.destroy();
      }
    },
    ssmParameter: async (name) => {
      const { GetParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
      const client = new SSMClient({});
      try {
        return (await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value;
      } finally {
        client.destroy();
      }
    },
  };
}

/** The environment with each named secret filled in from where its companion variable points. */
export async function resolveSecretEnvironment(env: Readonly<Record<string, string | undefined>>, names: readonly string[], reader: SecretReader = awsSecretReader()): Promise<Record<string, string | undefined>> {
  const resolved: Record<string, string | undefined> = { ...env };
  for (const name of names) {
    if (resolved[name] !== undefined && resolved[name] !== '') continue;
    const arn = env[`${name}_SECRET_ARN`];
    const parameter = env[`${name}_SSM_PARAMETER`];
    if (arn === undefined && parameter === undefined) continue;
    try {
      const value = arn !== undefined ? await reader.secretString(arn) : await reader.ssmParameter(parameter!);
      if (value === undefined || value === '') throw new SecretEnvironmentError(`${name}: ${arn !== undefined ? `secret ${arn} has no SecretString` : `parameter ${parameter} has no value`}; store the value as a string`);
      resolved[name] = value;
    } catch (error) {
      if (error instanceof SecretEnvironmentError) throw error;
      const code = error instanceof Error ? error.name : 'Error';
      throw new SecretEnvironmentError(`${name}: reading ${arn !== undefined ? `secret ${arn}` : `SSM parameter ${parameter}`} failed (${code}); check that it exists and that the Lambda's role may read it`, { cause: error });
    }
  }
  return resolved;
}
