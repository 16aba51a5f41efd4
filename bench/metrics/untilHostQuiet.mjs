import { readFileSync } from 'node:fs';
import { sleep } from '../control/sleep.mjs';

/** Busy and total jiffies of all CPUs, from the first line of /proc/stat. */
function hostTicks() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const total = fields.reduce((sum, value) => sum + value, 0);
  // idle and iowait are the 4th and 5th fields
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/**
 * Waits until the whole machine has been nearly idle (under `maxShare` of its CPU time busy) over
 * the last `quietMs`, so that a run does not start while the previous one (or anything else, such
 * as a test suite that just ended) is still winding down. Gives up after `capMs` and says so.
 * @param {number} quietMs
 * @param {number} capMs
 * @param {number} [maxShare]
 * @returns {Promise<{ quiet: boolean, busyShare: number }>} the busy share of the last window
 */
export async function untilHostQuiet(quietMs, capMs, maxShare = 0.1) {
  const deadline = performance.now() + capMs;
  let before = hostTicks();
  let busyShare = 1;
  while (performance.now() < deadline) {
    await sleep(quietMs);
    const after = hostTicks();
    busyShare = after.total > before.total ? (after.busy - before.busy) / (after.total - before.total) : 0;
    if (busyShare <= maxShare) return { quiet: true, busyShare };
    before = after;
  }
  return { quiet: false, busyShare };
}
