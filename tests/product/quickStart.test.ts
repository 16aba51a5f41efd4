import { type ChildProcess, spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeTempDir, registerTeardown, waitFor } from '../src/helpers/index.js';

const startScript = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('npm start (the README quick start)', () => {
  it('builds, runs the sync server and the editor, prints the URL to open, and stops both on Ctrl-C', { timeout: 120_000 }, async () => {
    const [syncPort, webPort] = [await freePort(), await freePort()];
    const dataDir = await makeTempDir('tandem-start-');
    const child = spawn(process.execPath, [startScript], {
      env: { ...process.env, TANDEM_SYNC_PORT: String(syncPort), TANDEM_WEB_PORT: String(webPort), TANDEM_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    registerTeardown(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        await exitOf(child);
      }
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });

    const url = `http://localhost:${webPort}`;
    await waitFor(() => output.includes(`Open ${url}`), { timeout: 100_000, message: `"Open ${url}" in the output` }).catch((error: unknown) => {
      throw new Error(`${String(error)}; output: ${output.slice(-3000)}`);
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Tandem');
    expect((await fetch(`http://127.0.0.1:${syncPort}/healthz`)).status).toBe(200);
    // Auth on by default, with a generated secret only this user can read.
    expect(output).toContain('.auth-secret (generated now)');
    expect(statSync(`${dataDir}/.auth-secret`).mode & 0o777).toBe(0o600);
    expect((await fetch(`http://127.0.0.1:${syncPort}/api/docs`)).status).toBe(401);

    child.kill('SIGINT');
    expect(await exitOf(child)).toBe(0);
    await expect(fetch(`http://127.0.0.1:${syncPort}/healthz`)).rejects.toThrow();
    await expect(fetch(url)).rejects.toThrow();
  });
});
