import { describe, expect, it } from 'vitest';
import { createDocQueue } from './docQueue.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('createDocQueue', () => {
  it('runs tasks of one doc one at a time in call order', async () => {
    const queue = createDocQueue();
    const log: string[] = [];
    let running = 0;
    const task = (label: string) => async () => {
      running += 1;
      expect(running).toBe(1);
      log.push(`start ${label}`);
      await new Promise((resolve) => setImmediate(resolve));
      log.push(`end ${label}`);
      running -= 1;
      return label;
    };
    const results = await Promise.all([queue.run('d', task('1')), queue.run('d', task('2')), queue.run('d', task('3'))]);
    expect(results).toEqual(['1', '2', '3']);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('lets other docs proceed while one doc is busy', async () => {
    const queue = createDocQueue();
    const gate = deferred();
    const blocked = queue.run('slow', () => gate.promise.then(() => 'slow done'));
    expect(await queue.run('fast', async () => 'fast done')).toBe('fast done');
    gate.resolve();
    expect(await blocked).toBe('slow done');
  });

  it('rejects only the failing task; the next task of that doc still runs', async () => {
    const queue = createDocQueue();
    const failing = queue.run('d', async () => {
      throw new Error('boom');
    });
    const next = queue.run('d', async () => 'after');
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toBe('after');
  });

  it('idle() waits for every queued task, including ones queued while waiting', async () => {
    const queue = createDocQueue();
    const done: string[] = [];
    const gate = deferred();
    void queue.run('a', async () => {
      await gate.promise;
      done.push('a');
      void queue.run('b', async () => {
        done.push('b');
      });
    });
    const idle = queue.idle().then(() => [...done]);
    gate.resolve();
    expect(await idle).toEqual(['a', 'b']);
    expect(queue.activeDocs).toBe(0);
  });
});
