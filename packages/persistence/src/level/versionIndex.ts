import type { DocVersion } from '../documentStore.js';
import { StoreError } from '../storeError.js';
import { openSealedValue, sealValue } from './checkedValue.js';
import { seqOfKey, versionIndexKey, versionIndexRange, versionRange } from './keys.js';
import type { BatchOp, LevelDb } from './levelDb.js';
import { decodeVersion } from './storedVersion.js';

/** Versions a page holds at most; a fuller one is split in two (so a version written rewrites one page of at most this many). */
const pageSize = 256;

type StoredEntry = [seq: number, createdAt: number, kind: 'a' | 'n', name: string | null, createdBy: string | null, authors: string[]];

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

const toEntry = (version: DocVersion): StoredEntry => [
  version.seq,
  version.createdAt,
  version.kind === 'named' ? 'n' : 'a',
  version.name,
  version.createdBy,
  version.authors,
];

function fromEntry(entry: unknown): DocVersion {
  if (!Array.isArray(entry) || entry.length !== 6) throw new Error('malformed version index entry');
  const [seq, createdAt, kind, name, createdBy, authors] = entry as unknown[];
  if (
    !Number.isSafeInteger(seq) ||
    !Number.isSafeInteger(createdAt) ||
    (kind !== 'a' && kind !== 'n') ||
    (name !== null && typeof name !== 'string') ||
    (createdBy !== null && typeof createdBy !== 'string') ||
    !Array.isArray(authors) ||
    !authors.every((author) => typeof author === 'string')
  ) {
    throw new Error(`malformed version index entry for seq ${String(seq)}`);
  }
  return {
    seq: seq as number,
    createdAt: createdAt as number,
    kind: kind === 'n' ? 'named' : 'auto',
    name: name as string | null,
    createdBy: createdBy as string | null,
    authors: authors as string[],
  };
}

/** `versions` in pages half full (room to grow before a split). */
function halfPages(versions: DocVersion[]): DocVersion[][] {
  const pages: DocVersion[][] = [];
  for (let at = 0; at < versions.length; at += pageSize / 2) pages.push(versions.slice(at, at + pageSize / 2));
  return pages;
}

/**
 * A doc's version index: its versions' records again, a page of up to `pageSize` per LevelDB
 * record (keys.ts), kept in the same atomic batch as the version records, so listing 10,000
 * versions reads some 40 records instead of 10,000. The first page is keyed 0 and always there
 * once the doc is indexed (empty when the doc has no versions); a page holds the versions from
 * its key to the next page's. A doc whose versions were written before the index (or by a store
 * without it) has no first page: its index is built from the version records when first needed.
 */
export function createVersionIndex(db: LevelDb) {
  function corrupt(docName: string, error: unknown): StoreError {
    return new StoreError('corrupt version index record', { docName, cause: error });
  }

  function decodePage(docName: string, key: Uint8Array, value: Uint8Array): DocVersion[] {
    try {
      const bytes = openSealedValue(key, value);
      if (bytes === null) throw new Error(`version index page at seq ${seqOfKey(key)} fails its checksum`);
      const entries = JSON.parse(decoder.decode(bytes)) as unknown;
      if (!Array.isArray(entries)) throw new Error(`version index page at seq ${seqOfKey(key)} is malformed`);
      return entries.map(fromEntry);
    } catch (error) {
      throw corrupt(docName, error);
    }
  }

  function pageOp(docName: string, start: number, versions: DocVersion[]): BatchOp {
    const key = versionIndexKey(docName, start);
    return { type: 'put', key, value: sealValue(key, encoder.encode(JSON.stringify(versions.map(toEntry)))) };
  }

  /** The doc's versions from their records (oldest first), for a doc not indexed yet. */
  async function fromRecords(docName: string): Promise<DocVersion[]> {
    const entries = await db.iterator(versionRange(docName)).all();
    return entries.map(([key, value]) => {
      try {
        return decodeVersion(key, value);
      } catch (error) {
        throw new StoreError('corrupt version record', { docName, cause: error });
      }
    });
  }

  /** Pages (start → versions, oldest first) for `versions`, the whole index of a doc. */
  function pagesOf(versions: DocVersion[]): Map<number, DocVersion[]> {
    const pages = new Map<number, DocVersion[]>([[0, []]]);
    for (const [at, page] of halfPages(versions).entries()) pages.set(at === 0 ? 0 : (page[0] as DocVersion).seq, page);
    return pages;
  }

  /** The puts of `pages`, fuller ones split; a page left empty is deleted (the first stays, empty). */
  function writePages(docName: string, pages: Map<number, DocVersion[]>): BatchOp[] {
    const ops: BatchOp[] = [];
    for (const [start, versions] of pages) {
      if (versions.length === 0 && start !== 0) {
        ops.push({ type: 'del', key: versionIndexKey(docName, start) });
        continue;
      }
      const parts = versions.length > pageSize ? halfPages(versions) : [versions];
      for (const [at, part] of parts.entries()) ops.push(pageOp(docName, at === 0 ? start : (part[0] as DocVersion).seq, part));
    }
    return ops;
  }

  return {
    /**
     * Every version of the doc, newest first, and the operations that index it if it was not
     * indexed yet (empty otherwise): the caller writes them.
     */
    async read(docName: string): Promise<{ versions: DocVersion[]; build: BatchOp[] }> {
      const pages = await db.iterator(versionIndexRange(docName)).all();
      if (pages.length === 0) {
        const versions = await fromRecords(docName);
        const build = versions.length === 0 ? [] : writePages(docName, pagesOf(versions));
        return { versions: versions.reverse(), build };
      }
      const versions: DocVersion[] = [];
      for (let i = pages.length - 1; i >= 0; i--) {
        const [key, value] = pages[i] as [Uint8Array, Uint8Array];
        versions.push(...decodePage(docName, key, value).reverse());
      }
      return { versions, build: [] };
    },

    /** The operations that bring the index in line with versions `put` (new or rewritten) and `deleted` (by seq). */
    async changes(docName: string, put: readonly DocVersion[], deleted: readonly number[]): Promise<BatchOp[]> {
      let pages: Map<number, DocVersion[]>;
      if ((await db.get(versionIndexKey(docName, 0))) === undefined) {
        // Not indexed yet: the records (before this change) make it.
        pages = pagesOf(await fromRecords(docName));
      } else {
        pages = new Map();
        for (const seq of [...put.map((version) => version.seq), ...deleted]) {
          const [found] = await db.iterator({ ...versionIndexRange(docName, seq), reverse: true, limit: 1 }).all();
          if (found === undefined) throw corrupt(docName, new Error('the first version index page is missing'));
          const start = seqOfKey(found[0]);
          if (!pages.has(start)) pages.set(start, decodePage(docName, found[0], found[1]));
        }
      }
      const startOf = (seq: number) => Math.max(...[...pages.keys()].filter((start) => start <= seq));
      for (const seq of deleted) {
        const page = pages.get(startOf(seq)) as DocVersion[];
        const at = page.findIndex((version) => version.seq === seq);
        if (at >= 0) page.splice(at, 1);
      }
      for (const version of put) {
        const page = pages.get(startOf(version.seq)) as DocVersion[];
        const at = page.findIndex((entry) => entry.seq >= version.seq);
        if (at < 0) page.push(version);
        else page.splice(at, page[at]?.seq === version.seq ? 1 : 0, version);
      }
      return writePages(docName, pages);
    },
  };
}

export type VersionIndex = ReturnType<typeof createVersionIndex>;
