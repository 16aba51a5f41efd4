import type { DocVersion, StoredBatch, VersionPage } from '../documentStore.js';
import { StoreError } from '../storeError.js';
import { checkCreateVersion, checkVersionList, checkVersionSeqs } from '../versions/checkVersionInput.js';
import { authorsOfBatches, planCreateVersion, planDeleteVersions } from '../versions/versionBook.js';
import { endsABatch } from '../versions/versionSpans.js';
import type { MemoryDoc } from './createMemoryStore.js';

const copy = (version: DocVersion): DocVersion => ({ ...version, authors: [...version.authors] });

/** The memory store's versions: kept in each doc's `versions`, in number order. Every call takes effect at once. */
export function createMemoryVersions(docs: Map<string, MemoryDoc>, copyBatch: (batch: StoredBatch) => StoredBatch) {
  /** Replaces or inserts `version`, keeping number order. */
  function put(doc: MemoryDoc, version: DocVersion): void {
    const index = doc.versions.findIndex((existing) => existing.seq >= version.seq);
    if (index < 0) doc.versions.push(version);
    else if ((doc.versions[index] as DocVersion).seq === version.seq) doc.versions[index] = version;
    else doc.versions.splice(index, 0, version);
  }

  return {
    readThrough(docName: string, throughSeq: number): StoredBatch[] | null {
      const doc = docs.get(docName);
      if (doc === undefined) return null;
      if (!endsABatch(doc.batches, throughSeq)) {
        throw new StoreError(`readThrough rejected: ${throughSeq} is inside a merged batch, not the end of one`, { docName });
      }
      return doc.batches.filter((batch) => batch.seq <= throughSeq).map(copyBatch);
    },

    create(docName: string, input: unknown): DocVersion | null {
      const options = checkCreateVersion(docName, input);
      const doc = docs.get(docName);
      if (doc === undefined || doc.meta.seq === 0) return null;
      const seq = options.seq ?? doc.meta.seq;
      if (seq > doc.meta.seq)
        throw new StoreError(`createVersion rejected: ${seq} is past the doc's last number ${doc.meta.seq}`, { docName });
      if (!endsABatch(doc.batches, seq)) {
        throw new StoreError(`createVersion rejected: ${seq} is inside a merged batch, not the end of one`, { docName });
      }
      const { versions } = doc;
      const before = versions.filter((version) => version.seq < seq);
      const plan = planCreateVersion(
        options,
        seq,
        {
          at: versions.find((version) => version.seq === seq) ?? null,
          prev: before.at(-1) ?? null,
          next: versions.find((version) => version.seq > seq) ?? null,
          newest: versions.at(-1) ?? null,
        },
        Date.now(),
        (afterSeq, throughSeq) => authorsOfBatches(doc.batches, afterSeq, throughSeq),
      );
      for (const version of plan.write) put(doc, copy(version));
      return plan.result === null ? null : copy(plan.result);
    },

    list(docName: string, input: unknown): VersionPage | null {
      const { before, limit } = checkVersionList(docName, input);
      const doc = docs.get(docName);
      if (doc === undefined) return null;
      const older = doc.versions.filter((version) => before === null || version.seq < before).reverse();
      const page = older.slice(0, limit).map(copy);
      return { versions: page, nextBefore: older.length > limit ? (page.at(-1)?.seq ?? null) : null };
    },

    get(docName: string, seq: number): DocVersion | null {
      const version = docs.get(docName)?.versions.find((existing) => existing.seq === seq);
      return version === undefined ? null : copy(version);
    },

    remove(docName: string, input: unknown): number {
      const seqs = checkVersionSeqs(docName, input);
      const doc = docs.get(docName);
      if (doc === undefined || seqs.length === 0) return 0;
      const { deleted, rewrite } = planDeleteVersions(doc.versions, seqs);
      const gone = new Set(deleted.map((version) => version.seq));
      doc.versions = doc.versions.filter((version) => !gone.has(version.seq));
      for (const version of rewrite) put(doc, version);
      return deleted.length;
    },
  };
}
