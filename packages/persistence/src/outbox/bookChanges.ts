import { StoreError } from '../storeError.js';
import type { BookOutboxDeps } from './bookOutbox.js';
import type { OutboxBook, OutboxMutation } from './outboxBook.js';

/** What a change does: its result, and the mutations that make it. */
export interface Plan<T> {
  result: T;
  mutations: OutboxMutation[];
}

export interface BookChanges {
  /** Runs `work` if the store is open; its errors come out as `StoreError`s naming `verb`. */
  guard<T>(verb: string, work: () => T | Promise<T>): Promise<T>;
  /** Checks the input, plans against the book, makes the plan durable (`persist`), then applies it. */
  change<T>(verb: string, check: () => void, plan: () => Plan<T>): Promise<T>;
}

/**
 * How the outbox over `book` changes: a change is planned against the book, made durable, then
 * applied; with `persist`, changes run one at a time, so no plan sees another's half-made state
 * (without it, the memory store's, each happens in the call itself). Leases are not persisted.
 */
export function bookChanges(book: OutboxBook, deps: Pick<BookOutboxDeps, 'persist' | 'assertOpen'>): BookChanges {
  let queue: Promise<unknown> = Promise.resolve();

  function guard<T>(verb: string, work: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve) => {
      deps.assertOpen(verb);
      resolve(work());
    }).catch((error: unknown) => {
      throw error instanceof StoreError ? error : new StoreError(`outbox: ${verb} failed`, { cause: error });
    });
  }

  function change<T>(verb: string, check: () => void, plan: () => Plan<T>): Promise<T> {
    const { persist } = deps;
    if (persist === undefined) {
      return guard(verb, () => {
        check();
        const { result, mutations } = plan();
        for (const mutation of mutations) book.apply(mutation);
        return result;
      });
    }
    const run = queue.then(() =>
      guard(verb, async () => {
        check();
        const { result, mutations } = plan();
        const durable = mutations.filter((mutation) => mutation.type !== 'lease' && mutation.type !== 'lease-gone');
        if (durable.length > 0) await persist(durable);
        for (const mutation of mutations) book.apply(mutation);
        return result;
      }),
    );
    queue = run.catch(() => {});
    return run;
  }

  return { guard, change };
}
