import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLevelStore, type DocumentStore } from '@tandem/persistence';
import { afterEach, describe, expect, it } from 'vitest';
import { createReadinessProbe } from './createReadinessProbe.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real LevelDB store in a temp dir, its checkWritable calls counted (and failable on demand). */
async function countedStore(): Promise<{ store: DocumentStore; probes: () => number; fail: (on: boolean) => void }> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-readiness-'));
  const store = await createLevelStore({ dir });
  cleanups.push(async () => {
    await store.close().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });
  let probes = 0;
  let failing = false;
  return {
    store: {
      ...store,
      checkWritable: () => {
        probes++;
        return failing ? Promise.reject(new Error('disk full')) : store.checkWritable();
      },
    },
    probes: () => probes,
    fail: (on) => {
      failing = on;
    },
  };
}

describe('createReadinessProbe', () => {
  it('probes the store once per cache period, sharing one probe between concurrent callers', async () => {
    const { store, probes } = await countedStore();
    const probe = createReadinessProbe(store, { cacheMs: 60_000 });
    const answers = await Promise.all([probe.check(), probe.check(), probe.check()]);
    expect(answers).toEqual([{ ready: true }, { ready: true }, { ready: true }]);
    expect(await probe.check()).toEqual({ ready: true });
    expect(probes()).toBe(1);
  });

  it('reports the reason once the store cannot write, and recovers after an invalidation', async () => {
    const { store, fail } = await countedStore();
    const probe = createReadinessProbe(store, { cacheMs: 60_000 });
    expect(await probe.check()).toEqual({ ready: true });
    fail(true);
    expect(await probe.check()).toEqual({ ready: true }); // still cached
    probe.invalidate();
    expect(await probe.check()).toEqual({ ready: false, error: 'disk full' });
    fail(false);
    probe.invalidate();
    expect(await probe.check()).toEqual({ ready: true });
  });

  it('a closed real store is not ready', async () => {
    const { store } = await countedStore();
    const probe = createReadinessProbe(store, { cacheMs: 0 });
    await store.close();
    const answer = await probe.check();
    expect(answer.ready).toBe(false);
    expect(answer.ready === false && answer.error).toMatch(/closed/);
  });
});
