import { type DocumentCodec, DocumentView } from '@tandem/document';
import * as Y from 'yjs';
import { REPLICA_MISSING, type ReplicaSync } from './conversionMessages.js';

/** A worker's copy of one loaded document, with the view that keeps its blocks' conversions cached. */
export interface Replica {
  doc: Y.Doc;
  view: DocumentView;
  /** At least the encoded size of the doc (its size when made plus every update since): for the size limit. */
  bytes: number;
}

/** Replicas kept per worker, at most, and at most this many bytes of Yjs state together (the heap holds many times that); the least recently used go first. */
const keptReplicas = 8;
const keptBytes = 16 * 1024 * 1024;

/**
 * The replicas of a worker, by key: made from a whole state, then kept up to date by the updates
 * each job brings, so reading a large document again converts only the blocks that changed.
 */
export class WorkerReplicas {
  private readonly replicas = new Map<string, Replica>();

  constructor(private readonly codec: DocumentCodec) {}

  /** The replica of `sync.key`, brought up to date; throws `ReplicaMissing` when there is none and no whole state came. */
  sync(sync: ReplicaSync): Replica {
    let replica = this.replicas.get(sync.key);
    if (sync.full !== undefined) {
      if (replica !== undefined) this.drop(sync.key);
      const doc = new Y.Doc({ gc: true });
      Y.applyUpdate(doc, sync.full);
      replica = { doc, view: new DocumentView(doc, this.codec), bytes: sync.full.byteLength };
      doc.on('update', (update: Uint8Array) => {
        (replica as Replica).bytes += update.byteLength;
      });
    } else if (replica === undefined) {
      const error = new Error(`no replica ${sync.key} on this worker`);
      error.name = REPLICA_MISSING;
      throw error;
    } else {
      this.replicas.delete(sync.key);
      if (sync.update !== undefined) Y.applyUpdate(replica.doc, sync.update);
    }
    this.replicas.set(sync.key, replica);
    this.trim();
    return replica;
  }

  /** Drops the least recently used until within both bounds (the one just used is kept whatever its size). */
  private trim(): void {
    let bytes = 0;
    for (const replica of this.replicas.values()) bytes += replica.bytes;
    while (this.replicas.size > 1 && (this.replicas.size > keptReplicas || bytes > keptBytes)) {
      const oldest = this.replicas.keys().next().value as string;
      bytes -= this.replicas.get(oldest)?.bytes ?? 0;
      this.drop(oldest);
    }
  }

  drop(key: string): void {
    const replica = this.replicas.get(key);
    if (replica === undefined) return;
    this.replicas.delete(key);
    replica.view.destroy();
    replica.doc.destroy();
  }
}
