import { readFileSync } from 'node:fs';

/**
 * The process's soft limit on open file descriptors (`ulimit -n`), read from `/proc/self/limits`;
 * null where that cannot be read (not Linux) or the limit is unlimited. Node has no getrlimit.
 */
export function softDescriptorLimit(limitsText?: string): number | null {
  let text = limitsText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      return null; // no procfs: the caller runs without a socket cap derived from it
    }
  }
  const soft = /^Max open files\s+(\S+)/m.exec(text)?.[1];
  if (soft === undefined || !/^\d+$/.test(soft)) return null;
  return Number(soft);
}

/**
 * How many sockets a server may hold with `limit` descriptors: a quarter of them (at least 64) stay
 * free for the store's files, its journal, logs and the process itself.
 */
export function socketBudget(limit: number): number {
  return Math.max(1, limit - Math.max(64, Math.floor(limit / 4)));
}
