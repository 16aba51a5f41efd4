import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const lockBase = join(tmpdir(), 'tandem-browser-suite.lock');
/**
 * How many browser files may run at once (default 1). `runSuites.mjs` sets 2 for a second browser
 * run it starts only once the other tests are done, so that two run side by side only then.
 */
const slots = Math.max(1, Number(process.env.TANDEM_BROWSER_SLOTS ?? '1') || 1);
const slotDir = (slot: number) => (slot === 0 ? lockBase : `${lockBase}.${slot}`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One browser test file at a time across vitest workers (or `TANDEM_BROWSER_SLOTS`): each file
 * starts a Next server, a sync server and Chromium, and may (re)build the app; on two cores more
 * must not run side by side. A lock left by a dead process is taken over. Returns the release function.
 */
export async function acquireSuiteLock(timeoutMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (let slot = 0; slot < slots; slot++) {
      const lockDir = slotDir(slot);
      try {
        await mkdir(lockDir);
        await writeFile(join(lockDir, 'pid'), String(process.pid));
        return () => rm(lockDir, { recursive: true, force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = Number(await readFile(join(lockDir, 'pid'), 'utf8').catch(() => ''));
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) await rm(lockDir, { recursive: true, force: true });
    }
    if (Date.now() > deadline) throw new Error(`other browser test files held ${lockBase} for more than ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
