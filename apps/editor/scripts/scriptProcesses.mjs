// Child processes for the scripts that run the product (screenshots): start one and wait for the line
// that says it is ready, or the whole product (sync server and app); stop them all at the end; and a
// free port on loopback.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export function scriptProcesses() {
  const children = [];
  /** Starts `command` and resolves with the match of `readyPattern` in its output (rejects if it exits first, or after 60 s). */
  function start(command, args, options, readyPattern) {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${args[0]} did not start: ${output}`)), 60_000);
      const onData = (chunk) => {
        output += chunk.toString();
        const match = output.match(readyPattern);
        if (match) {
          clearTimeout(timer);
          resolve(match);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}: ${output}`)));
    });
  }
  /** SIGTERM to every process still running, then waits for each to exit. */
  async function stopAll() {
    const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
    const exited = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
    for (const child of running) child.kill('SIGTERM');
    await Promise.all(exited);
  }
  /**
   * The product from its builds: the sync server (apps/sync-server/dist, port 0, its data in `dataDir`)
   * and `next start` on a free loopback port pointed at it, both with `env`. Resolves with the app's URL (`base`) and the sync server's port.
   */
  async function startProduct(root, dataDir, env = process.env) {
    const [listening] = await start(
      process.execPath,
      [join(root, 'apps/sync-server/dist/cli.js'), '--port', '0', '--data-dir', dataDir],
      { env },
      /^\{.*"msg":"listening".*\}$/m,
    );
    const syncPort = JSON.parse(listening).port;
    const port = await freePort();
    await start(
      process.execPath,
      [join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
      {
        cwd: join(root, 'apps/editor'),
        env: { ...env, NEXT_PUBLIC_SYNC_URL: `ws://127.0.0.1:${syncPort}`, NEXT_TELEMETRY_DISABLED: '1', DATA_DIR: join(dataDir, 'app') },
      },
      /Ready in/,
    );
    return { base: `http://127.0.0.1:${port}`, syncPort };
  }
  return { start, stopAll, startProduct };
}

export const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
