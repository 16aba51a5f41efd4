/**
 * When a failed delivery is tried again: after `schedule[attempts - 1]` seconds (the delay after
 * its `attempts`-th attempt), give or take 10% so that deliveries failed together do not all come
 * back at once; null when the schedule is used up (the delivery is given up).
 */
export function nextAttemptAt(
  schedule: readonly number[],
  attempts: number,
  now: number,
  random: () => number = Math.random,
): number | null {
  const delaySeconds = schedule[attempts - 1];
  if (delaySeconds === undefined) return null;
  return now + Math.round(delaySeconds * 1000 * (0.9 + 0.2 * random()));
}
