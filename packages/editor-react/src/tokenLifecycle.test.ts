import { describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  httpBaseOf,
  isAccessDenied,
  MIN_REFRESH_DELAY_MS,
  probeAccess,
  refreshDelayMs,
  tokenExpiresAt,
} from './tokenLifecycle.js';

const jwt = (payload: unknown) => `${btoa('{"alg":"HS256"}')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('token lifecycle helpers', () => {
  it('reads exp without verifying, from base64url, and gives null for anything else', () => {
    expect(tokenExpiresAt(jwt({ exp: 1_900_000_000, name: 'Zoë ü?>' }))).toBe(1_900_000_000_000);
    expect(tokenExpiresAt(jwt({ sub: 'no exp' }))).toBeNull();
    expect(tokenExpiresAt(jwt({ exp: 'soon' }))).toBeNull();
    expect(tokenExpiresAt('not-a-jwt')).toBeNull();
    expect(tokenExpiresAt('a.%%%.c')).toBeNull();
  });

  it('refreshes a minute ahead, half-way for short tokens, never sooner than the minimum', () => {
    const now = 1_000_000;
    expect(refreshDelayMs(now + 10 * 60_000, now)).toBe(9 * 60_000);
    expect(refreshDelayMs(now + 60_000, now)).toBe(30_000);
    expect(refreshDelayMs(now + 2_000, now)).toBe(MIN_REFRESH_DELAY_MS);
    expect(refreshDelayMs(now - 60_000, now)).toBe(MIN_REFRESH_DELAY_MS);
    expect(refreshDelayMs(null, now)).toBeNull();
  });

  it('derives the HTTP base of the sync server', () => {
    expect(httpBaseOf('ws://localhost:1234')).toBe('http://localhost:1234');
    expect(httpBaseOf('wss://sync.example.com/tandem/')).toBe('https://sync.example.com/tandem');
  });

  it('maps the probe answer: 401 rejected token, 403 no access, network error or 5xx unreachable, anything else ok', async () => {
    const answer = (status: number) => (async () => new Response(null, { status })) as unknown as typeof fetch;
    const urls: string[] = [];
    const recording = (async (url: string) => {
      urls.push(url);
      return new Response('{}', { status: 404 });
    }) as unknown as typeof fetch;
    expect(await probeAccess('ws://h:1', 'a/b c', 't.o.k', recording)).toBe('ok');
    expect(urls).toEqual(['http://h:1/api/docs/a%2Fb%20c?token=t.o.k']);
    expect(await probeAccess('ws://h:1', 'd', 't', answer(401))).toBe('unauthorized');
    expect(await probeAccess('ws://h:1', 'd', 't', answer(403))).toBe('forbidden');
    expect(await probeAccess('ws://h:1', 'd', 't', answer(503))).toBe('unreachable');
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    expect(await probeAccess('ws://h:1', 'd', 't', failing)).toBe('unreachable');
  });

  it('recognises AccessDeniedError also across bundles (by name)', () => {
    expect(isAccessDenied(new AccessDeniedError('no'))).toBe(true);
    expect(new AccessDeniedError('x', 'sign-in-expired').problem).toBe('sign-in-expired');
    const foreign = Object.assign(new Error('no'), { name: 'AccessDeniedError', problem: 'access-denied' });
    expect(isAccessDenied(foreign)).toBe(true);
    expect(isAccessDenied(new Error('network'))).toBe(false);
  });
});
