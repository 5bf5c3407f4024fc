/**
 * AWS errors of `schema pull` become one line with the fix (the moto-backed test in
 * test/scripts/schemaCommands.test.ts covers a missing table and missing credentials end to end).
 */
import { describe, expect, it } from 'vitest';
import { describeGlueError } from '../../aws/glueTables.js';

const where = { database: 'analytics', table: 'clicks', region: 'eu-west-1' };
const named = (name: string, message = 'x'): Error => Object.assign(new Error(message), { name });

describe('describeGlueError', () => {
  it.each([
    ['AccessDeniedException', named('AccessDeniedException'), 'access denied reading analytics.clicks in eu-west-1; the caller needs glue:GetTable on the catalog, the database and the table'],
    ['EntityNotFoundException', named('EntityNotFoundException'), 'no table analytics.clicks in eu-west-1; check --database, --table and --region (aws glue get-tables --database-name analytics lists them)'],
    ['CredentialsProviderError', named('CredentialsProviderError'), 'no usable AWS credentials (CredentialsProviderError); set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run aws sso login'],
    ['ExpiredTokenException', named('ExpiredTokenException'), 'no usable AWS credentials (ExpiredTokenException); set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run aws sso login'],
    ['a missing region', named('Error', 'Region is missing'), 'no AWS region; pass --region or set AWS_REGION'],
    ['anything else', named('ThrottlingException'), 'GetTable for analytics.clicks in eu-west-1 failed (ThrottlingException); check the region and your network, then retry'],
  ])('%s', (_name, error, message) => {
    expect(describeGlueError(error, where)).toBe(message);
    expect(message).not.toContain('\n');
  });
});
