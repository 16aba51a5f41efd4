import type { Editor } from '@tiptap/react';
import { useEffect, useState } from 'react';

/** How long the count waits for the typing to pause, and the longest it lags behind while it does not. */
const SETTLE_MS = 250;
const MAX_LAG_MS = 1000;

const countOf = (editor: Editor) => ({
  words: editor.storage.characterCount.words() as number,
  characters: editor.storage.characterCount.characters() as number,
});

/**
 * "12 words · 64 characters" for the document, from Tiptap's CharacterCount storage; live as anyone
 * edits. Counting reads the whole text, so it runs after a change settles (at least once a second
 * while changes keep coming), never on the keystroke's own path, and not for a caret that moved.
 */
export function WordCount({ editor }: { editor: Editor }) {
  const [{ words, characters }, setCount] = useState(() => countOf(editor));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let pendingSince: number | null = null;
    const count = () => {
      timer = null;
      pendingSince = null;
      if (!editor.isDestroyed) setCount(countOf(editor));
    };
    // Tiptap emits `update` for changes of the document only, local or from others.
    const onUpdate = () => {
      const now = Date.now();
      pendingSince ??= now;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(count, Math.max(0, Math.min(SETTLE_MS, pendingSince + MAX_LAG_MS - now)));
    };
    editor.on('update', onUpdate);
    setCount(countOf(editor));
    return () => {
      editor.off('update', onUpdate);
      if (timer !== null) clearTimeout(timer);
    };
  }, [editor]);
  return (
    <p className="tandem-word-count" data-testid="word-count" data-words={words} data-characters={characters} aria-live="off">
      {words} {words === 1 ? 'word' : 'words'} · {characters} {characters === 1 ? 'character' : 'characters'}
    </p>
  );
}
