/** Polls `predicate` until it returns true, or rejects after `timeout` ms with `message`. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  { timeout = 5000, message = 'condition' }: { timeout?: number; message?: string } = {},
): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
