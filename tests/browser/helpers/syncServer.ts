import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

const cliPath = join(repoRoot, 'apps/sync-server/dist/cli.js');

export interface SyncServer {
  port: number;
  dataDir: string;
  wsUrl: string;
  httpUrl: string;
  running: () => boolean;
  /** Sends `signal` and waits for the process to exit. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/**
 * Runs the built sync server CLI (`--port <port> --data-dir <dir>`) as a child process and waits
 * for its "listening" log line, which carries the real port. Unlike the shared test helper, its
 * lifetime is the browser stack's (a server restarted in one test keeps serving the next), so
 * the stack stops it.
 */
export async function startSyncServer(dataDir: string, port = 0, env: Record<string, string> = {}): Promise<SyncServer> {
  const child: ChildProcess = spawn(process.execPath, [cliPath, '--port', String(port), '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sync server did not start within 10 s: ${output}`)), 10_000);
    let partial = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        output = `${output}${line}\n`.slice(-20_000);
        let entry: { msg?: string; port?: number };
        try {
          entry = JSON.parse(line) as { msg?: string; port?: number };
        } catch {
          continue; // not a log line (e.g. a stack trace); kept in `output`
        }
        if (entry.msg === 'listening' && typeof entry.port === 'number') {
          clearTimeout(timer);
          resolve(entry.port);
        }
      }
    });
    exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`sync server exited before listening (${child.exitCode ?? child.signalCode}): ${output}`));
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  let actualPort: number;
  try {
    actualPort = await listening;
  } catch (error) {
    if (running()) child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return {
    port: actualPort,
    dataDir,
    wsUrl: `ws://127.0.0.1:${actualPort}`,
    httpUrl: `http://127.0.0.1:${actualPort}`,
    running,
    stop: async (signal = 'SIGTERM') => {
      if (!running()) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
