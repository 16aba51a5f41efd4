/**
 * Calls an append's `onDurable` (if any) and returns what it threw, or null. The append holds the
 * error until its bookkeeping is done (the batch is stored either way) and then rejects with it,
 * so the store is never left half-updated by the caller's error.
 */
export function callOnDurable(onDurable: (() => void) | undefined): { error: unknown } | null {
  if (onDurable === undefined) return null;
  try {
    onDurable();
    return null;
  } catch (error) {
    return { error };
  }
}
