import type { DocumentStore } from '@tandem/persistence';
import type { Logger } from '../logger.js';
import { Room, type RoomHooks } from './room.js';

interface Entry {
  name: string;
  /** Settles once: the loaded room, or the load error. */
  room: Promise<Room>;
  loaded: Room | null;
  /** Connections holding this entry (joined or still waiting for the load). */
  refs: number;
}

/** A claim on a room; `release()` exactly once when the connection is gone. */
export interface RoomLease {
  room: Promise<Room>;
  release: () => void;
}

/** What keeps a room in step with other processes writing the same store (cluster mode). */
export interface RoomReplica {
  /** Before a doc loads: start receiving what other processes store for it; resolves once that is so. */
  attach(name: string): Promise<void>;
  /** The room is loaded (`room.loadedSeq` says how far). */
  loaded(room: Room): void;
  /** Undoes one `attach`: the room is gone (unloaded or dropped), or null when its load failed. */
  detach(name: string, room: Room | null): void;
}

export interface RoomRegistryOptions {
  store: DocumentStore;
  logger: Logger;
  /** Observers for the whole server (SSE activity, metrics, a cluster); the registry adds unloading. */
  hooks: Pick<RoomHooks, 'onStored' | 'onConnectionsChanged' | 'onAppended' | 'onLocalAwareness'>;
  replica?: RoomReplica;
}

/**
 * Loads each document once (concurrent connections share one pending load) and unloads a room
 * as soon as nobody holds it and none of its writes is pending.
 */
export class RoomRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly options: RoomRegistryOptions;

  constructor(options: RoomRegistryOptions) {
    this.options = options;
  }

  /** Loaded rooms (for activity reports and shutdown). */
  rooms(): Room[] {
    const rooms: Room[] = [];
    for (const entry of this.entries.values()) if (entry.loaded !== null) rooms.push(entry.loaded);
    return rooms;
  }

  /** Number of documents loaded or loading. */
  get size(): number {
    return this.entries.size;
  }

  acquire(name: string): RoomLease {
    let entry = this.entries.get(name);
    if (entry === undefined) entry = this.load(name);
    entry.refs++;
    const held = entry;
    let released = false;
    return {
      room: held.room,
      release: () => {
        if (released) return;
        released = true;
        held.refs--;
        this.unloadIfIdle(held);
      },
    };
  }

  /** Resolves once every loaded room has stored everything it applied (failures are logged by the room). */
  async flushAll(): Promise<void> {
    await Promise.allSettled(this.rooms().map((room) => room.whenDurable()));
  }

  private load(name: string): Entry {
    const logger = this.options.logger.child({ doc: name });
    const started = performance.now();
    const entry = { name, loaded: null, refs: 0 } as Omit<Entry, 'room'> as Entry;
    // Unmerged: the room applies the stored updates to its doc anyway. Unreadable ones reject the load.
    // In a cluster, what others store is received from before the load on, so nothing falls between.
    const replica = this.options.replica;
    const attached = replica === undefined ? Promise.resolve() : replica.attach(name);
    entry.room = attached
      .then(() => this.options.store.loadUpdates(name))
      .then((loaded) => {
        const room = new Room({ name, loaded, store: this.options.store, logger, hooks: this.roomHooks(entry) });
        entry.loaded = room;
        replica?.loaded(room);
        logger.debug(
          { ms: Math.round(performance.now() - started), bytes: room.loadedBytes, records: loaded?.updates.length ?? 0 },
          loaded === null ? 'new document' : 'document loaded',
        );
        // Everyone may have left while it loaded.
        queueMicrotask(() => this.unloadIfIdle(entry));
        return room;
      })
      .catch((error: unknown) => {
        if (this.entries.get(name) === entry) this.entries.delete(name);
        replica?.detach(name, null);
        throw error;
      });
    // Connections handle the rejection; this only keeps an unwaited failed load from being unhandled.
    entry.room.catch(() => {});
    this.entries.set(name, entry);
    return entry;
  }

  private roomHooks(entry: Entry): RoomHooks {
    const { onAppended, onLocalAwareness } = this.options.hooks;
    return {
      onStored: (room) => this.options.hooks.onStored(room),
      onConnectionsChanged: (room) => this.options.hooks.onConnectionsChanged(room),
      ...(onAppended === undefined ? {} : { onAppended }),
      ...(onLocalAwareness === undefined ? {} : { onLocalAwareness }),
      onWritesSettled: () => this.unloadIfIdle(entry),
      onFailed: (room) => this.drop(entry, room),
    };
  }

  private unloadIfIdle(entry: Entry): void {
    const room = entry.loaded;
    if (entry.refs > 0 || room === null || !room.writesSettled) return;
    if (this.entries.get(entry.name) === entry) this.entries.delete(entry.name);
    room.destroy();
    this.options.replica?.detach(entry.name, room);
    this.options.logger.debug({ doc: entry.name }, 'room unloaded');
  }

  /** A failed write: forget the room now, so the next connection loads what is really stored. */
  private drop(entry: Entry, room: Room): void {
    if (this.entries.get(entry.name) === entry) this.entries.delete(entry.name);
    room.destroy();
    this.options.replica?.detach(entry.name, room);
  }
}
