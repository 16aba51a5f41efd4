import { StoreError } from '../storeError.js';

/**
 * Where the store's background failures (checkpoints, compactions, damage found at open) go: to
 * `onBackgroundError` when given, else kept so that `close()` can throw the first one. A throwing
 * handler must not turn into an unhandled rejection: its error is kept for `close()` too.
 */
export function createBackgroundErrors(onBackgroundError: ((error: StoreError) => void) | null): {
  report: (error: StoreError) => void;
  /** The first failure nobody was told about, or null. */
  firstUnreported: () => StoreError | null;
} {
  const unreported: StoreError[] = [];
  return {
    report(error) {
      if (onBackgroundError === null) {
        unreported.push(error);
        return;
      }
      try {
        onBackgroundError(error);
      } catch (callbackError) {
        unreported.push(new StoreError('onBackgroundError threw', { docName: error.docName, cause: callbackError }));
      }
    },
    firstUnreported: () => unreported[0] ?? null,
  };
}
