import type { DocumentStore } from '@tandem/persistence';
import type { CompareResult, ConversionJob } from '../conversions/conversionMessages.js';
import type { ConversionPool } from '../conversions/conversionPool.js';
import { packBatches } from './packedBatches.js';
import { batchesThrough } from './versionState.js';

/** A comparison (`compareVersions`) as the compare route serves it: the changes, and the marked content as UTF-8 JSON or HTML. */
export type KeptComparison = CompareResult;

/** Comparisons kept, at most (each holds a document's JSON or HTML: a few MB for a 1 MB document). */
const keptComparisons = 4;

/**
 * Comparisons of two states of a document, computed on the conversion pool (the main thread reads
 * the stored batches and hands their bytes to a worker, which applies and compares them) and kept:
 * the states at two numbers never change, so comparing a version with now again (the panel's
 * "Compare with current" after a preview, or back and forth between versions while nobody edits)
 * answers from what is kept. Keyed by the document's creation time too, like VersionReads; the
 * least recently used is dropped.
 */
export class VersionComparisons {
  private readonly kept = new Map<string, Promise<KeptComparison>>();

  constructor(
    private readonly store: DocumentStore,
    private readonly pool: ConversionPool,
  ) {}

  get(name: string, createdAt: number, from: number, to: number, format: 'json' | 'html'): Promise<KeptComparison> {
    const key = `${name}\0${createdAt}\0${from}\0${to}\0${format}`;
    let kept = this.kept.get(key);
    if (kept === undefined) {
      const computing = this.compare(name, from, to, format);
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

  private async compare(name: string, fromSeq: number, to: number, format: 'json' | 'html'): Promise<KeptComparison> {
    const batches = packBatches(await batchesThrough(this.store, name, to));
    return this.pool.run<CompareResult>(
      () => ({
        message: { kind: 'compare', batches, fromSeq, format } satisfies ConversionJob,
        transfer: [batches.bytes.buffer as ArrayBuffer],
      }),
      { kind: 'compare' },
    );
  }
}
