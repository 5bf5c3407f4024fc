/**
 * Configuration errors of the formats modules, thrown at start-up: bad Glue types and schemas
 * (`GlueTypeSyntaxError`, `GlueSchemaError`) and format options that cannot be used (`FormatOptionError`,
 * shared by the SerDe and the writers). Messages name the file, the column and the fix. Records that do
 * not convert are values of formats/serde (`FormatConversionError`).
 */
import { FirehoseKitError } from '../../transforms/core/index.js';

/** A Glue/Hive type string that does not parse. `position` is the 0-based offset of the problem. */
export class GlueTypeSyntaxError extends FirehoseKitError {
  constructor(
    readonly typeString: string,
    readonly position: number,
    readonly problem: string,
  ) {
    super(formatTypeError(typeString, position, problem));
  }
}

/** A Glue table definition (file or object) that cannot be used. Names the file and the column. */
export class GlueSchemaError extends FirehoseKitError {
  constructor(
    readonly fileName: string,
    readonly column: string | undefined,
    problem: string,
    fix: string,
    options?: { cause?: unknown },
  ) {
    super(`${fileName}: ${column === undefined ? '' : `column '${column}': `}${problem}. ${fix}`, options);
  }
}

/** A deserializer, validator or schema option that cannot be used. Thrown at start-up. */
export class FormatOptionError extends FirehoseKitError {
  constructor(
    readonly unit: string,
    readonly option: string,
    problem: string,
    fix: string,
  ) {
    super(`${unit}: option '${option}' ${problem}. ${fix}`);
  }
}

const SNIPPET_RADIUS = 40;

function formatTypeError(typeString: string, position: number, problem: string): string {
  const window = snippet(typeString, position);
  return `Glue type error at position ${position}: ${problem}\n  ${window.text}\n  ${' '.repeat(window.caret)}^`;
}

/** A one-line window of the type string around `position`, and the caret's column in it. */
function snippet(text: string, position: number): { text: string; caret: number } {
  const at = Math.max(0, Math.min(position, text.length));
  const start = Math.max(0, at - SNIPPET_RADIUS);
  const end = Math.min(text.length, at + SNIPPET_RADIUS);
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  // Tabs and newlines become spaces (same width), so the caret still lines up.
  const body = text.slice(start, end).replace(/[\t\n\r]/g, ' ');
  return { text: `${prefix}${body}${suffix}`, caret: prefix.length + at - start };
}
