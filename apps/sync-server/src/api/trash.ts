import { randomBytes } from 'node:crypto';
import type { DocumentStore } from '@tandem/persistence';
import * as Y from 'yjs';

/** A deleted document that can still be restored. */
export interface TrashEntry {
  name: string;
  title: string | null;
  deletedAt: number;
  /** Who deleted it (the author of the request), null without auth. */
  deletedBy: string | null;
  /** When it is purged, epoch milliseconds. */
  purgeAt: number;
  /** The store name its content is kept under. */
  key: string;
}

type StoredEntry = Omit<TrashEntry, 'purgeAt' | 'key'>;

/** The store name of the trash's index (never a valid document name: those start with a letter or digit). */
export const TRASH_INDEX = '~trash';

/**
 * Deleted documents, kept with the store's own API: a deleted document's content moves to
 * `~trash/<deletedAt>-<random>/<name>` (a store name no client can open, as every document name
 * must start with a letter or digit), and an index, itself a Yjs document stored under `~trash`,
 * maps each such key to the document's name, title, time and deleter. Index changes are Yjs
 * updates, so several processes adding and removing entries at once merge without losing any.
 * Entries older than the retention are purged (content, then entry); within one process, index
 * changes run one at a time.
 */
export class Trash {
  private readonly store: DocumentStore;
  private readonly retentionMs: number;
  private readonly now: () => number;
  private readonly onPurged: (entry: TrashEntry) => void;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: { store: DocumentStore; retentionMs: number; now?: () => number; onPurged?: (entry: TrashEntry) => void }) {
    this.store = options.store;
    this.retentionMs = options.retentionMs;
    this.now = options.now ?? Date.now;
    this.onPurged = options.onPurged ?? (() => {});
  }

  /** Entries not yet past their retention, newest first. */
  async entries(): Promise<TrashEntry[]> {
    const now = this.now();
    return (await this.readAll()).filter((entry) => entry.purgeAt > now).sort((a, b) => b.deletedAt - a.deletedAt);
  }

  /** The most recently deleted entry for `name` still restorable, or null. */
  async latest(name: string): Promise<TrashEntry | null> {
    return (await this.entries()).find((entry) => entry.name === name) ?? null;
  }

  /**
   * Keeps `content` (the document's whole state) as a deleted document. The index entry is written
   * first, so no content is ever kept that the index does not name (a crash in between leaves an
   * entry whose content is missing, which restore reports and the purge removes).
   */
  add(name: string, content: Uint8Array, details: { title: string | null; deletedBy: string | null }): Promise<TrashEntry> {
    return this.serial(async () => {
      const deletedAt = this.now();
      const key = `${TRASH_INDEX}/${deletedAt}-${randomBytes(3).toString('hex')}/${name}`;
      const entry: StoredEntry = { name, title: details.title, deletedAt, deletedBy: details.deletedBy };
      await this.changeIndex((entries) => entries.set(key, entry));
      await this.store.append(key, [content], details.deletedBy === null ? {} : { author: details.deletedBy });
      return { ...entry, key, purgeAt: deletedAt + this.retentionMs };
    });
  }

  /** The kept content of an entry, or null if it is gone. */
  async content(entry: TrashEntry): Promise<Uint8Array | null> {
    return (await this.store.load(entry.key))?.update ?? null;
  }

  /** Forgets an entry and its content (after a restore, or when it expired). */
  remove(entry: Pick<TrashEntry, 'key'>): Promise<void> {
    return this.serial(async () => {
      await this.store.delete(entry.key);
      await this.changeIndex((entries) => entries.delete(entry.key));
    });
  }

  /** Purges now every entry of `name` (each deletion of that name still kept), whatever its age; the entries purged. */
  async purge(name: string): Promise<TrashEntry[]> {
    const entries = (await this.entries()).filter((entry) => entry.name === name);
    for (const entry of entries) {
      await this.remove(entry);
      this.onPurged(entry);
    }
    return entries;
  }

  /** Purges every entry past its retention; how many. */
  async purgeExpired(): Promise<number> {
    const now = this.now();
    const expired = (await this.readAll()).filter((entry) => entry.purgeAt <= now);
    for (const entry of expired) {
      await this.remove(entry);
      this.onPurged(entry);
    }
    return expired.length;
  }

  private async readAll(): Promise<TrashEntry[]> {
    const doc = await this.loadIndex();
    const entries: TrashEntry[] = [];
    for (const [key, value] of doc.getMap<StoredEntry>('entries'))
      entries.push({ ...value, key, purgeAt: value.deletedAt + this.retentionMs });
    doc.destroy();
    return entries;
  }

  private async loadIndex(): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const stored = await this.store.load(TRASH_INDEX);
    if (stored !== null) Y.applyUpdate(doc, stored.update);
    return doc;
  }

  private async changeIndex(change: (entries: Y.Map<StoredEntry>) => void): Promise<void> {
    const doc = await this.loadIndex();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    change(doc.getMap<StoredEntry>('entries'));
    doc.destroy();
    if (updates.length > 0) await this.store.append(TRASH_INDEX, updates);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => {});
    return result;
  }
}
