/**
 * Polls `predicate` every `intervalMs` until it returns a truthy value (which is returned) or
 * `timeoutMs` passes, then throws an Error whose message says what was awaited.
 * @template T
 * @param {() => T | Promise<T>} predicate
 * @param {{ timeoutMs: number, message: string, intervalMs?: number }} options
 * @returns {Promise<NonNullable<T>>}
 */
export async function waitFor(predicate, { timeoutMs, message, intervalMs = 10 }) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return /** @type {NonNullable<T>} */ (value);
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
