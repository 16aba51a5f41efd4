import { createMemoryStore, type DocumentStore } from '@tandem/persistence';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compareVersions } from './compareVersions.js';

/** A writer of one Tandem-shaped doc (paragraphs of text in 'default') whose updates are appended with its author. */
function writer(store: DocumentStore, author: string, doc = new Y.Doc()) {
  const pending: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => pending.push(update));
  const fragment = doc.getXmlFragment('default');
  return {
    doc,
    paragraph(index: number, text: string) {
      const element = new Y.XmlElement('paragraph');
      element.insert(0, [new Y.XmlText(text)]);
      fragment.insert(index, [element]);
    },
    text(index: number) {
      return (fragment.get(index) as Y.XmlElement).get(0) as Y.XmlText;
    },
    async flush() {
      const updates = pending.splice(0);
      if (updates.length > 0) await store.append('compared', updates, { author });
    },
  };
}

describe.each([
  ['uncompacted', Number.POSITIVE_INFINITY],
  ['compacted after every 2 records', 2],
])('compareVersions (%s)', (_label, compactAfterUpdates) => {
  it('marks what each author added and removed since a version, blocks and text', async () => {
    const store = createMemoryStore({ compactAfterUpdates });
    const ada = writer(store, 'ada');
    ada.paragraph(0, 'The quick brown fox');
    ada.paragraph(1, 'jumps over the dog');
    await ada.flush();
    const bob = writer(store, 'bob', new Y.Doc());
    Y.applyUpdate(bob.doc, Y.encodeStateAsUpdate(ada.doc));
    const v1 = (await store.createVersion('compared', { kind: 'auto' }))?.seq as number;
    // Ada types in the first paragraph, one keystroke per batch; Bob deletes a word and adds a paragraph.
    for (const char of ' runs') {
      ada.text(0).insert(ada.text(0).length, char);
      await ada.flush();
    }
    bob.text(1).delete(0, 6);
    await bob.flush();
    bob.paragraph(2, 'A new ending.');
    await bob.flush();
    const batches = (await store.readThrough('compared', (await store.getMeta('compared'))?.seq as number)) ?? [];
    const { changes, authors, content } = compareVersions(batches, v1);
    expect(changes).toEqual([
      { type: 'added', author: 'ada', text: ' runs', block: 0, wholeBlock: false },
      { type: 'removed', author: 'bob', text: 'jumps ', block: 1, wholeBlock: false },
      { type: 'added', author: 'bob', text: 'A new ending.', block: 2, wholeBlock: true },
    ]);
    expect(authors).toEqual(['ada', 'bob']);
    // The content holds both states: deleted text stays, marked.
    expect(JSON.stringify(content)).toContain('jumps ');
    expect(content.content).toHaveLength(3);
    // Against the empty start, everything is Ada's and Bob's additions.
    const fromStart = compareVersions(batches, 0);
    expect(fromStart.changes.every((change) => change.type === 'added')).toBe(true);
    expect(fromStart.authors.sort()).toEqual(['ada', 'bob']);
  });
});
