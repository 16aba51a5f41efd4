import { describe, expect, it } from 'vitest';
import { type ConfigError, configFromEnv, defaultConfig, resolveConfig } from './index.js';
import { resolveError } from '../fixtures/configProblem.js';

const SECRET = 's'.repeat(32);

/** The problem part of a ConfigError message (after the key's label). */
const problemOf = (error: ConfigError) => error.message.slice(error.message.indexOf('): ') + 3);

describe('the auth keys of the config', () => {
  it('default to open mode with a 5 s tolerance', () => {
    expect(defaultConfig).toMatchObject({ authSecret: null, authPublicKeyFile: null, authJwksFile: null, authRequired: false });
    expect(defaultConfig.authClockToleranceSec).toBe(5);
  });

  it('accept typed values and the strings of env variables', () => {
    expect(resolveConfig({ authSecret: SECRET, authRequired: true, authClockToleranceSec: 2 })).toEqual({
      ...defaultConfig,
      authSecret: SECRET,
      authRequired: true,
      authClockToleranceSec: 2,
    });
    expect(configFromEnv({ AUTH_JWKS_FILE: '/k.json', AUTH_REQUIRED: '1', AUTH_CLOCK_TOLERANCE_SEC: '0.5' })).toEqual({
      authJwksFile: '/k.json',
      authRequired: true,
      authClockToleranceSec: 0.5,
    });
    expect(configFromEnv({ AUTH_REQUIRED: 'false' }).authRequired).toBe(false);
  });

  it('reject a secret shorter than 32 bytes, counting UTF-8 bytes', () => {
    const error = resolveError({ authSecret: 'short' });
    expect(error.key).toBe('authSecret');
    expect(problemOf(error)).toMatch(/^must be at least 32 bytes \(got 5\)/);
    // 11 three-byte characters = 33 bytes although the string has 11 code units.
    expect(resolveConfig({ authSecret: '€'.repeat(11) }).authSecret).toBe('€'.repeat(11));
    expect(resolveError({ authSecret: 's'.repeat(31) }).message).toMatch(/got 31/);
  });

  it('reject an empty value instead of silently falling back to open mode', () => {
    expect(problemOf(resolveError({ authSecret: '' }))).toBe('is set but empty; unset it or give a value');
    expect(resolveError({ authPublicKeyFile: '  ' }).key).toBe('authPublicKeyFile');
  });

  it('reject more than one key source, naming both', () => {
    const error = resolveError({ authSecret: SECRET, authJwksFile: '/k.json' });
    expect(error.key).toBe('authJwksFile');
    expect(problemOf(error)).toBe('set only one key source, but both authSecret and authJwksFile are set');
    expect(resolveError({ authPublicKeyFile: '/a.pem', authJwksFile: '/k.json' }).message).toMatch(/authPublicKeyFile and authJwksFile/);
  });

  it('refuse authRequired without any key', () => {
    const error = resolveError({ authRequired: true });
    expect(error.key).toBe('authRequired');
    expect(error.message).toMatch(/no key is configured; set one of authSecret, authPublicKeyFile, authJwksFile/);
  });

  it('reject values of the wrong type, naming the key (and never printing a secret)', () => {
    expect(problemOf(resolveError({ authRequired: 'yes please' }))).toBe('expected a boolean (true/false/1/0), got "yes please"');
    expect(problemOf(resolveError({ authSecret: 42 }))).toBe('expected a string, or null for none, got [redacted]');
    expect(resolveError({ authClockToleranceSec: -1 }).key).toBe('authClockToleranceSec');
    expect(resolveError({ authClockToleranceSec: 301 }).message).toMatch(/from 0 to 300/);
    expect(resolveError({ authClockToleranceSec: '5s' }).key).toBe('authClockToleranceSec');
    expect(defaultConfig.authMaxTokenLifetimeSec).toBe(86_400);
    expect(configFromEnv({ AUTH_MAX_TOKEN_LIFETIME_SEC: '600' }).authMaxTokenLifetimeSec).toBe(600);
    expect(resolveError({ authMaxTokenLifetimeSec: 0 }).key).toBe('authMaxTokenLifetimeSec');
    expect(() => configFromEnv({ AUTH_MAX_TOKEN_LIFETIME_SEC: '1d' })).toThrow(/whole number of seconds from 1 to 31536000/);
  });
});
