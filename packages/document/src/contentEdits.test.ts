import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendContent, replaceBlock, replaceContent, setTitle } from './contentEdits.js';
import { ContentError } from './contentError.js';
import { DocumentCodec } from './documentCodec.js';
import { DocumentView } from './documentView.js';

const codec = new DocumentCodec();
const md = (markdown: string) => codec.parse('markdown', markdown);

/** A doc with `markdown`, and everything written into it from then on, as updates. */
function recordedDoc(markdown: string) {
  const doc = new Y.Doc();
  const view = new DocumentView(doc, codec);
  replaceContent(view, md(markdown));
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, view, updates, bytes: () => updates.reduce((sum, update) => sum + update.byteLength, 0) };
}

const many = (count: number) => Array.from({ length: count }, (_, i) => `Paragraph number ${i} with **some** text.`).join('\n\n');
const ids = (view: DocumentView) => view.blocks().map((block) => block.id);

describe('content edits', () => {
  it('replace one block by index or by id: only that block changes, with an update the size of the change', () => {
    const { view, bytes } = recordedDoc(many(1000));
    const before = ids(view);
    replaceBlock(view, { index: 500 }, md('# A new heading'));
    replaceBlock(view, { id: before[10] as string }, md('Changed *ten*'));
    const after = ids(view);
    expect(after.filter((id, i) => id !== before[i])).toHaveLength(1); // the heading is new; the paragraph kept its element
    expect(view.markdown().split('\n\n')[500]).toBe('# A new heading');
    expect(view.markdown().split('\n\n')[10]).toBe('Changed *ten*');
    expect(bytes()).toBeLessThan(400);
  });

  it('replace one block with several', () => {
    const { view } = recordedDoc('One\n\nTwo\n\nThree');
    expect(replaceBlock(view, { index: 1 }, md('- a\n- b\n\nTwo and a half'))).toEqual({ index: 1 });
    expect(view.markdown()).toBe('One\n\n- a\n- b\n\nTwo and a half\n\nThree');
  });

  it('an unknown block is a ContentError that changes nothing', () => {
    const { view, updates } = recordedDoc('One');
    expect(() => replaceBlock(view, { index: 1 }, md('x'))).toThrow(ContentError);
    expect(() => replaceBlock(view, { id: '1:2' }, md('x'))).toThrow(/no block with id "1:2": the document has 1 blocks/);
    expect(updates).toHaveLength(0);
  });

  it('append adds blocks after the last one and touches nothing else', () => {
    const { view, bytes } = recordedDoc(many(1000));
    const before = ids(view);
    appendContent(view, md('The end.'));
    expect(ids(view).slice(0, 1000)).toEqual(before);
    expect(view.markdown().endsWith('text.\n\nThe end.')).toBe(true);
    expect(bytes()).toBeLessThan(100);
  });

  it('replacing the whole content changes only the blocks that differ', () => {
    const { view, bytes } = recordedDoc(many(300));
    const before = ids(view);
    const edited = many(300).replace('Paragraph number 150 with', 'Paragraph number 150, edited, with');
    replaceContent(view, md(edited));
    expect(view.markdown()).toBe(edited);
    expect(ids(view)).toEqual(before);
    expect(bytes()).toBeLessThan(200);
    const bytesBefore = bytes();
    replaceContent(view, md(edited));
    expect(bytes()).toBe(bytesBefore); // nothing to change, nothing written
  });

  it('typing elsewhere, concurrently, survives a replaced block and the replicas converge', () => {
    const server = recordedDoc('Alpha\n\nBravo\n\nCharlie');
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server.doc));
    // The client types into Alpha and Charlie while the server replaces Bravo; neither has seen the other yet.
    const fragment = client.getXmlFragment('default');
    ((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(5, ' typed');
    ((fragment.get(2) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Also ');
    replaceBlock(server.view, { index: 1 }, md('## Bravo, replaced'));
    Y.applyUpdate(server.doc, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server.doc)));
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server.doc, Y.encodeStateVector(client)));
    expect(server.view.markdown()).toBe('Alpha typed\n\n## Bravo, replaced\n\nAlso Charlie');
    expect(new DocumentView(client, codec).markdown()).toBe(server.view.markdown());
  });

  it('sets the title with the smallest change', () => {
    const { doc, updates } = recordedDoc('x');
    setTitle(doc, 'Quarterly plan');
    setTitle(doc, 'Quarterly plan (draft)');
    expect(doc.getText('title').toString()).toBe('Quarterly plan (draft)');
    expect(updates[1]?.byteLength).toBeLessThan(40);
    setTitle(doc, 'Quarterly plan (draft)');
    expect(updates).toHaveLength(2);
  });
});
