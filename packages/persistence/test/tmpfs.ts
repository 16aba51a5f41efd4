import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh tmpfs of `bytes` (to fill a disk on purpose), or null when this machine cannot mount one
 * (not root, no tmpfs): the caller then skips loudly, unless `TANDEM_REQUIRE_SYSTEM=1` (CI), where
 * that is an error. Call `unmount` when done.
 */
export function mountTmpfs(bytes: number): { dir: string; unmount: () => void } | null {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const reason = `cannot mount a tmpfs (${(error as Error).message.split('\n')[0]}); run as root to fill a disk on purpose`;
    if (process.env.TANDEM_REQUIRE_SYSTEM === '1') throw new Error(`a tmpfs is required (TANDEM_REQUIRE_SYSTEM=1) but ${reason}`);
    console.warn(`\n⚠️  SKIPPING the full-disk tests: ${reason}. Set TANDEM_REQUIRE_SYSTEM=1 to make this a failure.\n`);
    return null;
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
