import * as Y from 'yjs';

/**
 * A Tandem document's text the way the editor writes it: paragraphs (`Y.XmlElement('paragraph')`,
 * each holding one `Y.XmlText`) in the fragment 'default', and a `Y.Text('title')'.
 */
export function paragraphs(doc: Y.Doc) {
  const fragment = doc.getXmlFragment('default');
  const textOf = (index: number) => (fragment.get(index) as Y.XmlElement).get(0) as Y.XmlText;
  return {
    /** Inserts a paragraph holding `text` at `index` (at the end by default). */
    add(text: string, index = fragment.length) {
      const element = new Y.XmlElement('paragraph');
      element.insert(0, [new Y.XmlText(text)]);
      fragment.insert(index, [element]);
    },
    /** Appends `text` to paragraph `index`. */
    type(index: number, text: string) {
      const target = textOf(index);
      target.insert(target.length, text);
    },
    insert(index: number, at: number, text: string) {
      textOf(index).insert(at, text);
    },
    erase(index: number, at: number, count: number) {
      textOf(index).delete(at, count);
    },
    remove(index: number) {
      fragment.delete(index, 1);
    },
    /** The paragraphs' texts. */
    texts(): string[] {
      return fragment.toArray().map((element) => ((element as Y.XmlElement).get(0) as Y.XmlText | undefined)?.toString() ?? '');
    },
    get length() {
      return fragment.length;
    },
  };
}
