import { describe, expect, it } from 'vitest';
import { defaultLimits, validateLimitsConfig } from './limitsConfig.js';
import { LimitsConfigError } from './limitsConfigError.js';

function errorOf(raw: Record<string, unknown>, context?: { maxMessageBytes?: number }): LimitsConfigError {
  try {
    validateLimitsConfig(raw, context);
  } catch (error) {
    if (error instanceof LimitsConfigError) return error;
    throw error;
  }
  throw new Error('expected validateLimitsConfig to throw');
}

describe('validateLimitsConfig', () => {
  it('returns the documented defaults for an empty input', () => {
    expect(validateLimitsConfig({})).toEqual(defaultLimits);
    expect(defaultLimits).toMatchObject({
      maxConnectionsPerIp: 64,
      maxConnectionsPerDoc: 256,
      maxMessagesPerSecond: 200,
      messageBurst: 400,
      maxBytesPerSecond: 4 * 1024 * 1024,
      byteBurst: 16 * 1024 * 1024,
      maxDocBytes: 64 * 1024 * 1024,
      maxAwarenessBytes: 64 * 1024,
      allowMissingOrigin: true,
      trustedProxyHops: 0,
    });
  });

  it('accepts typed values and env strings, and ignores other keys', () => {
    const limits = validateLimitsConfig({
      allowedOrigins: 'https://docs.example.com, https://*.example.com',
      allowMissingOrigin: 'false',
      maxConnectionsPerIp: '8',
      maxDocBytes: 1024,
      port: 99,
    });
    expect(limits.allowedOrigins).toEqual(['https://docs.example.com', 'https://*.example.com']);
    expect(limits.allowMissingOrigin).toBe(false);
    expect(limits.maxConnectionsPerIp).toBe(8);
    expect(limits.maxDocBytes).toBe(1024);
    expect(validateLimitsConfig({ allowedOrigins: ['*'] }).allowedOrigins).toEqual(['*']);
    expect(validateLimitsConfig({ allowedOrigins: [] }).allowedOrigins).toEqual([]);
  });

  it.each([
    ['maxConnectionsPerIp', 0, 'maxConnectionsPerIp: must be an integer >= 1 (got 0)'],
    ['maxDocBytes', '64MiB', 'maxDocBytes: must be an integer >= 1 (got "64MiB")'],
    ['messageBurst', 1.5, 'messageBurst: must be an integer >= 1 (got 1.5)'],
    ['maxAwarenessBytes', -1, 'maxAwarenessBytes: must be an integer >= 1 (got -1)'],
    ['trustedProxyHops', 17, 'trustedProxyHops: must be an integer 0..16 (got 17)'],
    ['allowMissingOrigin', 'maybe', 'allowMissingOrigin: must be true or false (got "maybe")'],
    ['allowedOrigins', '', 'allowedOrigins: is set but empty; unset it, or give "*" or a comma-separated list'],
    ['allowedOrigins', 42, 'allowedOrigins: must be a list of origins (got number)'],
  ])('rejects %s = %j, naming the key', (key, value, message) => {
    const error = errorOf({ [key]: value });
    expect(error.key).toBe(key);
    expect(error.message).toBe(message);
  });

  it.each([
    ['https://docs.example.com/', /has a path; an origin is scheme:\/\/host\[:port\] with no trailing "\/"/],
    ['docs.example.com', /needs a scheme, e\.g\. "https:\/\/docs\.example\.com"/],
    ['https://docs.*.example.com', /"\*" may only be "\*" alone, a leading "\*\." label, or the port/],
    ['https://*.com', /every subdomain of a top-level domain/],
    ['http://*.127.0.0.1', /only works with a domain name/],
    ['https://example.com:99999', /above 65535/],
  ])('rejects the origin pattern %j with a reason', (pattern, reason) => {
    const error = errorOf({ allowedOrigins: ['https://ok.example.com', pattern] });
    expect(error.key).toBe('allowedOrigins');
    expect(error.message).toMatch(reason);
  });

  it('requires byteBurst to cover the largest accepted frame', () => {
    const error = errorOf({ byteBurst: 1024 }, { maxMessageBytes: 4096 });
    expect(error.key).toBe('byteBurst');
    expect(error.message).toMatch(/must be at least maxMessageBytes \(4096\)/);
    expect(validateLimitsConfig({ byteBurst: 4096 }, { maxMessageBytes: 4096 }).byteBurst).toBe(4096);
  });
});
