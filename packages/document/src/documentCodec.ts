import { type Extensions, getSchema } from '@tiptap/core';
import { generateHTML, generateJSON } from '@tiptap/html';
import { MarkdownManager } from '@tiptap/markdown';
import { Node, type Schema } from '@tiptap/pm/model';
import { tandemExtensions } from '@tandem/schema';
import { ContentError } from './contentError.js';
import type { ContentFormat, JSONContent } from './contentFormat.js';
import { markdownChunks } from './markdownChunks.js';
import { docToText, textToDoc } from './plainText.js';
import { withSafeAddresses } from './safeAddresses.js';

/**
 * Conversions between a Tandem document (a ProseMirror node of the shared schema) and JSON,
 * HTML, Markdown and plain text, with Tiptap's own tooling: `@tiptap/html` (in Node through
 * happy-dom, scripts off) and `@tiptap/markdown` (marked plus each extension's Markdown rules).
 * What a format cannot express is dropped on the way out: Markdown has no text alignment,
 * subscript, superscript or column widths; plain text keeps only the text.
 *
 * Parsing always gives a checked document of the schema (at least one block), or throws a
 * ContentError saying why. Only what the editor lets in gets in (links to http, https and mailto,
 * images from http and https): the rest is dropped from HTML and Markdown, as the editor does on
 * paste, and refused in JSON.
 */
export class DocumentCodec {
  readonly extensions: Extensions;
  readonly schema: Schema;
  readonly markdownManager: MarkdownManager;

  constructor(extensions: Extensions = tandemExtensions()) {
    this.extensions = extensions;
    this.schema = getSchema(extensions);
    this.markdownManager = new MarkdownManager({ extensions });
  }

  /** Content in `format` (a JSON value for `json`, text otherwise) as a checked document. */
  parse(format: ContentFormat, content: unknown): Node {
    if (format !== 'json' && typeof content !== 'string') {
      throw new ContentError('invalid-content', `${format} content must be a string, got ${content === null ? 'null' : typeof content}`);
    }
    switch (format) {
      case 'json':
        return withSafeAddresses(this.fromJSON(content), 'reject');
      case 'html':
        return withSafeAddresses(this.fromJSON(generateJSON(content as string, this.extensions)), 'strip');
      case 'markdown':
        return withSafeAddresses(this.fromJSON(this.parseMarkdown(content as string)), 'strip');
      case 'text':
        return textToDoc(this.schema, content as string);
    }
  }

  /** The document in `format`: JSON as a value, the others as text. */
  serialize(doc: Node, format: ContentFormat): JSONContent | string {
    switch (format) {
      case 'json':
        return doc.toJSON() as JSONContent;
      case 'html':
        return generateHTML(doc.toJSON(), this.extensions);
      case 'markdown':
        return this.markdownManager.serialize(doc.toJSON());
      case 'text':
        return docToText(this.schema, doc);
    }
  }

  /** ProseMirror JSON of a whole document, checked against the schema. */
  fromJSON(json: unknown): Node {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new ContentError('invalid-json', 'JSON content must be an object like {"type":"doc","content":[…]}');
    }
    const value = json as JSONContent;
    if (value.type !== 'doc')
      throw new ContentError('invalid-json', `JSON content must have "type": "doc", got ${JSON.stringify(value.type)}`);
    // A document needs at least one block: empty content is one empty paragraph, as in the editor.
    const filled = Array.isArray(value.content) && value.content.length > 0 ? value : { ...value, content: [{ type: 'paragraph' }] };
    try {
      const doc = Node.fromJSON(this.schema, filled);
      doc.check();
      return doc;
    } catch (error) {
      throw new ContentError('invalid-content', `content does not fit the document schema: ${(error as Error).message}`, { cause: error });
    }
  }

  private parseMarkdown(markdown: string): JSONContent {
    const content = markdownChunks(markdown).flatMap((chunk) => this.markdownManager.parse(chunk).content ?? []);
    return { type: 'doc', content };
  }
}
