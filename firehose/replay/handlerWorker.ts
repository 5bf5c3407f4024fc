/**
 * A worker thread that runs the replay's handler (see workerInvoker.ts): it builds the handler once from
 * its spec (a blueprint with its environment, or a module exporting `handler`) and runs attempts of
 * batches with the same `attemptRunner` as the main thread (event, handler, Firehose's rules), sending
 * back the packed outcomes with their buffers transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { blueprints } from '../../blueprints/index.js';
import { attemptRunner, resultTransfer, type ReplayHandler } from './batch.js';
import type { AttemptMessage, HandlerSpec } from './workerInvoker.js';

const spec = workerData as HandlerSpec;

const runner = attemptRunner(async (overrides) => {
  if (spec.kind === 'blueprint') {
    const definition = blueprints[spec.name];
    if (definition === undefined) throw new Error(`unknown blueprint ${spec.name}`);
    return definition.create(spec.env, overrides) as ReplayHandler;
  }
  const module = (await import(pathToFileURL(spec.path).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new Error(`${spec.path} does not export a function named handler`);
  return module.handler as ReplayHandler;
}, spec.kind === 'blueprint' ? spec.maxResponseBytes : undefined);

// The main thread starts an attempt's timeout only once the handler is built (worker start-up is not the handler's time).
void runner.ready.then(() => parentPort!.postMessage({ ready: true }));

parentPort!.on('message', (message: AttemptMessage) => {
  void (async () => {
    const result = await runner.run(message.batch, message.frame, message.invocationId, message.timeoutMs);
    parentPort!.postMessage({ id: message.id, ...result }, resultTransfer(result));
  })();
});
