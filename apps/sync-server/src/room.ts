import type { DocumentStore, StoredUpdates } from '@tandem/persistence';
import {
  CloseCode,
  type CloseCodeValue,
  DocSchema,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from '@tandem/protocol';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { ExpiringValue } from './expiringValue.js';
import type { Logger } from './logger.js';
import { ownAwarenessEntries } from './security/awarenessOwnership.js';
import { storedStateMessages } from './storedStateMessages.js';
import { type FailedStage, WriteBatcher } from './writeBatcher.js';

/** What a room needs from a connection. */
export interface RoomPeer {
  readonly id: string;
  /** Awareness client ids this peer has announced (removed from everyone's view when it leaves). */
  readonly awarenessClients: Set<number>;
  send(message: Uint8Array): void;
  /** Bytes sent to this peer that are still queued in the process, not yet handed to the kernel. */
  readonly bufferedBytes: number;
  close(closeCode: CloseCodeValue): void;
  /** Yjs rejected an update this peer sent (it was queued, so this comes a moment later). */
  rejectUpdate(error: unknown): void;
}

interface QueuedApply {
  peer: RoomPeer;
  update: Uint8Array;
}

interface PendingUpdate {
  update: Uint8Array;
  origin: RoomPeer;
  /** False for a raw client update kept only because part of it is still pending in Yjs. */
  relay: boolean;
}

export interface RoomHooks {
  /** The store now holds this doc's latest metadata (after an append). */
  onStored: (room: Room) => void;
  /** Connections joined or left. */
  onConnectionsChanged: (room: Room) => void;
  /** No write in flight or queued any more. */
  onWritesSettled: (room: Room) => void;
  /** A write failed: the room closed every connection and must be dropped. */
  onFailed: (room: Room) => void;
}

export interface RoomOptions {
  name: string;
  /** The doc's stored updates (null for a new doc); applied to the Y.Doc on first need. */
  loaded: StoredUpdates | null;
  store: DocumentStore;
  logger: Logger;
  hooks: RoomHooks;
}

const emptyStateVector = Y.encodeStateVector(new Y.Doc());

/** The room's log line when its writes fail, by where they failed (the room then closes). */
const failureMessages: Readonly<Record<FailedStage, string>> = {
  store: 'storing updates failed; nothing of them was relayed, closing the room so clients resend',
  relay: 'relaying stored updates failed (they are stored); closing the room so clients resync',
  'after-store':
    'the store failed after reporting updates stored (those are stored and relayed; the listed ones queued behind them are not); closing the room so clients resend',
};

/**
 * A cold room applies its stored updates this long after the first early joiner's reply, not at
 * once: the joiner decodes the same bytes meanwhile (60-90 ms for the 300 KB trace doc in a fresh
 * client), and where client and server share the cores, the apply would take CPU from it.
 */
export const applyDelayMs = 200;
/** How long a cold room waits for its early joiners' replies to leave before it applies anyway. */
export const applyWaitCapMs = 1000;
/** How often it looks again meanwhile. */
const applyPollMs = 2;

/** Origin of the transaction that applies the stored updates: nothing in it is stored or relayed. */
const storedOrigin = Symbol('stored updates');

function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === emptyStateVector.length && stateVector[0] === emptyStateVector[0];
}

/**
 * One loaded document: its Y.Doc, its awareness, its connections and its write batcher.
 *
 * Invariant ("relayed implies stored"): nothing of the doc reaches another connection before it is
 * in the store. Client updates are applied to the Y.Doc at once (that computes what actually
 * changed), appended to the store in batches (all frames of one socket read, as one journal
 * write; while a write is in flight the next batch fills), and broadcast only once the append is
 * durable (the store's `onDurable`, called right after its journal write). Sync step 2 answers
 * are computed from the doc, then sent once everything applied before them is stored. If an
 * append fails, the doc is ahead of the store: the room closes all its connections and is
 * dropped, so the next load starts from what is really stored and the clients' reconnect resends
 * whatever is missing.
 *
 * Cold load: the stored updates are applied to the Y.Doc on first need, not at construction. A
 * client with nothing (empty state vector) that joins before then gets the stored updates as they
 * are (`storedStateMessages`), and the doc is applied right after its reply went out, so the
 * client decodes while the server applies; anything that needs the doc (a client update, a
 * client with a state vector, a limit check through `doc`) applies it first. Our sync step 1,
 * which needs the doc's state vector, goes to those early joiners once it is applied.
 */
