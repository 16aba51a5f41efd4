import { describe, expect, it } from 'vitest';
import { WriteBatcher, type WriteBatcherOptions } from './writeBatcher.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A batcher whose writes wait for the test; every callback is recorded in `events`. */
function setup(overrides: Partial<WriteBatcherOptions<number>> = {}) {
  const writes: Array<{ entries: number[]; done: ReturnType<typeof deferred>; onDurable: () => void }> = [];
  const events: string[] = [];
  const batcher = new WriteBatcher<number>({
    write: (entries, onDurable) => {
      const done = deferred();
      writes.push({ entries: [...entries], done, onDurable });
      return done.promise;
    },
    onStored: (entries) => events.push(`stored ${entries.join(',')}`),
    onFailed: (error, entries, stage) => events.push(`failed ${stage} ${(error as Error).message} ${entries.join(',')}`),
    onIdle: () => events.push('idle'),
    ...overrides,
  });
  return { batcher, writes, events };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('WriteBatcher', () => {
  it('writes everything enqueued in one event-loop turn as one batch', async () => {
    const { batcher, writes, events } = setup();
    batcher.enqueue(1);
    batcher.enqueue(2);
    batcher.enqueue(3);
    expect(writes).toHaveLength(0);
    const durable = batcher.whenDurable();
    await nextTurn();
    expect(writes.map((w) => w.entries)).toEqual([[1, 2, 3]]);
    expect(batcher.idle).toBe(false);
    writes[0]?.done.resolve();
    await durable;
    expect(events).toEqual(['stored 1,2,3', 'idle']);
    expect(batcher.idle).toBe(true);
  });

  it('flushNow writes the open batch at once; with a write in flight it waits for that one', async () => {
    const { batcher, writes } = setup();
    batcher.enqueue(1);
    batcher.flushNow();
    expect(writes.map((w) => w.entries)).toEqual([[1]]);
    batcher.enqueue(2);
    batcher.flushNow();
    expect(writes).toHaveLength(1);
    writes[0]?.done.resolve();
    await nextTurn();
    expect(writes.map((w) => w.entries)).toEqual([[1], [2]]);
    writes[1]?.done.resolve();
    await batcher.whenDurable();
    batcher.flushNow(); // nothing open: no write
    await nextTurn();
    expect(writes).toHaveLength(2);
  });

  it('keeps one write in flight and collects the next batch meanwhile (in order)', async () => {
    const { batcher, writes, events } = setup();
    batcher.enqueue(1);
    await nextTurn();
    batcher.enqueue(2);
    batcher.enqueue(3);
    const durableAfter3 = batcher.whenDurable();
    await nextTurn();
    expect(writes).toHaveLength(1);
    let resolved = false;
    void durableAfter3.then(() => {
      resolved = true;
    });
    writes[0]?.done.resolve();
    await nextTurn();
    await nextTurn();
    expect(resolved).toBe(false);
    expect(writes.map((w) => w.entries)).toEqual([[1], [2, 3]]);
    writes[1]?.done.resolve();
    await durableAfter3;
    expect(events).toEqual(['stored 1', 'stored 2,3', 'idle']);
  });

  it("a write's onDurable counts as stored at once, before its promise; the resolution then changes nothing", async () => {
    const { batcher, writes, events } = setup();
    batcher.enqueue(1);
    batcher.flushNow();
    batcher.enqueue(2);
    const durable1 = batcher.whenDurable();
    const write = writes[0] as (typeof writes)[0];
    write.onDurable();
    // Stored synchronously (the room relays right here), and the next batch may go.
    expect(events).toEqual(['stored 1']);
    write.onDurable();
    write.done.resolve();
    await nextTurn();
    expect(events).toEqual(['stored 1']);
    expect(writes.map((w) => w.entries)).toEqual([[1], [2]]);
    (writes[1] as (typeof writes)[0]).done.resolve();
    await durable1;
    expect(events).toEqual(['stored 1', 'stored 2', 'idle']);
  });

  it('a write that rejects after its onDurable fails the batcher as after-store, reporting only what never got written', async () => {
    const { batcher, writes, events } = setup();
    batcher.enqueue(1);
    batcher.flushNow();
    const write = writes[0] as (typeof writes)[0];
    write.onDurable();
    const durable1 = batcher.whenDurable();
    batcher.enqueue(2);
    const durable2 = batcher.whenDurable();
    write.done.reject(new Error('late'));
    await expect(durable1).resolves.toBeUndefined();
    await expect(durable2).rejects.toThrow('late');
    // Entry 1 was stored (and relayed): not reported as lost; entry 2, queued behind it, is.
    expect(events).toEqual(['stored 1', 'idle', 'failed after-store late 2']);
    expect(() => batcher.enqueue(3)).toThrow(/failed earlier/);
  });

  it('a write failing after the batcher already failed still rejects its own waiters (reported once)', async () => {
    const { batcher, writes, events } = setup();
    batcher.enqueue(1);
    batcher.flushNow();
    const first = writes[0] as (typeof writes)[0];
    first.onDurable();
    batcher.enqueue(2);
    batcher.flushNow();
    const durable2 = batcher.whenDurable();
    expect(writes.map((w) => w.entries)).toEqual([[1], [2]]);
    first.done.reject(new Error('late'));
    await nextTurn();
    (writes[1] as (typeof writes)[0]).done.reject(new Error('disk full'));
    await expect(durable2).rejects.toThrow('disk full');
    expect(events).toEqual(['stored 1', 'idle', 'failed after-store late ']);
  });

  it('onStored throwing (a relay bug) fails the batcher as a relay failure, not as a failed write', async () => {
    const { batcher, writes, events } = setup({
      onStored: () => {
        throw new Error('send broke');
      },
    });
    batcher.enqueue(1);
    batcher.flushNow();
    const stored = batcher.whenDurable();
    batcher.enqueue(2);
    const queued = batcher.whenDurable();
    const write = writes[0] as (typeof writes)[0];
    // The store's onDurable must not see the relay's error (it would count a stored batch as failed).
    expect(() => write.onDurable()).not.toThrow();
    write.done.resolve();
    await expect(stored).resolves.toBeUndefined();
    await expect(queued).rejects.toThrow('send broke');
    expect(events).toEqual(['failed relay send broke 1,2']);
    expect(writes).toHaveLength(1);
    expect(() => batcher.enqueue(3)).toThrow(/failed earlier/);
  });

  it('whenDurable resolves at once when nothing is pending', async () => {
    const { batcher } = setup();
    await expect(batcher.whenDurable()).resolves.toBeUndefined();
  });

  it('a failed write rejects its waiters and the queued batch, reports once, and refuses more', async () => {
    const { batcher, writes, events } = setup();
    batcher.enqueue(1);
    const first = batcher.whenDurable();
    await nextTurn();
    batcher.enqueue(2);
    const second = batcher.whenDurable();
    writes[0]?.done.reject(new Error('disk full'));
    await expect(first).rejects.toThrow('disk full');
    await expect(second).rejects.toThrow('disk full');
    expect(events).toEqual(['failed store disk full 1,2']);
    expect(() => batcher.enqueue(3)).toThrow(/failed earlier/);
    await expect(batcher.whenDurable()).rejects.toThrow('disk full');
  });

  it('a write that throws synchronously counts as a failed write', async () => {
    const { batcher, events } = setup({
      write: () => {
        throw new Error('sync boom');
      },
    });
    batcher.enqueue(1);
    await expect(batcher.whenDurable()).rejects.toThrow('sync boom');
    expect(events).toEqual(['failed store sync boom 1']);
  });

  it('a reservation covers entries enqueued later in the turn; an empty one resolves without a write', async () => {
    const { batcher, writes, events } = setup();
    batcher.reserve();
    const durable = batcher.whenDurable();
    expect(batcher.idle).toBe(false);
    batcher.enqueue(7);
    await nextTurn();
    expect(writes.map((w) => w.entries)).toEqual([[7]]);
    (writes[0] as (typeof writes)[0]).done.resolve();
    await durable;

    batcher.reserve();
    const empty = batcher.whenDurable();
    await nextTurn();
    await empty;
    expect(writes).toHaveLength(1);
    expect(batcher.idle).toBe(true);
    expect(events).toEqual(['stored 7', 'idle', 'idle']);
  });
});
