import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (sysconf CLK_TCK), read once per process. */
let ticksPerSecond = 0;
export function clockTicks() {
  if (ticksPerSecond === 0) {
    ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) throw new Error('getconf CLK_TCK gave no number');
  }
  return ticksPerSecond;
}

/**
 * utime + stime (+ cutime + cstime of waited-for children) of one process, in clock ticks.
 * Fields after the parenthesised command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
 * @param {number} pid
 */
export function ownTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
}

/**
 * Live child pids of `pid` (from every thread's `children` file).
 * @param {number} pid
 * @returns {number[]}
 */
export function childPids(pid) {
  /** @type {number[]} */
  const children = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
    if (text) children.push(...text.split(/\s+/).map(Number));
  }
  return children;
}

/**
 * CPU seconds (user + system) used so far by `pid` and all its live descendants.
 * @param {number} pid
 * @returns {number}
 */
export function procCpuSeconds(pid) {
  let ticks = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = /** @type {number} */ (pending.pop());
    try {
      ticks += ownTicks(current);
      pending.push(...childPids(current));
    } catch (error) {
      // A descendant may exit between listing and reading; the root must exist.
      if (current === pid) throw error;
    }
  }
  return ticks / clockTicks();
}
