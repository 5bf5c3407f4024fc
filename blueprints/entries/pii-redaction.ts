import { awsReingestSink } from '../../aws/reingestSink.js';
import { resolveSecretEnvironment } from '../../aws/secretEnvironment.js';
import { setDefaultReingestSink } from '../handler/reingest.js';
import { createPiiRedactionHandler } from '../piiRedaction.js';

// Records past the response budget are re-ingested through the AWS SDK (REINGEST=auto).
setDefaultReingestSink(awsReingestSink);

/**
 * Lambda entry point: configured from the environment once, at cold start. PII_HASH_KEY is read from
 * Secrets Manager (PII_HASH_KEY_SECRET_ARN) or SSM (PII_HASH_KEY_SSM_PARAMETER) when the stack says so.
 */
export const handler = createPiiRedactionHandler(await resolveSecretEnvironment(process.env, ['PII_HASH_KEY']));
