import { useEffect } from 'react';

/**
 * While `active`, closing or reloading the tab asks the browser for its "Leave site? Changes you
 * made may not be saved" confirmation. The listener exists only while there is something unsaved,
 * so a tab with nothing pending closes without a word (and stays eligible for the back/forward
 * cache).
 */
export function useUnsavedChangesWarning(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [active]);
}