export class Room {
  readonly name: string;
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<RoomPeer>();
  /** Byte length of the stored updates the doc was loaded from (0 for a new doc). */
  readonly loadedBytes: number;
  private readonly ydoc: Y.Doc;
  /** Stored updates not applied to `ydoc` yet, and the messages made of them for early joiners. */
  private unapplied: readonly Uint8Array[] | null;
  private storedMessages: Uint8Array[] | null = null;
  private applyScheduled = false;
  /** Joined before the stored updates were applied: they get our sync step 1 once they are. */
  private readonly awaitingStepOne = new Set<RoomPeer>();
  private readonly awarenessWarned = new WeakSet<RoomPeer>();
  private readonly batcher: WriteBatcher<PendingUpdate>;
  private readonly store: DocumentStore;
  private readonly logger: Logger;
  private readonly hooks: RoomHooks;
  private titleChanged = false;
  /** The whole doc as a sync step 2, shared by joiners of a burst, dropped 0.5 s after its last use. */
  private readonly fullStateMessage = new ExpiringValue<Uint8Array>(500);
  private stepOneMessage: Uint8Array | null = null;
  private applyingFrom: RoomPeer | null = null;
  /** Client updates received in this tick, applied together by `flushApplies`. */
  private queuedApplies: QueuedApply[] = [];
  private appliesScheduled = false;
  /** Awareness clients changed in this tick, relayed together by `flushAwareness`. */
  private readonly awarenessChanged = new Set<number>();
  private awarenessScheduled = false;
  private destroyed = false;

  constructor(options: RoomOptions) {
    this.name = options.name;
    this.store = options.store;
    this.logger = options.logger;
    this.hooks = options.hooks;
    this.ydoc = new Y.Doc({ gc: true });
    const stored = options.loaded?.updates ?? [];
    this.unapplied = stored.length > 0 ? stored : null;
    this.loadedBytes = stored.reduce((total, update) => total + update.byteLength, 0);
    this.ydoc.getText(DocSchema.title).observe((_event, transaction) => {
      if (transaction.origin !== storedOrigin) this.titleChanged = true;
    });
    this.ydoc.on('update', this.onDocUpdate);
    this.awareness = new awarenessProtocol.Awareness(this.ydoc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessUpdate);
    this.batcher = new WriteBatcher<PendingUpdate>({
      write: (entries, onDurable) => this.write(entries, onDurable),
      onStored: (entries) => this.relay(entries),
      onFailed: (error, entries, stage) => this.fail(error, entries, stage),
      onIdle: () => this.hooks.onWritesSettled(this),
    });
  }

