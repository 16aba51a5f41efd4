import { cpSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLevelStore, createMemoryStore, type DocumentStore, StoreError } from '@tandem/persistence';
import { CloseCode, decodeMessage } from '@tandem/protocol';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger.js';
import { Room, type RoomHooks, type RoomPeer } from './room.js';

const isUpdate = (message: Uint8Array): boolean => message[0] === 0 && message[1] === 2;
const quietHooks = (overrides: Partial<RoomHooks> = {}): RoomHooks => ({
  onStored: () => {},
  onConnectionsChanged: () => {},
  onWritesSettled: () => {},
  onFailed: () => {},
  ...overrides,
});

/** A peer that hands what it is sent to `send` and records the close codes it gets. */
function testPeer(
  id: string,
  send: (message: Uint8Array) => void = () => {},
  closes: number[] = [],
  author: string | null = null,
): RoomPeer {
  return { id, author, awarenessClients: new Set(), send, close: (code) => closes.push(code.code), rejectUpdate: () => {} };
}

async function openRoom(
  store: DocumentStore,
  name = 'essay',
  hooks: Partial<RoomHooks> = {},
  logger = createLogger('silent'),
): Promise<Room> {
  return new Room({ name, loaded: await store.loadUpdates(name), store, logger, hooks: quietHooks(hooks) });
}

/** What `text` typed at the start of the room's text by a client holding the room's doc sends. */
function insertion(room: Room, text: string): Uint8Array {
  const source = new Y.Doc();
  Y.applyUpdate(source, Y.encodeStateAsUpdate(room.doc));
  const before = Y.encodeStateVector(source);
  source.getText('text').insert(0, text);
  return Y.encodeStateAsUpdate(source, before);
}

async function seeded(store: DocumentStore): Promise<DocumentStore> {
  const doc = new Y.Doc();
  doc.getText('text').insert(0, 'stored before the restart');
  await store.append('essay', [Y.encodeStateAsUpdate(doc)]);
  return store;
}

