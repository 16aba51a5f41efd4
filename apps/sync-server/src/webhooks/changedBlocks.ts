import { DocSchema } from '@tandem/protocol';
import * as Y from 'yjs';

/** What a run of updates changed in a document. */
export interface BlockChanges {
  /** Top-level blocks (paragraphs, headings, lists, …) something was inserted into or deleted from, or that were added or removed. */
  blocksChanged: number;
  /** Whether the title changed. */
  titleChanged: boolean;
}

/**
 * Reads which top-level blocks `updates` touched, by looking up every item they insert or delete in
 * `doc` (a state that includes them: the live document, or the stored one) and walking up to the
 * block that holds it. Reads only: `doc` is not changed. An item `doc` no longer has in full (Yjs
 * collected it together with its deleted parent) counts through that parent, which is deleted too.
 */
export function changedBlocks(doc: Y.Doc, updates: readonly Uint8Array[]): BlockChanges {
  const content = doc.getXmlFragment(DocSchema.content);
  const title = doc.getText(DocSchema.title);
  const blocks = new Set<Y.Item>();
  let titleChanged = false;

  const note = (struct: Y.Item | Y.GC): void => {
    if (!(struct instanceof Y.Item)) return;
    let item: Y.Item = struct;
    let parent = item.parent;
    while (parent instanceof Y.AbstractType && parent !== content && parent !== title && parent._item !== null) {
      item = parent._item;
      parent = item.parent;
    }
    if (parent === content) blocks.add(item);
    else if (parent === title) titleChanged = true;
  };

  const visit = (client: number, clock: number, length: number): void => {
    const structs = doc.store.clients.get(client);
    if (structs === undefined || structs.length === 0) return;
    const last = structs[structs.length - 1] as Y.Item | Y.GC;
    if (clock >= last.id.clock + last.length) return;
    for (let index = Y.findIndexSS(structs, clock); index < structs.length; index++) {
      const struct = structs[index] as Y.Item | Y.GC;
      if (struct.id.clock >= clock + length) break;
      note(struct);
    }
  };

  for (const update of updates) {
    const { structs, ds } = Y.decodeUpdate(update);
    for (const struct of structs) {
      if (struct instanceof Y.Item || struct instanceof Y.GC) visit(struct.id.client, struct.id.clock, struct.length);
    }
    for (const [client, deletions] of ds.clients) {
      for (const deletion of deletions) visit(client, deletion.clock, deletion.len);
    }
  }
  return { blocksChanged: blocks.size, titleChanged };
}
