import type { Editor } from '@tiptap/react';
import type { WebsocketProvider } from 'y-websocket';
import { readableTextOn } from './personColor.js';

/** A remote caret: a coloured bar with the person's name in a label above it. */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const caret = document.createElement('span');
  caret.className = 'collaboration-carets__caret';
  caret.dataset.testid = 'remote-caret';
  if (typeof user.clientId === 'number') caret.dataset.client = String(user.clientId);
  const label = document.createElement('span');
  label.className = 'collaboration-carets__label';
  caret.append(label);
  paintCaret(caret, user);
  return caret;
}

/** Writes the name and colour into a caret's DOM, touching it only where they changed. */
function paintCaret(caret: HTMLElement, user: Record<string, unknown>): void {
  const name = typeof user.name === 'string' ? user.name : '';
  const color = typeof user.color === 'string' ? user.color : 'transparent';
  if (caret.dataset.color !== color) {
    caret.dataset.color = color;
    caret.style.setProperty('--tandem-caret-color', color);
    caret.style.setProperty('--tandem-caret-text', readableTextOn(color));
  }
  if (caret.dataset.name !== name) {
    caret.dataset.name = name;
    const label = caret.firstElementChild;
    if (label !== null) label.textContent = name;
  }
}

/**
 * The caret plugin keys each caret widget by client id, so ProseMirror keeps the DOM it drew first:
 * a new name or colour would only show once that person moved their caret. This repaints the
 * carets of every client whose awareness changed (most changes are cursor moves: `paintCaret`
 * then leaves the DOM alone). Returns the unsubscribe function.
 */
export function repaintCaretsOnRename(editor: Editor, awareness: WebsocketProvider['awareness']): () => void {
  const onChange = ({ updated }: { updated: number[] }): void => {
    if (editor.isDestroyed) return;
    for (const clientId of updated) {
      const user: unknown = awareness.getStates().get(clientId)?.user;
      if (typeof user !== 'object' || user === null) continue;
      for (const caret of editor.view.dom.querySelectorAll<HTMLElement>(`.collaboration-carets__caret[data-client="${clientId}"]`)) {
        paintCaret(caret, user as Record<string, unknown>);
      }
    }
  };
  awareness.on('change', onChange);
  return () => awareness.off('change', onChange);
}
