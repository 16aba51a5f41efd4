import { CloseCode } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { ConnectionLimiter } from './connectionLimiter.js';

describe('ConnectionLimiter', () => {
  it('refuses the connection over the per-IP limit with its close code, and counts nothing for it', () => {
    const limiter = new ConnectionLimiter({ maxConnectionsPerIp: 2, maxConnectionsPerDoc: 100 });
    expect(limiter.acquire('203.0.113.1', 'a').ok).toBe(true);
    expect(limiter.acquire('203.0.113.1', 'b').ok).toBe(true);
    expect(limiter.acquire('203.0.113.1', 'c')).toEqual({
      ok: false,
      limit: 'ip',
      max: 2,
      close: CloseCode.TooManyConnectionsFromIp,
    });
    expect(limiter.connectionsToDoc('c')).toBe(0);
    expect(limiter.acquire('203.0.113.2', 'c').ok).toBe(true);
  });

  it('refuses the connection over the per-doc limit, and counts nothing for its address', () => {
    const limiter = new ConnectionLimiter({ maxConnectionsPerIp: 100, maxConnectionsPerDoc: 2 });
    limiter.acquire('203.0.113.1', 'doc');
    limiter.acquire('203.0.113.2', 'doc');
    expect(limiter.acquire('203.0.113.3', 'doc')).toMatchObject({ ok: false, limit: 'doc', close: { code: 4520 } });
    expect(limiter.connectionsFromIp('203.0.113.3')).toBe(0);
    expect(limiter.acquire('203.0.113.3', 'other').ok).toBe(true);
  });

  it('frees a slot on release, once, and forgets empty entries', () => {
    const limiter = new ConnectionLimiter({ maxConnectionsPerIp: 2, maxConnectionsPerDoc: 2 });
    const first = limiter.acquire('203.0.113.1', 'doc');
    const second = limiter.acquire('203.0.113.1', 'doc');
    if (!first.ok || !second.ok) throw new Error('expected two slots');
    expect(limiter.acquire('203.0.113.1', 'x').ok).toBe(false);
    first.release();
    first.release();
    // The double release freed one slot, not the one the second connection still holds.
    expect(limiter.connectionsFromIp('203.0.113.1')).toBe(1);
    expect(limiter.connectionsToDoc('doc')).toBe(1);
    const third = limiter.acquire('203.0.113.1', 'doc');
    expect(third.ok).toBe(true);
    expect(limiter.acquire('203.0.113.1', 'doc').ok).toBe(false);
    second.release();
    if (third.ok) third.release();
    expect(limiter.size).toEqual({ ips: 0, docs: 0 });
  });

  it('counts an IPv6 /64 and an IPv4-mapped address as one client', () => {
    const limiter = new ConnectionLimiter({ maxConnectionsPerIp: 2, maxConnectionsPerDoc: 100 });
    expect(limiter.acquire('2001:db8:1:2::1', 'a').ok).toBe(true);
    expect(limiter.acquire('2001:db8:1:2:dead:beef:0:1', 'a').ok).toBe(true);
    expect(limiter.acquire('2001:db8:1:2::99', 'a')).toMatchObject({ ok: false, limit: 'ip' });
    expect(limiter.acquire('2001:db8:1:3::1', 'a').ok).toBe(true);
    limiter.acquire('::ffff:198.51.100.4', 'a');
    expect(limiter.connectionsFromIp('198.51.100.4')).toBe(1);
  });
});
