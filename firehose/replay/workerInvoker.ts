/**
 * `--workers N`: the replay's invocations on N worker threads, each with its own handler built from a
 * spec. A batch travels as transferred buffers (batch.ts) and each worker builds the event, runs the
 * handler and judges the response itself, so the main thread only reads, batches and delivers. A call
 * that passes its timeout terminates its worker (a hung handler cannot be stopped otherwise) and a fresh
 * one takes its place.
 */
import { Worker } from 'node:worker_threads';
import { batchTransfer, timedOut, type AttemptResult, type EventFrame, type PackedBatch } from './batch.js';
import type { ReplayInvoker } from './replay.js';

/** What a worker builds its handler from. */
export type HandlerSpec =
  | { readonly kind: 'blueprint'; readonly name: string; readonly env: Readonly<Record<string, string | undefined>>; readonly maxResponseBytes?: number }
  | { readonly kind: 'module'; readonly path: string };

/** A message to a worker: one attempt of one batch. */
export interface AttemptMessage {
  readonly id: number;
  readonly batch: PackedBatch;
  readonly frame: EventFrame;
  readonly invocationId: string;
  readonly timeoutMs: number;
}

interface Slot {
  worker: Worker;
  busy: boolean;
  /** Resolves when the worker has built its handler. */
  ready: Promise<void>;
}

/** How long a worker may take to start and build its handler before its first attempt counts as timed out. */
const START_UP_ALLOWANCE_MS = 60_000;

/**
 * Each worker's young generation is capped: a handler's garbage is short-lived, and V8's default lets
 * every worker's nursery grow to tens of MB (2 workers on 100 MB of JSON lines: 436 MB peak RSS by
 * default, 390 MB with 8 MB, no more CPU time). It bounds collection frequency only, not what a handler
 * can hold (the old generation is not capped).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

export function workerInvoker(spec: HandlerSpec, workers: number): ReplayInvoker {
  const typescript = import.meta.url.endsWith('.ts');
  const url = new URL(typescript ? './handlerWorker.ts' : './handlerWorker.js', import.meta.url);
  // Running from TypeScript (tsx): loader flags do not reach worker threads on Node 20, so the worker
  // registers tsx's loader itself before importing its entry.
  const boot = typescript ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })` : undefined;
  const spawn = (slot: Slot): void => {
    const worker = boot === undefined ? new Worker(url, { workerData: spec, resourceLimits: WORKER_LIMITS }) : new Worker(boot, { eval: true, workerData: spec, resourceLimits: WORKER_LIMITS });
    slot.worker = worker;
    slot.ready = new Promise<void>((resolve) => {
      const onReady = (message: { ready?: boolean }): void => {
        if (message.ready !== true) return;
        worker.off('message', onReady);
        resolve();
      };
      worker.on('message', onReady);
      // A worker that dies while starting is handled by the attempt that uses it.
      worker.once('error', () => resolve());
    });
  };
  // Workers start when first needed, one per call in flight (a short run may need fewer than N).
  const slots: Slot[] = [];
  let nextId = 0;
  return {
    concurrency: workers,
    invoke(batch: PackedBatch, frame: EventFrame, invocationId: string, timeoutMs: number): Promise<AttemptResult> {
      // The replay never starts more calls than `concurrency`, so a free or new slot exists.
      let slot = slots.find((s) => !s.busy);
      if (slot === undefined) {
        slot = { busy: false } as Slot;
        spawn(slot);
        slots.push(slot);
      }
      const current = slot;
      slot.busy = true;
      const id = nextId++;
      return new Promise<AttemptResult>((resolve) => {
        const worker = current.worker;
        let finished = false;
        const done = (result: AttemptResult): void => {
          finished = true;
          clearTimeout(timer);
          worker.off('message', onMessage);
          worker.off('error', onError);
          current.busy = false;
          resolve(result);
        };
        const onMessage = (message: AttemptResult & { id?: number }): void => {
          if (message.id !== id) return;
          const { id: _id, ...result } = message;
          done(result);
        };
        const onError = (error: Error): void => {
          spawn(current);
          done({ functionError: `the function crashed its runtime (${error.constructor.name})`, reingested: [], failureClasses: {} });
        };
        const expire = (): void => {
          void worker.terminate();
          spawn(current);
          done({ functionError: timedOut(timeoutMs), reingested: [], failureClasses: {} });
        };
        // The timeout runs from when the worker's handler is ready (start-up has its own allowance).
        let timer = setTimeout(expire, timeoutMs + START_UP_ALLOWANCE_MS);
        timer.unref();
        void current.ready.then(() => {
          if (finished) return;
          clearTimeout(timer);
          timer = setTimeout(expire, timeoutMs);
          timer.unref();
        });
        worker.on('message', onMessage);
        worker.once('error', onError);
        const message: AttemptMessage = { id, batch, frame, invocationId, timeoutMs };
        worker.postMessage(message, batchTransfer(batch));
      });
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
