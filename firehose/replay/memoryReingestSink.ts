import type { ReingestRecord, ReingestSink, ReingestTarget } from '../../blueprints/handler/index.js';

/** A re-ingestion sink that keeps records in memory: the offline emulation feeds them into later batches. */
export interface MemoryReingestSink extends ReingestSink {
  /** Everything accepted so far, oldest first. */
  readonly received: { target: ReingestTarget; record: ReingestRecord }[];
  /** Takes (and forgets) everything accepted so far. */
  drain(): { target: ReingestTarget; record: ReingestRecord }[];
}

/** `reject` picks records to refuse (they come back as not re-ingested), to test failure paths. */
export function memoryReingestSink(reject: (record: ReingestRecord) => boolean = () => false): MemoryReingestSink {
  const received: { target: ReingestTarget; record: ReingestRecord }[] = [];
  return {
    received,
    async reingest(target, records) {
      const failed = new Set<string>();
      for (const record of records) {
        if (reject(record)) failed.add(record.recordId);
        else received.push({ target, record });
      }
      return failed;
    },
    drain() {
      return received.splice(0, received.length);
    },
  };
}
