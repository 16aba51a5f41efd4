import { describe, expect, it } from 'vitest';
import { configFromEnv, defaultConfig, resolveConfig } from './index.js';
import { configProblem } from '../fixtures/configProblem.js';

const HASH = 'a'.repeat(64);

describe('the documents API keys of the config', () => {
  it('default to no API keys, 8 MiB bodies, 30 days of restorable deletions, 10 s loaded after a request', () => {
    expect(defaultConfig).toMatchObject({ apiKeys: null, apiMaxBodyBytes: 8 * 1024 * 1024, deletedDocRetentionSec: 30 * 86_400 });
    expect(defaultConfig.apiKeepDocLoadedMs).toBe(10_000);
  });

  it('read API keys as a JSON array from the environment, with every document by default', () => {
    const env = { API_KEYS: JSON.stringify([{ id: 'indexer', sha256: HASH.toUpperCase(), scopes: ['docs:read'] }]) };
    expect(resolveConfig(configFromEnv(env)).apiKeys).toEqual([{ id: 'indexer', sha256: HASH, scopes: ['docs:read'], docs: ['*'] }]);
  });

  it('name what is wrong with a key, and where', () => {
    expect(configProblem({ apiKeys: [{ id: 'x', sha256: 'abc', scopes: ['docs:read'] }] })).toMatch(
      /apiKeys.*key 0\.sha256: must be the key's SHA-256/,
    );
    expect(configProblem({ apiKeys: [{ id: 'x', sha256: HASH, scopes: [] }] })).toMatch(/key 0\.scopes: must name at least one scope/);
    expect(configProblem({ apiKeys: [{ id: 'x', sha256: HASH, scopes: ['docs:admin'] }] })).toMatch(/key 0\.scopes\.0/);
    expect(configProblem({ apiKeys: [{ id: 'x', sha256: HASH, scopes: ['docs:read'], docs: ['a*b'] }] })).toMatch(/prefix ending in "\*"/);
    expect(configProblem({ apiKeys: [{ id: 'x', sha256: HASH, scopes: ['docs:read'], key: 'tdk_plain' }] })).toMatch(/key 0/);
    const twice = { sha256: HASH, scopes: ['docs:read'] };
    expect(
      configProblem({
        apiKeys: [
          { id: 'a', ...twice },
          { id: 'b', ...twice },
        ],
      }),
    ).toMatch(/two keys have the same sha256/);
    expect(() => configFromEnv({ API_KEYS: '[{not json' })).toThrow(/API_KEYS: is not JSON: expected a JSON array of keys/);
  });

  it('bound the body size and the retention', () => {
    expect(configProblem({ apiMaxBodyBytes: 10 })).toMatch(/apiMaxBodyBytes/);
    expect(resolveConfig({ deletedDocRetentionSec: 0 }).deletedDocRetentionSec).toBe(0);
    expect(configProblem({ deletedDocRetentionSec: -1 })).toMatch(/deletedDocRetentionSec/);
  });
});
