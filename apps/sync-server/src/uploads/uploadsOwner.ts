import { randomBytes } from 'node:crypto';
import type { DocumentStore } from '@tandem/persistence';
import * as Y from 'yjs';

/** The store name of the record naming this store for its uploads (never a document name: those start with a letter or digit). */
export const UPLOADS_OWNER_DOC = '~uploads';

/**
 * A sweep frees the images no document of its store refers to, so an uploads directory must
 * serve one store only: two deployments sharing one would free each other's images. The store
 * gets a random id, kept in the store itself (a small Yjs document, like the trash's index), and
 * the sweep state in the directory names the store it belongs to.
 */
export async function readStoreId(store: DocumentStore): Promise<string | null> {
  const stored = await store.load(UPLOADS_OWNER_DOC);
  if (stored === null) return null;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, stored.update);
    const id = doc.getMap<string>('owner').get('id');
    return typeof id === 'string' && id !== '' ? id : null;
  } finally {
    doc.destroy();
  }
}

/** The store's id, given one first if it has none yet. */
export async function ensureStoreId(store: DocumentStore): Promise<string> {
  const existing = await readStoreId(store);
  if (existing !== null) return existing;
  const doc = new Y.Doc();
  try {
    doc.getMap<string>('owner').set('id', randomBytes(16).toString('hex'));
    await store.append(UPLOADS_OWNER_DOC, [Y.encodeStateAsUpdate(doc)]);
  } finally {
    doc.destroy();
  }
  // Read back: should two ever have written at once, Yjs settles on one value for everyone.
  const id = await readStoreId(store);
  if (id === null) throw new Error(`the store did not keep its uploads id (${UPLOADS_OWNER_DOC})`);
  return id;
}
