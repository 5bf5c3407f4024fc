/**
 * Reads a Glue table definition with GetTable, for `npm run schema -- pull`. The result has the shape of
 * `aws glue get-table` output ({ "Table": … }), which firehose-kit's Glue table loader reads, so a pulled
 * file is used exactly like a hand-written one. AWS errors become one line naming the fix.
 */
import type { GlueClient, GlueClientConfig } from '@aws-sdk/client-glue';

export interface PullGlueTableOptions {
  readonly database: string;
  readonly table: string;
  readonly region?: string;
  /** Endpoint override (a local stand-in such as moto); credentials come from the default chain. */
  readonly endpoint?: string;
  /** Test seam: a client configured elsewhere. */
  readonly client?: GlueClient;
}

/** An AWS call that failed; the message is one line with the fix. */
export class GlueAccessError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GlueAccessError';
  }
}

function plainJson(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainJson);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined && key !== '$metadata') out[key] = plainJson(item);
    return out;
  }
  return value;
}

/** Explains an SDK error in one line. Exported for tests. */
export function describeGlueError(error: unknown, options: Pick<PullGlueTableOptions, 'database' | 'table' | 'region'>): string {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : 'Error';
  const where = `${options.database}.${options.table}${options.region === undefined ? '' : ` in ${options.region}`}`;
  switch (name) {
    case 'CredentialsProviderError':
    case 'ExpiredTokenException':
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
      return `no usable AWS credentials (${name}); set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run aws sso login`;
    case 'AccessDeniedException':
      return `access denied reading ${where}; the caller needs glue:GetTable on the catalog, the database and the table`;
    case 'EntityNotFoundException':
      return `no table ${where}; check --database, --table and --region (aws glue get-tables --database-name ${options.database} lists them)`;
    default:
      if (name === 'Error' && error instanceof Error && /region/i.test(error.message)) return 'no AWS region; pass --region or set AWS_REGION';
      return `GetTable for ${where} failed (${name}); check the region and your network, then retry`;
  }
}

/** `{ Table: … }` as GetTable returns it, dates as ISO text, ready to write as JSON. */
export async function pullGlueTable(options: PullGlueTableOptions): Promise<{ Table: Record<string, unknown> }> {
  const config: GlueClientConfig = {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
  };
  // Loaded on first use, so importing firehose-kit does not load the Glue client.
  const { GetTableCommand, GlueClient: Client } = await import('@aws-sdk/client-glue');
  const client = options.client ?? new Client(config);
  try {
    const response = await client.send(new GetTableCommand({ DatabaseName: options.database, Name: options.table }));
    if (response.Table === undefined) throw new GlueAccessError(`GetTable returned no table for ${options.database}.${options.table}`);
    return { Table: plainJson(response.Table) as Record<string, unknown> };
  } catch (error) {
    if (error instanceof GlueAccessError) throw error;
    throw new GlueAccessError(describeGlueError(error, options), { cause: error });
  } finally {
    if (options.client === undefined) client.destroy();
  }
}
