import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLevelStore, type DocumentStore } from '@tandem/persistence';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger.js';
import { processSweepLock } from './sweepLock.js';
import { SWEEP_STATE_FILE } from './sweepState.js';
import { uploadSweepMetrics } from './uploadSweepMetrics.js';
import { UploadSweeper } from './uploadSweeper.js';
import { UploadStore } from './uploadStore.js';

const PNG_HEAD = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DAY_MS = 24 * 60 * 60 * 1000;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-sweeper-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function levelStore(options: { compactAfterUpdates?: number } = {}): Promise<DocumentStore> {
  const store = await createLevelStore({ dir: await tempDir(), ...options });
  cleanup.push(() => store.close());
  return store;
}

/** An uploads directory and what puts images into it and documents into a store. */
async function fixture(store: DocumentStore, dir?: string) {
  const uploads = new UploadStore(dir ?? join(await tempDir(), 'uploads'), 1024 * 1024);
  const sweeper = (overrides: { store?: DocumentStore; intervalMs?: number } = {}) => {
    const made = new UploadSweeper({
      store: overrides.store ?? store,
      uploads,
      lock: processSweepLock(),
      logger: createLogger('silent'),
      metrics: uploadSweepMetrics(new Registry()),
      nodeId: 'test',
      intervalMs: overrides.intervalMs ?? 0,
      graceMs: DAY_MS,
    });
    cleanup.push(() => made.close());
    return made;
  };
  return {
    uploads,
    sweeper,
    /** Stores an image written `ageDays` ago; its name. */
    async image(seed: number, ageDays = 2): Promise<string> {
      const writer = await uploads.begin();
      await writer.write(Buffer.concat([PNG_HEAD, Buffer.alloc(64, seed)]));
      const { name } = await writer.finish();
      const then = new Date(Date.now() - ageDays * DAY_MS);
      await utimes(join(uploads.dir, name.slice(0, 2), name), then, then);
      return name;
    },
    async exists(name: string): Promise<boolean> {
      return (await uploads.find(name)) !== null;
    },
  };
}

/** Makes `doc`'s images these (one element each), and stores the change. */
function imageWriter(store: DocumentStore, docName: string) {
  const doc = new Y.Doc();
  return async (names: string[]) => {
    const updates: Uint8Array[] = [];
    const record = (update: Uint8Array) => updates.push(update);
    doc.on('update', record);
    const content = doc.getXmlFragment('default');
    doc.transact(() => {
      doc.getText('title').insert(0, '.');
      content.delete(0, content.length);
      content.insert(
        0,
        names.map((name) => {
          const element = new Y.XmlElement('image');
          element.setAttribute('src', `https://docs.example.com/sync/api/uploads/${name}`);
          return element;
        }),
      );
    });
    doc.off('update', record);
    await store.append(docName, updates);
  };
}

