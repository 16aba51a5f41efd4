import { describe, expect, it } from 'vitest';
import { createDocLanes } from './docLanes.js';

/** A promise settled from outside, to hold a call at a point of the test's choosing. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('doc lanes', () => {
  it('lets consecutive appends enter before the earlier ones settle, in call order', async () => {
    const lanes = createDocLanes();
    const entered: number[] = [];
    const commits = [deferred(), deferred(), deferred()];
    const appends = commits.map((commit, i) =>
      lanes.append('doc', () => {
        entered.push(i);
        return commit.promise;
      }),
    );
    await expect.poll(() => entered).toEqual([0, 1, 2]);
    for (const commit of commits) commit.resolve();
    await Promise.all(appends);
  });

  it('holds a read until every earlier append settled, and an append behind it until the read settled', async () => {
    const lanes = createDocLanes();
    const log: string[] = [];
    const commit = deferred();
    const read = deferred<string>();
    const append = lanes.append('doc', () => {
      log.push('append 1');
      return commit.promise;
    });
    const reading = lanes.run('doc', () => {
      log.push('read');
      return read.promise;
    });
    const later = lanes.append('doc', async () => {
      log.push('append 2');
    });
    const other = lanes.run('other', async () => {
      log.push('other doc');
    });
    await other;
    expect(log).toEqual(['append 1', 'other doc']);
    commit.resolve();
    await append;
    await expect.poll(() => log).toEqual(['append 1', 'other doc', 'read']);
    read.resolve('done');
    expect(await reading).toBe('done');
    await later;
    expect(log).toEqual(['append 1', 'other doc', 'read', 'append 2']);
  });

  it('rejects a failed call to its own caller only, and idle() waits for everything', async () => {
    const lanes = createDocLanes();
    const failing = lanes.append('doc', () => Promise.reject(new Error('commit failed')));
    const thrown = lanes.run('doc', () => {
      throw new Error('sync throw');
    });
    const fine = lanes.run('doc', async () => 'still runs');
    await expect(failing).rejects.toThrow('commit failed');
    await expect(thrown).rejects.toThrow('sync throw');
    expect(await fine).toBe('still runs');
    const slow = deferred();
    let finished = false;
    void lanes
      .run('slow', () => slow.promise)
      .then(() => {
        finished = true;
      });
    const idle = lanes.idle();
    slow.resolve();
    await idle;
    expect(finished).toBe(true);
  });
});
