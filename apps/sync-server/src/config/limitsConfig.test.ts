import { describe, expect, it } from 'vitest';
import { configFromEnv, defaultConfig, resolveConfig } from './index.js';
import { resolveError } from '../fixtures/configProblem.js';

describe('the limits keys of the config', () => {
  it('default to the documented values', () => {
    expect(defaultConfig).toMatchObject({
      maxConnectionsPerIp: 512,
      maxConnectionsPerDoc: 256,
      maxHttpSocketsPerIp: 1024,
      maxEventStreamsPerIp: 256,
      httpHeadersTimeoutMs: 10_000,
      httpRequestTimeoutMs: 30_000,
      maxMessagesPerSecond: 200,
      messageBurst: 400,
      maxBytesPerSecond: 4 * 1024 * 1024,
      byteBurst: 16 * 1024 * 1024,
      floodCloseAfterMs: 5000,
      maxDocBytes: 64 * 1024 * 1024,
      maxAwarenessBytes: 64 * 1024,
      allowMissingOrigin: true,
      trustedProxyHops: 0,
    });
  });

  it('accept typed values and env strings (origins comma-separated)', () => {
    const fromEnv = configFromEnv({
      ALLOWED_ORIGINS: 'https://docs.example.com, https://*.example.com',
      ALLOW_MISSING_ORIGIN: 'false',
      MAX_CONNECTIONS_PER_IP: '8',
    });
    const limits = resolveConfig({ ...fromEnv, maxDocBytes: 1024 });
    expect(limits.allowedOrigins).toEqual(['https://docs.example.com', 'https://*.example.com']);
    expect(limits.allowMissingOrigin).toBe(false);
    expect(limits.maxConnectionsPerIp).toBe(8);
    expect(limits.maxDocBytes).toBe(1024);
    expect(resolveConfig({ allowedOrigins: ['*'] }).allowedOrigins).toEqual(['*']);
    expect(resolveConfig({ allowedOrigins: [] }).allowedOrigins).toEqual([]);
  });

  it.each([
    ['maxConnectionsPerIp', 0, 'expected an integer >= 1, got 0'],
    ['maxDocBytes', '64MiB', 'expected an integer >= 1, got "64MiB"'],
    ['messageBurst', 1.5, 'expected an integer >= 1, got 1.5'],
    ['maxAwarenessBytes', -1, 'expected an integer >= 1, got -1'],
    ['maxEventStreamsPerIp', 0, 'expected an integer >= 1, got 0'],
    ['httpHeadersTimeoutMs', 50, 'expected an integer 100..600000, got 50'],
    ['trustedProxyHops', 17, 'expected an integer 0..16, got 17'],
    ['allowMissingOrigin', 'maybe', 'expected a boolean (true/false/1/0), got "maybe"'],
    ['allowedOrigins', '', 'is set but empty; unset it, or give "*" or a comma-separated list'],
    ['allowedOrigins', 42, 'expected a list of origin patterns, got 42'],
  ])('rejects %s = %j, naming the key', (key, value, problem) => {
    const error = resolveError({ [key]: value });
    expect(error.key).toBe(key);
    expect(error.message).toMatch(new RegExp(`^invalid config "${key}" \\(env [A-Z_]+, flag --[a-z-]+\\): `));
    expect(error.message.endsWith(`: ${problem}`)).toBe(true);
  });

  it.each([
    ['https://docs.example.com/', /has a path; an origin is scheme:\/\/host\[:port\] with no trailing "\/"/],
    ['docs.example.com', /needs a scheme, e\.g\. "https:\/\/docs\.example\.com"/],
    ['https://docs.*.example.com', /"\*" may only be "\*" alone, a leading "\*\." label, or the port/],
    ['https://*.com', /every subdomain of a top-level domain/],
    ['http://*.127.0.0.1', /only works with a domain name/],
    ['https://example.com:99999', /above 65535/],
  ])('rejects the origin pattern %j with a reason', (pattern, reason) => {
    const error = resolveError({ allowedOrigins: ['https://ok.example.com', pattern] });
    expect(error.key).toBe('allowedOrigins');
    expect(error.message).toMatch(reason);
  });

  it('require byteBurst to cover the largest accepted frame', () => {
    const error = resolveError({ byteBurst: 1024, maxMessageBytes: 4096 });
    expect(error.key).toBe('byteBurst');
    expect(error.message).toMatch(/must be at least maxMessageBytes \(4096\)/);
    expect(resolveConfig({ byteBurst: 4096, maxMessageBytes: 4096 }).byteBurst).toBe(4096);
  });

  it('across keys: a socket per WebSocket at least, and the request timeout covers the headers', () => {
    const sockets = resolveError({ maxConnectionsPerIp: 64, maxHttpSocketsPerIp: 32 });
    expect(sockets.key).toBe('maxHttpSocketsPerIp');
    expect(sockets.message).toMatch(/must be at least maxConnectionsPerIp \(64\)/);
    const timeouts = resolveError({ httpHeadersTimeoutMs: 20_000, httpRequestTimeoutMs: 10_000 });
    expect(timeouts.key).toBe('httpRequestTimeoutMs');
    expect(timeouts.message).toMatch(/must be at least httpHeadersTimeoutMs \(20000\)/);
    // One key alone (an env variable being read) is checked against its own rules only.
    expect(configFromEnv({ MAX_HTTP_SOCKETS_PER_IP: '32' })).toEqual({ maxHttpSocketsPerIp: 32 });
    expect(resolveConfig({ maxConnectionsPerIp: 8, maxHttpSocketsPerIp: 32 }).maxHttpSocketsPerIp).toBe(32);
  });
});
