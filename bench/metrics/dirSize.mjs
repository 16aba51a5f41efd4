import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Disk used by a directory tree: the sum of its regular files' sizes, in bytes.
 * @param {string} dir
 * @returns {number}
 */
export function dirSize(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += dirSize(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}
