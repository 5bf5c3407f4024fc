/**
 * `--glue-table db.table`: the table that drives record format conversion, read from the Glue Data
 * Catalog with GetTable (as Firehose reads it), then parsed like an `aws glue get-table` file.
 */
import { GetTableCommand, GlueClient, type GlueClientConfig } from '@aws-sdk/client-glue';
import { GlueSchemaError, parseGlueTable, type GlueTable } from '../formats/glue/index.js';

/** `database.table` → its parts; undefined when the text is not of that form. */
export function parseGlueTableName(text: string): { readonly database: string; readonly table: string } | undefined {
  const match = /^([^.\s]+)\.([^.\s]+)$/.exec(text);
  return match === null ? undefined : { database: match[1]!, table: match[2]! };
}

export async function getGlueTable(database: string, table: string, client: GlueClientConfig = {}): Promise<GlueTable> {
  const glue = new GlueClient({ maxAttempts: 5, ...client });
  const source = `glue:${database}.${table}`;
  let response;
  try {
    response = await glue.send(new GetTableCommand({ DatabaseName: database, Name: table }));
  } catch (error) {
    const name = (error as { name?: string }).name ?? 'Error';
    const fix =
      name === 'EntityNotFoundException'
        ? 'check the database and table names and the region (AWS_REGION)'
        : name === 'AccessDeniedException'
          ? `allow glue:GetTable on the table (arn:aws:glue:<region>:<account>:table/${database}/${table}) and its database and catalog`
          : 'check the AWS credentials and region the SDK uses';
    throw new GlueSchemaError(source, undefined, `cannot be read from the Glue Data Catalog (${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`, `${fix[0]!.toUpperCase()}${fix.slice(1)}.`, { cause: error });
  } finally {
    glue.destroy();
  }
  // Through JSON so that SDK dates become strings, as in the CLI's get-table output.
  return parseGlueTable(JSON.parse(JSON.stringify({ Table: response.Table })) as unknown, source);
}