  /** No write in flight or queued. */
  get writesSettled(): boolean {
    return this.batcher.idle;
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  /** The document, with every stored update applied. */
  get doc(): Y.Doc {
    this.applyStored();
    return this.ydoc;
  }

  /**
   * Applies the stored updates if that has not happened yet. False if they could not be applied
   * (corrupt stored data): the room then closed every connection and is dropped.
   */
  private applyStored(): boolean {
    const stored = this.unapplied;
    if (stored === null) return !this.destroyed;
    this.unapplied = null;
    this.storedMessages = null;
    const started = performance.now();
    try {
      this.ydoc.transact(() => {
        for (const update of stored) Y.applyUpdate(this.ydoc, update);
      }, storedOrigin);
      this.logger.debug({ ms: Math.round(performance.now() - started), records: stored.length }, 'stored updates applied');
    } catch (error) {
      this.logger.error({ err: error, doc: this.name }, 'the stored document cannot be applied (corrupt data?), closing its connections');
      for (const connection of [...this.connections]) connection.close(CloseCode.StorageUnavailable);
      this.hooks.onFailed(this);
      return false;
    }
    if (this.awaitingStepOne.size > 0) {
      const stepOne = this.stepOne();
      for (const peer of this.awaitingStepOne) peer.send(stepOne);
      this.awaitingStepOne.clear();
    }
    return true;
  }

  /**
   * Applies the stored updates `applyDelayMs` after the replies made from them went out, and only
   * once they have left the process. Applying a large doc is one synchronous step (100-180 ms for
   * the 300 KB trace doc): a reply the kernel has not taken yet would wait for it, and the joiner
   * decoding it would compete with it for the CPU. Anything that needs the doc sooner (an update,
   * a joiner with a state vector) applies it then. Waits at most `applyWaitCapMs` for a peer
   * that does not read.
   */
  private applyStoredSoon(): void {
    if (this.applyScheduled || this.unapplied === null) return;
    this.applyScheduled = true;
    const deadline = performance.now() + applyWaitCapMs;
    const attempt = (): void => {
      if (this.destroyed || this.unapplied === null) {
        this.applyScheduled = false;
        return;
      }
      if (performance.now() < deadline && this.earlyJoinerBuffered()) {
        setTimeout(attempt, applyPollMs);
        return;
      }
      this.applyScheduled = false;
      this.applyStored();
    };
    setTimeout(attempt, applyDelayMs);
  }

  private earlyJoinerBuffered(): boolean {
    for (const peer of this.awaitingStepOne) if (peer.bufferedBytes > 0) return true;
    return false;
  }

  private stepOne(): Uint8Array {
    this.stepOneMessage ??= encodeSyncStep1(Y.encodeStateVector(this.ydoc));
    return this.stepOneMessage;
  }

  /** Adds a connection and opens the y-websocket handshake: our step 1, then known awareness. */
  join(peer: RoomPeer): void {
    this.connections.add(peer);
    if (this.unapplied === null) {
      peer.send(this.stepOne());
    } else {
      this.awaitingStepOne.add(peer);
      this.applyStoredSoon();
    }
    const message = this.awarenessMessage();
    if (message !== null) peer.send(message);
    this.hooks.onConnectionsChanged(this);
  }

  /** Removes a connection and, at once, the awareness states it announced. */
  leave(peer: RoomPeer): void {
    if (!this.connections.delete(peer)) return;
    this.awaitingStepOne.delete(peer);
    if (peer.awarenessClients.size > 0 && !this.destroyed) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessClients], peer);
    }
    this.hooks.onConnectionsChanged(this);
  }

  /**
   * Queues a client update (sync step 2 or update). Updates received in one tick are applied
   * together at its end, those of one peer in ONE transaction: one doc 'update' event, so one
   * stored record and one relayed message for a whole burst of keystrokes. `whenDurable()` covers
   * a queued update at once. If Yjs rejects it, the peer hears so through `rejectUpdate`.
   * The flush is a microtask: every frame of the socket read is handled before it (they are
   * emitted in one synchronous loop), and it skips the `nextTick` machinery (~3 µs of the path).
   */
  applyUpdate(peer: RoomPeer, update: Uint8Array): void {
    this.queuedApplies.push({ peer, update });
    this.batcher.reserve();
    if (this.appliesScheduled) return;
    this.appliesScheduled = true;
    queueMicrotask(this.flushApplies);
  }

  /** Applies every queued update now (also called before a sync step 2 is computed). */
  private readonly flushApplies = (): void => {
    this.appliesScheduled = false;
    const queued = this.queuedApplies;
    if (queued.length === 0) return;
    this.queuedApplies = [];
    if (!this.applyStored()) return;
    let from = 0;
    while (from < queued.length) {
      const peer = (queued[from] as QueuedApply).peer;
      let to = from + 1;
      while (to < queued.length && (queued[to] as QueuedApply).peer === peer) to++;
      this.applyRun(peer, queued, from, to);
      from = to;
    }
    // Stored (and relayed) now, not at the end of the turn: frames that arrived on other sockets
    // in this turn would otherwise delay these by their own decode and apply (fan-out p99).
    this.batcher.flushNow();
  };

  private applyRun(peer: RoomPeer, queued: readonly QueuedApply[], from: number, to: number): void {
    const store = this.ydoc.store;
    this.applyingFrom = peer;
    try {
      this.ydoc.transact(() => {
        for (let i = from; i < to; i++) {
          const { update } = queued[i] as QueuedApply;
          const pendingBefore = store.pendingStructs?.update ?? null;
          const pendingDsBefore = store.pendingDs;
          try {
            Y.applyUpdate(this.ydoc, update, peer);
          } catch (error) {
            // The rest of this peer's run is dropped with it; the peer is closed.
            peer.rejectUpdate(error);
            return;
          }
          const pendingAfter = store.pendingStructs?.update ?? null;
          if ((pendingAfter !== null && pendingAfter !== pendingBefore) || (store.pendingDs !== null && store.pendingDs !== pendingDsBefore)) {
            // Part of this update waits for missing dependencies, so it is not in the doc's 'update'
            // event; keep the raw update so that a restart does not lose it.
            this.batcher.enqueue({ update, origin: peer, relay: false });
          }
        }
      }, peer);
    } finally {
      this.applyingFrom = null;
    }
  }

  /** Resolves when everything applied so far is stored (rejects if that write fails). */
  whenDurable(): Promise<void> {
    return this.batcher.whenDurable();
  }

  /**
   * The messages answering a sync step 1, in order, the last one a sync step 2 (send them only
   * after `whenDurable()`). Empty if the room failed to apply its stored updates.
   */
  syncStep2For(stateVector: Uint8Array): readonly Uint8Array[] {
    if (this.unapplied !== null && isEmptyStateVector(stateVector)) {
      // A client with nothing, before the doc is applied: the stored updates as they are.
      this.storedMessages ??= storedStateMessages(this.unapplied);
      this.applyStoredSoon();
      return this.storedMessages;
    }
    this.flushApplies();
    if (!this.applyStored()) return [];
    if (!isEmptyStateVector(stateVector)) return [encodeSyncStep2(Y.encodeStateAsUpdate(this.ydoc, stateVector))];
    return [this.fullStateMessage.get(() => encodeSyncStep2(Y.encodeStateAsUpdate(this.ydoc)))];
  }

  /**
   * Applies an awareness update from a peer; the change is relayed to every connection. Entries for
   * client ids another connection introduced are dropped (no impersonating or removing others).
   */
  applyAwareness(peer: RoomPeer, update: Uint8Array): void {
    const owned = ownAwarenessEntries(update, peer.awarenessClients, (clientId) => this.heldByOther(peer, clientId));
    if (owned.dropped.length > 0) {
      // Once per connection at warn (a stock client only does this while its old socket is not gone yet).
      const level = this.awarenessWarned.has(peer) ? 'debug' : 'warn';
      this.awarenessWarned.add(peer);
      this.logger[level]({ conn: peer.id, clients: owned.dropped }, "awareness entries for another connection's client ids dropped");
    }
    if (owned.update !== null) awarenessProtocol.applyAwarenessUpdate(this.awareness, owned.update, peer);
  }

  private heldByOther(peer: RoomPeer, clientId: number): boolean {
    for (const connection of this.connections) {
      if (connection !== peer && connection.awarenessClients.has(clientId)) return true;
    }
    return false;
  }

  /** All known awareness states as one message, or null when there are none. */
  awarenessMessage(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length === 0) return null;
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  /** Releases the doc and awareness. Only call when no connection and no write is left. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.fullStateMessage.clear();
    this.unapplied = null;
    this.storedMessages = null;
    this.awaitingStepOne.clear();
    this.ydoc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.ydoc.destroy();
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.fullStateMessage.clear();
    this.stepOneMessage = null;
    if (origin === storedOrigin) return;
    const peer = this.applyingFrom;
    if (peer === null || origin !== peer) {
      throw new Error(`room ${this.name}: doc changed outside a client update (origin ${String(origin)})`);
    }
    this.batcher.enqueue({ update, origin: peer, relay: true });
  };

  private readonly onAwarenessUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const peer = this.connectionFor(origin);
    if (peer !== null) {
      for (const id of change.added) peer.awarenessClients.add(id);
      for (const id of change.updated) peer.awarenessClients.add(id);
      for (const id of change.removed) peer.awarenessClients.delete(id);
    }
    for (const id of change.added) this.awarenessChanged.add(id);
    for (const id of change.updated) this.awarenessChanged.add(id);
    for (const id of change.removed) this.awarenessChanged.add(id);
    if (this.awarenessScheduled) return;
    this.awarenessScheduled = true;
    process.nextTick(this.flushAwareness);
  };

  /**
   * Every awareness change of this tick in one message, encoded once. To everyone, the sender
   * included: stock providers drop a socket that received nothing for 30 s, and a lone client's own
   * (15 s) awareness renewal is what keeps it alive.
   */
  private readonly flushAwareness = (): void => {
    this.awarenessScheduled = false;
    if (this.destroyed || this.awarenessChanged.size === 0) return;
    const message = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awarenessChanged]));
    this.awarenessChanged.clear();
    for (const connection of this.connections) connection.send(message);
  };

  private connectionFor(origin: unknown): RoomPeer | null {
    return this.connections.has(origin as RoomPeer) ? (origin as RoomPeer) : null;
  }

  /** One store append; the store calls `onDurable` as soon as it is durable, and the relay goes from there. */
  private write(entries: readonly PendingUpdate[], onDurable: () => void): Promise<void> {
    const title = this.titleChanged ? this.ydoc.getText(DocSchema.title).toString() : undefined;
    this.titleChanged = false;
    return this.store.append(
      this.name,
      entries.map((entry) => entry.update),
      { title, onDurable },
    );
  }

  /** Broadcast stored updates: each encoded once, sent to every connection but its origin. */
  private relay(entries: readonly PendingUpdate[]): void {
    if (entries.length === 0) return;
    if (!this.destroyed) {
      for (const entry of entries) {
        if (!entry.relay) continue;
        const message = encodeSyncUpdate(entry.update);
        for (const connection of this.connections) {
          if (connection !== entry.origin) connection.send(message);
        }
      }
    }
    this.hooks.onStored(this);
  }

  /**
   * A write failed (`store`: nothing of it was relayed; its senders get StorageWriteFailed, the
   * others RoomReset) or the relay of a stored batch threw (`relay`: a bug on the send path; the
   * update is stored; everyone gets InternalError), or the store rejected a write after calling its
   * `onDurable` (`after-store`: that batch is stored and relayed; `entries` are the ones queued
   * behind it, whose senders get StorageWriteFailed). Either way the room closes every connection
   * and is dropped; clients reconnect and resync.
   */
  private fail(error: unknown, entries: readonly PendingUpdate[], stage: FailedStage): void {
    const senders = new Set(entries.map((entry) => entry.origin));
    this.logger.error(
      { err: error, doc: this.name, stage, updates: entries.length, senders: [...senders].map((s) => s.id) },
      failureMessages[stage],
    );
    for (const connection of [...this.connections]) {
      if (stage === 'relay') connection.close(CloseCode.InternalError);
      else connection.close(senders.has(connection) ? CloseCode.StorageWriteFailed : CloseCode.RoomReset);
    }
    this.hooks.onFailed(this);
  }
}
