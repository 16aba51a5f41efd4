/**
 * An append's `onDurable`, called at most once. An error it throws is held until the append's
 * bookkeeping is done (the batch is stored either way), then `rethrow()` raises it: the append
 * rejects because of the caller's error, and the store is not left half-updated.
 */
export interface DurableCallback {
  call(): void;
  rethrow(): void;
}

export function durableCallback(onDurable: (() => void) | undefined): DurableCallback {
  let called = false;
  let failure: { error: unknown } | null = null;
  return {
    call() {
      if (called) return;
      called = true;
      if (onDurable === undefined) return;
      try {
        onDurable();
      } catch (error) {
        failure = { error };
      }
    },
    rethrow() {
      if (failure !== null) throw failure.error;
    },
  };
}
