/** Object sinks: where delivery stores objects (local folder, memory; S3 lives in aws/). */
export { fileOutput } from './fileOutput.js';
export { LocalFolderSink, OUTPUT_MARKER } from './localFolderSink.js';
export { memoryObjectSink, type MemoryObjectSink } from './memoryObjectSink.js';
export type { ObjectSink, ObjectUpload } from './objectSink.js';
