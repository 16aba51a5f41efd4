import { readFileSync } from 'node:fs';
import { serverEnvironment, serverNodeOptions } from '@tandem/sync-server/launch';
import { describe, expect, it } from 'vitest';
import { connectClient, spawnServerProcess, waitFor } from '../src/helpers/index.js';

/** The pids of a process's children (Linux). */
function childrenOf(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text === '' ? [] : text.split(' ').map(Number);
}

describe('npm run sync-server (scripts/sync-server.mjs)', () => {
  it('starts the server with the launch settings, passes flags on, and a SIGINT shuts it down gracefully', async () => {
    const launcher = await spawnServerProcess({ via: 'npm-script', args: ['--heartbeat-interval-ms', '1500'] });
    const listening = launcher.logs.find((entry) => entry.msg === 'listening') as { config: Record<string, unknown> };
    expect(listening.config.heartbeatIntervalMs).toBe(1500);

    const [serverPid] = childrenOf(launcher.pid);
    expect(serverPid).toBeDefined();
    const args = readFileSync(`/proc/${serverPid}/cmdline`, 'utf8').split('\0');
    for (const option of serverNodeOptions) expect(args).toContain(option);
    const environ = readFileSync(`/proc/${serverPid}/environ`, 'utf8').split('\0');
    for (const [key, value] of Object.entries(serverEnvironment)) expect(environ).toContain(`${key}=${value}`);

    const client = connectClient(launcher.wsUrl, 'launched');
    await client.synced();
    client.doc.getText('text').insert(0, 'kept through the launcher');
    await waitFor(async () => ((await (await fetch(`${launcher.httpUrl}/api/docs/launched`)).json()) as { bytes?: number }).bytes !== undefined, {
      message: 'the edit stored',
    });
    client.destroy();

    // One signal to the launcher reaches the server once (its own process group): a graceful stop.
    launcher.kill('SIGINT');
    expect(await launcher.waitForExit()).toEqual({ code: 0, signal: null });
    expect(launcher.logs.some((entry) => entry.msg === 'store closed, bye')).toBe(true);
    expect(launcher.logs.some((entry) => entry.msg === 'second signal, exiting now')).toBe(false);
  });
});
