import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../../packages/persistence/test/ownPostgres.js';
import { registerTeardown } from './teardown.js';
import { waitFor } from './waitFor.js';

export interface RedisProcess {
  url: string;
  port: number;
  /** SIGKILL: Redis is gone at once (it keeps nothing on disk). */
  kill: () => Promise<void>;
  /** Starts it again on the same port. */
  start: () => Promise<void>;
}

/**
 * A Redis of the test's own (`redis-server` on a free port, nothing saved), for tests that kill and
 * restart it; stopped after the test. Needs `redis-server` (check with `systemTool`).
 */
export async function startRedisProcess(): Promise<RedisProcess> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  let output = '';
  const start = async () => {
    output = '';
    const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child = started;
    await waitFor(() => output.includes('Ready to accept connections') || started.exitCode !== null, {
      timeout: 10_000,
      message: `redis-server on port ${port} ready`,
    });
    if (started.exitCode !== null) throw new Error(`redis-server exited: ${output}`);
  };
  const kill = async () => {
    const running = child;
    child = null;
    if (running === null || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  registerTeardown(kill);
  return { url: `redis://127.0.0.1:${port}`, port, kill, start };
}
