import { encodeAwareness } from '@tandem/protocol';
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { ownAwarenessEntries } from '../security/awarenessOwnership.js';
import { restampReintroduced } from '../security/restampReintroduced.js';

/** What the room's awareness needs to know of a connection. */
export interface AwarenessPeer {
  /** Awareness client ids this peer has announced (removed from everyone's view when it leaves). */
  readonly awarenessClients: Set<number>;
}

export interface RoomAwarenessOptions {
  /** Sends one message to every connection of the room. */
  broadcast: (message: Uint8Array) => void;
  /** Called with each change a local connection made (applied or removed), to pass on to other processes. */
  onLocalUpdate?: (update: Uint8Array) => void;
}

/**
 * A room's presence: relayed, never stored. The changes of one tick go out as one message, encoded
 * once, to everyone (the sender included: a lone client's own renewal is what keeps stock
 * providers from dropping a socket that received nothing for 30 s).
 */
export class RoomAwareness {
  private readonly awareness: awarenessProtocol.Awareness;
  private readonly broadcast: (message: Uint8Array) => void;
  private readonly onLocalUpdate: ((update: Uint8Array) => void) | undefined;
  private readonly changed = new Set<number>();
  private scheduled = false;
  private destroyed = false;
  /** The origins of other processes' presence (a cluster): their ids are theirs alone. */
  private readonly remote = new Set<AwarenessPeer>();

  constructor(doc: Y.Doc, options: RoomAwarenessOptions) {
    this.broadcast = options.broadcast;
    this.onLocalUpdate = options.onLocalUpdate;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onUpdate);
  }

  /** Number of client states held. */
  get size(): number {
    return this.awareness.getStates().size;
  }

  /**
   * Applies an awareness update from a peer. The connection's `ownAwareness` hook has already
   * dropped entries for client ids it does not own; a client it brings back after its removal is
   * seen at once (`restampReintroduced`).
   */
  apply(peer: AwarenessPeer, update: Uint8Array): void {
    const restamped = restampReintroduced(this.awareness, update);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, restamped, peer);
    this.onLocalUpdate?.(restamped);
  }

  /**
   * The entries of a local connection's update for ids no other process holds (a cluster: a client
   * of another node keeps its id), or null when none is left; run it before any other ownership
   * check. A client that just moved here from another node is seen once that node let its id go
   * (its connection closed there, or the node was declared gone) and the client renews its state.
   */
  withoutRemotelyHeld(update: Uint8Array): Uint8Array | null {
    if (this.remote.size === 0) return update;
    return ownAwarenessEntries(update, (id) => !this.heldRemotely(id));
  }

  /**
   * Applies presence another process relayed, owned by `origin` (one per process); entries for an
   * id a connection of this process holds are dropped, as that process drops ours.
   */
  applyRemote(origin: AwarenessPeer, update: Uint8Array): void {
    this.remote.add(origin);
    const states = this.awareness.getStates();
    const own = ownAwarenessEntries(update, (id) => origin.awarenessClients.has(id) || !states.has(id) || this.heldRemotely(id));
    if (own !== null) awarenessProtocol.applyAwarenessUpdate(this.awareness, own, origin);
  }

  /** Removes, at once, every state `peer` announced (a local connection: the removal is passed on). */
  removePeer(peer: AwarenessPeer): void {
    if (peer.awarenessClients.size === 0) return;
    const clients = [...peer.awarenessClients];
    awarenessProtocol.removeAwarenessStates(this.awareness, clients, peer);
    if (this.onLocalUpdate !== undefined && !this.destroyed) {
      this.onLocalUpdate(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    }
  }

  /** Removes the states another process announced (it went away), without passing the removal on. */
  removeRemote(origin: AwarenessPeer): void {
    this.remote.delete(origin);
    if (origin.awarenessClients.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...origin.awarenessClients], origin);
  }

  /** The current states of `clients` as one awareness update, or null when none is known. */
  encode(clients: Iterable<number>): Uint8Array | null {
    const states = this.awareness.getStates();
    const known = [...clients].filter((id) => states.has(id));
    return known.length === 0 ? null : awarenessProtocol.encodeAwarenessUpdate(this.awareness, known);
  }

  /** All known states as one message, or null when there are none. */
  message(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length === 0) return null;
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  private heldRemotely(id: number): boolean {
    for (const origin of this.remote) if (origin.awarenessClients.has(id)) return true;
    return false;
  }

  destroy(): void {
    this.destroyed = true;
    this.remote.clear();
    this.awareness.off('update', this.onUpdate);
    this.awareness.destroy();
  }

  private readonly onUpdate = (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    const peer = origin as Partial<AwarenessPeer> | null;
    if (peer?.awarenessClients instanceof Set) {
      for (const id of change.added) peer.awarenessClients.add(id);
      for (const id of change.updated) peer.awarenessClients.add(id);
      for (const id of change.removed) peer.awarenessClients.delete(id);
    }
    for (const ids of [change.added, change.updated, change.removed]) for (const id of ids) this.changed.add(id);
    if (this.scheduled) return;
    this.scheduled = true;
    process.nextTick(this.flush);
  };

  private readonly flush = (): void => {
    this.scheduled = false;
    if (this.destroyed || this.changed.size === 0) return;
    const message = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.changed]));
    this.changed.clear();
    this.broadcast(message);
  };
}
