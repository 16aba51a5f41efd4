import { useEffect, useState } from 'react';
import type { SaveState } from './saveTracker.js';

/** How long every change must have been on disk before the badge says "Saved" again. */
export const SAVED_SETTLE_MS = 600;

/**
 * The save state to show: "Saving…" (or "Not saved yet") at once, but "Saved" only once the real
 * state has stayed `saved` for `settleMs`. While someone types, acks arrive between keystrokes;
 * this keeps the badge on "Saving…" instead of flickering. It never shows "Saved" early: whenever
 * the real state is not `saved`, that is what it returns.
 */
export function useSettledSaveState(saveState: SaveState, settleMs = SAVED_SETTLE_MS): SaveState {
  const [settled, setSettled] = useState<SaveState>(saveState);
  useEffect(() => {
    if (saveState !== 'saved') {
      setSettled(saveState);
      return;
    }
    if (settled === 'saved') return;
    const timer = setTimeout(() => setSettled('saved'), settleMs);
    return () => clearTimeout(timer);
  }, [saveState, settled, settleMs]);
  return saveState === 'saved' ? settled : saveState;
}
