import { describe, expect, it } from 'vitest';
import {
  AWARENESS_RESERVATION_MS,
  AwarenessClaimant,
  AwarenessClaims,
  awarenessOwner,
  MAX_AWARENESS_CLIENTS_PER_CONNECTION,
} from './awarenessClaims.js';

function setup(options: { maxReservations?: number; maxReservationsPerOwner?: number } = {}) {
  let now = 1_000;
  const claims = new AwarenessClaims({ ...options, now: () => now });
  return {
    claims,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const ada = awarenessOwner({ sub: 'ada' }, '203.0.113.1');
const eve = awarenessOwner({ sub: 'eve' }, '203.0.113.1');
const conn = (owner = ada, doc = 'doc') => new AwarenessClaimant(doc, owner);

describe('AwarenessClaims', () => {
  it('names owners by user with auth, by address (IPv6 per /64) without', () => {
    expect(ada).toEqual({ key: 'user:ada', reserveMs: AWARENESS_RESERVATION_MS.user });
    expect(awarenessOwner(null, '2001:db8:1:2::7')).toEqual({
      key: 'address:2001:db8:1:2::/64',
      reserveMs: AWARENESS_RESERVATION_MS.address,
    });
    expect(awarenessOwner(null, '2001:db8:1:2::8').key).toBe(awarenessOwner(null, '2001:db8:1:2:ffff::1').key);
  });

  it('keeps an id with the open connection that introduced it, whoever else asks', () => {
    const { claims } = setup();
    const first = conn();
    expect(claims.claim(first, 7)).toBeNull();
    expect(claims.claim(first, 7)).toBeNull();
    expect(claims.claim(conn(ada), 7)).toBe('held');
    expect(claims.claim(conn(eve), 7)).toBe('held');
    // Ids are per document.
    expect(claims.claim(conn(eve, 'other'), 7)).toBeNull();
  });

  it('reserves a closed connection’s ids for its owner: the owner gets them back at once, nobody else until the reservation ends', () => {
    const { claims, advance } = setup();
    const first = conn(ada);
    claims.claim(first, 7);
    claims.release(first);
    claims.release(first);
    expect(claims.size).toEqual({ held: 0, reserved: 1 });
    expect(claims.claim(conn(eve), 7)).toBe('reserved');
    const back = conn(ada);
    expect(claims.claim(back, 7)).toBeNull();
    expect(claims.size).toEqual({ held: 1, reserved: 0 });

    claims.release(back);
    advance(AWARENESS_RESERVATION_MS.user - 1);
    expect(claims.claim(conn(eve), 7)).toBe('reserved');
    advance(1);
    expect(claims.claim(conn(eve), 7)).toBeNull();
  });

  it(`lets one connection introduce ${MAX_AWARENESS_CLIENTS_PER_CONNECTION} ids at most, also after setting some to null`, () => {
    const { claims } = setup();
    const many = conn();
    for (let id = 0; id < MAX_AWARENESS_CLIENTS_PER_CONNECTION; id++) expect(claims.claim(many, id)).toBeNull();
    expect(claims.claim(many, 100)).toBe('cap');
    expect(claims.claim(many, 0)).toBeNull();
  });

  it('forgets expired reservations without a timer, on a later call', () => {
    const { claims, advance } = setup();
    for (let i = 0; i < 5; i++) {
      const c = conn(awarenessOwner(null, `198.51.100.${i}`));
      claims.claim(c, i);
      claims.release(c);
    }
    expect(claims.size.reserved).toBe(5);
    advance(AWARENESS_RESERVATION_MS.address);
    claims.claim(conn(eve), 1_000);
    expect(claims.size).toEqual({ held: 1, reserved: 0 });
  });

  it('stays bounded: past the cap the oldest reservation goes, and one owner cannot push out the others', () => {
    const { claims } = setup({ maxReservations: 4, maxReservationsPerOwner: 2 });
    const reserveFor = (owner: ReturnType<typeof awarenessOwner>, id: number) => {
      const c = conn(owner);
      claims.claim(c, id);
      claims.release(c);
    };
    reserveFor(ada, 1);
    reserveFor(awarenessOwner({ sub: 'bob' }, '203.0.113.2'), 2);
    // Eve reserves many: only her own oldest ones go.
    for (let id = 10; id < 20; id++) reserveFor(eve, id);
    expect(claims.size.reserved).toBe(4);
    const mallory = awarenessOwner({ sub: 'mallory' }, '203.0.113.3');
    expect(claims.claim(conn(mallory), 1)).toBe('reserved');
    expect(claims.claim(conn(mallory), 2)).toBe('reserved');
    expect(claims.claim(conn(mallory), 18)).toBe('reserved');
    expect(claims.claim(conn(mallory), 17)).toBeNull();
    // Over the total cap, the oldest of all goes (Ada's).
    reserveFor(awarenessOwner({ sub: 'carol' }, '203.0.113.4'), 3);
    expect(claims.size.reserved).toBe(4);
    expect(claims.claim(conn(mallory), 1)).toBeNull();
  });
});
