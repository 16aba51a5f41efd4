import { type DocumentCodec, DocumentView } from '@tandem/document';
import * as Y from 'yjs';
import type { Room } from '../sync/room.js';

/**
 * A copy of a room's document that follows it (every update the room's doc emits is applied to
 * the copy at once), for the documents API to compute edits on: an edit runs on the copy, and the
 * update it produces goes into the room like a client's. The room's own doc only ever changes
 * through the room. Made on the first write to a loaded room (a copy of its state), gone with it.
 */
export class RoomMirror {
  readonly doc = new Y.Doc({ gc: true });
  readonly view: DocumentView;
  /** At least the encoded size of the doc (its size when copied plus every update since): for the size limit. */
  private bytes: number;
  /** Holds changes the room does not (an edit that threw halfway, or one the room refused): make a new copy. */
  diverged = false;
  private readonly source: Y.Doc;
  private readonly follow = (update: Uint8Array): void => Y.applyUpdate(this.doc, update);

  constructor(room: Room, codec: DocumentCodec) {
    this.source = room.doc;
    const state = Y.encodeStateAsUpdate(this.source);
    this.bytes = state.byteLength;
    Y.applyUpdate(this.doc, state);
    this.view = new DocumentView(this.doc, codec);
    this.source.on('update', this.follow);
    // Everything that changes the copy: the room's updates it follows, and the edits made on it.
    this.doc.on('update', (update: Uint8Array) => {
      this.bytes += update.byteLength;
    });
  }

  /**
   * Runs `edit` on the copy; the update it made (null: nothing changed). Send the update to the
   * room at once (nothing may reach the room in between), or mark the mirror `diverged`.
   */
  edit<T>(edit: (view: DocumentView) => T): { result: T; update: Uint8Array | null } {
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array): void => {
      updates.push(update);
    };
    this.doc.on('update', collect);
    try {
      const result = edit(this.view);
      return { result, update: updates.length === 0 ? null : Y.mergeUpdates(updates) };
    } catch (error) {
      if (updates.length > 0) this.diverged = true;
      throw error;
    } finally {
      this.doc.off('update', collect);
    }
  }

  /**
   * The doc's encoded size is at most `maxBytes` (with the edit just made). Counted cheaply from the
   * updates, measured only when the count goes over.
   */
  withinSize(maxBytes: number): boolean {
    if (this.bytes <= maxBytes) return true;
    this.bytes = Y.encodeStateAsUpdate(this.doc).byteLength;
    return this.bytes <= maxBytes;
  }

  destroy(): void {
    this.source.off('update', this.follow);
    this.view.destroy();
    this.doc.destroy();
  }
}
