import type { Outbox } from '../outbox.js';

/**
 * An Outbox whose every call goes through `via` to the outbox it is handed (a store that may be
 * reopened, calls that are tracked until they settle).
 */
export function forwardOutbox(via: <T>(call: (outbox: Outbox) => Promise<T>) => Promise<T>): Outbox {
  return {
    add: (entries, options) => via((outbox) => outbox.add(entries, options)),
    cursor: (name) => via((outbox) => outbox.cursor(name)),
    behindCursors: (options) => via((outbox) => outbox.behindCursors(options)),
    claim: (options) => via((outbox) => outbox.claim(options)),
    settle: (id, owner, settlement) => via((outbox) => outbox.settle(id, owner, settlement)),
    release: (id, owner) => via((outbox) => outbox.release(id, owner)),
    get: (id) => via((outbox) => outbox.get(id)),
    entries: (options) => via((outbox) => outbox.entries(options)),
    attempts: (options) => via((outbox) => outbox.attempts(options)),
    health: (endpoints) => via((outbox) => outbox.health(endpoints)),
    setDisabled: (endpoint, disabled) => via((outbox) => outbox.setDisabled(endpoint, disabled)),
    depth: (endpoints) => via((outbox) => outbox.depth(endpoints)),
    prune: (options) => via((outbox) => outbox.prune(options)),
  };
}