describe('Room', () => {
  it('loads the stored document; unreadable stored updates are a store error naming the doc', async () => {
    const room = await openRoom(await seeded(createMemoryStore()));
    expect(room.doc.getText('text').toString()).toBe('stored before the restart');
    room.destroy();
    const broken = createMemoryStore();
    await broken.append('essay', [Uint8Array.of(9, 9, 9, 9)]);
    await expect(openRoom(broken)).rejects.toThrow(StoreError);
    await expect(openRoom(broken)).rejects.toThrow(/essay/);
  });

  it('answers a client with nothing from the stored updates, and applies them only when a write needs the doc', async () => {
    const store = await seeded(createMemoryStore());
    const source = new Y.Doc();
    source.getText('text').insert(0, 'more');
    await store.append('essay', [Y.encodeStateAsUpdate(source)]);
    const room = await openRoom(store);
    const sent: Uint8Array[] = [];
    const reader = testPeer('reader', (message) => sent.push(message));
    room.join(reader);
    const replies = room.syncStep2For(Y.encodeStateVector(new Y.Doc()));
    // The base as an update, the newer part as the step 2: the client ends up with the whole doc.
    expect(replies.map((reply) => reply[1])).toEqual([2, 1]);
    const client = new Y.Doc();
    for (const reply of replies) {
      const message = decodeMessage(reply);
      if (message.kind === 'syncUpdate' || message.kind === 'syncStep2') Y.applyUpdate(client, message.update);
    }
    expect(client.getText('text').toString()).toContain('stored before the restart');
    expect(client.getText('text').toString()).toContain('more');
    expect(client.store.pendingStructs).toBeNull();
    // Our step 1 (sent on join) carries the stored state vector, read without applying.
    expect(sent[0]?.[1]).toBe(0);
    // The client's answer to it brings nothing: the room stays cold (still answers from the stored updates).
    await room.receiveUpdates(reader, [Y.encodeStateAsUpdate(new Y.Doc())]);
    expect(room.syncStep2For(Y.encodeStateVector(new Y.Doc()))).toHaveLength(2);
    expect(room.writesSettled).toBe(true);
    await room.receiveUpdates(testPeer('writer'), [insertion(room, 'x')]);
    expect(room.doc.getText('text').toString()).toContain('stored before the restart');
    room.destroy();
  });

  it('stores the updates of one read as one batch with its author, then relays them once, never to the sender', async () => {
    const store = await seeded(createMemoryStore());
    const room = await openRoom(store);
    const toWriter: Uint8Array[] = [];
    const toReader: Uint8Array[] = [];
    const writer = testPeer('writer', (message) => toWriter.push(message), [], 'ada');
    const reader = testPeer('reader', (message) => toReader.push(message));
    room.join(writer);
    room.join(reader);
    const before = (await store.getMeta('essay'))?.seq ?? 0;
    // Two keystrokes of one client, arriving in one socket read.
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
    const keystrokes: Uint8Array[] = [];
    client.on('update', (update: Uint8Array) => keystrokes.push(update));
    client.getText('text').insert(0, 'one ');
    client.getText('text').insert(0, 'two ');
    const durable = room.receiveUpdates(writer, keystrokes);
    expect(toReader.filter(isUpdate)).toHaveLength(0); // not before it is stored
    await durable;
    const batches = (await store.readAfter('essay', before)) ?? [];
    expect(batches.map((batch) => batch.authors)).toEqual([['ada']]);
    expect(toReader.filter(isUpdate)).toHaveLength(1);
    expect(toWriter.filter(isUpdate)).toHaveLength(0);
    expect(room.doc.getText('text').toString()).toBe('two one stored before the restart');
    room.destroy();
  });

  it('an update is in the store when a peer gets it: a copy of the data dir taken at that moment has it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-room-'));
    const store = await seeded(await createLevelStore({ dir }));
    const room = await openRoom(store);
    const copies: string[] = [];
    const writer = testPeer('writer');
    // What a SIGKILL the moment the relay leaves would leave behind.
    const reader = testPeer('reader', (message) => {
      if (!isUpdate(message)) return;
      const copy = `${dir}-copy-${copies.length}`;
      cpSync(dir, copy, { recursive: true });
      copies.push(copy);
    });
    room.join(writer);
    room.join(reader);
    await room.receiveUpdates(writer, [insertion(room, 'relayed: ')]);
    expect(copies).toHaveLength(1);
    const recovered = await createLevelStore({ dir: copies[0] as string });
    try {
      const loaded = await recovered.load('essay');
      const doc = new Y.Doc();
      Y.applyUpdate(doc, loaded?.update ?? new Uint8Array());
      expect(doc.getText('text').toString()).toBe('relayed: stored before the restart');
    } finally {
      room.destroy();
      await recovered.close();
      await store.close();
      for (const path of [dir, ...copies]) await rm(path, { recursive: true, force: true });
    }
  });

  it('a failed append relays nothing, closes the sender with 4500 and the others with RoomReset, and drops the room', async () => {
    const store = await seeded(createMemoryStore());
    const failing: DocumentStore = { ...store, append: () => Promise.reject(new StoreError('disk full', { docName: 'essay' })) };
    const failed: string[] = [];
    const room = await openRoom(failing, 'essay', { onFailed: () => failed.push('room') });
    const closes: number[] = [];
    const relayed: Uint8Array[] = [];
    const writer = testPeer('writer', () => {}, closes);
    const reader = testPeer('reader', (message) => (isUpdate(message) ? relayed.push(message) : undefined), closes);
    room.join(writer);
    room.join(reader);
    await expect(room.receiveUpdates(writer, [insertion(room, 'lost ')])).rejects.toThrow(/disk full/);
    expect(relayed).toEqual([]);
    expect(failed).toEqual(['room']);
    expect(closes).toEqual([CloseCode.StorageWriteFailed.code, CloseCode.RoomReset.code]);
    await expect(room.whenDurable()).rejects.toThrow(/disk full/);
    // What arrives after the failure is never reported stored.
    await expect(room.receiveUpdates(writer, [insertion(room, 'late ')])).rejects.toThrow(/not stored/);
    room.destroy();
  });

  it('a send that throws while relaying resets the room; the update stays stored', async () => {
    const store = await seeded(createMemoryStore());
    const failed: string[] = [];
    const logger = createLogger('silent');
    const room = await openRoom(store, 'essay', { onFailed: () => failed.push('room') }, logger);
    const closes: number[] = [];
    const writer = testPeer('writer', () => {}, closes);
    const broken = testPeer(
      'broken',
      (message) => {
        if (isUpdate(message)) throw new Error('socket state broke');
      },
      closes,
    );
    room.join(writer);
    room.join(broken);
    await expect(room.receiveUpdates(writer, [insertion(room, 'kept: ')])).rejects.toThrow(/socket state broke/);
    expect(failed).toEqual(['room']);
    expect(closes).toHaveLength(2);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await store.load('essay'))?.update ?? new Uint8Array());
    expect(doc.getText('text').toString()).toBe('kept: stored before the restart');
    room.destroy();
  });

  it('tells the room when its last write settled, and answers a sync step 1 with what it holds', async () => {
    const store = await seeded(createMemoryStore());
    const settled = vi.fn();
    const room = await openRoom(store, 'essay', { onWritesSettled: settled });
    const writer = testPeer('writer');
    room.join(writer);
    const written = room.receiveUpdates(writer, [insertion(room, 'new ')]);
    expect(room.writesSettled).toBe(false);
    await written;
    await vi.waitFor(() => expect(settled).toHaveBeenCalledTimes(1));
    expect(room.writesSettled).toBe(true);
    const [reply] = room.syncStep2For(Y.encodeStateVector(new Y.Doc()));
    expect(reply?.[0]).toBe(0);
    expect(reply?.[1]).toBe(1);
    room.destroy();
  });
});
