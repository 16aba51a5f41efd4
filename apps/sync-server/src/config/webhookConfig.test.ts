import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { configFromArgv, configFromEnv, defaultConfig, redactConfig, resolveConfig } from './index.js';
import { configProblem } from '../fixtures/configProblem.js';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const endpoint = { id: 'search', url: 'https://hooks.example.com/tandem', secret };

describe('the webhook keys of the config', () => {
  it('default to no endpoint, a 3 s debounce within 30 s, retries for more than a day, 10 s per attempt, disabling after 5 days', () => {
    expect(defaultConfig).toMatchObject({ webhooks: null, webhookDebounceMs: 3000, webhookMaxWaitMs: 30_000, webhookTimeoutMs: 10_000 });
    const retriedFor = defaultConfig.webhookRetrySchedule.reduce((total, delay) => total + delay, 0);
    expect(retriedFor).toBeGreaterThan(24 * 3600);
    expect(defaultConfig.webhookDisableAfterSec).toBe(5 * 24 * 3600);
  });

  it('read endpoints as JSON from the environment, one secret or several, with every event and document by default', () => {
    const second = `whsec_${randomBytes(24).toString('base64')}`;
    const env = {
      WEBHOOKS: JSON.stringify([endpoint, { id: 'audit', url: 'http://10.0.0.5/h', secret: [secret, second], events: ['document.*'] }]),
    };
    expect(resolveConfig(configFromEnv(env)).webhooks).toEqual([
      { ...endpoint, secret: [secret], events: ['*'], docs: ['*'] },
      { id: 'audit', url: 'http://10.0.0.5/h', secret: [secret, second], events: ['document.*'], docs: ['*'] },
    ]);
    expect(configFromArgv(['--webhook-retry-schedule', '0.5, 2,10']).webhookRetrySchedule).toEqual([0.5, 2, 10]);
  });

  it('name what is wrong, and where, without printing a secret', () => {
    const bad = (changes: Record<string, unknown>) => configProblem({ webhooks: [{ ...endpoint, ...changes }] });
    expect(bad({ secret: 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0' })).toMatch(/"webhooks".*endpoint 0\.secret: must start with "whsec_"/);
    expect(bad({ secret: 'whsec_%%%%' })).toMatch(/endpoint 0\.secret: is not base64/);
    expect(bad({ secret: `whsec_${randomBytes(8).toString('base64')}` })).toMatch(/must decode to 24\.\.64 bytes \(got 8\)/);
    expect(bad({ secret: [] })).toMatch(/endpoint 0\.secret/);
    expect(bad({ url: 'ftp://example.com/x' })).toMatch(/endpoint 0\.url: must be an http or https URL/);
    expect(bad({ url: 'not a url' })).toMatch(/endpoint 0\.url/);
    expect(bad({ events: ['document.edited'] })).toMatch(/endpoint 0\.events\.0: must be an event type/);
    expect(bad({ docs: ['a*b'] })).toMatch(/endpoint 0\.docs\.0/);
    expect(bad({ id: 'has space' })).toMatch(/endpoint 0\.id/);
    expect(bad({ extra: 1 })).toMatch(/endpoint 0/);
    expect(configProblem({ webhooks: [endpoint, endpoint] })).toMatch(/two endpoints have the id "search"/);
    expect(configProblem({ webhooks: 'not json' })).toMatch(/is not JSON/);
    expect(configProblem({ webhookDebounceMs: 5000, webhookMaxWaitMs: 1000 })).toMatch(
      /"webhookMaxWaitMs".*must be at least webhookDebounceMs \(5000\)/,
    );
    expect(configProblem({ webhookRetrySchedule: [] })).toMatch(/"webhookRetrySchedule".*at least one delay/);
    expect(configProblem({ webhookRetrySchedule: [1, 0] })).toMatch(/each delay must be from 0\.01 s to 7 days/);
    expect(bad({ secret: 'whsec_%%%%' })).not.toContain('%%%%');
    expect(bad({ url: 'ftp://example.com/x' })).not.toContain(secret.slice(6));
    expect(redactConfig(resolveConfig({ webhooks: [endpoint] as never })).webhooks).toBe('[redacted]');
  });
});
