import { createMemoryStore } from '@tandem/persistence';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Trash, TRASH_INDEX } from './trash.js';

const DAY = 86_400_000;

function state(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

const textOf = (update: Uint8Array | null) => {
  const doc = new Y.Doc();
  if (update !== null) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
};

describe('Trash', () => {
  it('keeps a deleted document restorable under a name no client can open, until its retention ends', async () => {
    const store = createMemoryStore();
    let now = 1_000;
    const trash = new Trash({ store, retentionMs: DAY, now: () => now });
    const entry = await trash.add('team/notes', state('hello'), { title: 'Notes', deletedBy: 'ada' });
    expect(entry).toMatchObject({ name: 'team/notes', title: 'Notes', deletedBy: 'ada', deletedAt: 1_000, purgeAt: 1_000 + DAY });
    expect(entry.key.startsWith(`${TRASH_INDEX}/`)).toBe(true);
    expect(textOf(await trash.content(entry))).toBe('hello');
    expect((await store.list()).docs.map((doc) => doc.name).sort()).toEqual([TRASH_INDEX, entry.key].sort());

    now += DAY - 1;
    expect(await trash.latest('team/notes')).toMatchObject({ key: entry.key });
    now += 1;
    expect(await trash.latest('team/notes')).toBeNull();
    expect(await trash.purgeExpired()).toBe(1);
    expect(await store.getMeta(entry.key)).toBeNull();
    expect(await trash.purgeExpired()).toBe(0);
  });

  it('gives the latest deletion of a name first, and forgets an entry and its content when removed', async () => {
    const store = createMemoryStore();
    let now = 1;
    const trash = new Trash({ store, retentionMs: DAY, now: () => now });
    const first = await trash.add('doc', state('first'), { title: null, deletedBy: null });
    now = 2;
    const second = await trash.add('doc', state('second'), { title: null, deletedBy: null });
    expect((await trash.entries()).map((entry) => entry.key)).toEqual([second.key, first.key]);
    expect(textOf(await trash.content((await trash.latest('doc')) as typeof second))).toBe('second');
    await trash.remove(second);
    expect(await store.getMeta(second.key)).toBeNull();
    expect(await trash.latest('doc')).toMatchObject({ key: first.key });
  });

  it('purges every deleted copy of one name at once, telling each as purged, and leaves the others', async () => {
    const store = createMemoryStore();
    const told: string[] = [];
    const trash = new Trash({ store, retentionMs: DAY, onPurged: (entry) => told.push(entry.key) });
    const first = await trash.add('doc', state('first'), { title: null, deletedBy: null });
    const second = await trash.add('doc', state('second'), { title: null, deletedBy: null });
    const other = await trash.add('other', state('other'), { title: null, deletedBy: null });
    expect((await trash.purge('doc')).map((entry) => entry.key).sort()).toEqual([first.key, second.key].sort());
    expect(told.sort()).toEqual([first.key, second.key].sort());
    expect(await store.getMeta(first.key)).toBeNull();
    expect(await store.getMeta(second.key)).toBeNull();
    expect((await trash.entries()).map((entry) => entry.key)).toEqual([other.key]);
    expect(await trash.purge('doc')).toEqual([]);
  });

  it('two processes changing the index at once lose no entry (the index is a Yjs document)', async () => {
    const store = createMemoryStore();
    const one = new Trash({ store, retentionMs: DAY });
    const two = new Trash({ store, retentionMs: DAY });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? one : two).add(`doc-${i}`, state(`${i}`), { title: null, deletedBy: null })),
    );
    expect((await one.entries()).map((entry) => entry.name).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `doc-${i}`).sort());
  });
});
