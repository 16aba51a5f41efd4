import { readFileSync } from 'node:fs';

/**
 * Bytes this process has caused to be written to the storage layer (`write_bytes` of
 * /proc/<pid>/io; counted when a page is dirtied, so buffered writes show up at once and
 * socket traffic never does). Summed over all its threads (LevelDB and SQLite included).
 * @param {number} pid
 * @returns {number}
 */
export function procWriteBytes(pid) {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const match = /^write_bytes:\s+(\d+)/m.exec(io);
  if (!match) throw new Error(`/proc/${pid}/io has no write_bytes`);
  return Number(match[1]);
}
