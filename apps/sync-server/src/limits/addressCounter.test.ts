import { describe, expect, it } from 'vitest';
import { AddressCounter } from './addressCounter.js';

describe('AddressCounter', () => {
  it('refuses past the maximum per address, counts an IPv6 /64 as one address, and forgets released ones', () => {
    const counter = new AddressCounter(2);
    const a = counter.acquire('10.0.0.1');
    const b = counter.acquire('::ffff:10.0.0.1');
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(counter.acquire('10.0.0.1')).toBeNull();
    expect(counter.acquire('10.0.0.2')).not.toBeNull();
    counter.acquire('2001:db8:1:2::1');
    counter.acquire('2001:db8:1:2::ffff');
    expect(counter.acquire('2001:db8:1:2:aaaa::1')).toBeNull();
    expect(counter.count('2001:db8:1:2::9')).toBe(2);
    a?.();
    a?.(); // idempotent
    expect(counter.count('10.0.0.1')).toBe(1);
    expect(counter.acquire('10.0.0.1')).not.toBeNull();
    expect(counter.addresses).toBe(3);
  });
});
