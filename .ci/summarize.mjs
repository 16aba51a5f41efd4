// Sums vitest's per-suite "Tests  N passed | M failed (T)" lines from a log
// into the one line CI reads: "N passed, N failed" (", N skipped" if any).
import { readFileSync } from 'node:fs';

const ansiColour = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const log = readFileSync(process.argv[2], 'utf8').replace(ansiColour, '');
const totals = { passed: 0, failed: 0, skipped: 0 };
let suites = 0;
for (const line of log.split('\n')) {
  const summary = /\bTests\s{2,}(.+)\(\d+\)\s*$/.exec(line);
  if (!summary?.[1]) continue;
  suites += 1;
  for (const [, count, kind] of summary[1].matchAll(/(\d+)\s+(passed|failed|skipped|todo)/g)) {
    if (kind === 'passed' || kind === 'failed') totals[kind] += Number(count);
    else totals.skipped += Number(count);
  }
}
if (suites === 0) console.log('ci: no vitest summary found in the test output');
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
