/**
 * Runs `fn` at most once per `intervalMs`: the first call runs at once, calls during the quiet
 * period collapse into one trailing run at its end. `cancel()` drops a pending trailing run.
 */
export function throttle(fn: () => void, intervalMs: number): { (): void; cancel: () => void } {
  let last = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | null = null;
  const run = () => {
    timer = null;
    last = Date.now();
    fn();
  };
  const throttled = () => {
    if (timer !== null) return;
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  throttled.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return throttled;
}
