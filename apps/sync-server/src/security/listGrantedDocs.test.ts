import { createMemoryStore, type DocumentStore } from '@tandem/persistence';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCursorSeal } from './cursorSeal.js';
import { InvalidListCursor, listGrantedDocs } from './listGrantedDocs.js';

async function storeWith(names: readonly string[]): Promise<DocumentStore> {
  const store = createMemoryStore();
  const doc = new Y.Doc();
  doc.getText('text').insert(0, 'x');
  const update = Y.encodeStateAsUpdate(doc);
  for (const name of names) await store.append(name, [update]);
  return store;
}

const others = Array.from({ length: 250 }, (_, i) => `other-${String(i).padStart(3, '0')}`);
const granted = ['a-1', 'other-050x', 'other-199x', 'z-1'];
const canRead = (name: string) => granted.includes(name);

async function pageThrough(store: DocumentStore, limit: number, scanBudget: number) {
  const seal = createCursorSeal();
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page = await listGrantedDocs(store, { cursor, limit, canRead, seal, scanBudget });
    pages.push(page.docs.map((doc) => doc.name));
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < 1000);
  return pages;
}

describe('listGrantedDocs', () => {
  it('finds every granted doc exactly once, at any page size, also when pages end mid-scan', async () => {
    const store = await storeWith([...others, ...granted]);
    for (const limit of [1, 2, 3, 100]) {
      const pages = await pageThrough(store, limit, 10_000);
      expect(pages.flat()).toEqual(granted);
      expect(pages.every((page) => page.length === limit || page === pages[pages.length - 1])).toBe(true);
    }
  });

  it('stops after its scan budget with a sealed cursor that continues where it stopped', async () => {
    const store = await storeWith([...others, ...granted]);
    const pages = await pageThrough(store, 10, 40);
    expect(pages.flat()).toEqual(granted);
    // 254 docs, 40 per request at most: some pages hold nothing, yet the listing goes on.
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(254 / 40));
    expect(pages.filter((page) => page.length === 0).length).toBeGreaterThan(0);
  });

  it('refuses a cursor it did not seal, and one sealed by another process', async () => {
    const store = await storeWith([...others, ...granted]);
    const seal = createCursorSeal();
    const made = Buffer.from('other-100', 'utf8').toString('base64url');
    await expect(listGrantedDocs(store, { cursor: made, limit: 1, canRead, seal })).rejects.toThrow(InvalidListCursor);
    const first = await listGrantedDocs(store, { cursor: null, limit: 1, canRead, seal: createCursorSeal() });
    expect(first.nextCursor).not.toBeNull();
    await expect(listGrantedDocs(store, { cursor: first.nextCursor, limit: 1, canRead, seal })).rejects.toThrow(InvalidListCursor);
    const sealed = (await listGrantedDocs(store, { cursor: null, limit: 1, canRead, seal })).nextCursor as string;
    const flipped = `${sealed.slice(0, 20)}${sealed[20] === 'A' ? 'B' : 'A'}${sealed.slice(21)}`;
    expect((await listGrantedDocs(store, { cursor: sealed, limit: 1, canRead, seal })).docs).toHaveLength(1);
    await expect(listGrantedDocs(store, { cursor: flipped, limit: 1, canRead, seal })).rejects.toThrow(InvalidListCursor);
  });
});
