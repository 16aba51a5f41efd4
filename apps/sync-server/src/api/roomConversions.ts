import * as Y from 'yjs';
import { ConversionFailed } from '../conversions/conversionErrors.js';
import type { ConversionJob, EditResult, EditSpec, ReadFormat, ReadResult, ReplicaSync } from '../conversions/conversionMessages.js';
import { REPLICA_MISSING } from '../conversions/conversionMessages.js';
import type { ConversionPool, WorkerRef } from '../conversions/conversionPool.js';
import type { Room } from '../sync/room.js';
import { docVersion } from './docVersion.js';

/** A room's replica on a worker, as the main thread keeps track of it. */
interface Tracked {
  key: string;
  /** The worker holding the replica (null: none does; the next job sends the whole state). */
  on: WorkerRef | null;
  /** The room's updates since the last job, for the replica. */
  pending: Uint8Array[];
  pendingBytes: number;
  /** Counts the room's updates (whether or not a replica follows). */
  changes: number;
  /** The origin of an update the replica made itself (the API's own write): not sent back to it. */
  skip: unknown;
}

/** Past this many bytes of updates waiting for the replica, it is dropped and made anew from the whole state when next needed. */
const maxPendingBytes = 4 * 1024 * 1024;

/**
 * The documents API's conversions of rooms' documents, run on the conversion pool. The room's
 * Y.Doc stays on the main thread; a worker keeps a replica of it (a copy made from the whole state
 * on first use, then brought up to date by each job with the room's updates since), so a read
 * converts only the blocks that changed and a write is computed against the document as it is,
 * as the smallest change. Jobs for one document go to one worker, one after another.
 */
export class RoomConversions {
  private readonly tracked = new WeakMap<Room, Tracked>();
  private keys = 0;

  /** @param pool The conversion pool (the version history's conversions run on it too). */
  constructor(readonly pool: ConversionPool) {}

  /** The document in `format`, with its live title and the ETag of the state that was converted (`etag` if unchanged since). */
  async read(room: Room, format: ReadFormat, etag: string): Promise<ReadResult & { etag: string }> {
    const tracked = this.track(room);
    const changesAtCall = tracked.changes;
    let converted = etag;
    const result = await this.run<ReadResult>(room, 'read', (replica) => {
      if (tracked.changes !== changesAtCall) converted = docVersion(room.doc);
      return { kind: 'read', replica, format };
    });
    return { ...result, etag: converted };
  }

  /** Computes `edit` against the document as it is when a worker takes it; the update is the caller's to hand to the room. */
  edit(room: Room, edit: EditSpec, maxDocBytes: number): Promise<EditResult> {
    return this.run<EditResult>(room, 'edit', (replica) => ({ kind: 'edit', replica, edit, maxDocBytes }));
  }

  /** Counts the room's changes (to tell whether anything happened to it meanwhile). */
  changesOf(room: Room): number {
    return this.track(room).changes;
  }

  /** Hands the replica's own update to the room through `apply` (it is not sent back to the replica, which has it). */
  applyOwn<T>(room: Room, origin: unknown, apply: () => T): T {
    const tracked = this.track(room);
    tracked.skip = origin;
    try {
      return apply();
    } finally {
      tracked.skip = null;
    }
  }

  /** The replica holds what the room does not (the room refused the write): the next job makes it anew. */
  diverged(room: Room): void {
    const tracked = this.tracked.get(room);
    if (tracked !== undefined) this.forget(tracked);
  }

  private async run<T>(room: Room, kind: string, job: (replica: ReplicaSync) => ConversionJob): Promise<T> {
    const tracked = this.track(room);
    const attempt = () =>
      this.pool.run<T>(
        (worker) => {
          const { sync, transfer } = this.syncFor(room, tracked, worker);
          return { message: job(sync), transfer };
        },
        { affinity: room.name, kind },
      );
    try {
      return await attempt();
    } catch (error) {
      // The worker dropped its replica (too many documents, or an edit that failed): once more, with the whole state.
      if (!(error instanceof ConversionFailed) || error.data.name !== REPLICA_MISSING) throw error;
      this.forget(tracked);
      return attempt();
    }
  }

  private syncFor(room: Room, tracked: Tracked, worker: WorkerRef): { sync: ReplicaSync; transfer: ArrayBuffer[] } {
    const { on } = tracked;
    if (on === null || on.slot !== worker.slot || on.instance !== worker.instance) {
      this.forget(tracked);
      const full = Y.encodeStateAsUpdate(room.doc);
      tracked.on = worker;
      return { sync: { key: tracked.key, full }, transfer: [full.buffer as ArrayBuffer] };
    }
    const { pending } = tracked;
    tracked.pending = [];
    tracked.pendingBytes = 0;
    if (pending.length === 0) return { sync: { key: tracked.key }, transfer: [] };
    const update = pending.length === 1 ? (pending[0] as Uint8Array) : Y.mergeUpdates(pending);
    return { sync: { key: tracked.key, update }, transfer: [] };
  }

  private track(room: Room): Tracked {
    const known = this.tracked.get(room);
    if (known !== undefined) return known;
    const tracked: Tracked = { key: `${room.name}#${++this.keys}`, on: null, pending: [], pendingBytes: 0, changes: 0, skip: null };
    const follow = (update: Uint8Array, origin: unknown): void => {
      tracked.changes++;
      if (tracked.on === null || (origin === tracked.skip && origin !== null)) return;
      tracked.pending.push(update);
      tracked.pendingBytes += update.byteLength;
      if (tracked.pendingBytes > maxPendingBytes) this.forget(tracked);
    };
    room.doc.on('update', follow);
    room.doc.once('destroy', () => {
      room.doc.off('update', follow);
      this.forget(tracked);
    });
    this.tracked.set(room, tracked);
    return tracked;
  }

  private forget(tracked: Tracked): void {
    if (tracked.on !== null) this.pool.notify(tracked.on, { kind: 'drop', key: tracked.key } satisfies ConversionJob);
    tracked.on = null;
    tracked.pending = [];
    tracked.pendingBytes = 0;
  }
}
