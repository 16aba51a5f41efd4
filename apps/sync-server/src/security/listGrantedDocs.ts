import type { DocMeta, DocPage, DocumentStore } from '@tandem/persistence';
import type { CursorSeal } from './cursorSeal.js';

/** Documents read from the store for one `/api/docs` request at most, however few the token grants. */
export const LIST_SCAN_BUDGET = 2000;

/** Store page size while scanning: at least this many, so sparse grants take few store calls. */
const minScanPage = 100;

/** Where a listing continues: a store cursor, and the last name already handled in the page it starts. */
interface Position {
  store: string | null;
  after: string | null;
}

export interface ListGrantedOptions {
  /** A cursor from an earlier answer (sealed), or null for the first page. */
  cursor: string | null;
  limit: number;
  canRead: (docName: string) => boolean;
  /** A further filter on each doc the caller may read (title, time). */
  matches?: (doc: DocMeta) => boolean;
  seal: CursorSeal;
  scanBudget?: number;
}

/** Thrown for a cursor the seal does not open (made up, altered, or from an earlier process). */
export class InvalidListCursor extends Error {}

/**
 * A page of `/api/docs` for a token that grants only some documents (or a filtered listing): up to `limit` granted docs,
 * scanning the store past any number of others (at most `scanBudget` docs per request; a page may
 * then hold fewer, even none: follow `nextCursor`). The cursor it returns is sealed (see
 * `createCursorSeal`), and it points at the last returned doc, or at the end of the scan, so the
 * caller never learns a name the token does not grant, and a made-up cursor gets nowhere.
 */
export async function listGrantedDocs(store: DocumentStore, options: ListGrantedOptions): Promise<DocPage> {
  const { limit, seal } = options;
  const matches = options.matches ?? (() => true);
  const wanted = (doc: DocMeta) => options.canRead(doc.name) && matches(doc);
  const budget = options.scanBudget ?? LIST_SCAN_BUDGET;
  let position = options.cursor === null ? { store: null, after: null } : openCursor(seal, options.cursor);
  const docs: DocMeta[] = [];
  let scanned = 0;
  for (;;) {
    const page = await store.list({
      cursor: position.store,
      limit: Math.min(budget - scanned, Math.max(limit - docs.length, minScanPage)),
    });
    scanned += page.docs.length;
    const fresh = position.after === null ? page.docs : page.docs.filter((doc) => byteOrder(doc.name, position.after as string) > 0);
    for (const [i, doc] of fresh.entries()) {
      if (!wanted(doc)) continue;
      docs.push(doc);
      if (docs.length < limit) continue;
      const moreHere = fresh.slice(i + 1).some(wanted);
      if (!moreHere && page.nextCursor === null) return { docs, nextCursor: null };
      const next = moreHere ? { store: position.store, after: doc.name } : { store: page.nextCursor, after: null };
      return { docs, nextCursor: sealCursor(seal, next) };
    }
    if (page.nextCursor === null) return { docs, nextCursor: null };
    position = { store: page.nextCursor, after: null };
    if (scanned >= budget) return { docs, nextCursor: sealCursor(seal, position) };
  }
}

function sealCursor(seal: CursorSeal, position: Position): string {
  return seal.seal(JSON.stringify([position.store, position.after]));
}

function openCursor(seal: CursorSeal, cursor: string): Position {
  const text = seal.open(cursor);
  if (text === null) throw new InvalidListCursor(`invalid cursor ${JSON.stringify(cursor)}`);
  const [store, after] = JSON.parse(text) as [string | null, string | null];
  return { store, after };
}

/** The store's order: doc names compared as UTF-8 bytes. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
