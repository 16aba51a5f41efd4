import { getTextSerializersFromSchema } from '@tiptap/core';
import type { Node, Schema } from '@tiptap/pm/model';

/**
 * Plain text in and out. Blocks are separated by a blank line; a single line break inside a block
 * is a hard break. So `a\nb\n\nc` is two paragraphs, the first with a line break, and exporting
 * it gives the same text back.
 */
export function textToDoc(schema: Schema, text: string): Node {
  const { paragraph, hardBreak } = schema.nodes;
  if (paragraph === undefined || hardBreak === undefined) throw new Error('the schema has no paragraph or hardBreak');
  const normalized = text.replace(/\r\n?/g, '\n').replace(/^\n+|\n+$/g, '');
  const blocks = normalized === '' ? [''] : normalized.split(/\n{2,}/);
  return schema.topNodeType.create(
    null,
    blocks.map((block) =>
      paragraph.create(
        null,
        block.split('\n').flatMap((line, i) => [...(i > 0 ? [hardBreak.create()] : []), ...(line === '' ? [] : [schema.text(line)])]),
      ),
    ),
  );
}

/**
 * The text of a document: text blocks separated by a blank line (ProseMirror's `textBetween`, so a
 * table or a list adds no empty lines of its own), inline nodes as the schema writes them as text
 * (a hard break as a line break, a mention as "@name").
 */
export function docToText(schema: Schema, doc: Node): string {
  const serializers = getTextSerializersFromSchema(schema);
  return doc.textBetween(0, doc.content.size, '\n\n', (leaf) => {
    const serializer = serializers[leaf.type.name];
    return serializer === undefined ? '' : serializer({ node: leaf, pos: 0, parent: doc, index: 0, range: { from: 0, to: 0 } });
  });
}
