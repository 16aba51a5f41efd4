import type { JSONContent } from '@tandem/document';
import * as Y from 'yjs';

/** How a rendered change is marked: y-prosemirror's `ychange` (on text as a mark, on blocks as an attribute). */
export interface YChange {
  type: 'added' | 'removed';
  /** Who made the change (a token's `sub`, `apikey:<id>`), '' when unknown. */
  user: string;
}

const isVisible = (item: Y.Item, snapshot: Y.Snapshot): boolean =>
  (snapshot.sv.get(item.id.client) ?? 0) > item.id.clock && !Y.isDeleted(snapshot.ds, item.id);

/** y-prosemirror's names of overlapping marks of one type carry a `--hash` suffix. */
const markName = (attribute: string): string => attribute.split('--')[0] as string;

function textNodes(
  text: Y.XmlText,
  to: Y.Snapshot,
  from: Y.Snapshot,
  ychange: (type: YChange['type'], id: Y.ID) => YChange,
): JSONContent[] {
  const deltas = text.toDelta(to, from, ychange) as { insert: unknown; attributes?: Record<string, unknown> }[];
  const nodes: JSONContent[] = [];
  for (const delta of deltas) {
    if (typeof delta.insert !== 'string' || delta.insert === '') continue;
    const marks = Object.entries(delta.attributes ?? {}).map(([name, attrs]) => ({
      type: markName(name),
      ...(attrs !== null && typeof attrs === 'object' && Object.keys(attrs).length > 0 ? { attrs: attrs as Record<string, unknown> } : {}),
    }));
    nodes.push({ type: 'text', text: delta.insert, ...(marks.length > 0 ? { marks } : {}) });
  }
  return nodes;
}

function elementNode(
  element: Y.XmlElement,
  to: Y.Snapshot,
  from: Y.Snapshot,
  ychange: (type: YChange['type'], id: Y.ID) => YChange,
): JSONContent {
  const content: JSONContent[] = [];
  for (const child of visibleChildren(element, to, from)) {
    if (child instanceof Y.XmlElement) content.push(elementNode(child, to, from, ychange));
    else if (child instanceof Y.XmlText) content.push(...textNodes(child, to, from, ychange));
  }
  const attrs: Record<string, unknown> = { ...element.getAttributes(to) };
  const item = element._item as Y.Item;
  if (!isVisible(item, to)) attrs.ychange = ychange('removed', item.id);
  else if (!isVisible(item, from)) attrs.ychange = ychange('added', item.id);
  return { type: element.nodeName, ...(Object.keys(attrs).length > 0 ? { attrs } : {}), ...(content.length > 0 ? { content } : {}) };
}

/** The children of a type that either snapshot shows (what is added and deleted in between shows in neither). */
function visibleChildren(type: Y.XmlElement | Y.XmlFragment, to: Y.Snapshot, from: Y.Snapshot): (Y.XmlElement | Y.XmlText)[] {
  return Y.typeListToArraySnapshot(type, new Y.Snapshot(from.ds, to.sv)).filter((child) => {
    const item = (child as Y.XmlElement)._item as Y.Item;
    return isVisible(item, to) || isVisible(item, from);
  }) as (Y.XmlElement | Y.XmlText)[];
}

/**
 * The document of `fragment` as ProseMirror JSON, showing the change from snapshot `from` to `to`
 * the way y-prosemirror renders a snapshot against a previous one (Yjs's own `toDelta(snapshot,
 * prevSnapshot)` for text): what is in `to` and not in `from` marked `ychange: added`, what was
 * in `from` and not in `to` kept and marked `removed`, each with `ychange(type, id)`'s user. The
 * doc must keep deleted content (gc off). Reading splits items at snapshot boundaries; nothing
 * visible changes.
 */
export function snapshotJson(
  fragment: Y.XmlFragment,
  to: Y.Snapshot,
  from: Y.Snapshot,
  ychange: (type: YChange['type'], id: Y.ID) => YChange,
): JSONContent {
  const blocks = visibleChildren(fragment, to, from).filter((child): child is Y.XmlElement => child instanceof Y.XmlElement);
  return { type: 'doc', content: blocks.map((block) => elementNode(block, to, from, ychange)) };
}
