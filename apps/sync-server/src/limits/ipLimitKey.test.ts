import { BlockList } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipLimitKey } from './ipLimitKey.js';

describe('ipLimitKey', () => {
  it('keeps IPv4 addresses and unwraps IPv4-mapped IPv6', () => {
    expect(ipLimitKey('203.0.113.7')).toBe('203.0.113.7');
    expect(ipLimitKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(ipLimitKey('::FFFF:10.0.0.1')).toBe('10.0.0.1');
  });

  it('groups IPv6 addresses by /64', () => {
    expect(ipLimitKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(ipLimitKey('2001:0DB8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(ipLimitKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(ipLimitKey('::1')).toBe('0:0:0:0::/64');
    expect(ipLimitKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(ipLimitKey('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
  });

  it('returns anything that is not an IP unchanged', () => {
    expect(ipLimitKey('/run/tandem.sock')).toBe('/run/tandem.sock');
    expect(ipLimitKey('')).toBe('');
  });

  it('puts two IPv6 addresses under one key exactly when they share a /64 (checked with net.BlockList)', () => {
    const group = fc.integer({ min: 0, max: 0xffff });
    const full = fc.array(group, { minLength: 8, maxLength: 8 });
    const text = (groups: number[], compress: boolean) => {
      const hex = groups.map((g) => g.toString(16)).join(':');
      return compress ? hex.replace(/(^|:)0(:0)+(:|$)/, '::') : hex;
    };
    fc.assert(
      fc.property(full, full, fc.boolean(), fc.boolean(), fc.boolean(), (a, b, shareNet, ca, cb) => {
        const second = shareNet ? [...a.slice(0, 4), ...b.slice(4)] : b;
        const x = text(a, ca);
        const y = text(second, cb);
        const net = new BlockList();
        net.addSubnet(x, 64, 'ipv6');
        expect(ipLimitKey(x) === ipLimitKey(y)).toBe(net.check(y, 'ipv6'));
      }),
    );
  });
});
