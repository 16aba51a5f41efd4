import { describe, expect, it } from 'vitest';
import { configFromArgv, configFromEnv, defaultConfig, loadConfig, redactConfig, resolveConfig } from './index.js';
import { configErrorOf } from '../fixtures/configProblem.js';

const SECRET = 's'.repeat(40);

describe('auth and limits in the one server config', () => {
  it('defaults: open mode, local origins only', () => {
    expect(defaultConfig).toMatchObject({
      authSecret: null,
      authPublicKeyFile: null,
      authJwksFile: null,
      authRequired: false,
      allowedOrigins: ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*', 'https://localhost:*'],
    });
    expect(resolveConfig().authRequired).toBe(false);
  });

  it('reads every key from env variables and flags, typed', () => {
    const config = loadConfig({
      env: { AUTH_SECRET: SECRET, ALLOWED_ORIGINS: 'https://docs.example.com, http://localhost:*', MAX_CONNECTIONS_PER_IP: '5' },
      argv: ['--auth-required', '--max-doc-bytes=2048', '--allow-missing-origin', 'false', '--auth-clock-tolerance-sec', '1.5'],
    });
    expect(config).toMatchObject({
      authSecret: SECRET,
      authRequired: true,
      allowedOrigins: ['https://docs.example.com', 'http://localhost:*'],
      allowMissingOrigin: false,
      maxConnectionsPerIp: 5,
      maxDocBytes: 2048,
      authClockToleranceSec: 1.5,
    });
  });

  it('names the key, its env variable and flag, the source, and the rule', () => {
    expect(configErrorOf(() => configFromEnv({ MAX_CONNECTIONS_PER_IP: 'lots' })).message).toBe(
      'invalid config "maxConnectionsPerIp" (env MAX_CONNECTIONS_PER_IP, flag --max-connections-per-ip) from env MAX_CONNECTIONS_PER_IP: expected an integer >= 1, got "lots"',
    );
    const origin = configErrorOf(() => configFromArgv(['--allowed-origins', 'https://docs.example.com/']));
    expect(origin.key).toBe('allowedOrigins');
    expect(origin.message).toMatch(/has a path/);
    expect(configErrorOf(() => resolveConfig({ maxAwarenessBytes: 0 })).key).toBe('maxAwarenessBytes');
  });

  it('applies the rules across keys: one key source, a key when required, byteBurst >= maxMessageBytes', () => {
    const both = configErrorOf(() => resolveConfig({ authSecret: SECRET, authJwksFile: '/keys.json' }));
    expect(both.message).toMatch(/^invalid config "authJwksFile" \(env AUTH_JWKS_FILE, flag --auth-jwks-file\): set only one key source/);
    const required = configErrorOf(() => loadConfig({ env: { AUTH_REQUIRED: 'true' } }));
    expect(required.key).toBe('authRequired');
    expect(required.message).toMatch(/auth is required but no key is configured/);
    const burst = configErrorOf(() => resolveConfig({ maxMessageBytes: 32 * 1024 * 1024 }));
    expect(burst.key).toBe('byteBurst');
    expect(burst.message).toMatch(/must be at least maxMessageBytes/);
  });

  it('an empty AUTH_SECRET is an error, not open mode; other empty variables stay unset', () => {
    expect(configErrorOf(() => configFromEnv({ AUTH_SECRET: '' })).message).toMatch(/"authSecret".*is set but empty/);
    expect(configErrorOf(() => configFromEnv({ AUTH_PUBLIC_KEY_FILE: '  ' })).key).toBe('authPublicKeyFile');
    expect(configFromEnv({ ALLOWED_ORIGINS: '', PORT: '' })).toEqual({});
  });

  it('never prints the secret: not in errors, not in the logged config, not for a mistyped flag', () => {
    const short = 'hunter2-is-short';
    const error = configErrorOf(() => configFromEnv({ AUTH_SECRET: short }));
    expect(error.message).toMatch(/must be at least 32 bytes \(got 16\)/);
    expect(error.message).not.toContain(short);
    expect(JSON.stringify(redactConfig(resolveConfig({ authSecret: SECRET })))).not.toContain(SECRET);
    expect(redactConfig(resolveConfig())).toMatchObject({ authSecret: null });
    expect(configErrorOf(() => configFromArgv([`--auth-secrt=${SECRET}`])).message).not.toContain(SECRET);
  });
});
