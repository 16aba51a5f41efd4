import type { PruneOptions } from '../outbox.js';
import type { OutboxBook, OutboxMutation } from './outboxBook.js';

/**
 * What `prune` removes from a book: settled entries settled before the time or beyond the newest
 * `keepSettled` of their endpoint, and attempts made before it or beyond the newest `keepAttempts`.
 */
export function prunePlan(book: OutboxBook, options: PruneOptions): OutboxMutation[] {
  const mutations: OutboxMutation[] = [];
  const settledKept = new Map<string, number>();
  for (const entry of [...book.entries.values()].reverse()) {
    if (entry.settledAt === null) continue;
    const kept = settledKept.get(entry.endpoint) ?? 0;
    if (entry.settledAt < options.settledBefore || kept >= options.keepSettled) mutations.push({ type: 'entry-gone', id: entry.id });
    else settledKept.set(entry.endpoint, kept + 1);
  }
  for (const [endpoint, attempts] of book.attempts) {
    const keepFrom = attempts.size - options.keepAttempts;
    let index = 0;
    for (const attempt of attempts.values()) {
      if (index++ < keepFrom || attempt.at < options.settledBefore) mutations.push({ type: 'attempt-gone', endpoint, id: attempt.id });
    }
  }
  return mutations;
}
