import type { IncomingMessage } from 'node:http';
import { writeLiveConverted } from '../api/liveWrite.js';
import type { RoomConversions } from '../api/roomConversions.js';
import { HttpError } from '../httpError.js';
import type { Room, RoomPeer } from '../sync/room.js';
import type { PackedBatches } from './packedBatches.js';

export interface Restore {
  req: IncomingMessage;
  /** The restorer: stored as the change's author. */
  author: string | null;
  /**
   * The Yjs client id of the restorer's editor, if it has one open on this document: its connection
   * is then the change's sender, so it is not echoed there; the editor applies the update from the
   * answer as its own change, which its undo manager can take back.
   */
  clientId: number | null;
  requestId: string;
  maxDocBytes: number;
}

export interface RestoreResult {
  changed: boolean;
  /** The forward change (a Yjs v1 update), or null when the document already was the version. */
  update: Uint8Array | null;
  /** Whether the restorer's own connection sent it (and so did not receive it). */
  viaConnection: boolean;
  /**
   * The state vector of the document the update was computed against: an editor applying `update`
   * itself first waits until it has all of that (it was relayed before), so that the whole change,
   * deletions included, lands in its own transaction.
   */
  base: Uint8Array;
  etag: string;
}

/** The restorer's connection in the room: same author, and it announced the client id. */
function restorerConnection(room: Room, author: string | null, clientId: number | null): RoomPeer | null {
  if (clientId === null) return null;
  for (const peer of room.connections) if (peer.author === author && peer.awarenessClients.has(clientId)) return peer;
  return null;
}

/**
 * Restores a version as one forward change: the version's content and title are written over the
 * document as it is now, as the smallest change y-tiptap's `updateYFragment` finds (blocks that
 * are the same stay untouched, so typing in them goes on). The version's stored batches go to a
 * conversion worker, which computes the change against its copy of the live document (see
 * `writeLiveConverted`); the change is handed to the room like any edit (stored with the restorer
 * as author, then relayed; carets stay, since they are relative positions in blocks that stay).
 * With `If-Match`, a change to the document while the worker computed is a 412.
 */
export async function restoreVersion(
  conversions: RoomConversions,
  room: Room,
  batches: PackedBatches,
  restore: Restore,
): Promise<RestoreResult> {
  let viaConnection = false;
  // Looked up when the change is handed over: the restorer's connection may have gone meanwhile (the API sends it then).
  const sender = () => {
    const connection = restorerConnection(room, restore.author, restore.clientId);
    viaConnection = connection !== null;
    return connection;
  };
  try {
    const written = await writeLiveConverted(conversions, room, {
      req: restore.req,
      author: restore.author,
      requestId: restore.requestId,
      maxDocBytes: restore.maxDocBytes,
      edit: { op: 'restore', batches },
      sender,
    });
    return { changed: written.changed, update: written.update, viaConnection, base: written.result.base as Uint8Array, etag: written.etag };
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) {
      throw new HttpError(
        413,
        `restoring would grow the document past its size limit of ${restore.maxDocBytes} bytes; nothing was written`,
      );
    }
    throw error;
  }
}
