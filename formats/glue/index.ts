/** Glue tables: the type grammar, the table model and its parser, configuration errors. */
export { FormatOptionError, GlueSchemaError, GlueTypeSyntaxError } from './errors.js';
export { type GlueTable, parseGlueTable, parseGlueTableText } from './glueTable.js';
export { parseGlueType, printGlueType } from './glueType.js';
export { type CellValue, type GlueColumn, type GlueType, type Row, type StructValue } from './types.js';
