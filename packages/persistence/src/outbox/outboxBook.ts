import type { EndpointHealth, OutboxAttempt, OutboxEntry } from '../outbox.js';

/**
 * One change to an outbox held in memory. The memory store applies it at once; the LevelDB store
 * writes it first (leases excepted: one process holds a LevelDB store, so a lease dies with it).
 */
export type OutboxMutation =
  | { type: 'entry'; entry: OutboxEntry }
  | { type: 'entry-gone'; id: number }
  | { type: 'cursor'; name: string; seq: number | null }
  | { type: 'health'; health: EndpointHealth }
  | { type: 'attempt'; attempt: OutboxAttempt }
  | { type: 'attempt-gone'; endpoint: string; id: number }
  | { type: 'lease'; id: number; owner: string; until: number }
  | { type: 'lease-gone'; id: number };

export const freshHealth = (endpoint: string): EndpointHealth => ({
  endpoint,
  failingSince: null,
  lastDeliveredAt: null,
  disabledAt: null,
  disabledReason: null,
});

const dedupeKey = (endpoint: string, eventId: string) => `${endpoint}\0${eventId}`;

/**
 * An outbox's whole state in memory, with indexes: every entry by id (in id order, so in the
 * order added), the pending ones, the leases, the (endpoint, event) pairs already added, cursors,
 * endpoint health and each endpoint's attempts. Changed only through `apply`.
 */
export class OutboxBook {
  readonly entries = new Map<number, OutboxEntry>();
  readonly pending = new Map<number, OutboxEntry>();
  readonly leases = new Map<number, { owner: string; until: number }>();
  readonly cursors = new Map<string, number>();
  readonly health = new Map<string, EndpointHealth>();
  /** Per endpoint, in id order. */
  readonly attempts = new Map<string, Map<number, OutboxAttempt>>();
  private readonly added = new Map<string, number>();
  nextEntryId = 1;
  nextAttemptId = 1;

  apply(mutation: OutboxMutation): void {
    switch (mutation.type) {
      case 'entry': {
        const entry = mutation.entry;
        const previous = this.entries.get(entry.id);
        this.entries.set(entry.id, entry);
        if (entry.state === 'pending') this.pending.set(entry.id, entry);
        else {
          this.pending.delete(entry.id);
          this.leases.delete(entry.id);
        }
        if (previous === undefined && entry.replayOf === null) this.added.set(dedupeKey(entry.endpoint, entry.eventId), entry.id);
        this.nextEntryId = Math.max(this.nextEntryId, entry.id + 1);
        break;
      }
      case 'entry-gone': {
        const entry = this.entries.get(mutation.id);
        if (entry === undefined) break;
        this.entries.delete(mutation.id);
        this.pending.delete(mutation.id);
        this.leases.delete(mutation.id);
        const key = dedupeKey(entry.endpoint, entry.eventId);
        if (this.added.get(key) === entry.id) this.added.delete(key);
        break;
      }
      case 'cursor':
        if (mutation.seq === null) this.cursors.delete(mutation.name);
        else this.cursors.set(mutation.name, mutation.seq);
        break;
      case 'health':
        this.health.set(mutation.health.endpoint, mutation.health);
        break;
      case 'attempt': {
        const list = this.attempts.get(mutation.attempt.endpoint) ?? new Map<number, OutboxAttempt>();
        list.set(mutation.attempt.id, mutation.attempt);
        this.attempts.set(mutation.attempt.endpoint, list);
        this.nextAttemptId = Math.max(this.nextAttemptId, mutation.attempt.id + 1);
        break;
      }
      case 'attempt-gone':
        this.attempts.get(mutation.endpoint)?.delete(mutation.id);
        break;
      case 'lease':
        this.leases.set(mutation.id, { owner: mutation.owner, until: mutation.until });
        break;
      case 'lease-gone':
        this.leases.delete(mutation.id);
        break;
    }
  }

  /** True when an entry (not a replay) of this event for this endpoint was added before. */
  wasAdded(endpoint: string, eventId: string): boolean {
    return this.added.has(dedupeKey(endpoint, eventId));
  }

  healthOf(endpoint: string): EndpointHealth {
    return this.health.get(endpoint) ?? freshHealth(endpoint);
  }

  /** Pending entries that are the oldest of their endpoint and lane, in id order. */
  laneHeads(): OutboxEntry[] {
    const seen = new Set<string>();
    const heads: OutboxEntry[] = [];
    for (const entry of this.pending.values()) {
      const lane = `${entry.endpoint}\0${entry.lane}`;
      if (seen.has(lane)) continue;
      seen.add(lane);
      heads.push(entry);
    }
    return heads;
  }
}
