import { createLevelStore, type DocumentStore } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, connectRaw, makeTempDir, overrideStore, startServer, waitFor } from '../src/helpers/index.js';

/**
 * A doc stored the way a long editing session leaves it: a compacted base plus raw updates
 * appended since (compaction every 50 records, 136 single-keystroke appends, the last few after a compaction).
 */
async function seedCompactedDoc(dataDir: string, docName: string): Promise<{ text: string; records: number }> {
  const store = await createLevelStore({ dir: dataDir, compactAfterUpdates: 50 });
  const source = new Y.Doc();
  const updates: Uint8Array[] = [];
  source.on('update', (update: Uint8Array) => updates.push(update));
  const text = source.getText('text');
  const type = (i: number): void => {
    text.insert(i % 7 === 0 ? 0 : text.length, String.fromCharCode(97 + (i % 26)));
    if (i % 11 === 10) text.delete(3, 2);
  };
  for (let i = 0; i < 130; i++) {
    type(i);
    await store.append(docName, updates.splice(0));
  }
  await waitFor(async () => ((await store.getMeta(docName))?.updateCount ?? 999) < 50, { message: 'compaction' });
  await store.close();
  // Compaction runs in the background, so on a slow machine it may have merged every record;
  // a few keystrokes after it, through a store that does not compact, make sure there is always
  // a base plus newer records.
  const later = await createLevelStore({ dir: dataDir, compactAfterUpdates: 10_000 });
  for (let i = 130; i < 136; i++) {
    type(i);
    await later.append(docName, updates.splice(0));
  }
  const records = (await later.getMeta(docName))?.updateCount ?? 0;
  await later.close();
  return { text: text.toString(), records };
}

describe('cold load (a room answered from its stored updates before it applied them)', () => {
  it('a client with nothing gets our step 1, the compacted base, then the newer updates as sync step 2, in causal order', async () => {
    const dataDir = await makeTempDir('tandem-cold-');
    const seeded = await seedCompactedDoc(dataDir, 'essay');
    expect(seeded.records).toBeGreaterThan(1);
    const { wsUrl } = await startServer({ dataDir });

    const raw = await connectRaw(wsUrl, 'essay');
    raw.requestState();
    await raw.waitForMessage('syncStep2');
    const kinds = raw.received.map((message) => message.kind).filter((kind) => kind !== 'awareness');
    // Our step 1 on join (its state vector read from the stored updates), then the base and, last as
    // step 2, the newer updates merged: a provider that turns "synced" on step 2 has the whole doc.
    expect(kinds).toEqual(['syncStep1', 'syncUpdate', 'syncStep2']);
    const [first, second] = raw.received.filter((message) => message.kind === 'syncUpdate' || message.kind === 'syncStep2');
    if (first?.kind !== 'syncUpdate' || second?.kind !== 'syncStep2') throw new Error('expected an update, then a step 2');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, first.update);
    expect(doc.store.pendingStructs).toBeNull();
    Y.applyUpdate(doc, second.update);
    expect(doc.getText('text').toString()).toBe(seeded.text);
    expect(doc.store.pendingStructs).toBeNull();
  });

  it('a stock provider is synced only with the whole text, and its edits after a cold join are stored and relayed', async () => {
    const dataDir = await makeTempDir('tandem-cold-');
    const seeded = await seedCompactedDoc(dataDir, 'essay');
    const { wsUrl, store } = await startServer({ dataDir });

    const client = connectClient(wsUrl, 'essay');
    let textWhenSynced: string | null = null;
    client.provider.on('sync', (synced: boolean) => {
      if (synced && textWhenSynced === null) textWhenSynced = client.doc.getText('text').toString();
    });
    await client.synced();
    expect(textWhenSynced).toBe(seeded.text);

    const other = connectClient(wsUrl, 'essay');
    await other.synced();
    client.doc.getText('text').insert(0, 'NEW ');
    await waitFor(() => other.doc.getText('text').toString() === `NEW ${seeded.text}`, { message: 'the edit relayed' });
    const stored = await store.load('essay');
    const restored = new Y.Doc();
    Y.applyUpdate(restored, stored?.update ?? new Uint8Array());
    expect(restored.getText('text').toString()).toBe(`NEW ${seeded.text}`);
  });

  it('stored updates that cannot be applied close the connections of that room with 4503; the server and other docs keep working', async () => {
    const dataDir = await makeTempDir('tandem-cold-');
    const seeded = await seedCompactedDoc(dataDir, 'healthy');
    // Storage handing back bytes that are not a Yjs update (a corrupt record).
    const corrupt = (store: DocumentStore): DocumentStore =>
      overrideStore(store, {
        loadUpdates: async (name) => {
          const loaded = await store.loadUpdates(name);
          if (name !== 'broken' || loaded === null) return loaded;
          return { ...loaded, updates: [...loaded.updates, Uint8Array.of(1, 200, 7, 255, 255, 255, 3)] };
        },
      });
    const { wsUrl, store, server } = await startServer({ dataDir, wrapStore: corrupt });
    const writer = connectClient(wsUrl, 'broken');
    await writer.synced();
    writer.doc.getText('text').insert(0, 'stored before the corruption');
    await waitFor(async () => (await store.getMeta('broken')) !== null, { message: 'broken stored' });
    writer.destroy();
    await waitFor(() => server.stats().rooms === 0, { message: 'the room unloaded' });

    const raw = await connectRaw(wsUrl, 'broken');
    expect((await raw.waitForClose()).code).toBe(CloseCode.StorageUnavailable.code);
    const healthy = connectClient(wsUrl, 'healthy');
    await healthy.synced();
    expect(healthy.doc.getText('text').toString()).toBe(seeded.text);
    // The failed room was dropped, not kept half-applied.
    await waitFor(() => server.stats().rooms === 1, { message: 'only the healthy room loaded' });
  });
});
