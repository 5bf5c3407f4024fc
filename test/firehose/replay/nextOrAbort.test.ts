/**
 * Reading the next input record while watching for an interrupt: no listener or reaction is left behind per
 * record. (The replay used to race every read against one never-settling promise, which kept every record
 * read alive: a 2 GB input grew the heap past 6 GB, and a 256 MB heap ran out after 110 MB of input.)
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { nextOrAbort } from '../../../firehose/replay/replay.js';

async function* numbers(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) yield i;
}

describe('nextOrAbort', () => {
  it('gives every value, then done, and leaves no abort listener behind', async () => {
    const controller = new AbortController();
    const iterator = numbers(1_000)[Symbol.asyncIterator]();
    const seen: number[] = [];
    for (;;) {
      const next = await nextOrAbort(iterator, controller.signal);
      if (next === 'aborted' || next.done === true) break;
      seen.push(next.value);
      // Assess on every read: the listener of a settled read is gone.
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    }
    expect(seen).toHaveLength(1_000);
  });

  it("answers 'aborted' while a read is pending, and at once when the signal has fired", async () => {
    const controller = new AbortController();
    const idle: AsyncIterator<number> = { next: () => new Promise<IteratorResult<number>>(() => undefined) };
    const pending = nextOrAbort(idle, controller.signal);
    controller.abort();
    expect(await pending).toBe('aborted');
    expect(await nextOrAbort(numbers(1)[Symbol.asyncIterator](), controller.signal)).toBe('aborted');
  });

  it('passes a read error on, and reads plainly without a signal', async () => {
    const failing: AsyncIterator<number> = { next: () => Promise.reject(new Error('EIO')) };
    await expect(nextOrAbort(failing, new AbortController().signal)).rejects.toThrow('EIO');
    expect(await nextOrAbort(numbers(1)[Symbol.asyncIterator](), undefined)).toEqual({ value: 0, done: false });
  });
});
