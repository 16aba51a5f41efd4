/**
 * Wraps a log call made once per event of a flood (refused sockets, accept errors) so that it runs
 * at most once per `intervalMs`; each run is told how many calls were left out since the last one.
 * Counting every event is the metrics' job.
 */
export function logAtMostEvery<A extends unknown[]>(
  intervalMs: number,
  log: (suppressed: number, ...args: A) => void,
): (...args: A) => void {
  let lastAt = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (...args) => {
    const now = performance.now();
    if (now - lastAt < intervalMs) {
      suppressed += 1;
      return;
    }
    lastAt = now;
    const left = suppressed;
    suppressed = 0;
    log(left, ...args);
  };
}
