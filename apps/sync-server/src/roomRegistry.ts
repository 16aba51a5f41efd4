import type { DocumentStore } from '@tandem/persistence';
import type { Logger } from './logger.js';
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

export interface RoomRegistryOptions {
  store: DocumentStore;
  logger: Logger;
  /** Observers for the whole server (SSE activity, metrics); the registry adds unloading. */
  hooks: Pick<RoomHooks, 'onStored' | 'onConnectionsChanged'>;
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
    // Unmerged: the room applies the stored updates itself (and answers a cold joiner from them).
    entry.room = this.options.store.loadUpdates(name).then(
      (loaded) => {
        const room = new Room({ name, loaded, store: this.options.store, logger, hooks: this.roomHooks(entry) });
        entry.loaded = room;
        logger.debug(
          { ms: Math.round(performance.now() - started), bytes: room.loadedBytes, records: loaded?.updates.length ?? 0 },
          loaded === null ? 'new document' : 'document loaded',
        );
        // Everyone may have left while it loaded.
        queueMicrotask(() => this.unloadIfIdle(entry));
        return room;
      },
      (error: unknown) => {
        if (this.entries.get(name) === entry) this.entries.delete(name);
        throw error;
      },
    );
    // Connections handle the rejection; this only keeps an unwaited failed load from being unhandled.
    entry.room.catch(() => {});
    this.entries.set(name, entry);
    return entry;
  }

  private roomHooks(entry: Entry): RoomHooks {
    return {
      onStored: (room) => this.options.hooks.onStored(room),
      onConnectionsChanged: (room) => this.options.hooks.onConnectionsChanged(room),
      onWritesSettled: () => this.unloadIfIdle(entry),
      onFailed: (room) => this.drop(entry, room),
    };
  }

  private unloadIfIdle(entry: Entry): void {
    const room = entry.loaded;
    if (entry.refs > 0 || room === null || !room.writesSettled) return;
    if (this.entries.get(entry.name) === entry) this.entries.delete(entry.name);
    room.destroy();
    this.options.logger.debug({ doc: entry.name }, 'room unloaded');
  }

  /** A failed write: forget the room now, so the next connection loads what is really stored. */
  private drop(entry: Entry, room: Room): void {
    if (this.entries.get(entry.name) === entry) this.entries.delete(entry.name);
    room.destroy();
  }
}
