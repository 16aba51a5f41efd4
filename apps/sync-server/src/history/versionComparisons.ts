import { type DocumentCodec, schemaHtml, withChangeMarks } from '@tandem/document';
import type { DocumentStore } from '@tandem/persistence';
import { compareVersions, type VersionComparison } from './compareVersions.js';
import { batchesThrough } from './versionState.js';

/** A comparison, and the same as HTML (written once, when first asked for). */
export interface KeptComparison {
  comparison: VersionComparison;
  html: () => string;
}

/** Comparisons kept, at most (each holds a document's JSON and HTML: a few MB for a 1 MB document). */
const keptComparisons = 4;

/**
 * Comparisons of two states of a document, computed once: the states at two numbers never change,
 * so comparing a version with now again (the panel's "Compare with current" after a preview, or
 * back and forth between versions while nobody edits) answers from what is kept. Keyed by the
 * document's creation time too, like VersionContents; the least recently used is dropped.
 */
export class VersionComparisons {
  private readonly kept = new Map<string, Promise<KeptComparison>>();
  private readonly changeSchema;

  constructor(
    private readonly store: DocumentStore,
    codec: DocumentCodec,
  ) {
    this.changeSchema = withChangeMarks(codec.schema);
  }

  get(name: string, createdAt: number, from: number, to: number): Promise<KeptComparison> {
    const key = `${name}\0${createdAt}\0${from}\0${to}`;
    let kept = this.kept.get(key);
    if (kept === undefined) {
      const computing = this.compare(name, from, to);
      kept = computing;
      computing.catch(() => {
        if (this.kept.get(key) === computing) this.kept.delete(key);
      });
    }
    this.kept.delete(key);
    this.kept.set(key, kept);
    while (this.kept.size > keptComparisons) this.kept.delete(this.kept.keys().next().value as string);
    return kept;
  }

  private async compare(name: string, from: number, to: number): Promise<KeptComparison> {
    const comparison = compareVersions(await batchesThrough(this.store, name, to), from);
    const schema = this.changeSchema;
    let html: string | undefined;
    return {
      comparison,
      html: () => {
        html ??= schemaHtml(schema, schema.nodeFromJSON(comparison.content).content);
        return html;
      },
    };
  }
}
