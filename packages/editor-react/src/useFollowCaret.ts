import type { Editor } from '@tiptap/react';
import { useEffect, useRef } from 'react';
import type { Awareness } from 'y-protocols/awareness';

/** Keys that only move focus or are held for a shortcut: they do not end following. */
const NEUTRAL_KEYS = new Set(['Tab', 'Shift', 'Control', 'Alt', 'Meta']);

/** Where following is switched on and off: clicks and keys there do not end it. */
const FOLLOW_CONTROLS = '.tandem-presence, [data-testid="following-indicator"]';

/**
 * Follows a colleague's caret: whenever one of `clientIds` (their tabs) moves it, and it is off
 * screen, the page scrolls it to the middle; while it stays on screen nothing moves. Following ends
 * (`onStop`) on your own wheel or touch scroll, a key press (Escape anywhere; other keys outside
 * the avatars and the "Following" indicator), or a click anywhere but there. Pass `clientIds` null to follow nobody.
 */
export function useFollowCaret(editor: Editor | null, awareness: Awareness, clientIds: readonly number[] | null, onStop: () => void): void {
  const onStopRef = useRef(onStop);
  onStopRef.current = onStop;
  const following = clientIds === null ? null : clientIds.join(',');

  useEffect(() => {
    if (editor === null || following === null) return;
    const ids = following.split(',').map(Number);
    // The tab whose caret moved last is the one to follow.
    let active = ids[0];
    let frame = 0;

    const reveal = () => {
      frame = 0;
      if (editor.isDestroyed) return;
      const caret = editor.view.dom.querySelector<HTMLElement>(`.collaboration-carets__caret[data-client="${active}"]`);
      if (caret === null) return;
      const rect = caret.getBoundingClientRect();
      const bar = editor.view.dom.closest('.tandem-editor')?.querySelector('.tandem-editor__bar')?.getBoundingClientRect();
      // The sticky bar covers the top of the text while it is stuck there.
      const top = bar !== undefined && bar.top <= 1 ? bar.bottom : 0;
      if (rect.top >= top && rect.bottom <= window.innerHeight) return;
      caret.scrollIntoView({ block: 'center', inline: 'nearest' });
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(reveal);
    };
    const onAwareness = ({ added, updated }: { added: number[]; updated: number[] }) => {
      const moved = [...added, ...updated].find((id) => ids.includes(id));
      if (moved === undefined) return;
      active = moved;
      schedule();
    };

    const outsideControls = (target: EventTarget | null) => !(target instanceof Element && target.closest(FOLLOW_CONTROLS));
    const stop = () => onStopRef.current();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' || (!NEUTRAL_KEYS.has(event.key) && outsideControls(event.target))) stop();
    };
    const onPointer = (event: PointerEvent) => {
      if (outsideControls(event.target)) stop();
    };

    awareness.on('change', onAwareness);
    window.addEventListener('wheel', stop, { passive: true });
    window.addEventListener('touchmove', stop, { passive: true });
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('pointerdown', onPointer, true);
    schedule();
    return () => {
      awareness.off('change', onAwareness);
      window.removeEventListener('wheel', stop);
      window.removeEventListener('touchmove', stop);
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('pointerdown', onPointer, true);
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [editor, awareness, following]);
}
