import { createLevelStore, type DocMeta } from '@tandem/persistence';
import * as Y from 'yjs';

/**
 * Opens the LevelDB store in `dataDir` (the server using it must be stopped), reads one doc and
 * closes the store again. Returns null if the doc was never stored.
 */
export async function loadStoredDoc(dataDir: string, docName: string): Promise<{ doc: Y.Doc; meta: DocMeta } | null> {
  const store = await createLevelStore({ dir: dataDir });
  try {
    const loaded = await store.load(docName);
    if (loaded === null) return null;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, loaded.update);
    return { doc, meta: loaded.meta };
  } finally {
    await store.close();
  }
}

/** True when `doc` already contains everything in `other` (applying `other` would change nothing). */
export function containsAll(doc: Y.Doc, other: Y.Doc): boolean {
  const probe = new Y.Doc();
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(doc));
  let changed = false;
  probe.on('update', () => {
    changed = true;
  });
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(other));
  probe.destroy();
  return !changed;
}
