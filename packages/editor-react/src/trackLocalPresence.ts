import { type Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { collaboratorOrigin } from './collaborators.js';
import type { User } from './presence.js';
import { TypingTracker } from './typingTracker.js';

export interface LocalPresenceOptions {
  awareness: Awareness;
  doc: Y.Doc;
  /** The awareness `user` field, read each time it is announced. */
  user: () => User & { clientId: number; key: string };
  /** This tab can only read the document. */
  viewer: () => boolean;
  typingTimeoutMs: number;
}

/**
 * What this person tells the others: who they are, whether their tab is hidden (`away`) or view-only, and
 * whether they are typing (any local change to the document counts as a keystroke; renewed with
 * a new `typingSignal` while it lasts). Leaves at once when the page goes away. Returns the cleanup.
 */
export function trackLocalPresence({ awareness, doc, user, viewer, typingTimeoutMs }: LocalPresenceOptions): () => void {
  const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';
  const setField = (field: string, value: unknown) => {
    if (awareness.getLocalState() !== null) awareness.setLocalStateField(field, value);
  };
  const typing = new TypingTracker((on) => setField('typing', on), typingTimeoutMs, undefined, {
    refreshMs: Math.max(250, typingTimeoutMs / 2),
    onRefresh: (signal) => setField('typingSignal', signal),
  });
  const announce = () => awareness.setLocalState({ user: user(), typing: false, typingSignal: 0, away: hidden(), viewer: viewer() });
  announce();

  const onTransaction = (transaction: Y.Transaction) => {
    if (transaction.local && transaction.origin !== collaboratorOrigin && transaction.changed.size > 0 && !hidden()) typing.keystroke();
  };
  doc.on('afterTransaction', onTransaction);
  const cleanups = [() => doc.off('afterTransaction', onTransaction), () => typing.stop()];

  if (typeof document !== 'undefined' && typeof window !== 'undefined') {
    const onVisibility = () => {
      if (hidden()) typing.stop();
      setField('away', hidden());
    };
    const onPageHide = () => removeAwarenessStates(awareness, [doc.clientID], 'page hidden');
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) announce();
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('pageshow', onPageShow);
    cleanups.push(() => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('pageshow', onPageShow);
    });
  }
  cleanups.push(() => removeAwarenessStates(awareness, [doc.clientID], 'session destroyed'));
  return () => {
    for (const cleanup of cleanups) cleanup();
  };
}
