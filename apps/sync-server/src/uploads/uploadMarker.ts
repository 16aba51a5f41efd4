import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { DocMeta, DocumentStore, StoredBatch } from '@tandem/persistence';
import { findUploadNames } from './findUploadNames.js';

/** What a mark found. */
export interface Marks {
  /** Every upload name some stored document refers to → the first document found with it. */
  referenced: Map<string, string>;
  /** Documents looked at (every stored one, the trash's included). */
  docs: number;
  /** Documents whose stored batches were read (the others had not changed since a former mark). */
  docsRead: number;
  /** Bytes of stored updates read. */
  bytesRead: number;
}

/** A mark could not see every document: nothing may be freed on its word. */
export class MarkIncomplete extends Error {
  override readonly name = 'MarkIncomplete';
}

/** What one document referred to, as of its stored numbers. */
interface DocScan {
  createdAt: number;
  seq: number;
  records: number;
  names: readonly string[];
}

const NONE: readonly string[] = Object.freeze([]);
/** A pass over every document, then passes over those that changed meanwhile, until none did (at most this many in all). */
const MAX_PASSES = 3;
const PAGE = 1000;

const scanKey = (meta: Pick<DocMeta, 'createdAt' | 'seq' | 'updateCount'>) => `${meta.createdAt}:${meta.seq}:${meta.updateCount}`;

/**
 * The mark of the sweep: the images every stored document refers to, in its current state and in
 * every version it keeps (all of it lies in its stored batches, see `findUploadNames`), trashed
 * documents included (they are stored documents under `~trash/…` until purged). One document at a
 * time, yielding to the event loop between two, so neither the loop nor the store is held up.
 *
 * Incremental: it remembers, per document, the numbers it has read to. A document whose creation
 * time, last number and record count are unchanged is not read again; one that only grew is read
 * from where it stopped; anything else (compacted, re-created) is read whole again. What was read
 * stays a superset of what is stored, so an image is never missed; a compaction that collected one
 * is seen by the whole read it causes.
 */
export class UploadMarker {
  readonly #store: DocumentStore;
  readonly #scans = new Map<string, DocScan>();

  constructor(store: DocumentStore) {
    this.#store = store;
  }

  /** Marks every document; `check` is called between documents and throws to stop (the lock was lost, the server closes). */
  async mark(check: () => void): Promise<Marks> {
    const marks: Marks = { referenced: new Map(), docs: 0, docsRead: 0, bytesRead: 0 };
    const seen = new Map<string, string>();
    const listed = new Set<string>();
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      let changed = 0;
      let cursor: string | null = null;
      do {
        const page = await this.#store.list({ cursor, limit: PAGE });
        for (const meta of page.docs) {
          listed.add(meta.name);
          if (seen.get(meta.name) === scanKey(meta)) continue;
          check();
          changed++;
          const names = await this.#scan(meta, marks);
          seen.set(meta.name, scanKey(meta));
          for (const name of names) if (!marks.referenced.has(name)) marks.referenced.set(name, meta.name);
          await yieldToEventLoop();
        }
        cursor = page.nextCursor;
      } while (cursor !== null);
      if (changed === 0) break;
    }
    marks.docs = listed.size;
    for (const name of this.#scans.keys()) if (!listed.has(name)) this.#scans.delete(name);
    return marks;
  }

  async #scan(meta: DocMeta, marks: Marks): Promise<readonly string[]> {
    if (meta.damaged !== undefined) throw new MarkIncomplete(`document ${JSON.stringify(meta.name)} is damaged (${meta.damaged})`);
    const known = this.#scans.get(meta.name);
    if (known !== undefined && known.createdAt === meta.createdAt) {
      if (known.seq === meta.seq && known.records === meta.updateCount) return known.names;
      marks.docsRead++;
      if (meta.seq > known.seq) {
        const grown = await this.#read(meta.name, known.seq, marks);
        const added = grown === null ? null : scanOf(meta, grown);
        // Only appended to since: the records read before are all still there.
        if (
          added !== null &&
          grown?.[0] !== undefined &&
          grown[0].firstSeq > known.seq &&
          added.seq === meta.seq &&
          meta.updateCount === known.records + added.records
        ) {
          const names = new Set([...known.names, ...added.names]);
          return this.#remember(meta.name, { ...added, records: meta.updateCount, names: names.size === 0 ? NONE : [...names] });
        }
      }
    }
    if (known === undefined || known.createdAt !== meta.createdAt) marks.docsRead++;
    const batches = await this.#read(meta.name, 0, marks);
    if (batches === null) {
      // Deleted since it was listed: its content moved to the trash (a document of its own), or was purged.
      this.#scans.delete(meta.name);
      return NONE;
    }
    return this.#remember(meta.name, scanOf(meta, batches));
  }

  async #read(name: string, afterSeq: number, marks: Marks): Promise<StoredBatch[] | null> {
    try {
      const batches = await this.#store.readAfter(name, afterSeq);
      for (const batch of batches ?? []) for (const update of batch.updates) marks.bytesRead += update.byteLength;
      return batches;
    } catch (error) {
      throw new MarkIncomplete(`reading document ${JSON.stringify(name)} failed`, { cause: error });
    }
  }

  #remember(name: string, scan: DocScan): readonly string[] {
    this.#scans.set(name, scan);
    return scan.names;
  }
}

function scanOf(meta: DocMeta, batches: readonly StoredBatch[]): DocScan {
  const names = new Set<string>();
  let records = 0;
  for (const batch of batches) {
    records += batch.updates.length;
    for (const update of batch.updates) findUploadNames(update, names);
  }
  return { createdAt: meta.createdAt, seq: batches.at(-1)?.seq ?? meta.seq, records, names: names.size === 0 ? NONE : [...names] };
}
