import type { Outbox } from '../outbox.js';
import { createBookOutbox } from '../outbox/bookOutbox.js';
import { OutboxBook, type OutboxMutation } from '../outbox/outboxBook.js';
import { StoreError } from '../storeError.js';
import { openSealedValue, sealValue } from './checkedValue.js';
import { outboxKey, outboxRange, parseOutboxKey } from './keys.js';
import { type BatchOp, type LevelDb, writeBatch } from './levelDb.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export interface LevelOutboxDeps {
  db: LevelDb;
  writeOptions: { sync: boolean };
  docMeta: (name: string) => Promise<{ seq: number; updatedAt: number } | null>;
  assertOpen: (verb: string) => void;
  /** A record that cannot be read (skipped: it costs the outbox that record, never the store). */
  onError: (error: StoreError) => void;
}

const sealed = (key: Uint8Array, value: unknown): BatchOp => ({
  type: 'put',
  key,
  value: sealValue(key, encoder.encode(JSON.stringify(value))),
});

/** The LevelDB operation that makes a mutation durable (leases are not: one process holds a LevelDB store). */
function toOp(mutation: OutboxMutation): BatchOp | null {
  switch (mutation.type) {
    case 'entry':
      return sealed(outboxKey('e', mutation.entry.id), mutation.entry);
    case 'entry-gone':
      return { type: 'del', key: outboxKey('e', mutation.id) };
    case 'cursor':
      return mutation.seq === null
        ? { type: 'del', key: outboxKey('c', mutation.name) }
        : sealed(outboxKey('c', mutation.name), mutation.seq);
    case 'health':
      return sealed(outboxKey('h', mutation.health.endpoint), mutation.health);
    case 'attempt':
      return sealed(outboxKey('a', mutation.attempt.id), mutation.attempt);
    case 'attempt-gone':
      return { type: 'del', key: outboxKey('a', mutation.id) };
    default:
      return null;
  }
}

/** The mutation a stored record stands for. */
function fromRecord(key: Uint8Array, value: unknown): OutboxMutation {
  const { kind, name } = parseOutboxKey(key);
  const object = value as Record<string, unknown> | null;
  switch (kind) {
    case 'e':
      if (typeof object?.id !== 'number' || typeof object.lane !== 'string') break;
      return { type: 'entry', entry: object as never };
    case 'a':
      if (typeof object?.id !== 'number' || typeof object.endpoint !== 'string') break;
      return { type: 'attempt', attempt: object as never };
    case 'c':
      if (typeof value !== 'number') break;
      return { type: 'cursor', name, seq: value };
    case 'h':
      if (typeof object?.endpoint !== 'string') break;
      return { type: 'health', health: object as never };
  }
  throw new Error('malformed');
}

/**
 * The LevelDB store's outbox: its records (sealed JSON, see keys.ts) are read into an `OutboxBook`
 * when the store opens, and every change is written to LevelDB, as one atomic batch, before the
 * book applies it. Leases live in the book only.
 */
export async function openLevelOutbox(deps: LevelOutboxDeps): Promise<Outbox> {
  const book = new OutboxBook();
  for (const [key, value] of await deps.db.iterator(outboxRange).all()) {
    const bytes = openSealedValue(key, value);
    try {
      if (bytes === null) throw new Error('fails its checksum');
      book.apply(fromRecord(key, JSON.parse(decoder.decode(bytes))));
    } catch (error) {
      const { kind, id, name } = parseOutboxKey(key);
      deps.onError(new StoreError(`outbox record ${kind} ${name || id} is unreadable (${(error as Error).message}); skipped`));
    }
  }
  return createBookOutbox(book, {
    docMeta: deps.docMeta,
    assertOpen: deps.assertOpen,
    persist: async (mutations) => {
      const ops = mutations.map(toOp).filter((op): op is BatchOp => op !== null);
      await writeBatch(deps.db, ops, deps.writeOptions);
    },
  });
}