describe('UploadSweeper', () => {
  it('frees an image two sweeps in a row found unreferenced; one referenced again in between stays', async () => {
    const store = await levelStore();
    const f = await fixture(store);
    const [kept, comesBack, unused, recent] = [await f.image(1), await f.image(2), await f.image(3), await f.image(4, 0)];
    const write = imageWriter(store, 'doc');
    await write([kept]);
    const sweeper = f.sweeper();
    expect(await sweeper.sweep()).toMatchObject({ outcome: 'swept', referenced: 1, waiting: 2, recent: 1, freedFiles: 0 });
    await write([kept, comesBack]);
    expect(await sweeper.sweep()).toMatchObject({ referenced: 2, waiting: 0, freedFiles: 1 });
    expect([await f.exists(kept), await f.exists(comesBack), await f.exists(unused), await f.exists(recent)]).toEqual([
      true,
      true,
      false,
      true,
    ]);
  });

  it('a document that cannot be read stops the sweep before it frees anything; the next sweep frees', async () => {
    const store = await levelStore();
    const f = await fixture(store);
    const unused = await f.image(1);
    await imageWriter(store, 'fine')([]);
    await imageWriter(store, 'broken')([]);
    expect(await f.sweeper().sweep()).toMatchObject({ outcome: 'swept', waiting: 1 });
    let failing = true;
    const flaky: DocumentStore = Object.create(store, {
      readAfter: {
        value: (name: string, after: number) =>
          failing && name === 'broken' ? Promise.reject(new Error('disk error')) : store.readAfter(name, after),
      },
    });
    const sweeper = f.sweeper({ store: flaky });
    const stopped = await sweeper.sweep();
    expect(stopped).toMatchObject({ outcome: 'failed', freedFiles: 0 });
    expect(stopped.reason).toContain('reading document "broken" failed');
    expect(await f.exists(unused)).toBe(true);
    failing = false;
    expect(await sweeper.sweep()).toMatchObject({ outcome: 'swept', freedFiles: 1 });
  });

  it('reads a grown document from where it stopped, and a compacted one again, freeing what compaction collected', async () => {
    const store = await levelStore({ compactAfterUpdates: 3 });
    const f = await fixture(store);
    const first = await f.image(1);
    const write = imageWriter(store, 'doc');
    await write([first]);
    const sweeper = f.sweeper();
    expect(await sweeper.sweep()).toMatchObject({ referenced: 1, docsRead: 2 }); // the document and `~uploads`
    expect(await sweeper.sweep()).toMatchObject({ referenced: 1, docsRead: 0 });
    const second = await f.image(2);
    await write([first, second]);
    expect(await sweeper.sweep()).toMatchObject({ referenced: 2, docsRead: 1 });
    // The first image goes from the document; compaction (no version kept) collects it.
    await write([second]);
    await expect.poll(async () => (await store.getMeta('doc'))?.updateCount, { timeout: 10_000 }).toBe(1);
    expect(await sweeper.sweep()).toMatchObject({ referenced: 1, waiting: 1 });
    expect(await sweeper.sweep()).toMatchObject({ referenced: 1, freedFiles: 1 });
    expect([await f.exists(first), await f.exists(second)]).toEqual([false, true]);
  });

  it('an uploads directory another store swept is left alone, and so is one with an unreadable state', async () => {
    const store = await levelStore();
    const f = await fixture(store);
    const unused = await f.image(1);
    await f.sweeper().sweep();
    const stranger = f.sweeper({ store: await levelStore() });
    const refused = await stranger.sweep();
    expect(refused).toMatchObject({ outcome: 'failed', freedFiles: 0 });
    expect(refused.reason).toContain(`the uploads directory ${f.uploads.dir} belongs to another document store`);
    expect(await stranger.sweep()).toMatchObject({ outcome: 'failed' });
    expect(await f.exists(unused)).toBe(true);

    await writeFile(join(f.uploads.dir, SWEEP_STATE_FILE), '{"format":1,"storeId":');
    const damaged = await f.sweeper().sweep();
    expect(damaged).toMatchObject({ outcome: 'failed', freedFiles: 0 });
    expect(damaged.reason).toContain('is not JSON');
    expect(await f.exists(unused)).toBe(true);
  });

  it('sweeps when due: once per interval whichever sweeper (node) asks, and on its own timer', async () => {
    const store = await levelStore();
    const f = await fixture(store);
    const unused = await f.image(1);
    const hourly = f.sweeper({ intervalMs: 60 * 60 * 1000 });
    expect(await hourly.sweepIfDue()).toMatchObject({ outcome: 'swept', waiting: 1 });
    expect(await f.sweeper({ intervalMs: 60 * 60 * 1000 }).sweepIfDue()).toBeNull();
    const timed = f.sweeper({ intervalMs: 1000 });
    await expect.poll(() => f.exists(unused), { timeout: 10_000, interval: 200 }).toBe(false);
    await timed.close();
  });
});
