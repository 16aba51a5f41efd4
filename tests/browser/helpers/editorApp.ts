import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '../../src/helpers/waitFor.js';
import { editorAppDir, repoRoot } from './paths.js';

const run = promisify(execFile);

/**
 * Makes sure the production build of the editor app (and the packages it is built from) is
 * current. Turbo's cache turns this into a quick no-op when nothing changed. The build does not
 * depend on the sync server's address: the app reads NEXT_PUBLIC_SYNC_URL when it runs.
 */
export async function ensureEditorBuilt(): Promise<void> {
  try {
    await run('npx', ['turbo', 'run', 'build', '--filter=@tandem/editor...', '--output-logs=errors-only'], {
      cwd: repoRoot,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1' },
      maxBuffer: 32 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`building the editor app failed:\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`);
  }
}

/** A port nothing listens on now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface EditorApp {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** `next start` of the built app on a free port, pointed at `syncUrl` (plus `env`, e.g. AUTH_SECRET). */
export async function startEditorApp(syncUrl: string, env: Record<string, string> = {}): Promise<EditorApp> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repoRoot, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: editorAppDir,
      env: { ...process.env, ...env, NEXT_PUBLIC_SYNC_URL: syncUrl, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}: ${output}`);
        const response = await fetch(`${url}/icon.svg`).catch(() => null);
        return response?.ok === true;
      },
      { timeout: 20_000, interval: 100, message: `next start on port ${port} to answer` },
    );
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return { url, output: () => output, stop };
}
