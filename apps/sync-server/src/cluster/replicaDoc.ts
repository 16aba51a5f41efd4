import type { DocumentStore } from '@tandem/persistence';
import type { Logger } from '../logger.js';
import type { AwarenessPeer } from '../sync/roomAwareness.js';
import type { Room } from '../sync/room.js';
import type { CatchUpReason } from './clusterMetrics.js';
import { SeqWatermark } from './seqWatermark.js';

export interface ReplicaDocOptions {
  room: Room;
  store: DocumentStore;
  logger: Logger;
  /** How long a gap in the numbers may stay open (a batch published out of order) before reading it back. */
  gapWaitMs: number;
  onCatchUp: (reason: CatchUpReason, batches: number) => void;
}

/**
 * One loaded room in a cluster: how far its doc holds the store's batches, and whose presence it
 * shows for other nodes. Batches are applied as they arrive, whatever their order (Yjs merges in any
 * order); a gap that stays open, a reconnect or a node leaving makes it read what it misses back from
 * the store, so a replica never silently falls behind.
 */
export class ReplicaDoc {
  readonly room: Room;
  private readonly watermark: SeqWatermark;
  private readonly options: ReplicaDocOptions;
  /** The presence each other node announced here. */
  private readonly remotePresence = new Map<string, AwarenessPeer>();
  private gapTimer: NodeJS.Timeout | null = null;
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain: CatchUpReason | null = null;

  constructor(options: ReplicaDocOptions) {
    this.options = options;
    this.room = options.room;
    this.watermark = new SeqWatermark(options.room.loadedSeq);
  }

  /** Highest number applied (for tests and logs). */
  get seq(): number {
    return this.watermark.highest;
  }

  /** A batch this node stored itself (already in the doc). */
  stored(firstSeq: number, seq: number): void {
    this.watermark.add(firstSeq, seq);
    this.watchGap();
  }

  /** A batch another node stored: applied and relayed here unless already held. True if it was new. */
  received(firstSeq: number, seq: number, updates: readonly Uint8Array[]): boolean {
    if (this.watermark.covers(firstSeq, seq)) return false;
    if (!this.room.applyReplicated(updates)) return false;
    this.watermark.add(firstSeq, seq);
    this.watchGap();
    return true;
  }

  /** Presence another node relayed for its own connections. */
  receivedPresence(node: string, update: Uint8Array): void {
    let origin = this.remotePresence.get(node);
    if (origin === undefined) {
      origin = { awarenessClients: new Set<number>() };
      this.remotePresence.set(node, origin);
    }
    this.room.awareness.applyRemote(origin, update);
  }

  /** A node went away: its connections' presence disappears from this room. */
  forgetNode(node: string): void {
    const origin = this.remotePresence.get(node);
    if (origin === undefined) return;
    this.remotePresence.delete(node);
    if (!this.room.isDestroyed) this.room.awareness.removeRemote(origin);
  }

  /** Reads every batch past what is held from the store and applies it. Never rejects (logs). */
  catchUp(reason: CatchUpReason): Promise<void> {
    if (this.catchingUp !== null) {
      // One more round after the current one, which may have read before what triggered this.
      this.catchUpAgain = reason;
      return this.catchingUp;
    }
    this.catchingUp = this.readMissing(reason).finally(() => {
      this.catchingUp = null;
      const again = this.catchUpAgain;
      this.catchUpAgain = null;
      if (again !== null && !this.room.isDestroyed) void this.catchUp(again);
    });
    return this.catchingUp;
  }

  /** Is the store past what this replica holds? (The periodic sweep's question.) */
  async behindStore(): Promise<boolean> {
    const meta = await this.options.store.getMeta(this.room.name);
    return meta !== null && meta.seq > this.watermark.through;
  }

  close(): void {
    if (this.gapTimer !== null) clearTimeout(this.gapTimer);
    this.gapTimer = null;
    this.remotePresence.clear();
  }

  private watchGap(): void {
    if (!this.watermark.hasGap || this.gapTimer !== null) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (this.watermark.hasGap && !this.room.isDestroyed) void this.catchUp('gap');
    }, this.options.gapWaitMs);
    this.gapTimer.unref();
  }

  private async readMissing(reason: CatchUpReason): Promise<void> {
    const { room, store, logger } = this.options;
    let applied = 0;
    try {
      const batches = (await store.readAfter(room.name, this.watermark.through)) ?? [];
      for (const batch of batches) {
        if (room.isDestroyed) return;
        if (this.received(batch.firstSeq, batch.seq, batch.updates)) applied++;
      }
      // A number that was taken but never stored (an append that failed) leaves a gap nobody fills.
      const last = batches.at(-1);
      if (last !== undefined) this.watermark.add(this.watermark.through + 1, last.seq);
      this.options.onCatchUp(reason, applied);
      if (applied > 0) logger.info({ doc: room.name, reason, batches: applied, seq: this.watermark.through }, 'caught up from the store');
    } catch (error) {
      logger.warn({ err: error, doc: room.name, reason }, 'catching up from the store failed; retried on the next trigger');
    }
  }
}
