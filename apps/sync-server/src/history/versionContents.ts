import { type DocumentCodec, DocumentView } from '@tandem/document';
import type { DocumentStore } from '@tandem/persistence';
import { batchesThrough, docOfBatches } from './versionState.js';

/** A version's content as a restore writes it. */
export interface VersionContent {
  title: string;
  /** The document as a ProseMirror node. */
  node: ReturnType<DocumentView['node']>;
  /** The bytes of its stored state (for the cache's bound). */
  bytes: number;
}

/** Versions kept converted, at most, and at most this many bytes of their Yjs state together (memory holds several times that). */
const keptVersions = 8;
const keptBytes = 4 * 1024 * 1024;

/**
 * The content of versions as restores write them, converted on the main thread (a restore computes
 * its change on the room's mirror there; previews and comparisons convert on the conversion pool,
 * see VersionReads) and kept: restoring a version again does not apply and convert it again.
 * Keyed by the document's creation time too, so a deleted and re-created document (whose numbers
 * start again) never gets the old one's versions. The least recently used of `keptVersions` is dropped.
 */
export class VersionContents {
  private readonly kept = new Map<string, Promise<VersionContent>>();
  private readonly sizes = new Map<string, number>();

  constructor(
    private readonly store: DocumentStore,
    private readonly codec: DocumentCodec,
  ) {}

  get(name: string, createdAt: number, seq: number): Promise<VersionContent> {
    const key = `${name}\0${createdAt}\0${seq}`;
    let content = this.kept.get(key);
    if (content !== undefined) {
      this.kept.delete(key);
    } else {
      const converting = this.convert(name, seq);
      content = converting;
      converting.then(
        (converted) => {
          if (this.kept.get(key) !== converting) return;
          this.sizes.set(key, converted.bytes);
          this.trim();
        },
        () => {
          if (this.kept.get(key) === converting) this.drop(key);
        },
      );
    }
    this.kept.set(key, content);
    this.trim();
    return content;
  }

  /** Drops the least recently used until within both bounds (the newest is kept whatever its size). */
  private trim(): void {
    let bytes = 0;
    for (const size of this.sizes.values()) bytes += size;
    while (this.kept.size > 1 && (this.kept.size > keptVersions || bytes > keptBytes)) {
      const oldest = this.kept.keys().next().value as string;
      bytes -= this.sizes.get(oldest) ?? 0;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    this.kept.delete(key);
    this.sizes.delete(key);
  }

  private async convert(name: string, seq: number): Promise<VersionContent> {
    const batches = await batchesThrough(this.store, name, seq);
    const doc = docOfBatches(batches);
    const view = new DocumentView(doc, this.codec);
    try {
      let bytes = 0;
      for (const batch of batches) for (const update of batch.updates) bytes += update.byteLength;
      return { title: view.title, node: view.node(), bytes };
    } finally {
      view.destroy();
      doc.destroy();
    }
  }
}
