import type { CursorBehind, EndpointHealth, Outbox, OutboxDepth, OutboxEntry } from '../outbox.js';
import {
  checkAttemptList,
  checkClaim,
  checkCount,
  checkCursorChange,
  checkDisabled,
  checkEndpoint,
  checkEntryInputs,
  checkEntryList,
  checkPrune,
  checkSettlement,
  checkTime,
} from './checkOutboxInput.js';
import { bookChanges, type Plan } from './bookChanges.js';
import type { OutboxBook, OutboxMutation } from './outboxBook.js';
import { prunePlan } from './prunePlan.js';

export interface BookOutboxDeps {
  /**
   * Makes mutations durable before they are applied (the LevelDB store writes them); absent for the
   * memory store, whose changes then happen in the call itself.
   */
  persist?: (mutations: readonly OutboxMutation[]) => Promise<void>;
  /** A document's last sequence number and update time (for `behindCursors`), or null. */
  docMeta: (name: string) => Promise<{ seq: number; updatedAt: number } | null>;
  /** Throws when the store is closed. */
  assertOpen: (verb: string) => void;
}

/**
 * The Outbox over an `OutboxBook` (the memory store's, or the one the LevelDB store loads at open):
 * reads look at the book, each change is a plan of mutations that `bookChanges` makes durable and
 * applies, one at a time.
 */
