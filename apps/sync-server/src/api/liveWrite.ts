import type { IncomingMessage } from 'node:http';
import type { DocumentView } from '@tandem/document';
import { HttpError } from '../httpError.js';
import type { Room } from '../sync/room.js';
import { ApiPeer } from './apiPeer.js';
import type { DocumentRooms } from './documentRooms.js';
import { docVersion } from './docVersion.js';
import { checkIfMatch } from './preconditions.js';

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
  const peer = new ApiPeer(`api-${write.requestId}`, write.author);
  const stored = room.receiveUpdates(peer, [update]);
  if (peer.rejected !== null) {
    mirror.diverged = true;
    throw new Error(`the room refused the API's update: ${String((peer.rejected as Error).message ?? peer.rejected)}`, {
      cause: peer.rejected,
    });
  }
  const etag = docVersion(room.doc);
  try {
    await stored;
  } catch {
    // The room has logged why (the store's error may name its directory: not for the caller).
    mirror.diverged = true;
    throw new HttpError(503, 'storing the change failed; nothing of it was relayed or kept, try again');
  }
  return { changed: true, etag, result };
}
