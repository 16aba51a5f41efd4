/**
 * An outbox kept in the document store, next to the documents (every store has one: memory,
 * LevelDB, PostgreSQL). The sync server keeps its webhook deliveries in it; the contract suite's
 * outbox section runs unchanged against each store.
 *
 * Semantics every implementation guarantees:
 * - An entry is one message for one endpoint. Entries of one endpoint and lane (the webhooks: the
 *   document) are handed out in the order they were added: `claim` hands out only the oldest
 *   pending entry of each lane, so a lane's next entry waits until the one before it is settled.
 * - `claim` leases what it hands out until `now + leaseMs`: while the lease holds no other claim
 *   (in this process or another one on the same storage) gets the entry. `settle` and `release`
 *   need the lease; a lease that ran out may be claimed again.
 * - `add` is atomic, and idempotent per event and endpoint: an entry whose `eventId` and
 *   `endpoint` an earlier entry (not a replay) already had is skipped. With a cursor condition it
 *   adds nothing unless the named cursor is what the caller expects, and moves it in the same step.
 * - Times are epoch milliseconds passed in by the caller (the store has no clock of its own here),
 *   so the nodes of a cluster and a test decide what "now" is.
 * - Errors propagate as StoreErrors; after `close()` of the store every call rejects.
 */

/** Where an entry is: waiting (or being attempted), delivered, or given up. */
export type OutboxState = 'pending' | 'delivered' | 'failed';

export interface OutboxEntryInput {
  /** The event it carries: shared by the event's entries for each endpoint and by their replays (1..200 characters). */
  eventId: string;
  /** The event's type, for lists and logs (1..200 characters). */
  type: string;
  /** Who receives it (1..200 characters). */
  endpoint: string;
  /** Entries of one endpoint and lane are delivered in the order added (1..1000 characters). */
  lane: string;
  /** What is sent, the same on every attempt. */
  payload: string;
  /** When it was made; it is due from then on. */
  createdAt: number;
  /** The entry this one sends again (a replay: never skipped as a duplicate). */
  replayOf?: number;
}

export interface OutboxEntry {
  /** Increases in the order entries are added (across every lane and endpoint). */
  id: number;
  eventId: string;
  type: string;
  endpoint: string;
  lane: string;
  payload: string;
  createdAt: number;
  replayOf: number | null;
  state: OutboxState;
  /** Attempts settled so far. */
  attempts: number;
  /** Pending: when it is due. */
  nextAttemptAt: number;
  lastAttemptAt: number | null;
  /** When it was delivered or given up; null while pending. */
  settledAt: number | null;
}

/** One attempt to deliver an entry, as `settle` recorded it. */
export interface OutboxAttempt {
  /** Increases in the order attempts are recorded. */
  id: number;
  entryId: number;
  eventId: string;
  type: string;
  endpoint: string;
  lane: string;
  /** 1 for the entry's first attempt. */
  attempt: number;
  at: number;
  durationMs: number;
  /** The answer's HTTP status; null when none came (a timeout, a refused connection). */
  statusCode: number | null;
  /** What went wrong; null when delivered. */
  error: string | null;
  delivered: boolean;
}

/** An endpoint's record: whether it is failing, and whether it was disabled. */
export interface EndpointHealth {
  endpoint: string;
  /** The first failed attempt since the last delivered one (null: the last attempt delivered, or none yet). */
  failingSince: number | null;
  lastDeliveredAt: number | null;
  disabledAt: number | null;
  disabledReason: string | null;
}

/** A condition on a named cursor (the webhooks: the last sequence number announced of a document), and its new value. */
export interface CursorChange {
  /** The cursor's name (1..1000 characters). */
  name: string;
  /** Add only if the cursor is this now (null: it does not exist); omit to accept any value. */
  expect?: number | null;
  /** Its value afterwards; null removes it. */
  set: number | null;
}

/** How an attempt ended, and what becomes of the entry. */
export interface Settlement {
  at: number;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  /** Delivered; pending again (due at `at`); or given up. */
  next: { state: 'delivered' } | { state: 'pending'; at: number } | { state: 'failed' };
}

