import { describe, expect, it } from 'vitest';
import { clientIp } from './clientIp.js';

describe('clientIp', () => {
  it('uses the peer address and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientIp('198.51.100.1', '203.0.113.9', 0)).toBe('198.51.100.1');
    expect(clientIp(undefined, undefined, 0)).toBeNull();
  });

  it('takes the entry the nearest trusted proxy appended, never one the client wrote', () => {
    // client 203.0.113.9 sends a forged entry; the single proxy appends what it saw.
    expect(clientIp('10.0.0.2', '6.6.6.6, 203.0.113.9', 1)).toBe('203.0.113.9');
    // two proxies: the outer one appended the client, the inner one the outer proxy.
    expect(clientIp('10.0.0.3', '6.6.6.6, 203.0.113.9, 10.0.0.2', 2)).toBe('203.0.113.9');
    expect(clientIp('10.0.0.2', ['6.6.6.6', '2001:db8::5'], 1)).toBe('2001:db8::5');
  });

  it('falls back to the peer address when the header is missing, short or not an IP', () => {
    expect(clientIp('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
    expect(clientIp('10.0.0.2', '203.0.113.9', 2)).toBe('10.0.0.2');
    expect(clientIp('10.0.0.2', 'unknown', 1)).toBe('10.0.0.2');
    expect(clientIp('10.0.0.2', '', 1)).toBe('10.0.0.2');
  });
});
