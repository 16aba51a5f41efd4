import { getSchema } from '@tiptap/core';
import { DOMSerializer } from '@tiptap/pm/model';
import { tandemExtensions } from '@tandem/schema';
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { JsonContent } from './historyApi.js';
import { YChangeBlocks, YChangeMark, type YChangeOptions } from './yChange.js';

/** Every block type of the document's schema (what a comparison can mark as added or removed whole). */
const blockTypes = (): string[] => Object.keys(getSchema(tandemExtensions()).nodes).filter((name) => name !== 'doc' && name !== 'text');

/**
 * A version, or a comparison of two, shown read-only with the document's own schema (plus the
 * `ychange` mark and attribute of a comparison), so it looks like the document. Rendered once to
 * DOM by ProseMirror's serializer, with no editor behind it: nothing of an editor's plugins and
 * view runs over a large document that nobody can edit here.
 */
export function VersionPreview({
  content,
  colorOf,
  nameOf,
  label,
}: {
  content: JsonContent;
  colorOf: YChangeOptions['colorOf'];
  nameOf: YChangeOptions['nameOf'];
  label: string;
}) {
  const schema = useMemo(
    () =>
      getSchema([
        ...tandemExtensions(),
        YChangeMark.configure({ colorOf, nameOf }),
        YChangeBlocks.configure({ colorOf, nameOf, types: blockTypes() }),
      ]),
    [colorOf, nameOf],
  );
  const target = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const element = target.current;
    if (element === null) return;
    const doc = schema.nodeFromJSON(content);
    element.replaceChildren(DOMSerializer.fromSchema(schema).serializeFragment(doc.content));
  }, [schema, content]);
  return (
    <div className="tandem-history__document" data-testid="version-preview" role="document" aria-label={label}>
      <div ref={target} className="tandem-editor__prose tandem-history__prose" />
    </div>
  );
}
