import { type DOMOutputSpec, type NodeSpec, Schema } from '@tiptap/pm/model';

/** How a comparison marks a change (y-prosemirror's `ychange`): added or removed, and by whom. */
export interface YChange {
  type: 'added' | 'removed';
  /** Who made the change (a token's `sub`, `apikey:<id>`), '' when unknown. */
  user: string;
}

const changeAttributes = (change: YChange): Record<string, string> => ({
  class: `tandem-ychange tandem-ychange--${change.type === 'removed' ? 'removed' : 'added'}`,
  'data-ychange': change.type === 'removed' ? 'removed' : 'added',
  'data-author': String(change.user),
});

const isAttributes = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && (value as { nodeType?: unknown }).nodeType === undefined;

/** A block's rendering with the change's attributes added (its class kept). */
function marked(spec: DOMOutputSpec, change: YChange | null): DOMOutputSpec {
  if (change === null || !Array.isArray(spec)) return spec;
  const [tag, first, ...rest] = spec as unknown[];
  const added = changeAttributes(change);
  if (!isAttributes(first)) return [tag, added, ...(first === undefined ? [] : [first]), ...rest] as unknown as DOMOutputSpec;
  const className = [first.class, added.class].filter((part) => typeof part === 'string' && part !== '').join(' ');
  return [tag, { ...first, ...added, class: className }, ...rest] as unknown as DOMOutputSpec;
}

/**
 * `schema` with what a comparison renders (y-prosemirror's way of showing a snapshot against an
 * earlier one): a `ychange` mark `{type, user}` on text, shown as `<ins>` or `<del>`, and a
 * `ychange` attribute on every block, shown as attributes of the block. Each carries
 * `class="tandem-ychange tandem-ychange--added|removed"`, `data-ychange` and `data-author`; the
 * colours and names are the reader's to add.
 */
export function withChangeMarks(schema: Schema): Schema {
  let nodes = schema.spec.nodes;
  schema.spec.nodes.forEach((name, spec) => {
    if (name === schema.topNodeType.name || name === 'text') return;
    const toDOM = spec.toDOM;
    const changed: NodeSpec = { ...spec, attrs: { ...spec.attrs, ychange: { default: null } } };
    if (toDOM !== undefined) changed.toDOM = (node) => marked(toDOM(node), (node.attrs.ychange as YChange | null) ?? null);
    nodes = nodes.update(name, changed);
  });
  const marks = schema.spec.marks.addToEnd('ychange', {
    attrs: { type: { default: 'added' }, user: { default: '' } },
    inclusive: false,
    excludes: '',
    toDOM: (mark) => [mark.attrs.type === 'removed' ? 'del' : 'ins', changeAttributes(mark.attrs as YChange), 0],
  });
  return new Schema({ topNode: schema.spec.topNode ?? schema.topNodeType.name, nodes, marks });
}
