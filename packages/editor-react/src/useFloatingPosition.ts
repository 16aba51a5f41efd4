import type { Editor } from '@tiptap/react';
import { useEffect, useState } from 'react';

export interface FloatingPosition {
  top: number;
  left: number;
}

/** Viewport coordinates (for `position: fixed`) just below document position `pos`, kept on screen. */
export function floatingPositionAt(editor: Editor, pos: number): FloatingPosition {
  const coords = editor.view.coordsAtPos(Math.min(pos, editor.state.doc.content.size));
  return { top: coords.bottom + 6, left: Math.max(8, Math.min(coords.left, window.innerWidth - 320)) };
}

/**
 * Where to show a popover for document position `pos` while `shown`: recomputed when `pos`
 * changes and on scroll or resize. Null while hidden.
 */
export function useFloatingPosition(editor: Editor, pos: number, shown: boolean): FloatingPosition | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!shown) return;
    const repaint = () => setTick((n) => n + 1);
    window.addEventListener('scroll', repaint, true);
    window.addEventListener('resize', repaint);
    return () => {
      window.removeEventListener('scroll', repaint, true);
      window.removeEventListener('resize', repaint);
    };
  }, [shown]);
  if (!shown || editor.isDestroyed) return null;
  return floatingPositionAt(editor, pos);
}
