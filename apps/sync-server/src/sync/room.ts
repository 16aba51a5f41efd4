import type { DocumentStore } from '@tandem/persistence';
import { CloseCode, DocSchema, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from '@tandem/protocol';
import * as Y from 'yjs';
import { ExpiringValue } from '../expiringValue.js';
import type { Logger } from '../logger.js';
import { applyPeerUpdates, type Change } from './applyPeerUpdates.js';
import { RoomAwareness } from './roomAwareness.js';
import type { RoomHooks, RoomOptions, RoomPeer } from './roomHooks.js';
import { isEmptyUpdate, type StoredState, storedState } from './storedState.js';

export type { AppendedBatch, RoomHooks, RoomOptions, RoomPeer } from './roomHooks.js';

/** What a closed room answers for updates it will not store (handled, so it is never unhandled). */
const closedRoom: Promise<void> = Promise.reject(new Error('the room is closed; the update was not stored'));
closedRoom.catch(() => {});

/** Origin of the transaction that applies the stored updates: nothing in it is stored or relayed. */
const storedOrigin = Symbol('stored updates');
/** Origin of updates another process stored: relayed to every connection, never stored again. */
const replicatedOrigin = Symbol('replicated updates');

/**
 * One loaded document: its Y.Doc, awareness and connections, and the path of an edit.
 *
 * Invariant ("relayed implies stored"): nothing of the doc reaches another connection before the
 * store holds it. The updates of one socket read are applied to the Y.Doc in one transaction (that
 * tells what really changed), appended to the store as one batch with their author, and relayed
 * once the append settles; the sender's durable acks wait for the same append. If an append
 * fails, the doc is ahead of the store: the room closes every connection and is dropped, so the
 * next load starts from what is really stored and the clients' reconnect resends what is missing.
 *
 * Cold load: the stored updates are decoded at load (a store error if they cannot be) but applied
 * only when something needs the doc (a client update, a client holding part of it); until then a
 * client with nothing gets them as they are, so readers of a large document never wait for an apply.
 */
export class Room {
  readonly name: string;
  readonly connections = new Set<RoomPeer>();
  readonly awareness: RoomAwareness;
  /** Byte length of the stored updates the doc was loaded from (0 for a new doc). */
  readonly loadedBytes: number;
  /** Sequence number of the last update the doc was loaded with (0 for a new doc). */
  readonly loadedSeq: number;
  private readonly ydoc: Y.Doc;
  /** The stored updates while they are not applied to `ydoc` yet, and what is answered from them. */
  private cold: { updates: readonly Uint8Array[]; state: StoredState } | null = null;
  private readonly store: DocumentStore;
  private readonly logger: Logger;
  private readonly hooks: RoomHooks;
  /** Settles once everything applied so far is stored; rejects once a write failed. */
  private lastWrite: Promise<void> = Promise.resolve();
  private writesInFlight = 0;
  /** Collects the doc's update events while a peer's updates are applied. */
  private collecting: Change[] | null = null;
  private titleChanged = false;
  private failed = false;
  private destroyed = false;
  /** The whole doc as a sync step 2, shared by the joiners of a burst, dropped 0.5 s after its last use. */
  private readonly fullState = new ExpiringValue<Uint8Array>(500);
  private stepOneMessage: Uint8Array | null = null;

  /** Reads the stored updates; throws a StoreError naming the doc if they cannot be read. */
  constructor(options: RoomOptions) {
    this.name = options.name;
    this.store = options.store;
    this.logger = options.logger;
    this.hooks = options.hooks;
    const stored = options.loaded?.updates ?? [];
    this.loadedBytes = stored.reduce((total, update) => total + update.byteLength, 0);
    this.loadedSeq = options.loaded?.meta.seq ?? 0;
    if (stored.length > 0) this.cold = { updates: stored, state: storedState(this.name, stored) };
    this.ydoc = new Y.Doc({ gc: true });
    this.ydoc.getText(DocSchema.title).observe((_event, transaction) => {
      if (transaction.origin !== storedOrigin && transaction.origin !== replicatedOrigin) this.titleChanged = true;
    });
    this.ydoc.on('update', this.onDocUpdate);
    this.awareness = new RoomAwareness(this.ydoc, {
      broadcast: (message) => {
        for (const connection of this.connections) connection.send(message);
      },
      ...(this.hooks.onLocalAwareness === undefined ? {} : { onLocalUpdate: (update) => this.hooks.onLocalAwareness?.(this, update) }),
    });
  }

  /** The document, with every stored update applied. */
  get doc(): Y.Doc {
    this.applyStored();
    return this.ydoc;
  }

  /** No write in flight. */
  get writesSettled(): boolean {
    return this.writesInFlight === 0;
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Adds a connection and opens the y-websocket handshake: our sync step 1, then known awareness. */
  join(peer: RoomPeer): void {
    this.connections.add(peer);
    this.stepOneMessage ??= encodeSyncStep1(this.cold?.state.stateVector ?? Y.encodeStateVector(this.ydoc));
    peer.send(this.stepOneMessage);
    const states = this.awareness.message();
    if (states !== null) peer.send(states);
    this.hooks.onConnectionsChanged(this);
  }

  /** Removes a connection and, at once, the awareness states it announced. */
  leave(peer: RoomPeer): void {
    if (!this.connections.delete(peer)) return;
    if (!this.destroyed) this.awareness.removePeer(peer);
    this.hooks.onConnectionsChanged(this);
  }

  /**
   * The updates of one socket read from `peer`: applied in one transaction, stored as one batch,
   * then relayed to every other connection. Resolves once they are stored (rejects if that failed:
   * the room has then closed every connection).
   */
  receiveUpdates(peer: RoomPeer, updates: readonly Uint8Array[]): Promise<void> {
    // A client's sync step 2 that brings nothing (an empty update) must not make a cold room apply.
    const meaningful = updates.filter((update) => !isEmptyUpdate(update));
    if (meaningful.length === 0) return this.lastWrite;
    // A failed or destroyed room stores nothing more: what arrives now is never reported stored.
    if (this.failed || this.destroyed || !this.applyStored()) return closedRoom;
    const changes = this.apply(peer, meaningful);
    if (changes.length === 0) return this.lastWrite;
    const title = this.titleChanged ? this.ydoc.getText(DocSchema.title).toString() : undefined;
    this.titleChanged = false;
    this.writesInFlight++;
    const batch = changes.map((change) => change.update);
    const write = this.store
      .append(this.name, batch, { ...(peer.author === null ? {} : { author: peer.author }), ...(title === undefined ? {} : { title }) })
      .then((stored) => {
        this.hooks.onAppended?.(this, { firstSeq: stored.firstSeq, seq: stored.seq, updates: batch });
        this.relay(peer, changes);
      })
      .catch((error: unknown) => {
        this.fail(error, peer);
        throw error;
      })
      .finally(() => {
        if (--this.writesInFlight === 0) this.hooks.onWritesSettled(this);
      });
    // Waiters get the rejection; the room handles the failure itself.
    write.catch(() => {});
    this.lastWrite = write;
    return write;
  }

  /**
   * Updates another process has already stored (a cluster's replication): applied to the doc and
   * what is new in them relayed to every connection; never stored again. False if the room is
   * failed or destroyed (nothing applied).
   */
  applyReplicated(updates: readonly Uint8Array[]): boolean {
    if (this.failed || this.destroyed || !this.applyStored()) return false;
    const changes: Change[] = [];
    this.collecting = changes;
    try {
      this.ydoc.transact(() => {
        for (const update of updates) Y.applyUpdate(this.ydoc, update, replicatedOrigin);
      }, replicatedOrigin);
    } finally {
      this.collecting = null;
    }
    for (const change of changes) {
      const message = encodeSyncUpdate(change.update);
      for (const connection of this.connections) connection.send(message);
    }
    return true;
  }

  /** The presence of this room's own connections as one awareness update, or null when they have none. */
  localAwareness(): Uint8Array | null {
    const clients: number[] = [];
    for (const connection of this.connections) clients.push(...connection.awarenessClients);
    return this.awareness.encode(clients);
  }

  /** Resolves when everything applied so far is stored (rejects if that write failed). */
  whenDurable(): Promise<void> {
    return this.lastWrite;
  }

  /**
   * The messages answering a client's sync step 1, the last one a sync step 2 (send them only after
   * `whenDurable()`); none if the stored updates turned out unreadable (the room is then closed).
   */
  syncStep2For(stateVector: Uint8Array): readonly Uint8Array[] {
    const hasNothing = stateVector.length === 1 && stateVector[0] === 0;
    if (hasNothing && this.cold !== null) return this.cold.state.messages;
    if (!this.applyStored()) return [];
    if (hasNothing) return [this.fullState.get(() => encodeSyncStep2(Y.encodeStateAsUpdate(this.ydoc)))];
    return [encodeSyncStep2(Y.encodeStateAsUpdate(this.ydoc, stateVector))];
  }

  /**
   * Applies the stored updates if that has not happened yet. False if they could not be applied:
   * the room has then closed every connection (4503) and is dropped.
   */
  private applyStored(): boolean {
    const cold = this.cold;
    if (cold === null) return !this.failed;
    this.cold = null;
    try {
      this.ydoc.transact(() => {
        for (const update of cold.updates) Y.applyUpdate(this.ydoc, update);
      }, storedOrigin);
    } catch (error) {
      this.failed = true;
      this.logger.error({ err: error, doc: this.name }, 'the stored updates cannot be applied (corrupt data), closing the room');
      for (const connection of [...this.connections]) connection.close(CloseCode.StorageUnavailable);
      this.hooks.onFailed(this);
      return false;
    }
    return true;
  }

  /** Releases the doc and awareness. Only call when no connection and no write is left. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.fullState.clear();
    this.cold = null;
    this.ydoc.off('update', this.onDocUpdate);
    this.awareness.destroy();
    this.ydoc.destroy();
  }

  /** Applies one peer's updates in one transaction; what changed, in order (empty if nothing did). */
  private apply(peer: RoomPeer, updates: readonly Uint8Array[]): Change[] {
    const changes: Change[] = [];
    this.collecting = changes;
    try {
      applyPeerUpdates(this.ydoc, peer, updates, changes);
    } finally {
      this.collecting = null;
    }
    return changes;
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.fullState.clear();
    this.stepOneMessage = null;
    if (origin === storedOrigin) return;
    if (this.collecting === null) throw new Error(`room ${this.name}: the doc changed outside a client update`);
    this.collecting.push({ update, relay: true });
  };

  /** Broadcasts stored changes: each encoded once, sent to every connection but the sender. */
  private relay(sender: RoomPeer, changes: readonly Change[]): void {
    if (this.destroyed) return;
    for (const change of changes) {
      if (!change.relay) continue;
      const message = encodeSyncUpdate(change.update);
      for (const connection of this.connections) if (connection !== sender) connection.send(message);
    }
    this.hooks.onStored(this);
  }

  /**
   * The one failure path: an append failed (or relaying what it stored threw). Nothing of the
   * failed batch was relayed; every connection is closed (the sender with StorageWriteFailed, the
   * others with RoomReset), the room is dropped, and the clients' reconnect resends what is missing.
   */
  private fail(error: unknown, sender: RoomPeer): void {
    if (this.failed) return;
    this.failed = true;
    this.logger.error(
      { err: error, doc: this.name, sender: sender.id },
      'storing (or relaying) updates failed; nothing unstored was relayed, closing the room so clients resend',
    );
    for (const connection of [...this.connections]) {
      connection.close(connection === sender ? CloseCode.StorageWriteFailed : CloseCode.RoomReset);
    }
    this.hooks.onFailed(this);
  }
}
