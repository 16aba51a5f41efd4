import { describe, expect, it } from 'vitest';
import { makeTempDir, runCli, spawnServerProcess } from '../src/helpers/index.js';

describe('CLI configuration', () => {
  it.each([
    // Every key's validation is unit-tested in apps/sync-server/src/config.test.ts; here the CLI path.
    [['--port', 'abc'], {}, /"port" \(env PORT, flag --port\).*"abc"/],
    [[], { LOG_LEVEL: 'chatty' }, /"logLevel" \(env LOG_LEVEL.*"chatty"/],
    [['--colour', 'blue'], {}, /unknown argument "--colour"/],
  ])('%j %j: exits 1 naming the key', async (args, env, message) => {
    const { code, stderr } = await runCli(args, env as Record<string, string>);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
  });

  it('--help prints every option and exits 0', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const flag of ['--host', '--port', '--data-dir', '--log-level', '--max-message-bytes', '--heartbeat-interval-ms', '--fsync']) {
      expect(stdout).toContain(flag);
    }
  });

  it('flags override the environment; the start-up line carries the effective config and real port', async () => {
    const dataDir = await makeTempDir();
    const server = await spawnServerProcess({
      dataDir,
      env: { HEARTBEAT_INTERVAL_MS: '1500', MAX_MESSAGE_BYTES: '5000' },
      args: ['--max-message-bytes', '4096'],
    });
    const line = server.logs.find((entry) => entry.msg === 'listening') as Record<string, unknown> & {
      config: Record<string, unknown>;
    };
    expect(line.port).toBe(server.port);
    expect(line.port).toBeGreaterThan(0);
    expect(line.config).toMatchObject({
      port: server.port,
      dataDir,
      heartbeatIntervalMs: 1500,
      maxMessageBytes: 4096,
      host: '127.0.0.1',
    });
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200);
  });
});
