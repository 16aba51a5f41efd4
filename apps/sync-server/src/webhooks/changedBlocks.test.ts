import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { changedBlocks } from './changedBlocks.js';

/** A document of paragraphs, the updates of each change recorded. */
function paragraphs(texts: string[]) {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('default');
  fragment.insert(
    0,
    texts.map((text) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(text)]);
      return paragraph;
    }),
  );
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const textOf = (index: number) => (fragment.get(index) as Y.XmlElement).get(0) as Y.XmlText;
  return { doc, fragment, updates, textOf };
}

describe('changedBlocks', () => {
  it('counts each top-level block typed in once, however many keystrokes', () => {
    const { doc, updates, textOf } = paragraphs(['one', 'two', 'three']);
    for (const char of 'abc') textOf(0).insert(0, char);
    textOf(2).insert(5, '!');
    expect(changedBlocks(doc, updates)).toEqual({ blocksChanged: 2, titleChanged: false });
  });

  it('counts blocks added, removed and deleted inside, and the title apart', () => {
    const { doc, fragment, updates, textOf } = paragraphs(['keep', 'trim', 'drop', 'same']);
    textOf(1).delete(0, 2);
    fragment.delete(2, 1);
    fragment.insert(0, [new Y.XmlElement('heading')]);
    doc.getText('title').insert(0, 'Plan');
    expect(changedBlocks(doc, updates)).toEqual({ blocksChanged: 3, titleChanged: true });
  });

  it('reads updates against a later state of the document (another replica, the stored state)', () => {
    const { doc, updates, textOf } = paragraphs(['a', 'b']);
    textOf(1).insert(1, 'x');
    const mine = [...updates];
    textOf(0).insert(0, 'later');
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    expect(changedBlocks(replica, mine)).toEqual({ blocksChanged: 1, titleChanged: false });
    expect(changedBlocks(replica, updates)).toEqual({ blocksChanged: 2, titleChanged: false });
  });
});
