import type { IncomingMessage } from 'node:http';
import type { DocumentView } from '@tandem/document';
import type { EditSpec } from '../conversions/conversionMessages.js';
import { HttpError } from '../httpError.js';
import type { Room, RoomPeer } from '../sync/room.js';
import { ApiPeer } from './apiPeer.js';
import type { DocumentRooms } from './documentRooms.js';
import { docVersion } from './docVersion.js';
import { checkIfMatch } from './preconditions.js';
import type { RoomConversions } from './roomConversions.js';

export interface LiveWrite<T> {
  req: IncomingMessage;
  /** Stored as the batch's author. */
  author: string | null;
  /** Request id, for the peer's id in logs. */
  requestId: string;
  maxDocBytes: number;
  /** The edit, run on the room's mirror (see `RoomMirror`); it may throw a ContentError, which changes nothing. */
  edit: (view: DocumentView) => T;
}

export interface LiveWriteResult<T> {
  changed: boolean;
  /** The document's version after the write. */
  etag: string;
  result: T;
}

/**
 * Writes into a live document the way a client's edit goes: the edit is computed on the room's
 * mirror as the smallest change against the document as it is now, and that update is handed to
 * the room (`receiveUpdates`), which applies it, stores it with the caller as its author, and only
 * then relays it to every connection. From reading the document's version (`If-Match`) to handing
 * over the update nothing awaits, so nothing can come between. Resolves once the change is stored.
 */
export async function writeLive<T>(rooms: DocumentRooms, room: Room, write: LiveWrite<T>): Promise<LiveWriteResult<T>> {
  if (room.isDestroyed) throw new HttpError(503, 'the document is being reloaded; try again');
  const before = docVersion(room.doc);
  checkIfMatch(write.req, before);
  const mirror = rooms.mirror(room);
  const { result, update } = mirror.edit(write.edit);
  if (update === null) return { changed: false, etag: before, result };
  if (!mirror.withinSize(write.maxDocBytes)) {
    mirror.diverged = true;
    throw new HttpError(
      413,
      `the document would grow past its size limit of ${write.maxDocBytes} bytes (maxDocBytes); nothing was written`,
    );
  }
  const etag = await handOver(
    room,
    update,
    write,
    (apply) => apply(),
    () => {
      mirror.diverged = true;
    },
  );
  return { changed: true, etag, result };
}

/**
 * A live write computed on a conversion worker (`RoomConversions`): the content is parsed there
 * and the edit computed against the worker's replica of the document, brought up to date with the
 * room's updates when the job starts; the main thread only hands the update to the room. What
 * people type meanwhile is concurrent with the write, as a client's edit made at that moment would
 * be: Yjs merges both. With `If-Match`, the document must not have changed from the check to the
 * handover (412 otherwise), so a conditional write is never merged with edits it did not see.
 */
export async function writeLiveConverted(
  conversions: RoomConversions,
  room: Room,
  write: Omit<LiveWrite<unknown>, 'edit'> & { edit: EditSpec; sender?: (() => RoomPeer | null) | undefined },
): Promise<LiveWriteResult<Record<string, unknown>> & { update: Uint8Array | null }> {
  if (room.isDestroyed) throw new HttpError(503, 'the document is being reloaded; try again');
  checkIfMatch(write.req, docVersion(room.doc));
  const checked = conversions.changesOf(room);
  const { update, result, tooLarge } = await conversions.edit(room, write.edit, write.maxDocBytes);
  // A conditional write was computed against the version it names: a change since is a 412, as at the check.
  if (write.req.headers['if-match'] !== undefined && conversions.changesOf(room) !== checked) {
    try {
      checkIfMatch(write.req, docVersion(room.doc));
    } catch (error) {
      // The worker's copy holds the write the room will not get: it is made anew for the next job.
      if (update !== null) conversions.diverged(room);
      throw error;
    }
  }
  if (tooLarge) {
    throw new HttpError(
      413,
      `the document would grow past its size limit of ${write.maxDocBytes} bytes (maxDocBytes); nothing was written`,
    );
  }
  if (update === null) return { changed: false, etag: docVersion(room.doc), result, update };
  if (room.isDestroyed) {
    conversions.diverged(room);
    throw new HttpError(503, 'the document is being reloaded; try again');
  }
  const etag = await handOver(
    room,
    update,
    write,
    (apply) => conversions.applyOwn(room, apply.peer, apply),
    () => conversions.diverged(room),
  );
  return { changed: true, etag, result, update };
}

type Apply = (() => Promise<void>) & { peer: RoomPeer };

/**
 * Gives the update to the room like a client's edit (applied, stored with the caller as its author,
 * then relayed); resolves with the ETag after it once it is stored. `write.sender`: the caller's
 * own connection that sends it, if any (not echoed there; a restore from the restorer's editor),
 * else an ApiPeer does.
 * `diverged`: the copy the edit was computed on holds what the room does not.
 */
async function handOver(
  room: Room,
  update: Uint8Array,
  write: { author: string | null; requestId: string; sender?: (() => RoomPeer | null) | undefined },
  through: (apply: Apply) => Promise<void>,
  diverged: () => void,
): Promise<string> {
  const peer = write.sender?.() ?? new ApiPeer(`api-${write.requestId}`, write.author);
  const apply = Object.assign(() => room.receiveUpdates(peer, [update]), { peer });
  const stored = through(apply);
  if (peer instanceof ApiPeer && peer.rejected !== null) {
    diverged();
    throw new Error(`the room refused the API's update: ${String((peer.rejected as Error).message ?? peer.rejected)}`, {
      cause: peer.rejected,
    });
  }
  const etag = docVersion(room.doc);
  try {
    await stored;
  } catch {
    // The room has logged why (the store's error may name its directory: not for the caller).
    diverged();
    throw new HttpError(503, 'storing the change failed; nothing of it was relayed or kept, try again');
  }
  return etag;
}
