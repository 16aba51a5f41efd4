/**
 * Waits `ms` milliseconds. Only for pacing a load (edits per second) and for settle windows
 * whose length is itself the measurement; never as a substitute for waiting on a condition.
 * @param {number} ms
 */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
