import type { DocumentStore } from '@tandem/persistence';
import * as Y from 'yjs';
import type { Logger } from '../logger.js';
import { changedBlocks } from './changedBlocks.js';
import { randomEventId } from './eventIds.js';
import type { WebhookEmitter } from './webhookEmitter.js';

export interface UpdateAnnouncerOptions {
  store: DocumentStore;
  emitter: WebhookEmitter;
  logger: Logger;
  /** The document as this node has it loaded, or null (then it is read from the store). */
  liveDoc: (name: string) => Y.Doc | null;
}

/** Rounds of losing the cursor to another node before giving up (each loss means another node announced). */
const maxRounds = 5;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Announces the changes of a document that nobody announced yet: `document.created` for a new one
 * (its cursor is 0: set when its first batch was stored), `document.updated` otherwise, covering
 * the sequence numbers after the store's cursor for it up to its last one, with their authors and
 * the blocks they changed. The event and the cursor's move are
 * one step, conditional on the cursor being what was read: when several nodes announce at once,
 * one wins and the others find nothing left (or only what came after), so every change is
 * announced once.
 */
export class UpdateAnnouncer {
  constructor(private readonly options: UpdateAnnouncerOptions) {}

  /** `firstSeq`: where this node's changes began, for a document with no cursor (one older than the webhooks). */
  async announce(name: string, firstSeq: number | null): Promise<void> {
    const { store, emitter } = this.options;
    for (let round = 0; round < maxRounds; round++) {
      const cursor = await store.outbox.cursor(name);
      const meta = await store.getMeta(name);
      if (meta === null) return;
      // A cursor past the document's last number belongs to a deleted document of the same name.
      const announced = cursor !== null && cursor <= meta.seq ? cursor : null;
      const fromSeq = announced === null ? Math.max(1, firstSeq ?? 1) : announced + 1;
      if (meta.seq < fromSeq) return;
      const batches = ((await store.readAfter(name, fromSeq - 1)) ?? []).filter((batch) => batch.firstSeq <= meta.seq);
      const authors = [...new Set(batches.flatMap((batch) => batch.authors))];
      const changes = await this.changesOf(
        name,
        batches.flatMap((batch) => batch.updates),
      );
      const created = announced === 0;
      const data = {
        name,
        title: meta.title,
        fromSeq,
        toSeq: meta.seq,
        authors,
        ...changes,
        ...(created ? { createdAt: iso(meta.createdAt) } : {}),
        updatedAt: iso(meta.updatedAt),
      };
      const event = {
        id: randomEventId(),
        type: created ? ('document.created' as const) : ('document.updated' as const),
        doc: name,
        at: meta.updatedAt,
        data,
      };
      if (await emitter.emit(event, { name, expect: cursor, set: meta.seq })) return;
    }
    this.options.logger.warn(
      { doc: name },
      `announcing a document's changes lost to other nodes ${maxRounds} times in a row; the next change tries again`,
    );
  }

  private async changesOf(name: string, updates: Uint8Array[]) {
    const live = this.options.liveDoc(name);
    if (live !== null) return changedBlocks(live, updates);
    const stored = await this.options.store.load(name);
    const doc = new Y.Doc();
    try {
      if (stored !== null) Y.applyUpdate(doc, stored.update);
      return changedBlocks(doc, updates);
    } finally {
      doc.destroy();
    }
  }
}
