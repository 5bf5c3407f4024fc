/**
 * `--workers N`: the replay's invocations on N worker threads, each with its own handler built from a
 * spec. A call that passes its timeout terminates its worker (a hung handler cannot be stopped otherwise)
 * and a fresh one takes its place.
 */
import { Worker } from 'node:worker_threads';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import type { InvocationResult, ReplayInvoker } from './replay.js';

/** What a worker builds its handler from. */
export type HandlerSpec =
  | { readonly kind: 'blueprint'; readonly name: string; readonly env: Readonly<Record<string, string | undefined>>; readonly maxResponseBytes?: number }
  | { readonly kind: 'module'; readonly path: string };

interface Slot {
  worker: Worker;
  busy: boolean;
}

export function workerInvoker(spec: HandlerSpec, workers: number, lambdaArn: string): ReplayInvoker {
  const typescript = import.meta.url.endsWith('.ts');
  const url = new URL(typescript ? './handlerWorker.ts' : './handlerWorker.js', import.meta.url);
  // Running from TypeScript (tsx): loader flags do not reach worker threads on Node 20, so the worker
  // registers tsx's loader itself before importing its entry.
  const boot = typescript ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })` : undefined;
  const spawn = (): Worker => (boot === undefined ? new Worker(url, { workerData: spec }) : new Worker(boot, { eval: true, workerData: spec }));
  const slots: Slot[] = Array.from({ length: workers }, () => ({ worker: spawn(), busy: false }));
  let nextId = 0;
  return {
    concurrency: workers,
    invoke(event: FirehoseTransformationEvent, timeoutMs: number): Promise<InvocationResult> {
      // The replay never starts more calls than `concurrency`, so a free slot exists.
      const slot = slots.find((s) => !s.busy)!;
      slot.busy = true;
      const id = nextId++;
      return new Promise<InvocationResult>((resolve) => {
        const worker = slot.worker;
        const done = (result: InvocationResult): void => {
          clearTimeout(timer);
          worker.off('message', onMessage);
          worker.off('error', onError);
          slot.busy = false;
          resolve(result);
        };
        const onMessage = (message: InvocationResult & { id: number }): void => {
          if (message.id !== id) return;
          const { id: _id, ...result } = message;
          done(result);
        };
        const onError = (error: Error): void => {
          slot.worker = spawn();
          done({ functionError: `the function crashed its runtime (${error.constructor.name})`, reingested: [], failureClasses: {} });
        };
        const timer = setTimeout(() => {
          void worker.terminate();
          slot.worker = spawn();
          done({ functionError: `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`, reingested: [], failureClasses: {} });
        }, timeoutMs);
        timer.unref();
        worker.on('message', onMessage);
        worker.once('error', onError);
        worker.postMessage({ id, event, timeoutMs, lambdaArn });
      });
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
