import type { CloseCodeValue } from '@tandem/protocol';
import type { RoomPeer } from '../sync/room.js';

/**
 * The documents API as a writer in a room: one per request, never joined (it receives nothing),
 * so what it writes goes the way of any client's edit (applied, stored with its author, then
 * relayed to every connection). Yjs refusing its update is recorded for the request to report.
 */
export class ApiPeer implements RoomPeer {
  readonly id: string;
  readonly author: string | null;
  readonly awarenessClients = new Set<number>();
  rejected: unknown = null;

  constructor(id: string, author: string | null) {
    this.id = id;
    this.author = author;
  }

  send(_message: Uint8Array): void {}

  close(_closeCode: CloseCodeValue): void {}

  rejectUpdate(error: unknown): void {
    this.rejected = error ?? new Error('Yjs refused the update');
  }
}
