import type { IncomingMessage } from 'node:http';
import { replaceContent, setTitle } from '@tandem/document';
import * as Y from 'yjs';
import type { DocumentRooms } from '../api/documentRooms.js';
import { ApiPeer } from '../api/apiPeer.js';
import { docVersion } from '../api/docVersion.js';
import { checkIfMatch } from '../api/preconditions.js';
import { HttpError } from '../httpError.js';
import type { Room, RoomPeer } from '../sync/room.js';
import type { VersionContent } from './versionContents.js';

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
 * are the same stay untouched, so typing in them goes on), computed on the room's mirror and handed
 * to the room like any edit (stored with the restorer as author, then relayed; carets stay, since
 * they are relative positions in blocks that stay). Nothing awaits between reading the document
 * (`If-Match`) and handing the change over.
 */
export async function restoreVersion(
  rooms: DocumentRooms,
  room: Room,
  version: Pick<VersionContent, 'node' | 'title'>,
  restore: Restore,
): Promise<RestoreResult> {
  const { node: content, title } = version;
  if (room.isDestroyed) throw new HttpError(503, 'the document is being reloaded; try again');
  const before = docVersion(room.doc);
  checkIfMatch(restore.req, before);
  const base = Y.encodeStateVector(room.doc);
  const mirror = rooms.mirror(room);
  const { update } = mirror.edit((view) => {
    replaceContent(view, content);
    setTitle(view.doc, title);
  });
  if (update === null) return { changed: false, update: null, viaConnection: false, base, etag: before };
  if (!mirror.withinSize(restore.maxDocBytes)) {
    mirror.diverged = true;
    throw new HttpError(413, `restoring would grow the document past its size limit of ${restore.maxDocBytes} bytes; nothing was written`);
  }
  const connection = restorerConnection(room, restore.author, restore.clientId);
  const peer = connection ?? new ApiPeer(`api-${restore.requestId}`, restore.author);
  const stored = room.receiveUpdates(peer, [update]);
  if (peer instanceof ApiPeer && peer.rejected !== null) {
    mirror.diverged = true;
    throw new Error(`the room refused the restore: ${String((peer.rejected as Error).message ?? peer.rejected)}`, {
      cause: peer.rejected,
    });
  }
  const etag = docVersion(room.doc);
  try {
    await stored;
  } catch {
    mirror.diverged = true;
    throw new HttpError(503, 'storing the restore failed; nothing of it was relayed or kept, try again');
  }
  return { changed: true, update, viaConnection: connection !== null, base, etag };
}
