import { sleep } from '../control/sleep.mjs';

/**
 * Waits until the server has been nearly idle (under `maxShare` of one core) over the last
 * `quietMs`, so that debounced stores, unloads and load bursts are over; gives up silently
 * after `capMs` (a server with steady background work, like heartbeats, still gets measured).
 * @param {() => number} cpuSeconds the server's CPU seconds so far (`Deployment.cpuSeconds`, or `procCpuSeconds` of a pid)
 * @param {number} quietMs
 * @param {number} capMs
 * @param {number} [maxShare]
 * @returns {Promise<boolean>} whether it went quiet
 */
export async function untilCpuQuiet(cpuSeconds, quietMs, capMs, maxShare = 0.05) {
  const stepMs = 100;
  const deadline = performance.now() + capMs;
  /** @type {{ at: number, cpu: number }[]} */
  const samples = [{ at: performance.now(), cpu: cpuSeconds() }];
  while (performance.now() < deadline) {
    await sleep(stepMs);
    const now = { at: performance.now(), cpu: cpuSeconds() };
    samples.push(now);
    while (samples.length > 1 && now.at - /** @type {{ at: number }} */ (samples[1]).at >= quietMs) samples.shift();
    const first = /** @type {{ at: number, cpu: number }} */ (samples[0]);
    const span = now.at - first.at;
    if (span >= quietMs && now.cpu - first.cpu <= (maxShare * span) / 1000) return true;
  }
  return false;
}
