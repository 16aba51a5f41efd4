import type { DocumentCodec } from '@tandem/document';
import type { Room } from '../sync/room.js';
import type { RoomLease, RoomRegistry } from '../sync/roomRegistry.js';
import { RoomMirror } from './roomMirror.js';

interface Lingering {
  lease: RoomLease;
  timer: NodeJS.Timeout;
}

/**
 * The documents API's way into rooms: through the registry, like a connection (the doc is loaded
 * once however many ask, and stays loaded while anyone holds it). After a request the room is held
 * `keepLoadedMs` longer, so the next request finds the doc applied (and a conversion worker its
 * replica, see `RoomConversions`). A loaded room gets at most one mirror (for the writes computed
 * on the main thread: version restores); it goes with the room.
 */
export class DocumentRooms {
  private readonly registry: RoomRegistry;
  private readonly codec: DocumentCodec;
  private readonly keepLoadedMs: number;
  private readonly lingering = new Map<string, Lingering>();
  private readonly mirrors = new WeakMap<Room, RoomMirror>();

  constructor(options: { registry: RoomRegistry; codec: DocumentCodec; keepLoadedMs: number }) {
    this.registry = options.registry;
    this.codec = options.codec;
    this.keepLoadedMs = options.keepLoadedMs;
  }

  /** Runs `use` with the loaded room of `name`; the room is released (or kept a while) after it settles. */
  async with<T>(name: string, use: (room: Room) => T | Promise<T>): Promise<T> {
    const lease = this.registry.acquire(name);
    let room: Room;
    try {
      room = await lease.room;
    } catch (error) {
      lease.release();
      throw error;
    }
    try {
      return await use(room);
    } finally {
      if (room.isDestroyed) lease.release();
      else this.keepLoaded(name, lease);
    }
  }

  /** The mirror writes are computed on (made on first use, and again after it ran ahead of the room). */
  mirror(room: Room): RoomMirror {
    let mirror = this.mirrors.get(room);
    if (mirror?.diverged === true) {
      this.dropMirror(room);
      mirror = undefined;
    }
    if (mirror === undefined) {
      mirror = new RoomMirror(room, this.codec);
      this.mirrors.set(room, mirror);
      room.doc.once('destroy', () => mirror?.destroy());
    }
    return mirror;
  }

  private dropMirror(room: Room): void {
    this.mirrors.get(room)?.destroy();
    this.mirrors.delete(room);
  }

  /** Stops keeping `name` loaded (a deleted document must unload as soon as nobody else holds it). */
  forget(name: string): void {
    const held = this.lingering.get(name);
    if (held === undefined) return;
    this.lingering.delete(name);
    clearTimeout(held.timer);
    held.lease.release();
  }

  /** Releases every room kept loaded (shutdown). */
  close(): void {
    for (const name of [...this.lingering.keys()]) this.forget(name);
  }

  private keepLoaded(name: string, lease: RoomLease): void {
    if (this.keepLoadedMs === 0) {
      lease.release();
      return;
    }
    // One lease per doc is kept; a newer request's replaces the older one and restarts the wait.
    this.forget(name);
    const timer = setTimeout(() => this.forget(name), this.keepLoadedMs);
    timer.unref();
    this.lingering.set(name, { lease, timer });
  }
}
