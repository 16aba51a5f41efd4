import { describe, expect, it } from 'vitest';
import type { DocMeta, DocumentStore } from '../documentStore.js';
import type { ContractFixture } from './contractFixture.js';
import { createRecordingDoc } from './recordingDoc.js';
import { stableMeta } from './stableMeta.js';

async function createDocs(store: DocumentStore, names: string[]): Promise<void> {
  await Promise.all(
    names.map((name) => {
      const source = createRecordingDoc();
      source.type(name.slice(0, 3));
      return store.append(name, source.takeUpdates(), { title: `Title ${name}` });
    }),
  );
}

async function listAll(store: DocumentStore, limit: number): Promise<{ pages: DocMeta[][]; names: string[] }> {
  const pages: DocMeta[][] = [];
  let cursor: string | null = null;
  do {
    const page = await store.list({ cursor, limit });
    pages.push(page.docs);
    cursor = page.nextCursor;
    if (pages.length > 10_000) throw new Error('list never returned nextCursor null');
  } while (cursor !== null);
  return { pages, names: pages.flat().map((doc) => doc.name) };
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const utf8Order = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

export function listContract(getFixture: () => ContractFixture): void {
  describe('list', () => {
    it('returns an empty last page for an empty store', async () => {
      const { store } = getFixture();
      expect(await store.list()).toEqual({ docs: [], nextCursor: null });
    });

    it('lists docs in name order with the metadata getMeta returns', async () => {
      const { store } = getFixture();
      const names = ['b', 'a', 'a/b', 'C', 'z-9', 'é'];
      await createDocs(store, names);
      const page = await store.list();
      expect(page.nextCursor).toBeNull();
      expect(page.docs.map((doc) => doc.name)).toEqual([...names].sort(utf8Order));
      expect([...names].sort(utf8Order)).toEqual([...names].sort(byCodePoint));
      for (const doc of page.docs) {
        expect(stableMeta(doc)).toEqual(stableMeta(await store.getMeta(doc.name)));
        expect(doc.title).toBe(`Title ${doc.name}`);
      }
    });

    it('pages 1,000 docs by cursor with no duplicates or gaps', async () => {
      const { store } = getFixture();
      const names = Array.from({ length: 1000 }, (_, i) => `doc-${String(i).padStart(4, '0')}`);
      await createDocs(store, names);
      const { pages, names: listed } = await listAll(store, 100);
      expect(pages).toHaveLength(10);
      for (const page of pages) expect(page).toHaveLength(100);
      expect(listed).toEqual(names);

      const odd = await listAll(store, 7);
      expect(odd.pages).toHaveLength(Math.ceil(1000 / 7));
      expect(odd.names).toEqual(names);

      const whole = await store.list({ limit: 1000 });
      expect(whole.docs.map((doc) => doc.name)).toEqual(names);
      expect(whole.nextCursor).toBeNull();
      const defaultPage = await store.list();
      expect(defaultPage.docs).toHaveLength(100);
      expect(defaultPage.nextCursor).not.toBeNull();
    });

    it('ends with nextCursor null when the last page is exactly full', async () => {
      const { store } = getFixture();
      await createDocs(store, ['x1', 'x2', 'x3', 'x4']);
      const first = await store.list({ limit: 2 });
      expect(first.docs.map((doc) => doc.name)).toEqual(['x1', 'x2']);
      const second = await store.list({ limit: 2, cursor: first.nextCursor });
      expect(second).toMatchObject({ nextCursor: null });
      expect(second.docs.map((doc) => doc.name)).toEqual(['x3', 'x4']);
    });

    it('continues after the cursor even when docs change between pages', async () => {
      const { store } = getFixture();
      await createDocs(store, ['k1', 'k2', 'k3', 'k4', 'k5']);
      const first = await store.list({ limit: 2 });
      await store.delete('k2');
      await createDocs(store, ['k0', 'k21']);
      const rest = await store.list({ limit: 10, cursor: first.nextCursor });
      expect(rest.docs.map((doc) => doc.name)).toEqual(['k21', 'k3', 'k4', 'k5']);
    });

    it('omits deleted docs', async () => {
      const { store } = getFixture();
      await createDocs(store, ['keep', 'drop']);
      await store.delete('drop');
      expect((await store.list()).docs.map((doc) => doc.name)).toEqual(['keep']);
    });

    it('rejects an invalid limit or cursor', async () => {
      const { store } = getFixture();
      for (const limit of [0, -1, 1.5, 1001, Number.NaN]) {
        await expect(store.list({ limit }), `limit ${limit}`).rejects.toThrow(/limit/);
      }
      await expect(store.list({ cursor: '%%%not-a-cursor' })).rejects.toThrow(/cursor/);
    });
  });
}
