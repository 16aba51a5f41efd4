import { generateHTML } from '@tiptap/html';
import { Node, type Schema } from '@tiptap/pm/model';
import { DocSchema } from '@tandem/protocol';
import type * as Y from 'yjs';
import { ContentError } from './contentError.js';
import type { JSONContent } from './contentFormat.js';
import type { DocumentCodec } from './documentCodec.js';
import { docToText } from './plainText.js';
import { blockId, blockToJSON, topLevelBlocks } from './yBlocks.js';

/** One top-level block as the view sees it. */
export interface ViewBlock {
  id: string;
  element: Y.XmlElement;
  node: Node;
}

interface Cached {
  /** The block's JSON as stored (attributes at their defaults left out). */
  raw: JSONContent;
  node?: Node;
  /** The node's JSON (every attribute, defaults included, as the editor's `getJSON` gives it). */
  json?: JSONContent;
  /** Markdown of the block, and whether it was rendered after an empty paragraph (Tiptap renders a run of those differently). */
  markdown?: { afterEmptyParagraph: boolean; text: string };
}

const isEmptyParagraph = (json: JSONContent | undefined) => json?.type === 'paragraph' && (json.content ?? []).length === 0;
/** The manager's rule for an empty document: only blank lines and non-breaking spaces are nothing. */
const isBlank = (markdown: string) =>
  markdown
    .replace(/&nbsp;/g, '')
    .replace(/\u00A0/g, '')
    .trim() === '';

/**
 * A Y.Doc read as a Tandem document, kept up to date block by block: each top-level block's JSON,
 * node and Markdown are computed once and dropped when something inside the block changes (a
 * deep observer on the content), so reading a large document that people are editing costs the
 * blocks they touched, not the whole document. Reading never changes the Y.Doc.
 *
 * The Markdown of the whole is each block rendered by Tiptap's MarkdownManager in its place (the
 * block before it is its context) and joined with a blank line, which is what the manager does
 * for a whole document (`documentView.test.ts` checks they are equal).
 */
export class DocumentView {
  readonly doc: Y.Doc;
  private readonly codec: DocumentCodec;
  private readonly fragment: Y.XmlFragment;
  private readonly cache = new WeakMap<Y.XmlElement, Cached>();
  private readonly observer: (events: Y.YEvent<Y.AbstractType<unknown>>[]) => void;
  /** Counts the changes to the content; the whole Markdown is kept for the count it was made at. */
  private changes = 0;
  private wholeMarkdown: { changes: number; text: string } | null = null;

  constructor(doc: Y.Doc, codec: DocumentCodec) {
    this.doc = doc;
    this.codec = codec;
    this.fragment = doc.getXmlFragment(DocSchema.content);
    this.observer = (events) => {
      this.changes++;
      for (const event of events) this.invalidate(event.target);
    };
    this.fragment.observeDeep(this.observer);
  }

  get schema(): Schema {
    return this.codec.schema;
  }

  get title(): string {
    return this.doc.getText(DocSchema.title).toString();
  }

  /** The top-level blocks, in order. */
  blocks(): ViewBlock[] {
    return topLevelBlocks(this.fragment).map((element) => ({
      id: blockId(element),
      element,
      node: this.nodeOf(element, this.cached(element)),
    }));
  }

  /** How many top-level blocks there are. */
  get blockCount(): number {
    return this.fragment.length;
  }

  /** The id of each top-level block, in order (of those from `start` to before `end`). */
  blockIds(start = 0, end = this.fragment.length): string[] {
    return (this.fragment.slice(start, end) as Y.XmlElement[]).map(blockId);
  }

  /** The position of the block with this id, or -1. */
  indexOfBlock(id: string): number {
    const match = /^(\d+):(\d+)$/.exec(id);
    if (match === null) return -1;
    const client = Number(match[1]);
    const clock = Number(match[2]);
    return this.fragment.toArray().findIndex((block) => block._item?.id.client === client && block._item.id.clock === clock);
  }

  json(): JSONContent {
    return { type: 'doc', content: topLevelBlocks(this.fragment).map((element) => this.jsonOf(element, this.cached(element))) };
  }

  /** The document as a ProseMirror node (at least one block, as in the editor). */
  node(): Node {
    const blocks = this.blocks().map((block) => block.node);
    const { schema } = this.codec;
    return schema.topNodeType.create(null, blocks.length > 0 ? blocks : [schema.nodes.paragraph?.create() as Node]);
  }

  markdown(): string {
    if (this.wholeMarkdown?.changes === this.changes) return this.wholeMarkdown.text;
    const manager = this.codec.markdownManager;
    const parts: string[] = [];
    let previous: JSONContent | undefined;
    for (const element of topLevelBlocks(this.fragment)) {
      const cached = this.cached(element);
      const afterEmptyParagraph = isEmptyParagraph(previous);
      if (cached.markdown?.afterEmptyParagraph !== afterEmptyParagraph) {
        const parent = { type: 'doc', content: previous === undefined ? [cached.raw] : [previous, cached.raw] };
        const text = manager.renderNodeToMarkdown(cached.raw, parent, previous === undefined ? 0 : 1, 0);
        cached.markdown = { afterEmptyParagraph, text: text ?? '' };
      }
      parts.push(cached.markdown.text);
      previous = cached.raw;
    }
    const text = parts.every(isBlank) ? '' : parts.join('\n\n');
    this.wholeMarkdown = { changes: this.changes, text };
    return text;
  }

  html(): string {
    return generateHTML(this.json(), this.codec.extensions);
  }

  text(): string {
    return docToText(this.codec.schema, this.node());
  }

  /** Stops following the Y.Doc (its caches go with the view). */
  destroy(): void {
    this.fragment.unobserveDeep(this.observer);
  }

  private cached(element: Y.XmlElement): Cached {
    let cached = this.cache.get(element);
    if (cached === undefined) {
      cached = { raw: blockToJSON(element) };
      this.cache.set(element, cached);
    }
    return cached;
  }

  private jsonOf(element: Y.XmlElement, cached: Cached): JSONContent {
    cached.json ??= this.nodeOf(element, cached).toJSON() as JSONContent;
    return cached.json;
  }

  private nodeOf(element: Y.XmlElement, cached: Cached): Node {
    if (cached.node !== undefined) return cached.node;
    try {
      cached.node = Node.fromJSON(this.codec.schema, cached.raw);
      return cached.node;
    } catch (error) {
      throw new ContentError('unreadable-document', `block ${blockId(element)} does not fit the schema: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** Drops the cached rendering of the top-level block that holds `type`. */
  private invalidate(type: Y.AbstractType<unknown>): void {
    let block: Y.AbstractType<unknown> | null = type;
    while (block !== null && block.parent !== this.fragment) block = block.parent as Y.AbstractType<unknown> | null;
    if (block !== null) this.cache.delete(block as Y.XmlElement);
  }
}
