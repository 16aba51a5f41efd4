// `npm test` here: the browser files and the others as two vitest runs side by side, one file at a
// time each. Browser files run one at a time anyway (each starts Next, a sync server and Chromium;
// see browser/helpers/suiteLock.ts); in one run of two workers, a worker holding a browser file that
// waits for the lock runs nothing else, and the whole suite took about twice its browser files.
// Extra arguments go to both runs (e.g. `npm test -- --bail=1`). Exits non-zero if either run fails.
import { spawn } from 'node:child_process';

const extra = process.argv.slice(2);
const runs = [
  { name: 'browser', args: ['browser/', '--maxWorkers=1'] },
  { name: 'processes', args: ['--exclude', 'browser/**', '--maxWorkers=1'] },
];

const children = runs.map(
  ({ name, args }) =>
    new Promise((resolve) => {
      const child = spawn('npx', ['vitest', 'run', ...args, ...extra], { stdio: 'inherit' });
      child.on('exit', (code, signal) => {
        if (code !== 0) console.error(`tests (${name}): vitest exited with ${signal ?? code}`);
        resolve(code === 0);
      });
    }),
);
const passed = await Promise.all(children);
process.exit(passed.every(Boolean) ? 0 : 1);
