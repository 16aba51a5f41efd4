import { randomBytes } from 'node:crypto';
import type { DocumentStore } from '@tandem/persistence';
import type { DocAccess } from '@tandem/tokens';
import * as Y from 'yjs';
import {
  type CompiledRevocation,
  compileRevocation,
  limitAccess,
  type Revocation,
  type RevokedAccess,
  revocationApplies,
  revocationNames,
  type TokenIdentity,
} from './revocation.js';

/** The store name of the list (never a valid document name: those start with a letter or digit, so no client can open it). */
export const REVOCATIONS_DOC = '~revocations';

export type NewRevocation = Omit<Revocation, 'id' | 'createdAt'>;

/** The access left on `docName` of what a token grants there. */
export type AccessLimiter = (docName: string, granted: DocAccess | null) => DocAccess | null;

/**
 * The revocations in force, kept in the store next to the documents: a Yjs document stored under
 * `~revocations` whose map holds one entry per revocation. The store is the one place every node of
 * a cluster shares and the one that survives a restart; as Yjs updates, changes that several nodes
 * make at once merge without losing any. Each process keeps the list in memory (checked on every
 * upgrade and API call) and reads it again at start (`load`), after its own changes, and when told
 * another node changed it.
 *
 * A revocation of one token (`jti`) is dropped once that token has expired anyway
 * (`maxTokenLifetimeMs` after the revocation); a user's stays until it is lifted.
 */
export class RevocationList {
  private readonly store: DocumentStore;
  private readonly maxTokenLifetimeMs: number;
  private readonly now: () => number;
  private compiled: CompiledRevocation[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private loads = 0;
  private firstLoad: Promise<void> | null = null;

  constructor(options: { store: DocumentStore; maxTokenLifetimeMs: number; now?: () => number }) {
    this.store = options.store;
    this.maxTokenLifetimeMs = options.maxTokenLifetimeMs;
    this.now = options.now ?? Date.now;
  }

  /** Every revocation in force, newest first. */
  list(): Revocation[] {
    return this.compiled.map(({ revocation }) => revocation).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** The most `identity` may do with `docName` after the revocations, or null when none applies. */
  capFor(identity: TokenIdentity, docName: string): RevokedAccess | null {
    let cap: RevokedAccess | null = null;
    for (const compiled of this.compiled) {
      if (!revocationApplies(compiled, identity, docName)) continue;
      if (compiled.revocation.access === 'none') return 'none';
      cap = 'read';
    }
    return cap;
  }

  /**
   * How the revocations limit what `identity`'s token grants, document by document; null when none
   * names it (its token's access stands everywhere, so lists need no filtering for it).
   */
  async limiterFor(identity: TokenIdentity | null): Promise<AccessLimiter | null> {
    if (identity === null) return null;
    await this.ready();
    if (!this.names(identity)) return null;
    return (docName, granted) => limitAccess(granted, this.capFor(identity, docName));
  }

  /** The ids of the revocations naming this identity, in a stable order ('' when none does): a change says its access changed. */
  idsNaming(identity: TokenIdentity): string {
    return this.compiled
      .filter((compiled) => revocationNames(compiled, identity))
      .map((compiled) => compiled.revocation.id)
      .sort()
      .join(',');
  }

  /** Some revocation names this identity (on some document). */
  names(identity: TokenIdentity): boolean {
    return this.compiled.some((compiled) => revocationNames(compiled, identity));
  }

  /** The list has been asked for (`ready`): with auth on, at start; never in open mode, where no token is checked. */
  get started(): boolean {
    return this.firstLoad !== null;
  }

  /** Resolves once the list has been read from the store the first time (starting that read); rejects if it could not be. */
  ready(): Promise<void> {
    this.firstLoad ??= this.load();
    return this.firstLoad;
  }

  /** Reads the list from the store (at start, and when another node changed it). */
  async load(): Promise<void> {
    const load = ++this.loads;
    const doc = await this.readDoc();
    const entries = readEntries(doc);
    doc.destroy();
    // A slower, older read must not replace what a newer one found.
    if (load === this.loads) this.compiled = entries;
  }

  /** Stores a new revocation; resolves once it is stored and in force here. */
  async add(input: NewRevocation): Promise<Revocation> {
    const revocation: Revocation = { ...input, id: `rv_${randomBytes(9).toString('base64url')}`, createdAt: this.now() };
    compileRevocation(revocation); // a bad `docs` pattern throws before anything is stored
    const expiredBefore = this.now() - this.maxTokenLifetimeMs;
    await this.change((entries) => {
      for (const [id, entry] of entries) if (entry.jti !== null && entry.createdAt < expiredBefore) entries.delete(id);
      entries.set(revocation.id, revocation);
    });
    return revocation;
  }

  /** Lifts a revocation; the removed one, or null when there is none with that id. */
  remove(id: string): Promise<Revocation | null> {
    let removed: Revocation | null = null;
    return this.change((entries) => {
      removed = entries.get(id) ?? null;
      entries.delete(id);
    }).then(() => removed);
  }

  private async readDoc(): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const stored = await this.store.load(REVOCATIONS_DOC);
    if (stored !== null) Y.applyUpdate(doc, stored.update);
    return doc;
  }

  /** One change at a time in this process: read the stored list, change it, store the difference, use the result. */
  private change(edit: (entries: Y.Map<Revocation>) => void): Promise<void> {
    const result = this.queue.then(async () => {
      const doc = await this.readDoc();
      const updates: Uint8Array[] = [];
      doc.on('update', (update: Uint8Array) => updates.push(update));
      doc.transact(() => edit(doc.getMap<Revocation>('revocations')));
      if (updates.length > 0) await this.store.append(REVOCATIONS_DOC, updates);
      this.loads++;
      this.compiled = readEntries(doc);
      doc.destroy();
    });
    this.queue = result.catch(() => {});
    return result;
  }
}

/** The entries of a stored list (an unreadable one throws: ignoring it would give back access that was revoked). */
function readEntries(doc: Y.Doc): CompiledRevocation[] {
  return [...doc.getMap<Revocation>('revocations').values()].map(compileRevocation);
}
