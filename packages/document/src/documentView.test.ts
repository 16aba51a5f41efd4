import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { replaceContent } from './contentEdits.js';
import { DocumentCodec } from './documentCodec.js';
import { DocumentView } from './documentView.js';
import { htmlFixtures } from './fixtures/htmlFixtures.js';
import { markdownFixtures } from './fixtures/markdownFixtures.js';

const codec = new DocumentCodec();

/** A Y.Doc holding `markdown`, written the way the server writes content. */
function docWith(markdown: string): { doc: Y.Doc; view: DocumentView } {
  const doc = new Y.Doc();
  const view = new DocumentView(doc, codec);
  replaceContent(view, codec.parse('markdown', markdown));
  return { doc, view };
}

const paragraphText = (doc: Y.Doc, index: number) => (doc.getXmlFragment('default').get(index) as Y.XmlElement).get(0) as Y.XmlText;

describe('DocumentView', () => {
  it.each(Object.entries(markdownFixtures))(
    'renders Markdown block by block exactly as the manager renders the whole: %s',
    (_name, markdown) => {
      const { view } = docWith(markdown);
      expect(view.markdown()).toBe(markdown);
      expect(view.markdown()).toBe(codec.serialize(view.node(), 'markdown'));
    },
  );

  it('renders every format of a document of every feature the same as the codec does from its node', () => {
    const doc = new Y.Doc();
    const view = new DocumentView(doc, codec);
    const html = Object.values(htmlFixtures).join('');
    replaceContent(view, codec.parse('html', html));
    expect(view.html()).toBe(html);
    for (const format of ['markdown', 'text', 'json'] as const) {
      const expected = codec.serialize(codec.parse('html', html), format);
      expect(format === 'json' ? view.json() : format === 'markdown' ? view.markdown() : view.text(), format).toEqual(expected);
    }
  });

  it('after an edit, renders only the block that changed again, and the result is current', () => {
    const { doc, view } = docWith(Array.from({ length: 50 }, (_, i) => `Paragraph ${i}`).join('\n\n'));
    expect(view.markdown()).toContain('Paragraph 7\n\nParagraph 8');
    const render = vi.spyOn(codec.markdownManager, 'renderNodeToMarkdown');
    paragraphText(doc, 7).insert(11, ' edited');
    expect(view.markdown()).toContain('Paragraph 7 edited\n\nParagraph 8');
    expect(render.mock.calls.filter(([, , , level]) => level === 0)).toHaveLength(1);
    // Nothing changed since: the whole text is the one already made.
    render.mockClear();
    expect(view.markdown()).toContain('Paragraph 7 edited');
    expect(render).not.toHaveBeenCalled();
    render.mockRestore();
  });

  it('follows blocks added, removed and made empty (an empty paragraph changes how the next one renders)', () => {
    const { doc, view } = docWith('One\n\nTwo\n\nThree');
    const fragment = doc.getXmlFragment('default');
    fragment.delete(1, 1);
    expect(view.markdown()).toBe('One\n\nThree');
    const empty = new Y.XmlElement('paragraph');
    fragment.insert(1, [empty]);
    const second = new Y.XmlElement('paragraph');
    fragment.insert(2, [second]);
    expect(view.markdown()).toBe(codec.serialize(view.node(), 'markdown'));
    expect(view.markdown()).toBe('One\n\n\n\n&nbsp;\n\nThree');
  });

  it('reading changes nothing in the Y.Doc', () => {
    const { doc, view } = docWith(markdownFixtures['mixed document'] as string);
    const before = Y.encodeStateAsUpdate(doc);
    view.markdown();
    view.html();
    view.text();
    view.blocks();
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('gives each block an id that is the same on every replica and stays while people type in it', () => {
    const { doc, view } = docWith('One\n\nTwo');
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const ids = view.blocks().map((block) => block.id);
    expect(new DocumentView(replica, codec).blocks().map((block) => block.id)).toEqual(ids);
    paragraphText(doc, 1).insert(0, 'Still ');
    expect(view.blocks().map((block) => block.id)).toEqual(ids);
    expect(ids[0]).toMatch(/^\d+:\d+$/);
  });

  it('reads the title, and stops following the doc once destroyed', () => {
    const { doc, view } = docWith('Text');
    doc.getText('title').insert(0, 'Plan');
    expect(view.title).toBe('Plan');
    view.markdown();
    view.destroy();
    paragraphText(doc, 0).insert(0, 'More ');
    // The cached block is no longer dropped on change: the view is done.
    expect(view.markdown()).toBe('Text');
  });
});
