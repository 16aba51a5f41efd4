import { spawnSync } from 'node:child_process';
import { freePort } from '../servers/freePort.mjs';
import { spawnServer } from '../servers/spawnServer.mjs';

/**
 * A redis-server of the run's own on a free loopback port, without persistence (as the machine's
 * shared one is configured): its CPU is then the run's alone, and no other engineer's tests share it.
 * Killed by the runner (and, like every server child, when the harness exits).
 * @param {string} dataDir its working directory
 * @returns {Promise<{ url: string, pid: number, stop: () => Promise<void> }>}
 */
export async function startRedisServer(dataDir) {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error('redis-server is not installed (the cluster rows run a Redis of their own): apt-get install -y redis-server');
  }
  const port = await freePort();
  const running = await spawnServer({
    name: 'redis-server',
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir],
    dataDir,
    parseReady: (line) => (line.includes('Ready to accept connections') ? port : null),
  });
  return { url: `redis://127.0.0.1:${port}`, pid: running.pid, stop: running.kill9 };
}
