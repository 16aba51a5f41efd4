import { cpSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLevelStore, type DocumentStore } from '@tandem/persistence';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from './logger.js';
import { CloseCode } from '@tandem/protocol';
import { applyDelayMs, applyWaitCapMs, Room, type RoomPeer } from './room.js';

const emptyStateVector = Y.encodeStateVector(new Y.Doc());
const isSyncStep1 = (message: Uint8Array): boolean => message[0] === 0 && message[1] === 0;

let dir: string;
let store: DocumentStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tandem-room-'));
  store = await createLevelStore({ dir });
  const doc = new Y.Doc();
  doc.getText('text').insert(0, 'stored before the restart');
  await store.append('essay', [Y.encodeStateAsUpdate(doc)]);
});

afterEach(async () => {
  vi.useRealTimers();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** A cold room (its stored updates not applied yet) and one early joiner that records what it gets. */
async function coldRoomWithJoiner() {
  const loaded = await store.loadUpdates('essay');
  const room = new Room({
    name: 'essay',
    loaded,
    store,
    logger: createLogger('silent'),
    hooks: { onStored: () => {}, onConnectionsChanged: () => {}, onWritesSettled: () => {}, onFailed: () => {} },
  });
  const sent: Uint8Array[] = [];
  const peer: RoomPeer & { bufferedBytes: number } = {
    id: 'early',
    awarenessClients: new Set(),
    bufferedBytes: 0,
    send: (message) => sent.push(message),
    close: () => {},
    rejectUpdate: () => {},
  };
  vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate', 'performance'] });
  room.join(peer);
  const replies = room.syncStep2For(emptyStateVector);
  for (const reply of replies) peer.send(reply);
  return { room, peer, sent };
}

describe('Room, cold load', () => {
  it('answers an early joiner from the stored bytes, and applies them only after its replies have left the process', async () => {
    const { room, peer, sent } = await coldRoomWithJoiner();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.some(isSyncStep1)).toBe(false);
    // The replies are still queued in the process: the room waits past its delay.
    peer.bufferedBytes = 64 * 1024;
    await vi.advanceTimersByTimeAsync(applyDelayMs + 300);
    expect(sent.some(isSyncStep1)).toBe(false);
    // Flushed: the room applies and sends our step 1 (it needs the applied doc's state vector).
    peer.bufferedBytes = 0;
    await vi.advanceTimersByTimeAsync(10);
    expect(sent.filter(isSyncStep1)).toHaveLength(1);
    expect(room.doc.getText('text').toString()).toBe('stored before the restart');
    room.destroy();
  });

  it('applies anyway after applyWaitCapMs when a joiner does not read', async () => {
    const { room, peer, sent } = await coldRoomWithJoiner();
    peer.bufferedBytes = 64 * 1024;
    await vi.advanceTimersByTimeAsync(applyDelayMs + applyWaitCapMs + 10);
    expect(sent.filter(isSyncStep1)).toHaveLength(1);
    room.destroy();
  });

  it('applies at once when something needs the doc before the delay is over', async () => {
    const { room, sent } = await coldRoomWithJoiner();
    expect(room.doc.getText('text').toString()).toBe('stored before the restart');
    expect(sent.filter(isSyncStep1)).toHaveLength(1);
    room.destroy();
  });
});

describe('Room, relay', () => {
  const isUpdate = (message: Uint8Array): boolean => message[0] === 0 && message[1] === 2;
  /** A peer that hands what it is sent to `send` and records the close codes it gets. */
  const testPeer = (id: string, send: (message: Uint8Array) => void, closes: number[] = []): RoomPeer => ({
    id,
    bufferedBytes: 0,
    awarenessClients: new Set(),
    send,
    close: (code) => closes.push(code.code),
    rejectUpdate: () => {},
  });
  /** `writer` sends one insert at the start of the room's text. */
  const typeInto = (room: Room, writer: RoomPeer, text: string): void => {
    const source = new Y.Doc();
    Y.applyUpdate(source, Y.encodeStateAsUpdate(room.doc));
    const before = Y.encodeStateVector(source);
    source.getText('text').insert(0, text);
    room.applyUpdate(writer, Y.encodeStateAsUpdate(source, before));
  };

  it('an update is in the store when a peer gets it: a copy of the data dir taken at that moment has it', async () => {
    const room = new Room({
      name: 'essay',
      loaded: await store.loadUpdates('essay'),
      store,
      logger: createLogger('silent'),
      hooks: { onStored: () => {}, onConnectionsChanged: () => {}, onWritesSettled: () => {}, onFailed: () => {} },
    });
    const copies: string[] = [];
    const writer = testPeer('writer', () => {});
    // What a SIGKILL the moment the relay leaves would leave behind.
    const reader = testPeer('reader', (message) => {
      if (!isUpdate(message)) return;
      const copy = `${dir}-copy-${copies.length}`;
      cpSync(dir, copy, { recursive: true });
      copies.push(copy);
    });
    room.join(writer);
    room.join(reader);
    typeInto(room, writer, 'relayed: ');
    await room.whenDurable();
    await vi.waitFor(() => expect(copies).toHaveLength(1));
    const recovered = await createLevelStore({ dir: copies[0] as string });
    try {
      const loaded = await recovered.load('essay');
      const doc = new Y.Doc();
      Y.applyUpdate(doc, loaded?.update ?? new Uint8Array());
      expect(doc.getText('text').toString()).toBe('relayed: stored before the restart');
    } finally {
      await recovered.close();
      for (const copy of copies) await rm(copy, { recursive: true, force: true });
      room.destroy();
    }
  });

  it('a send that throws resets the room as a relay failure: the update stays stored, no write error', async () => {
    const failed: string[] = [];
    const logged: string[] = [];
    const logger = createLogger('error');
    vi.spyOn(logger, 'error').mockImplementation(((_fields: unknown, message: string) => {
      logged.push(message);
    }) as typeof logger.error);
    const room = new Room({
      name: 'essay',
      loaded: await store.loadUpdates('essay'),
      store,
      logger,
      hooks: { onStored: () => {}, onConnectionsChanged: () => {}, onWritesSettled: () => {}, onFailed: () => failed.push('room') },
    });
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
    typeInto(room, writer, 'kept: ');
    // Stored, so its waiters go on; the room is reset for everyone.
    await room.whenDurable();
    await vi.waitFor(() => expect(failed).toEqual(['room']));
    expect(closes).toEqual([CloseCode.InternalError.code, CloseCode.InternalError.code]);
    expect(logged).toEqual(['relaying stored updates failed (they are stored); closing the room so clients resync']);
    const loaded = await store.load('essay');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, loaded?.update ?? new Uint8Array());
    expect(doc.getText('text').toString()).toBe('kept: stored before the restart');
    room.destroy();
  });

  it('a store that fails after calling onDurable resets the room as after-store: the update stays stored and relayed', async () => {
    const failed: string[] = [];
    const logged: Array<{ message: string; updates: unknown }> = [];
    const logger = createLogger('error');
    vi.spyOn(logger, 'error').mockImplementation(((fields: { updates?: unknown }, message: string) => {
      logged.push({ message, updates: fields.updates });
    }) as typeof logger.error);
    // The real store stores the batch (and calls onDurable), then its append rejects anyway.
    const lateFailing: DocumentStore = {
      ...store,
      append: async (name, updates, options) => {
        await store.append(name, updates, options);
        throw new Error('bookkeeping after the write broke');
      },
    };
    const room = new Room({
      name: 'essay',
      loaded: await store.loadUpdates('essay'),
      store: lateFailing,
      logger,
      hooks: { onStored: () => {}, onConnectionsChanged: () => {}, onWritesSettled: () => {}, onFailed: () => failed.push('room') },
    });
    const closes: number[] = [];
    const relayed: Uint8Array[] = [];
    const writer = testPeer('writer', () => {}, closes);
    const reader = testPeer('reader', (message) => (isUpdate(message) ? relayed.push(message) : undefined), closes);
    room.join(writer);
    room.join(reader);
    typeInto(room, writer, 'kept: ');
    await vi.waitFor(() => expect(failed).toEqual(['room']));
    expect(relayed).toHaveLength(1);
    // Nothing queued behind the stored batch: nobody is told to resend, everyone resyncs.
    expect(logged).toEqual([
      {
        message:
          'the store failed after reporting updates stored (those are stored and relayed; the listed ones queued behind them are not); closing the room so clients resend',
        updates: 0,
      },
    ]);
    expect(closes).toEqual([CloseCode.RoomReset.code, CloseCode.RoomReset.code]);
    const loaded = await store.load('essay');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, loaded?.update ?? new Uint8Array());
    expect(doc.getText('text').toString()).toBe('kept: stored before the restart');
    room.destroy();
  });
});
