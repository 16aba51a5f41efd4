import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { conversionActivity } from './conversionActivity.js';
import { ConversionBusy, ConversionFailed, ConversionTimeout, ConversionWorkerDied } from './conversionErrors.js';
import { conversionMetrics } from './conversionMetrics.js';
import { ConversionPool, type ConversionPoolOptions } from './conversionPool.js';

// Real worker threads running a small test worker (fixtures/poolTestWorker.mjs): the pool itself
// is what is under test, the conversions have tests of their own.
const workerUrl = new URL('./fixtures/poolTestWorker.mjs', import.meta.url);
const pools: ConversionPool[] = [];

function pool(options: Partial<ConversionPoolOptions> = {}): ConversionPool {
  const made = new ConversionPool({ workerUrl, size: 1, maxQueue: 4, timeoutMs: 30_000, ...options });
  pools.push(made);
  return made;
}

interface Answer {
  value: unknown;
  threadId: number;
}

const job = (message: Record<string, unknown>, affinity?: string) =>
  [() => ({ message }), { kind: 'test', ...(affinity === undefined ? {} : { affinity }) }] as const;

/** A shared cell a `hold` job waits on until `release` is called. */
function gate() {
  const cell = new SharedArrayBuffer(4);
  return {
    cell,
    release: () => {
      Atomics.store(new Int32Array(cell), 0, 1);
      Atomics.notify(new Int32Array(cell), 0);
    },
  };
}

async function metric(registry: Registry, name: string): Promise<number> {
  const found = (await registry.getMetricsAsJSON()).find((entry) => entry.name === name);
  return Number(found?.values[0]?.value ?? Number.NaN);
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((made) => made.close()));
});

describe('ConversionPool', () => {
  it('runs jobs on a worker thread and answers with what the worker sent', async () => {
    const answer = await pool().run<Answer>(...job({ op: 'echo', value: 'hello' }));
    expect(answer.value).toBe('hello');
    expect(answer.threadId).toBeGreaterThan(0);
  });

  it('refuses a job with ConversionBusy (and a Retry-After) when the queue is full, and runs the queued ones', async () => {
    const registry = new Registry();
    const busy = pool({ maxQueue: 1, metrics: conversionMetrics(registry) });
    const { cell, release } = gate();
    const held = busy.run<Answer>(...job({ op: 'hold', cell }));
    const queued = busy.run<Answer>(...job({ op: 'echo', value: 'queued' }));
    expect([busy.running, busy.queued]).toEqual([1, 1]);
    expect(await metric(registry, 'tandem_conversion_queue_depth')).toBe(1);
    const refused = await busy.run(...job({ op: 'echo', value: 'refused' })).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConversionBusy);
    expect((refused as ConversionBusy).retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(await metric(registry, 'tandem_conversion_jobs_refused_total')).toBe(1);
    release();
    expect((await held).value).toBe('released');
    expect((await queued).value).toBe('queued');
    expect([busy.running, busy.queued]).toEqual([0, 0]);
  });

  it('fails a job that runs past the timeout with ConversionTimeout, replaces its worker, and runs the next job', async () => {
    const registry = new Registry();
    const timed = pool({ timeoutMs: 300, metrics: conversionMetrics(registry) });
    const before = await timed.run<Answer>(...job({ op: 'echo', value: 1 }));
    const spinning = timed.run(...job({ op: 'spin' }));
    const next = timed.run<Answer>(...job({ op: 'echo', value: 2 }));
    await expect(spinning).rejects.toBeInstanceOf(ConversionTimeout);
    const after = await next;
    expect(after.value).toBe(2);
    expect(after.threadId).not.toBe(before.threadId);
    expect(await metric(registry, 'tandem_conversion_workers_replaced_total')).toBe(1);
  });

  it('fails the job of a worker that dies with ConversionWorkerDied, and the next job runs on a new worker', async () => {
    const crashing = pool();
    const before = await crashing.run<Answer>(...job({ op: 'echo', value: 1 }));
    const crashed = await crashing.run(...job({ op: 'crash' })).catch((error: unknown) => error);
    expect(crashed).toBeInstanceOf(ConversionWorkerDied);
    expect((crashed as Error).message).toMatch(/exited with code 7/);
    const after = await crashing.run<Answer>(...job({ op: 'echo', value: 2 }));
    expect(after.value).toBe(2);
    expect(after.threadId).not.toBe(before.threadId);
  });

  it("rejects with the worker's error, name, message and kind, and the worker goes on", async () => {
    const failing = pool();
    const error = await failing.run(...job({ op: 'throw', message: 'no such node "foo"' })).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConversionFailed);
    expect((error as ConversionFailed).data).toEqual({ name: 'ContentError', message: 'no such node "foo"', kind: 'invalid-json' });
    expect((await failing.run<Answer>(...job({ op: 'echo', value: 'still here' }))).value).toBe('still here');
  });

  it('sends the jobs of one affinity to one worker, in order; others go to the least busy worker', async () => {
    const two = pool({ size: 2 });
    const { cell, release } = gate();
    const held = two.run<Answer>(...job({ op: 'hold', cell }, 'doc-a'));
    const sameDoc = two.run<Answer>(...job({ op: 'echo', value: 'after the hold' }, 'doc-a'));
    // The other worker is free: a job of no affinity runs now, while doc-a's worker is held.
    const free = await two.run<Answer>(...job({ op: 'echo', value: 'free' }));
    expect(two.queued).toBe(1);
    release();
    const [first, second] = await Promise.all([held, sameDoc]);
    expect(second.threadId).toBe(first.threadId);
    expect(free.threadId).not.toBe(first.threadId);
  });

  it('starts a worker with the first job it gets, not before', async () => {
    const lazy = pool({ size: 2 });
    expect(lazy.workers).toBe(0);
    expect(await lazy.run<Answer>(...job({ op: 'echo', value: 'first' }))).toMatchObject({ value: 'first' });
    expect(lazy.workers).toBe(1);
  });

  it('closing fails the running and queued jobs as a shutdown (ConversionWorkerDied) and refuses new ones', async () => {
    const closing = pool();
    const { cell } = gate();
    const pending = Promise.allSettled([closing.run(...job({ op: 'hold', cell })), closing.run(...job({ op: 'echo', value: 'never' }))]);
    await closing.close();
    const late = closing.run(...job({ op: 'echo', value: 'late' }));
    for (const outcome of [...(await pending), ...(await Promise.allSettled([late]))]) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ConversionWorkerDied);
    }
    expect(closing.workers).toBe(0);
  });

  it('counts as activity for the idle memory release while a job runs, and not once it is done', async () => {
    const working = pool();
    const { cell, release } = gate();
    const held = working.run<Answer>(...job({ op: 'hold', cell }));
    const first = conversionActivity();
    await waitForChange(first);
    release();
    await held;
    const after = conversionActivity();
    expect(conversionActivity()).toBe(after);
    expect(after).not.toBe(first);
  });
});

/** Resolves once `conversionActivity()` differs from `value` (a job running changes it from one call to the next). */
async function waitForChange(value: number): Promise<void> {
  while (conversionActivity() === value) await new Promise((resolve) => setImmediate(resolve));
}
