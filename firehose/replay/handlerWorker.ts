/**
 * A worker thread that runs the replay's handler (see workerInvoker.ts): it builds the handler once from
 * its spec (a blueprint with its environment, or a module exporting `handler`) and answers invocations
 * with the response, what the handler re-ingested and the error classes it logged.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { Context, FirehoseTransformationEvent } from 'aws-lambda';
import { blueprints } from '../../blueprints/index.js';
import type { HandlerLogger } from '../../blueprints/handler/index.js';
import { memoryReingestSink } from './memoryReingestSink.js';
import type { HandlerSpec } from './workerInvoker.js';

const spec = workerData as HandlerSpec;
const failures = new Map<string, string>();
const logger: HandlerLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: (message, attributes) => {
    if (message === 'record failed' && typeof attributes['recordId'] === 'string') failures.set(attributes['recordId'], String(attributes['errorClass']));
  },
};
const sink = memoryReingestSink();

type Handler = (event: FirehoseTransformationEvent, context: Context) => Promise<unknown>;

async function build(): Promise<Handler> {
  if (spec.kind === 'blueprint') {
    const definition = blueprints[spec.name];
    if (definition === undefined) throw new Error(`unknown blueprint ${spec.name}`);
    return definition.create(spec.env, { logger, reingest: sink, ...(spec.maxResponseBytes === undefined ? {} : { maxResponseBytes: spec.maxResponseBytes }) }) as Handler;
  }
  const module = (await import(pathToFileURL(spec.path).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new Error(`${spec.path} does not export a function named handler`);
  return module.handler as Handler;
}

const ready = build();

parentPort!.on('message', (message: { id: number; event: FirehoseTransformationEvent; timeoutMs: number; lambdaArn: string }) => {
  void (async () => {
    failures.clear();
    sink.drain();
    const deadline = Date.now() + message.timeoutMs;
    const functionName = message.lambdaArn.split(':').at(-1) ?? 'replay';
    const context: Context = {
      callbackWaitsForEmptyEventLoop: true, functionName, functionVersion: '$LATEST', invokedFunctionArn: message.lambdaArn, memoryLimitInMB: '1024',
      awsRequestId: message.event.invocationId, logGroupName: `/aws/lambda/${functionName}`, logStreamName: 'replay',
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()), done: () => undefined, fail: () => undefined, succeed: () => undefined,
    };
    let response: unknown;
    let functionError: string | undefined;
    try {
      response = await (await ready)(message.event, context);
    } catch (error) {
      functionError = `the function threw ${error instanceof Error ? error.constructor.name : typeof error}`;
    }
    const reingested = sink.drain().map(({ record }) => ({ recordId: record.recordId, data: record.data }));
    parentPort!.postMessage({ id: message.id, ...(functionError === undefined ? { response } : { functionError }), reingested, failureClasses: Object.fromEntries(failures) });
  })();
});
