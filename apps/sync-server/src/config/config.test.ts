import { describe, expect, it } from 'vitest';
import {
  configFromArgv,
  configFromEnv,
  configHelp,
  configKeys,
  defaultConfig,
  envName,
  flagName,
  loadConfig,
  resolveConfig,
} from './index.js';
import { configErrorOf } from '../fixtures/configProblem.js';

describe('config', () => {
  it('defaults are complete, valid and documented', () => {
    expect(resolveConfig()).toEqual(defaultConfig);
    expect(configKeys.slice().sort()).toEqual(Object.keys(defaultConfig).sort());
    expect(Object.isFrozen(defaultConfig) && Object.isFrozen(defaultConfig.allowedOrigins)).toBe(true);
    expect(defaultConfig).toMatchObject({ host: '127.0.0.1', port: 1234, dataDir: './data', maxMessageBytes: 16 * 1024 * 1024 });
    for (const key of configKeys) expect(configHelp()).toContain(`${flagName(key).padEnd(28)} ${envName(key)}`);
    expect(configHelp()).toMatch(/--max-doc-bytes +MAX_DOC_BYTES +default 67108864\n +Largest encoded size of a document/);
  });

  it('reading is pure: nothing is read from process.env at import or without being asked', () => {
    const before = process.env.PORT;
    process.env.PORT = '999';
    try {
      expect(resolveConfig().port).toBe(1234);
      expect(loadConfig({}).port).toBe(1234);
    } finally {
      if (before === undefined) delete process.env.PORT;
      else process.env.PORT = before;
    }
  });

  it('env, then flags, override the defaults', () => {
    const config = loadConfig({
      env: { PORT: '4000', HOST: '0.0.0.0', FSYNC: 'false', COMPACT_AFTER_UPDATES: 'Infinity', UNRELATED: 'x' },
      argv: ['--port', '5000', '--data-dir=/tmp/d', '--log-level', 'debug'],
    });
    expect(config).toMatchObject({
      port: 5000,
      host: '0.0.0.0',
      dataDir: '/tmp/d',
      logLevel: 'debug',
      fsync: false,
      compactAfterUpdates: Number.POSITIVE_INFINITY,
    });
  });

  it('a bare --fsync means true', () => {
    expect(configFromArgv(['--fsync'])).toEqual({ fsync: true });
    expect(configFromArgv(['--fsync', '--port', '1'])).toEqual({ fsync: true, port: 1 });
    expect(configFromArgv(['--fsync', 'false'])).toEqual({ fsync: false });
    expect(configFromArgv(['--fsync=0', '--auth-required'])).toEqual({ fsync: false, authRequired: true });
  });

  it.each([
    [() => configFromEnv({ PORT: '12ab' }), 'port', /env PORT.*"12ab"/],
    [() => configFromEnv({ PORT: '65536' }), 'port', /integer 0\.\.65535/],
    [() => configFromEnv({ MAX_MESSAGE_BYTES: '1.5' }), 'maxMessageBytes', /MAX_MESSAGE_BYTES/],
    [() => configFromEnv({ LOG_LEVEL: 'loud' }), 'logLevel', /one of fatal, error/],
    [() => configFromEnv({ FSYNC: 'perhaps' }), 'fsync', /a boolean/],
    [() => configFromArgv(['--heartbeat-interval-ms', '5']), 'heartbeatIntervalMs', /integer 100\.\./],
    [() => configFromArgv(['--compact-after-updates', '1']), 'compactAfterUpdates', />= 2 or Infinity/],
    [() => configFromArgv(['--data-dir', '']), 'dataDir', /non-empty/],
    [() => configFromEnv({ MEMORY_RELEASE_IDLE_MS: '-1' }), 'memoryReleaseIdleMs', /MEMORY_RELEASE_IDLE_MS.*integer 0\.\.3600000/],
    [() => configFromArgv(['--bogus']), '--bogus', /unknown argument/],
    [() => configFromArgv(['--port']), 'port', /needs a value/],
    [() => configFromArgv(['serve']), 'serve', /unknown argument "serve"/],
    [() => configFromArgv(['--fsync', 'maybe']), 'fsync', /from flag --fsync: expected a boolean \(true\/false\/1\/0\), got "maybe"/],
    [() => resolveConfig({ port: 1.5 }), 'port', /"port"/],
    [() => resolveConfig({ shutdownTimeoutMs: '10' as unknown as number }), 'shutdownTimeoutMs', /got "10"/],
    [() => resolveConfig({ typo: 1 } as never), 'typo', /unknown config key "typo"/],
  ])('%#: rejects with an error naming %s', (fn, key, message) => {
    const error = configErrorOf(fn);
    expect(error.key).toBe(key);
    expect(error.message).toMatch(message);
  });
});
