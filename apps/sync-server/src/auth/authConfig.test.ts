import { describe, expect, it } from 'vitest';
import { defaultAuthConfig, validateAuthConfig } from './authConfig.js';
import { AuthConfigError } from './authConfigError.js';
import { describeAuthMode } from './describeAuthMode.js';

const SECRET = 's'.repeat(32);

function errorOf(raw: Record<string, unknown>): AuthConfigError {
  try {
    validateAuthConfig(raw);
  } catch (error) {
    if (error instanceof AuthConfigError) return error;
    throw error;
  }
  throw new Error('expected validateAuthConfig to throw');
}

describe('validateAuthConfig', () => {
  it('returns the defaults (open mode, 5 s tolerance) for an empty input', () => {
    expect(validateAuthConfig({})).toEqual(defaultAuthConfig);
    expect(defaultAuthConfig.authClockToleranceSec).toBe(5);
  });

  it('accepts typed values and the strings of env variables', () => {
    expect(validateAuthConfig({ authSecret: SECRET, authRequired: true, authClockToleranceSec: 2 })).toEqual({
      ...defaultAuthConfig,
      authSecret: SECRET,
      authRequired: true,
      authClockToleranceSec: 2,
    });
    expect(validateAuthConfig({ authJwksFile: '/k.json', authRequired: '1', authClockToleranceSec: '0.5' })).toMatchObject({
      authJwksFile: '/k.json',
      authRequired: true,
      authClockToleranceSec: 0.5,
    });
    expect(validateAuthConfig({ authRequired: 'false' }).authRequired).toBe(false);
  });

  it('ignores keys that are not auth keys', () => {
    expect(validateAuthConfig({ port: 1234 })).toEqual(defaultAuthConfig);
  });

  it('rejects a secret shorter than 32 bytes, counting UTF-8 bytes', () => {
    const error = errorOf({ authSecret: 'short' });
    expect(error.key).toBe('authSecret');
    expect(error.message).toMatch(/^authSecret: must be at least 32 bytes \(got 5\)/);
    // 11 three-byte characters = 33 bytes although the string has 11 code units.
    expect(validateAuthConfig({ authSecret: '€'.repeat(11) }).authSecret).toBe('€'.repeat(11));
    expect(errorOf({ authSecret: 's'.repeat(31) }).message).toMatch(/got 31/);
  });

  it('rejects an empty value instead of silently falling back to open mode', () => {
    expect(errorOf({ authSecret: '' }).message).toBe('authSecret: is set but empty; unset it or give a value');
    expect(errorOf({ authPublicKeyFile: '  ' }).key).toBe('authPublicKeyFile');
  });

  it('rejects more than one key source, naming both', () => {
    const error = errorOf({ authSecret: SECRET, authJwksFile: '/k.json' });
    expect(error.key).toBe('authJwksFile');
    expect(error.message).toBe('authJwksFile: set only one key source, but both authSecret and authJwksFile are set');
    expect(errorOf({ authPublicKeyFile: '/a.pem', authJwksFile: '/k.json' }).message).toMatch(
      /authPublicKeyFile and authJwksFile/,
    );
  });

  it('refuses authRequired without any key', () => {
    const error = errorOf({ authRequired: true });
    expect(error.key).toBe('authRequired');
    expect(error.message).toMatch(/no key is configured; set one of authSecret, authPublicKeyFile, authJwksFile/);
  });

  it('rejects values of the wrong type, naming the key', () => {
    expect(errorOf({ authRequired: 'yes please' }).message).toBe('authRequired: must be true or false (got "yes please")');
    expect(errorOf({ authSecret: 42 }).message).toBe('authSecret: must be a string (got number)');
    expect(errorOf({ authClockToleranceSec: -1 }).key).toBe('authClockToleranceSec');
    expect(errorOf({ authClockToleranceSec: 301 }).message).toMatch(/from 0 to 300/);
    expect(errorOf({ authClockToleranceSec: '5s' }).key).toBe('authClockToleranceSec');
  });
});

describe('describeAuthMode', () => {
  it('warns loudly in open mode and says how to turn auth on', () => {
    const description = describeAuthMode(defaultAuthConfig);
    expect(description.mode).toBe('open');
    expect(description.level).toBe('warn');
    expect(description.message).toMatch(/anyone who can reach this server can read and write every document/);
    expect(description.message).toMatch(/AUTH_SECRET/);
  });

  it('names the key source when auth is on, without printing the secret', () => {
    const secret = describeAuthMode({ ...defaultAuthConfig, authSecret: SECRET });
    expect(secret).toMatchObject({ mode: 'required', level: 'info' });
    expect(secret.message).not.toContain(SECRET);
    expect(describeAuthMode({ ...defaultAuthConfig, authJwksFile: '/etc/tandem/jwks.json' }).message).toContain(
      '/etc/tandem/jwks.json',
    );
    expect(describeAuthMode({ ...defaultAuthConfig, authPublicKeyFile: '/etc/tandem/pub.pem' }).message).toContain(
      '/etc/tandem/pub.pem',
    );
  });
});
