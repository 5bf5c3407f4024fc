/**
 * `--glue-table db.table`: the table that drives record format conversion, read from the Glue Data
 * Catalog with GetTable (as Firehose reads it, through `pullGlueTable`, the reader `npm run schema -- pull`
 * uses), then parsed like an `aws glue get-table` file.
 */
import type { GlueClientConfig } from '@aws-sdk/client-glue';
import { GlueSchemaError, parseGlueTable, type GlueTable } from '../formats/glue/index.js';
import { GlueAccessError, pullGlueTable } from './glueTables.js';

/** `database.table` → its parts; undefined when the text is not of that form. */
export function parseGlueTableName(text: string): { readonly database: string; readonly table: string } | undefined {
  const match = /^([^.\s]+)\.([^.\s]+)$/.exec(text);
  return match === null ? undefined : { database: match[1]!, table: match[2]! };
}

/** The table as firehose-kit's Glue model; an AWS error becomes a GlueSchemaError naming the fix. */
export async function getGlueTable(database: string, table: string, client: GlueClientConfig = {}): Promise<GlueTable> {
  const source = `glue:${database}.${table}`;
  // Loaded on first use, so importing this module does not load the Glue client.
  const { GlueClient } = await import('@aws-sdk/client-glue');
  const glue = new GlueClient({ maxAttempts: 5, ...client });
  try {
    const pulled = await pullGlueTable({ database, table, client: glue });
    return parseGlueTable(pulled as unknown, source);
  } catch (error) {
    if (!(error instanceof GlueAccessError)) throw error;
    throw new GlueSchemaError(source, undefined, `cannot be read from the Glue Data Catalog: ${error.message}`, 'Fix that, or give the table as a file with --schema.', { cause: error });
  } finally {
    glue.destroy();
  }
}
