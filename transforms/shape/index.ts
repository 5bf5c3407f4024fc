/** Record shape: normalizeRecord, flattenRecord, unflattenRecord and their key styles. */
export { flattenRecord, type FlattenRecordOptions } from './flattenRecord.js';
export { normalizeRecord, type NormalizeRecordOptions } from './normalizeRecord.js';
export { unflattenRecord, type UnflattenRecordOptions } from './unflattenRecord.js';
