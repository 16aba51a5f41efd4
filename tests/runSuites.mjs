// `npm test` here: the browser files and the others as vitest runs side by side, one file at a time
// each. Browser files run one at a time (each starts Next, a sync server and Chromium; see
// browser/helpers/suiteLock.ts) while the other tests run; once those are done, a second browser run
// takes the files in `afterProcesses`, so two browser files run side by side only when nothing else
// does (the browser files alone took about 1.4× the others: 816 s against 571 s on two cores).
// Extra arguments go to every run (e.g. `npm test -- --bail=1`). Exits non-zero if any run fails.
import { spawn } from 'node:child_process';

const extra = process.argv.slice(2);
/** About a sixth of the browser files' time, so that both browser runs end at about the same time. */
const afterProcesses = ['browser/security.test.ts', 'browser/richText.test.ts', 'browser/phone.test.ts', 'browser/singleSignOn.test.ts'];
const env = { ...process.env, TANDEM_BROWSER_SLOTS: '2' };

function run(name, args) {
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', ...args, ...extra], { stdio: 'inherit', env });
    child.on('exit', (code, signal) => {
      if (code !== 0) console.error(`tests (${name}): vitest exited with ${signal ?? code}`);
      resolve(code === 0);
    });
  });
}

const browser = run('browser', ['browser/', ...afterProcesses.flatMap((file) => ['--exclude', file]), '--maxWorkers=1']);
const processesThenBrowser = run('processes', ['--exclude', 'browser/**', '--maxWorkers=1']).then(async (passed) => {
  const late = await run('browser, after the others', [...afterProcesses, '--maxWorkers=1']);
  return passed && late;
});
const passed = await Promise.all([browser, processesThenBrowser]);
process.exit(passed.every(Boolean) ? 0 : 1);
