import * as Y from 'yjs';

/**
 * A Y.Doc shaped like a Tandem document (XmlFragment 'default' of paragraphs, Text 'title')
 * that records every update it emits, for feeding a store and comparing what comes back.
 */
export interface RecordingDoc {
  doc: Y.Doc;
  /** Every update emitted since creation, in order (v1 encoding). */
  updates: Uint8Array[];
  /** Updates emitted since the last call (and marks them taken). */
  takeUpdates(): Uint8Array[];
  /** Types `text` one character per transaction at the end of paragraph `paragraph` (created as needed). */
  type(text: string, paragraph?: number): void;
  /** Deletes `count` characters at `index` of paragraph `paragraph`. */
  erase(index: number, count: number, paragraph?: number): void;
  setTitle(title: string): void;
}

export function createRecordingDoc(clientID?: number): RecordingDoc {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  const updates: Uint8Array[] = [];
  let taken = 0;
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const fragment = doc.getXmlFragment('default');

  function paragraphText(paragraph: number): Y.XmlText {
    while (fragment.length <= paragraph) {
      const element = new Y.XmlElement('paragraph');
      element.insert(0, [new Y.XmlText()]);
      fragment.insert(fragment.length, [element]);
    }
    return (fragment.get(paragraph) as Y.XmlElement).get(0) as Y.XmlText;
  }

  return {
    doc,
    updates,
    takeUpdates() {
      const fresh = updates.slice(taken);
      taken = updates.length;
      return fresh;
    },
    type(text, paragraph = 0) {
      const target = paragraphText(paragraph);
      for (const char of text) target.insert(target.length, char);
    },
    erase(index, count, paragraph = 0) {
      paragraphText(paragraph).delete(index, count);
    },
    setTitle(title) {
      const yTitle = doc.getText('title');
      doc.transact(() => {
        yTitle.delete(0, yTitle.length);
        yTitle.insert(0, title);
      });
    },
  };
}

/** The visible content of a Tandem doc: what users see, for equality checks. */
export function contentOf(doc: Y.Doc): { content: string; title: string } {
  return { content: doc.getXmlFragment('default').toString(), title: doc.getText('title').toString() };
}

/** A fresh Y.Doc with `update` applied. */
export function docFromUpdate(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}
