import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from './tempDir.js';
import { registerTeardown } from './teardown.js';

/** The built CLI (`npx turbo run build --filter=@tandem/sync-server...` first). */
export const cliPath = fileURLToPath(new URL('../../../apps/sync-server/dist/cli.js', import.meta.url));

export interface SpawnServerOptions {
  /** Reuse a data dir (restart on the same data); default: a fresh temp dir. */
  dataDir?: string;
  /** Extra CLI flags (after `--port 0 --data-dir <dir>`). */
  args?: string[];
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Time allowed until the "listening" log line (default 10 s). */
  startTimeoutMs?: number;
  /**
   * Run the CLI through this command, which must exec it in place (same pid), e.g.
   * `['prlimit', '--nofile=256:256', '--']` (see `systemTool` for skipping where it is missing).
   */
  wrapper?: string[];
}

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  dataDir: string;
  wsUrl: string;
  httpUrl: string;
  /** Every stdout line parsed as JSON (pino), in order. */
  logs: Record<string, unknown>[];
  /** Raw stderr. */
  stderr: () => string;
  kill: (signal?: NodeJS.Signals) => void;
  waitForExit: (timeoutMs?: number) => Promise<ExitResult>;
}

/** Runs the CLI once (for config errors and the like) and returns its exit code and output. */
export async function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 10_000) {
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/**
 * Starts `apps/sync-server/dist/cli.js --port 0 --data-dir <dir>` as a child process and waits for
 * its "listening" log line (which carries the real port). Killed with SIGKILL after the test if
 * still running.
 */
export async function spawnServerProcess(options: SpawnServerOptions = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? (await makeTempDir('tandem-proc-'));
  const [command, ...args] = [
    ...(options.wrapper ?? []),
    process.execPath,
    cliPath,
    '--port',
    '0',
    '--data-dir',
    dataDir,
    ...(options.args ?? []),
  ];
  const child = spawn(command as string, args, {
    env: { ...process.env, LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<ExitResult>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  registerTeardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });

  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  let partial = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not log "listening" within ${options.startTimeoutMs ?? 10_000} ms; stderr: ${stderr}`)),
      options.startTimeoutMs ?? 10_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(line) as Record<string, unknown>;
        } catch {
          entry = { msg: line, unparsed: true };
        }
        logs.push(entry);
        if (entry.msg === 'listening' && typeof entry.port === 'number') {
          clearTimeout(timer);
          resolve(entry.port);
        }
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening (code ${code}, signal ${signal}); stderr: ${stderr}`));
    });
  });

  return {
    child,
    pid: child.pid as number,
    port,
    dataDir,
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    logs,
    stderr: () => stderr,
    kill: (signal = 'SIGTERM') => {
      child.kill(signal);
    },
    waitForExit: async (timeoutMs = 15_000) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`server did not exit within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
