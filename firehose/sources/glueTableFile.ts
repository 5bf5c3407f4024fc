/** Glue table definition files on disk: the file-reading half of formats/glue's table loader. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { GlueSchemaError } from '../../formats/glue/index.js';
import { parseGlueTableText, type GlueTable } from '../../formats/glue/index.js';

/** Reads and parses a table definition file (JSON). Errors name the file. */
export async function loadGlueTable(path: string): Promise<GlueTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'unknown error';
    throw new GlueSchemaError(path, undefined, `cannot be read (${code})`, 'Check the path; schema files live in glue-schemas/.', { cause: error });
  }
  return parseGlueTableText(text, basename(path));
}