export function createBookOutbox(book: OutboxBook, deps: BookOutboxDeps): Outbox {
  const { guard, change } = bookChanges(book, deps);

  const copy = (entry: OutboxEntry): OutboxEntry => ({ ...entry });

  return {
    add: (inputs, options = {}) =>
      change(
        'add',
        () => {
          checkEntryInputs(inputs);
          checkCursorChange(options.cursor);
        },
        (): Plan<{ applied: boolean; added: OutboxEntry[] }> => {
          const { cursor } = options;
          if (cursor !== undefined && cursor.expect !== undefined && cursor.expect !== (book.cursors.get(cursor.name) ?? null)) {
            return { result: { applied: false, added: [] }, mutations: [] };
          }
          const added: OutboxEntry[] = [];
          const inBatch = new Set<string>();
          let id = book.nextEntryId;
          for (const input of inputs) {
            const key = `${input.endpoint}\0${input.eventId}`;
            const replayOf = input.replayOf ?? null;
            if (replayOf === null && (book.wasAdded(input.endpoint, input.eventId) || inBatch.has(key))) continue;
            if (replayOf === null) inBatch.add(key);
            const { eventId, type, endpoint, lane, payload, createdAt } = input;
            added.push({
              ...{ id: id++, eventId, type, endpoint, lane, payload, createdAt, replayOf },
              ...{ state: 'pending', attempts: 0, nextAttemptAt: createdAt, lastAttemptAt: null, settledAt: null },
            });
          }
          const mutations: OutboxMutation[] = added.map((entry) => ({ type: 'entry', entry }));
          if (cursor !== undefined) mutations.push({ type: 'cursor', name: cursor.name, seq: cursor.set });
          return { result: { applied: true, added: added.map(copy) }, mutations };
        },
      ),

    cursor: (name) =>
      guard('read a cursor', () => {
        checkCursorChange({ name, set: null });
        return book.cursors.get(name) ?? null;
      }),

    behindCursors: (options) =>
      guard('find cursors behind', async () => {
        checkTime('updatedBefore', options.updatedBefore);
        checkCount('limit', options.limit, 1, 10_000);
        const behind: (CursorBehind & { updatedAt: number })[] = [];
        for (const [name, cursor] of [...book.cursors]) {
          const meta = await deps.docMeta(name);
          if (meta !== null && meta.seq > cursor && meta.updatedAt < options.updatedBefore) {
            behind.push({ name, cursor, seq: meta.seq, updatedAt: meta.updatedAt });
          }
        }
        behind.sort((a, b) => a.updatedAt - b.updatedAt);
        return behind.slice(0, options.limit).map(({ name, cursor, seq }) => ({ name, cursor, seq }));
      }),

    claim: (options) =>
      change(
        'claim',
        () => checkClaim(options),
        () => {
          const { now } = options;
          const endpoints = new Set(options.endpoints);
          const due = book
            .laneHeads()
            .filter((entry) => {
              const lease = book.leases.get(entry.id);
              return (
                endpoints.has(entry.endpoint) &&
                entry.nextAttemptAt <= now &&
                (lease === undefined || lease.until <= now) &&
                book.healthOf(entry.endpoint).disabledAt === null
              );
            })
            .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id)
            .slice(0, options.limit);
          const until = now + options.leaseMs;
          return {
            result: due.map(copy),
            mutations: due.map((entry) => ({ type: 'lease', id: entry.id, owner: options.owner, until })),
          };
        },
      ),

    settle: (id, owner, settlement) =>
      change(
        'settle',
        () => checkSettlement(id, owner, settlement),
        (): Plan<EndpointHealth | null> => {
          const entry = book.pending.get(id);
          if (entry === undefined || book.leases.get(id)?.owner !== owner) return { result: null, mutations: [] };
          const { at, next } = settlement;
          const attempt = entry.attempts + 1;
          const settled: OutboxEntry = {
            ...entry,
            state: next.state,
            attempts: attempt,
            nextAttemptAt: next.state === 'pending' ? next.at : entry.nextAttemptAt,
            lastAttemptAt: at,
            settledAt: next.state === 'pending' ? null : at,
          };
          const delivered = next.state === 'delivered';
          const previous = book.healthOf(entry.endpoint);
          const health: EndpointHealth = delivered
            ? { ...previous, failingSince: null, lastDeliveredAt: at }
            : { ...previous, failingSince: previous.failingSince ?? at };
          const { eventId, type, endpoint, lane } = entry;
          return {
            result: { ...health },
            mutations: [
              { type: 'entry', entry: settled },
              {
                type: 'attempt',
                attempt: {
                  ...{ id: book.nextAttemptId, entryId: id, eventId, type, endpoint, lane, attempt, at },
                  ...{ durationMs: settlement.durationMs, statusCode: settlement.statusCode, error: settlement.error, delivered },
                },
              },
              { type: 'health', health },
              { type: 'lease-gone', id },
            ],
          };
        },
      ),

    release: (id, owner) =>
      change(
        'release',
        () => checkCount('entry id', id, 1),
        () =>
          book.leases.get(id)?.owner === owner
            ? { result: true, mutations: [{ type: 'lease-gone', id }] }
            : { result: false, mutations: [] },
      ),

    get: (id) =>
      guard('get', () => {
        checkCount('entry id', id, 1);
        const entry = book.entries.get(id);
        return entry === undefined ? null : copy(entry);
      }),

    entries: (options) =>
      guard('list entries', () => {
        checkEntryList(options);
        const states = options.states === undefined ? null : new Set(options.states);
        const found: OutboxEntry[] = [];
        for (const entry of [...book.entries.values()].reverse()) {
          if (found.length >= options.limit) break;
          if (entry.endpoint !== options.endpoint) continue;
          if (options.before !== undefined && entry.id >= options.before) continue;
          if (states !== null && !states.has(entry.state)) continue;
          if (options.since !== undefined && entry.createdAt < options.since) continue;
          if (options.eventId !== undefined && entry.eventId !== options.eventId) continue;
          found.push(copy(entry));
        }
        return found;
      }),

    attempts: (options) =>
      guard('list attempts', () => {
        checkAttemptList(options);
        return [...(book.attempts.get(options.endpoint)?.values() ?? [])]
          .filter(
            (attempt) =>
              (options.before === undefined || attempt.id < options.before) &&
              (options.entryId === undefined || attempt.entryId === options.entryId),
          )
          .reverse()
          .slice(0, options.limit)
          .map((attempt) => ({ ...attempt }));
      }),

    health: (endpoints) =>
      guard('read endpoint health', () => {
        for (const endpoint of endpoints) checkEndpoint(endpoint);
        return endpoints.map((endpoint) => ({ ...book.healthOf(endpoint) }));
      }),

    setDisabled: (endpoint, disabled) =>
      change(
        'disable an endpoint',
        () => {
          checkEndpoint(endpoint);
          checkDisabled(disabled);
        },
        (): Plan<{ health: EndpointHealth; changed: boolean }> => {
          const previous = book.healthOf(endpoint);
          const changed = (previous.disabledAt === null) !== (disabled === null);
          if (!changed) return { result: { health: { ...previous }, changed }, mutations: [] };
          const health: EndpointHealth =
            disabled === null
              ? { ...previous, disabledAt: null, disabledReason: null, failingSince: null }
              : { ...previous, disabledAt: disabled.at, disabledReason: disabled.reason };
          return { result: { health: { ...health }, changed }, mutations: [{ type: 'health', health }] };
        },
      ),

    depth: (endpoints) =>
      guard('measure depth', () => {
        const depths = new Map<string, OutboxDepth>();
        for (const endpoint of endpoints) {
          checkEndpoint(endpoint);
          depths.set(endpoint, { endpoint, pending: 0, oldestCreatedAt: null });
        }
        for (const entry of book.pending.values()) {
          const depth = depths.get(entry.endpoint);
          if (depth === undefined) continue;
          depth.pending++;
          depth.oldestCreatedAt = Math.min(depth.oldestCreatedAt ?? entry.createdAt, entry.createdAt);
        }
        return [...depths.values()];
      }),

    prune: (options) =>
      change(
        'prune',
        () => checkPrune(options),
        () => {
          const mutations = prunePlan(book, options);
          return { result: mutations.length, mutations };
        },
      ),
  };
}
