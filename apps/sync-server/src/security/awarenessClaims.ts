import { ipLimitKey } from '../limits/ipLimitKey.js';

/**
 * The most awareness client ids one connection may introduce. A stock provider has exactly one
 * (its doc's clientID); the cap keeps one connection from filling a room's awareness (held in
 * memory and sent to every peer) with made-up clients.
 */
export const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 8;

/**
 * How long a client id stays reserved for its owner after the connection that introduced it
 * closed: well beyond a reconnect after a network blip or a room reset. A token's user is a
 * firm identity, so its ids are kept longer (a laptop waking up); an address may move on to
 * someone else, and its owner may come back from another one, so it is kept for a minute.
 */
export const AWARENESS_RESERVATION_MS = { user: 10 * 60_000, address: 60_000 } as const;

/** Reservations kept at most, over all documents; past it the oldest is forgotten. */
export const MAX_AWARENESS_RESERVATIONS = 65_536;

/** Reservations kept at most per owner (so no one owner can push the others' out); past it its oldest goes. */
export const MAX_AWARENESS_RESERVATIONS_PER_OWNER = 256;

/** How often expired reservations are swept (on the next claim or release; no timer). */
const sweepIntervalMs = 10_000;

/** Who an awareness client id belongs to. */
export interface AwarenessOwner {
  /** `user:<sub>` with auth, `address:<client address, IPv6 per /64>` without. */
  readonly key: string;
  /** How long its ids stay reserved for it after its connection closed. */
  readonly reserveMs: number;
}

/** The owner of a connection's awareness ids: the token's user, or in open mode the client's address. */
export function awarenessOwner(user: { sub: string } | null, ip: string): AwarenessOwner {
  return user === null
    ? { key: `address:${ipLimitKey(ip)}`, reserveMs: AWARENESS_RESERVATION_MS.address }
    : { key: `user:${user.sub}`, reserveMs: AWARENESS_RESERVATION_MS.user };
}

/** One connection's side of the claims: create one per connection. */
export class AwarenessClaimant {
  readonly docName: string;
  readonly owner: AwarenessOwner;
  /** Client ids this connection introduced (kept when it sets one to null: they stay its own). */
  readonly ids = new Set<number>();

  constructor(docName: string, owner: AwarenessOwner) {
    this.docName = docName;
    this.owner = owner;
  }
}

/** Why an entry was dropped: the id is held by another open connection, reserved for another owner, or over the cap. */
export type ClaimRefusal = 'held' | 'reserved' | 'cap';

interface Reservation {
  owner: string;
  until: number;
}

export interface AwarenessClaimsOptions {
  maxReservations?: number;
  maxReservationsPerOwner?: number;
  /** The clock (milliseconds); default `performance.now`. */
  now?: () => number;
}

/**
 * Which connection (while open) and then which owner (for a while after it closed) each awareness
 * client id of each document belongs to. Only that connection may set or remove the id's state,
 * and once it closed only a connection of the same owner may introduce it again: a stock client
 * reconnecting gets its id back at once, while nobody else (a viewer, another user, another
 * address) can announce it in between, which would show their state under the victim's id and
 * make the victim's client adopt that state as its own. Per server, not per room, so that ids
 * survive a room being unloaded or reset while their clients reconnect. Bounded, and swept without
 * a timer.
 */
export class AwarenessClaims {
  private readonly held = new Map<string, AwarenessClaimant>();
  /** In the order they were made (oldest first). */
  private readonly reserved = new Map<string, Reservation>();
  private readonly reservedByOwner = new Map<string, Set<string>>();
  private readonly maxReservations: number;
  private readonly maxPerOwner: number;
  private readonly now: () => number;
  private nextSweep = 0;

  constructor(options: AwarenessClaimsOptions = {}) {
    this.maxReservations = options.maxReservations ?? MAX_AWARENESS_RESERVATIONS;
    this.maxPerOwner = options.maxReservationsPerOwner ?? MAX_AWARENESS_RESERVATIONS_PER_OWNER;
    this.now = options.now ?? (() => performance.now());
  }

  /** Lets `claimant` set the state of `clientId` (claiming the id if new to it), or says why not. */
  claim(claimant: AwarenessClaimant, clientId: number): ClaimRefusal | null {
    if (claimant.ids.has(clientId)) return null;
    const key = `${clientId} ${claimant.docName}`;
    if (this.held.has(key)) return 'held';
    this.sweep();
    let reservation = this.reserved.get(key);
    if (reservation !== undefined && reservation.until <= this.now()) {
      this.unreserve(key, reservation.owner);
      reservation = undefined;
    }
    if (reservation !== undefined && reservation.owner !== claimant.owner.key) return 'reserved';
    if (claimant.ids.size >= MAX_AWARENESS_CLIENTS_PER_CONNECTION) return 'cap';
    if (reservation !== undefined) this.unreserve(key, reservation.owner);
    this.held.set(key, claimant);
    claimant.ids.add(clientId);
    return null;
  }

  /** The claimant's connection closed: its ids stay reserved for its owner. Idempotent. */
  release(claimant: AwarenessClaimant): void {
    if (claimant.ids.size === 0) return;
    this.sweep();
    const until = this.now() + claimant.owner.reserveMs;
    for (const clientId of claimant.ids) {
      const key = `${clientId} ${claimant.docName}`;
      if (this.held.get(key) !== claimant) continue;
      this.held.delete(key);
      this.reserve(key, claimant.owner.key, until);
    }
    claimant.ids.clear();
  }

  /** Ids held by open connections, and ids reserved for their owners (expired ones may linger until the next sweep). */
  get size(): { held: number; reserved: number } {
    return { held: this.held.size, reserved: this.reserved.size };
  }

  private reserve(key: string, owner: string, until: number): void {
    let ofOwner = this.reservedByOwner.get(owner);
    if (ofOwner === undefined) {
      ofOwner = new Set();
      this.reservedByOwner.set(owner, ofOwner);
    }
    if (ofOwner.size >= this.maxPerOwner) {
      const oldest = ofOwner.values().next().value as string;
      this.unreserve(oldest, owner);
    }
    if (this.reserved.size >= this.maxReservations) {
      const [oldest, reservation] = this.reserved.entries().next().value as [string, Reservation];
      this.unreserve(oldest, reservation.owner);
    }
    this.reserved.set(key, { owner, until });
    ofOwner.add(key);
  }

  private unreserve(key: string, owner: string): void {
    this.reserved.delete(key);
    const ofOwner = this.reservedByOwner.get(owner);
    ofOwner?.delete(key);
    if (ofOwner?.size === 0) this.reservedByOwner.delete(owner);
  }

  /** Forgets expired reservations, at most once per `sweepIntervalMs`. */
  private sweep(): void {
    const now = this.now();
    if (now < this.nextSweep) return;
    this.nextSweep = now + sweepIntervalMs;
    for (const [key, reservation] of this.reserved) {
      if (reservation.until <= now) this.unreserve(key, reservation.owner);
    }
  }
}
