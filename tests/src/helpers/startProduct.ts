import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from './tempDir.js';
import { registerTeardown } from './teardown.js';
import { waitFor } from './waitFor.js';

const startScript = fileURLToPath(new URL('../../../scripts/start.mjs', import.meta.url));

/** A port on 127.0.0.1 nothing listens on right now. */
export function freeLocalPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningProduct {
  child: ChildProcess;
  /** The public port (TANDEM_WEB_PORT) and the sync server's own (TANDEM_SYNC_PORT). */
  webPort: number;
  syncPort: number;
  dataDir: string;
  /** Everything it printed so far. */
  output: () => string;
  /** The line "Links carry <url> (…)": the PUBLIC_URL the app was given. */
  linksCarry: () => string;
  /** Sends `signal` (SIGINT: Ctrl-C) and resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/**
 * `npm start` (scripts/start.mjs) as a user runs it, on free ports with a fresh data directory
 * (plus `env`); resolves once it says it is running. Stopped with Ctrl-C after the test.
 */
export async function startProduct(env: Record<string, string> = {}, timeout = 240_000): Promise<RunningProduct> {
  const [webPort, syncPort] = [await freeLocalPort(), await freeLocalPort()];
  const dataDir = await makeTempDir('tandem-product-');
  const child = spawn(process.execPath, [startScript], {
    env: { ...process.env, TANDEM_WEB_PORT: String(webPort), TANDEM_SYNC_PORT: String(syncPort), TANDEM_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const stop = async (signal: NodeJS.Signals = 'SIGINT') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exitOf(child);
  };
  registerTeardown(() => stop().then(() => {}));
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      return /is running\. Open /.test(output);
    },
    { timeout, interval: 100, message: '"Tandem is running" in the output of npm start' },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; output: ${output.slice(-3000)}`);
  });
  return {
    child,
    webPort,
    syncPort,
    dataDir,
    output: () => output,
    linksCarry: () => /Links carry (\S+) /.exec(output)?.[1] ?? '',
    stop,
  };
}