export interface ClaimOptions {
  /** Who leases (a process, a node): `settle` and `release` must name it. */
  owner: string;
  /** Only entries of these endpoints (others wait: an endpoint no longer configured). */
  endpoints: readonly string[];
  now: number;
  leaseMs: number;
  limit: number;
}

export interface EntryListOptions {
  endpoint: string;
  /** Only entries in these states (default: all). */
  states?: readonly OutboxState[];
  /** Only entries created at or after this time. */
  since?: number;
  /** Only entries of this event. */
  eventId?: string;
  /** Only entries with a smaller id (the previous page's last id). */
  before?: number;
  /** 1..1000. */
  limit: number;
}

export interface AttemptListOptions {
  endpoint: string;
  /** Only attempts of this entry. */
  entryId?: number;
  /** Only attempts with a smaller id. */
  before?: number;
  /** 1..1000. */
  limit: number;
}

/** A cursor behind its document: changes after it that nobody announced yet. */
export interface CursorBehind {
  name: string;
  cursor: number;
  /** The document's `meta.seq`. */
  seq: number;
}

export interface PruneOptions {
  settledBefore: number;
  /** Settled entries kept per endpoint, at most. */
  keepSettled: number;
  /** Attempts kept per endpoint, at most. */
  keepAttempts: number;
}

export interface OutboxDepth {
  endpoint: string;
  pending: number;
  /** Creation time of its oldest pending entry; null when none is pending. */
  oldestCreatedAt: number | null;
}

export interface Outbox {
  /**
   * Adds entries atomically, in order; skips those whose event and endpoint an earlier entry (not
   * a replay) had. With `cursor`: adds nothing and answers `applied: false` unless the cursor is as
   * expected, else moves it. Resolves with the entries added.
   */
  add(entries: readonly OutboxEntryInput[], options?: { cursor?: CursorChange }): Promise<{ applied: boolean; added: OutboxEntry[] }>;
  /** A cursor's value, or null when there is none. */
  cursor(name: string): Promise<number | null>;
  /**
   * Cursors whose document (of the same name) has a `seq` past them and was last updated before
   * `updatedBefore`, oldest update first: changes whose announcement nobody is preparing.
   */
  behindCursors(options: { updatedBefore: number; limit: number }): Promise<CursorBehind[]>;
  /**
   * Leases and returns up to `limit` due entries (pending, `nextAttemptAt <= now`, not leased, the
   * oldest pending entry of their lane, of an endpoint not disabled), earliest due first.
   */
  claim(options: ClaimOptions): Promise<OutboxEntry[]>;
  /**
   * Records an attempt on a leased entry, settles or reschedules it, ends the lease and updates
   * the endpoint's health. Resolves with that health, or null (nothing recorded) when `owner`
   * does not hold the entry's lease.
   */
  settle(id: number, owner: string, settlement: Settlement): Promise<EndpointHealth | null>;
  /** Gives a lease back without an attempt (a process stopping); false when `owner` did not hold it. */
  release(id: number, owner: string): Promise<boolean>;
  /** One entry, or null. */
  get(id: number): Promise<OutboxEntry | null>;
  /** An endpoint's entries, newest first. */
  entries(options: EntryListOptions): Promise<OutboxEntry[]>;
  /** An endpoint's recorded attempts, newest first. */
  attempts(options: AttemptListOptions): Promise<OutboxAttempt[]>;
  /** The health of each endpoint named (a fresh record for one never seen). */
  health(endpoints: readonly string[]): Promise<EndpointHealth[]>;
  /** Disables an endpoint (its entries are not claimed) or enables it again (null), clearing `failingSince`. */
  setDisabled(endpoint: string, disabled: { at: number; reason: string } | null): Promise<{ health: EndpointHealth; changed: boolean }>;
  /** Pending entries per endpoint named. */
  depth(endpoints: readonly string[]): Promise<OutboxDepth[]>;
  /**
   * Removes settled entries settled before `settledBefore`, attempts made before it, and all but
   * the newest `keepSettled` settled entries and `keepAttempts` attempts of each endpoint (never a
   * pending entry). Resolves with how many records went.
   */
  prune(options: PruneOptions): Promise<number>;
}
