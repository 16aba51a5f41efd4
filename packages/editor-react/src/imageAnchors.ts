import type { Editor } from '@tiptap/core';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';

/**
 * Where an uploaded image goes: a Yjs relative position (it stays put while others edit around it,
 * which a ProseMirror position does not: y-tiptap applies a remote change as a whole-document
 * replace), and the position itself for an editor without the shared document.
 */
export interface ImageAnchor {
  relative: unknown;
  pos: number;
}

type SyncState = { doc: import('yjs').Doc; type: import('yjs').XmlFragment; binding: { mapping: Map<unknown, unknown> } | null };

const syncState = (editor: Editor) => ySyncPluginKey.getState(editor.state) as SyncState | undefined;

export function anchorAt(editor: Editor, pos: number): ImageAnchor {
  const sync = syncState(editor);
  const relative = sync?.binding ? absolutePositionToRelativePosition(pos, sync.type, sync.binding.mapping as never) : null;
  return { relative, pos };
}

/** Inserts the uploaded image at its anchor (the end of the document if its place was deleted meanwhile); the caret stays where it is. */
export function insertImageAt(editor: Editor, src: string, anchor: ImageAnchor): void {
  if (editor.isDestroyed) return;
  const sync = syncState(editor);
  let pos: number | null = anchor.pos;
  if (sync?.binding && anchor.relative !== null) {
    pos = relativePositionToAbsolutePosition(sync.doc, sync.type, anchor.relative, sync.binding.mapping as never);
  }
  const size = editor.state.doc.content.size;
  const at = pos === null ? size : Math.min(Math.max(pos, 0), size);
  editor
    .chain()
    .insertContentAt(at, { type: 'image', attrs: { src, alt: '' } }, { updateSelection: false })
    .run();
}
