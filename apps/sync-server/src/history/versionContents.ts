import { type DocumentCodec, DocumentView, type JSONContent, schemaHtml } from '@tandem/document';
import type { DocumentStore } from '@tandem/persistence';
import * as Y from 'yjs';
import { docVersion } from '../api/docVersion.js';
import { batchesThrough, docOfBatches } from './versionState.js';

/** A version's content in the forms the routes serve and restore from. */
export interface VersionContent {
  /** The whole state as one Yjs update. */
  update: Uint8Array;
  title: string;
  /** The ids of its top-level blocks. */
  blocks: string[];
  /** ProseMirror JSON (made when first asked for: the panel previews HTML). */
  json: () => JSONContent;
  /** The document as a ProseMirror node (what a restore writes). */
  node: ReturnType<DocumentView['node']>;
  html: () => string;
  markdown: () => string;
  text: () => string;
  etag: string;
}

/** Versions kept converted, at most, and at most this many bytes of their Yjs state together (memory holds several times that). */
const keptVersions = 8;
const keptBytes = 4 * 1024 * 1024;

/**
 * The content of versions, converted once: previewing a version, then restoring it (or comparing
 * its neighbours) does not apply and convert a large document again each time. Keyed by the
 * document's creation time too, so a deleted and re-created document (whose numbers start again)
 * never gets the old one's versions. The least recently used of `keptVersions` is dropped.
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
          this.sizes.set(key, converted.update.byteLength);
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
    const doc = docOfBatches(await batchesThrough(this.store, name, seq));
    const view = new DocumentView(doc, this.codec);
    const node = view.node();
    let json: JSONContent | undefined;
    let html: string | undefined;
    // The conversions read the doc lazily: the view and doc stay with the entry (dropped with it).
    // The HTML (what the history panel previews) is written once, by the schema, as strings.
    return {
      update: Y.encodeStateAsUpdate(doc),
      title: view.title,
      blocks: view.blocks().map((block) => block.id),
      json: () => {
        json ??= view.json();
        return json;
      },
      node,
      html: () => {
        html ??= schemaHtml(this.codec.schema, node.content);
        return html;
      },
      markdown: () => view.markdown(),
      text: () => view.text(),
      etag: docVersion(doc),
    };
  }
}
