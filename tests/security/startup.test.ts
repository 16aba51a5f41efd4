import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signToken } from '@tandem/sync-server';
import { describe, expect, it } from 'vitest';
import { makeTempDir, runCli, spawnServerProcess, tryUpgrade, waitFor } from '../src/helpers/index.js';

const SECRET = 'startup-test-secret-long-enough-for-hs256';

describe('auth mode at start (the CLI)', () => {
  it('open mode: accepts everyone and says so with a warning', async () => {
    const server = await spawnServerProcess();
    const warning = server.logs.find((line) => line.level === 40 && line.auth === 'open');
    expect(String(warning?.msg)).toMatch(/^OPEN MODE: .*anyone who can reach this server can read and write every document/);
    expect((await tryUpgrade(server.wsUrl, 'anything')).status).toBe(101);
  });

  it('AUTH_REQUIRED without a key refuses to start, naming the setting', async () => {
    const result = await runCli(['--port', '0', '--data-dir', await makeTempDir('tandem-cli-')], { AUTH_REQUIRED: 'true' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /invalid config "authRequired" \(env AUTH_REQUIRED, flag --auth-required\): auth is required but no key is configured/,
    );
  });

  it('a missing or wrong key file stops the start with exit 1, naming the setting', async () => {
    const dir = await makeTempDir('tandem-cli-');
    const missing = await runCli(['--port', '0', '--data-dir', dir, '--auth-public-key-file', join(dir, 'nope.pem')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /invalid config "authPublicKeyFile" \(env AUTH_PUBLIC_KEY_FILE, flag --auth-public-key-file\): cannot read .*ENOENT/,
    );
    const junk = join(dir, 'jwks.json');
    await writeFile(junk, '{"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}');
    const secretInJwks = await runCli(['--port', '0', '--data-dir', dir], { AUTH_JWKS_FILE: junk });
    expect(secretInJwks.code).toBe(1);
    expect(secretInJwks.stderr).toMatch(/"authJwksFile".*private or secret key material/);
    const empty = await runCli(['--port', '0', '--data-dir', dir], { AUTH_SECRET: '' });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/"authSecret".*is set but empty/);
  });

  it('with a secret: tokens required, and neither the secret nor any token is ever logged', async () => {
    const server = await spawnServerProcess({ env: { AUTH_SECRET: SECRET, AUTH_REQUIRED: 'true', LOG_LEVEL: 'debug' } });
    const listening = server.logs.find((line) => line.msg === 'listening') as { config: Record<string, unknown> };
    expect(listening.config.authSecret).toBe('[redacted]');
    expect(server.logs.find((line) => line.auth === 'required')?.level).toBe(30);

    const token = await signToken({ secret: SECRET, sub: 'ada', docs: { notes: 'write' }, expiresIn: 60 });
    expect((await tryUpgrade(server.wsUrl, 'notes', { params: { token } })).status).toBe(101);
    expect((await tryUpgrade(server.wsUrl, 'other', { params: { token } })).status).toBe(403);
    expect((await tryUpgrade(server.wsUrl, 'notes')).status).toBe(401);
    expect((await tryUpgrade(server.wsUrl, '..', { params: { token } })).status).toBe(400);
    await waitFor(() => server.logs.filter((line) => String(line.msg).startsWith('upgrade refused')).length >= 3, {
      message: 'the refusals are logged',
    });
    server.kill('SIGTERM');
    await server.waitForExit();
    const everything = JSON.stringify(server.logs) + server.stderr();
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.split('.')[2] as string);
  });
});
