// Runs the processes of `npm start`, `npm run dev` and `npm run cluster` side by side, each line of
// their output prefixed with the process's name (pino JSON lines made readable).
import { spawn } from 'node:child_process';

const colors = {
  sync: '\x1b[36m',
  web: '\x1b[35m',
  public: '\x1b[32m',
  build: '\x1b[33m',
  tsc: '\x1b[34m',
  css: '\x1b[32m',
  tandem: '\x1b[1m',
};
const reset = '\x1b[0m';
const useColor = process.stdout.isTTY === true;

export function say(name, line) {
  const label = `[${name}]`.padEnd(9);
  process.stdout.write(`${useColor ? `${colors[name] ?? ''}${label}${reset}` : label} ${line}\n`);
}

const levels = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const quietKeys = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname', 'config']);

/** A pino JSON line as `info  listening port=1234 url=…`; anything else unchanged. */
function formatLogLine(line) {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line);
    const extra = Object.entries(entry)
      .filter(([key]) => !quietKeys.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    return `${(levels[entry.level] ?? entry.level ?? '').toString().padEnd(5)} ${entry.msg ?? ''}${extra ? ` ${extra}` : ''}`;
  } catch {
    return line;
  }
}

/**
 * Runs named child processes with prefixed output. Each child gets its own process group, so
 * Ctrl-C reaches only this script, which then stops every child (SIGTERM, SIGKILL after 10 s).
 * Resolves with the exit code this script should use. A process's `hide` pattern keeps matching
 * lines out of the output (`onLine` still sees them).
 */
export function runTogether(processes, { onLine } = {}) {
  const children = new Map();
  let stopping = false;
  let exitCode = 0;

  return new Promise((resolveExit) => {
    const stopAll = (reason, code) => {
      if (stopping) return;
      stopping = true;
      exitCode = code;
      say('tandem', reason);
      for (const [name, child] of children) {
        if (child.exitCode !== null || child.signalCode !== null) continue;
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch (error) {
          if (error.code !== 'ESRCH') say('tandem', `could not stop ${name}: ${error.message}`);
        }
        const timer = setTimeout(() => {
          say('tandem', `${name} did not stop within 10 s, killing it`);
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {}
        }, 10_000);
        timer.unref();
      }
      maybeDone();
    };
    const maybeDone = () => {
      if (stopping && [...children.values()].every((c) => c.exitCode !== null || c.signalCode !== null)) resolveExit(exitCode);
    };

    for (const { name, command, args, cwd, env, hide } of processes) {
      const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      children.set(name, child);
      for (const stream of [child.stdout, child.stderr]) {
        let partial = '';
        stream.on('data', (chunk) => {
          const lines = (partial + chunk.toString()).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) {
            if (!hide?.test(line)) say(name, formatLogLine(line));
            onLine?.(name, line);
          }
        });
        stream.on('end', () => {
          if (partial) say(name, formatLogLine(partial));
        });
      }
      child.on('error', (error) => stopAll(`${name} could not be started: ${error.message}`, 1));
      child.on('exit', (code, signal) => {
        if (!stopping) stopAll(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the rest`, code || 1);
        maybeDone();
      });
    }

    const onSignal = (signal) => stopAll(`${signal} received, stopping…`, 0);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    // Last resort if this script itself exits first: do not leave the children running.
    process.once('exit', () => {
      for (const child of children.values()) {
        try {
          if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }
    });
  });
}
