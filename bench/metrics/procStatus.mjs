import { readFileSync } from 'node:fs';

/**
 * Resident memory of a process from /proc/<pid>/status, in bytes:
 * `rss` = VmRSS (now), `peakRss` = VmHWM (high-water mark since the process started).
 * @param {number} pid
 * @returns {{ rss: number, peakRss: number }}
 */
export function procMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (/** @type {string} */ key) => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${key}`);
    return Number(match[1]) * 1024;
  };
  return { rss: kib('VmRSS'), peakRss: kib('VmHWM') };
}
