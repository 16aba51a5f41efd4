import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Every server child still running; killed with SIGKILL when this process exits for any reason. */
const liveChildren = new Set();
process.on('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

/**
 * @typedef {Object} RunningServer
 * @property {number} pid
 * @property {number} port
 * @property {string} dataDir
 * @property {() => string} output the last lines the child printed (stdout and stderr), for error messages
 * @property {() => Promise<void>} stop SIGTERM, then SIGKILL after 5 s; resolves when the process is gone
 * @property {() => Promise<void>} kill9 SIGKILL; resolves when the process is gone
 */

/**
 * Starts a server as a child process on loopback and resolves once `parseReady` recognises
 * a line of its stdout (returning the port it listens on). Rejects, killing the child, if it
 * exits or stays silent past `readyTimeoutMs`.
 * `nodeArgs` go before the script (e.g. --cpu-prof); `command` (default: this Node) runs
 * something else, such as the run's own redis-server.
 * @param {{ name: string, args: string[], nodeArgs?: string[], command?: string, env?: NodeJS.ProcessEnv, cwd?: string,
 *   dataDir: string, parseReady: (line: string) => number | null, readyTimeoutMs?: number }} options
 * @returns {Promise<RunningServer>}
 */
export function spawnServer({
  name,
  args,
  nodeArgs = [],
  command = process.execPath,
  env,
  cwd,
  dataDir,
  parseReady,
  readyTimeoutMs = 30_000,
}) {
  const child = spawn(command, [...nodeArgs, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  /** @type {string[]} */
  const tail = [];
  const remember = (/** @type {string} */ line) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
  };
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      liveChildren.delete(child);
      resolve({ code, signal });
    });
  });
  createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stderr) }).on('line', remember);
  const stdout = createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) });

  const ended = async (/** @type {NodeJS.Signals} */ signal, /** @type {number} */ graceMs) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    let ready = false;
    const fail = (/** @type {string} */ why) => {
      if (ready) return;
      ready = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start: ${why}\n${tail.join('\n')}`));
    };
    const timer = setTimeout(() => fail(`no ready line within ${readyTimeoutMs} ms`), readyTimeoutMs);
    child.once('error', (error) => fail(error.message));
    exited.then(({ code, signal }) => fail(`exited early (code ${code}, signal ${signal})`));
    stdout.on('line', (line) => {
      remember(line);
      if (ready) return;
      const port = parseReady(line);
      if (port === null) return;
      ready = true;
      clearTimeout(timer);
      resolve({
        pid: /** @type {number} */ (child.pid),
        port,
        dataDir,
        output: () => tail.join('\n'),
        stop: () => ended('SIGTERM', 5000),
        kill9: () => ended('SIGKILL', 5000),
      });
    });
  });
}
