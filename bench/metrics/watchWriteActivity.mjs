/**
 * Samples a server's storage writes (`write_bytes` of /proc/<pid>/io, see procIo.mjs; for a server on
 * PostgreSQL also its database's backends) every `intervalMs` and remembers when they last grew.
 * Used to time "pending-write drain" for servers that give no durability signal: the drain ends at
 * the last sample that saw the byte count grow, once no growth has been seen for a quiet period
 * longer than any write debounce.
 * @param {() => number} writeBytes the server's storage writes so far (`Deployment.writeBytes`)
 * @param {number} [intervalMs]
 */
export function watchWriteActivity(writeBytes, intervalMs = 20) {
  let bytes = writeBytes();
  let lastGrowthAt = performance.now();
  /** @type {unknown} */
  let failure = null;
  const sample = () => {
    if (failure) throw failure;
    const now = performance.now();
    const current = writeBytes();
    if (current !== bytes) {
      bytes = current;
      lastGrowthAt = now;
    }
  };
  const timer = setInterval(() => {
    try {
      sample();
    } catch (error) {
      // The process is gone (or /proc unreadable): remember it for untilQuiet, stop sampling.
      failure = error;
      clearInterval(timer);
    }
  }, intervalMs);
  return {
    /** performance.now() of the last sample that saw write_bytes grow. */
    get lastGrowthAt() {
      return lastGrowthAt;
    },
    get bytes() {
      return bytes;
    },
    /**
     * Resolves once write_bytes has not grown for `quietMs` counted from `since` (or from
     * its last growth, if later), or rejects after `capMs`.
     * @param {number} since performance.now() from which the quiet period may start
     * @param {number} quietMs
     * @param {number} capMs
     * @returns {Promise<number>} lastGrowthAt
     */
    async untilQuiet(since, quietMs, capMs) {
      const deadline = performance.now() + capMs;
      for (;;) {
        sample();
        const now = performance.now();
        if (now - Math.max(since, lastGrowthAt) >= quietMs) return lastGrowthAt;
        if (now > deadline) throw new Error(`storage writes did not stop within ${capMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    },
    stop() {
      clearInterval(timer);
    },
  };
}
