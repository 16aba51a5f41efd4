import { vi } from 'vitest';

export interface WaitForOptions {
  /** Give up after this many milliseconds (default 5000). */
  timeout?: number;
  /** Poll every this many milliseconds (default 10). */
  interval?: number;
  /** Says what was awaited when it times out. */
  message?: string;
}

/**
 * vitest's `vi.waitFor` for a predicate: polls until it returns a truthy value (returned) or the
 * deadline passes (throws with `message` and what the predicate last threw, if anything). No fixed
 * sleeps in tests: wait for the condition.
 */
export function waitFor<T>(
  predicate: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const timeout = options.timeout ?? 5000;
  return vi.waitFor(
    async () => {
      let value: T;
      try {
        value = await predicate();
      } catch (error) {
        throw new Error(`waitFor: ${options.message ?? 'condition not met'} (last error: ${(error as Error).message})`, { cause: error });
      }
      if (!value) throw new Error(`waitFor timed out after ${timeout} ms: ${options.message ?? 'condition not met'}`);
      return value as Exclude<T, false | null | undefined | 0 | ''>;
    },
    { timeout, interval: options.interval ?? 10 },
  );
}
