/** What a room needs from its connections, its owner (the registry) and whoever loads it. */
import type { DocumentStore, StoredUpdates } from '@tandem/persistence';
import type { CloseCodeValue } from '@tandem/protocol';
import type { Logger } from '../logger.js';
import type { Room } from './room.js';

/** What a room needs from a connection. */
export interface RoomPeer {
  readonly id: string;
  /** Who writes through this connection (the token's `sub`), stored with its batches; null without auth. */
  readonly author: string | null;
  /** Awareness client ids this peer has announced (removed from everyone's view when it leaves). */
  readonly awarenessClients: Set<number>;
  send(message: Uint8Array): void;
  close(closeCode: CloseCodeValue): void;
  /** Yjs rejected an update this peer sent: what it sent before that in the same read is kept. */
  rejectUpdate(error: unknown): void;
}

export interface RoomHooks {
  /** The store now holds this doc's latest metadata (after an append). */
  onStored: (room: Room) => void;
  /** Connections joined or left. */
  onConnectionsChanged: (room: Room) => void;
  /** No write in flight any more. */
  onWritesSettled: (room: Room) => void;
  /** A write failed: the room closed every connection and must be dropped. */
  onFailed: (room: Room) => void;
  /** A batch of this room's updates is stored, with its numbers (before anything of it is relayed). */
  onAppended?: (room: Room, batch: AppendedBatch) => void;
  /** A local connection's presence changed (an awareness update to pass on; a cluster publishes it). */
  onLocalAwareness?: (room: Room, update: Uint8Array) => void;
}

/** A stored batch as the room reports it to `onAppended`. */
export interface AppendedBatch {
  firstSeq: number;
  seq: number;
  updates: readonly Uint8Array[];
}

export interface RoomOptions {
  name: string;
  /** The doc's stored updates (null for a new doc). */
  loaded: StoredUpdates | null;
  store: DocumentStore;
  logger: Logger;
  hooks: RoomHooks;
}
