import { DOMSerializer, type Fragment, type Schema } from '@tiptap/pm/model';

/** Elements HTML writes without a closing tag. */
const voidElements = new Set(['area', 'br', 'col', 'embed', 'hr', 'img', 'input', 'source', 'track', 'wbr']);

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\u00a0': '&nbsp;' };
const escapeText = (text: string) => (/[&<>\u00a0]/.test(text) ? text.replace(/[&<>\u00a0]/g, (char) => escapes[char] as string) : text);
const escapeAttribute = (text: string) =>
  /[&<>"\u00a0]/.test(text) ? text.replace(/[&<>"\u00a0]/g, (char) => escapes[char] as string) : text;
/** An attribute or tag name as HTML reads it: a name from a spec, never markup. */
const checkedName = (name: string): string => {
  if (!/^[A-Za-z][\w:.-]*$/.test(name)) throw new RangeError(`not an HTML name: ${JSON.stringify(name)}`);
  return name;
};

/** Just enough of a DOM for ProseMirror's `DOMSerializer` (which builds nodes, never reads them back), written out as HTML. */
class StringNode {
  readonly nodeType: number;
  private readonly children: StringNode[] = [];
  private readonly attributes: [string, string][] = [];
  constructor(
    nodeType: number,
    private readonly tag: string,
    private readonly text = '',
  ) {
    this.nodeType = nodeType;
  }
  setAttribute(name: string, value: unknown): void {
    this.attributes.push([checkedName(name), String(value)]);
  }
  setAttributeNS(_ns: string, name: string, value: unknown): void {
    this.setAttribute(name, value);
  }
  appendChild(child: StringNode): StringNode {
    this.children.push(child);
    return child;
  }
  html(): string {
    if (this.nodeType === 3) return escapeText(this.text);
    let html = '';
    if (this.nodeType === 1) {
      html = `<${this.tag}`;
      for (const [name, value] of this.attributes) html += ` ${name}="${escapeAttribute(value)}"`;
      html += '>';
      if (voidElements.has(this.tag)) return html;
    }
    for (const child of this.children) html += child.html();
    return this.nodeType === 1 ? `${html}</${this.tag}>` : html;
  }
}

type SerializeOptions = Parameters<DOMSerializer['serializeFragment']>[1];

const stringDocument = {
  createElement: (tag: string) => new StringNode(1, checkedName(tag).toLowerCase()),
  createElementNS: (_ns: string, tag: string) => new StringNode(1, checkedName(tag)),
  createTextNode: (text: string) => new StringNode(3, '', text),
  createDocumentFragment: () => new StringNode(11, ''),
};

/**
 * `fragment` as HTML, rendered by the schema's own `toDOM` specs (ProseMirror's `DOMSerializer`)
 * into strings instead of a DOM: text and attribute values escaped, tag and attribute names only
 * from the specs. The same HTML as `generateHTML` (but for the `;` a DOM appends to a style), which
 * builds a happy-dom tree first: an order of magnitude faster on a large document (docs/history.md).
 */
export function schemaHtml(schema: Schema, fragment: Fragment): string {
  const serializer = DOMSerializer.fromSchema(schema);
  const options = { document: stringDocument } as unknown as SerializeOptions;
  const root = serializer.serializeFragment(fragment, options) as unknown as StringNode;
  return root.html();
}
