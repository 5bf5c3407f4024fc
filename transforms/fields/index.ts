/** Field building blocks: pick, omit, rename, add, filter, partitionBy, field paths and field patterns. */
export { addFields, type AddFieldsOptions, type FieldValue, fromContext } from './addFields.js';
export { type FieldPath } from './fieldPath.js';
export { checkPattern, compileFieldPatterns, FieldPatternSet, NOWHERE, type PatternState } from './fieldPattern.js';
export { filterRecords, type FilterRecordsOptions } from './filterRecords.js';
export { omitFields } from './omitFields.js';
export { partitionBy, type PartitionByOptions, type PartitionKeySource } from './partitionBy.js';
export { pickFields, type PickFieldsOptions } from './pickFields.js';
export { renameFields, type RenameFieldsOptions } from './renameFields.js';
