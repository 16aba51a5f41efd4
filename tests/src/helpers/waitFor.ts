export interface WaitForOptions {
  /** Give up after this many milliseconds (default 5000). */
  timeout?: number;
  /** Poll every this many milliseconds (default 10). */
  interval?: number;
  /** Says what was awaited when it times out. */
  message?: string;
}

/**
 * Polls `predicate` until it returns a truthy value (returned) or the deadline passes (throws with
 * `message` and the last error the predicate threw, if any). No fixed sleeps in tests: wait for
 * the condition.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const timeout = options.timeout ?? 5000;
  const interval = options.interval ?? 10;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`waitFor timed out after ${timeout} ms: ${options.message ?? 'condition not met'}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
