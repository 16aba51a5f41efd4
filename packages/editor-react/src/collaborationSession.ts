import { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { AccessControl, isAccessClose } from './accessControl.js';
import {
  type CollaborationOptions,
  type CollaborationSnapshot,
  DEFAULT_NOTICE_TIMEOUT_MS,
  initialSnapshot,
} from './collaborationOptions.js';
import { recordCollaborator } from './collaborators.js';
import { chooseColor, type ColorHolder } from './personColor.js';
import { type Person, personKey, readPeople, samePeople, type User } from './presence.js';
import { PresenceNotices } from './presenceNotices.js';
import { DEFAULT_TYPING_STALE_MS, freshTypists, nextStaleAt, observeTyping, type TypingSightings } from './remoteTyping.js';
import { SaveTracker } from './saveTracker.js';
import { trackConnection } from './trackConnection.js';
import { trackLocalPresence } from './trackLocalPresence.js';
import { trackSaves } from './trackSaves.js';
import { DEFAULT_TYPING_TIMEOUT_MS } from './typingTracker.js';

export type { CollaborationOptions, CollaborationSnapshot } from './collaborationOptions.js';
export { DEFAULT_NOTICE_TIMEOUT_MS, initialSnapshot } from './collaborationOptions.js';

/**
 * One open document: the Y.Doc, its WebSocket provider, the IndexedDB copy, awareness
 * (user, typing, away) and the derived state the UI shows. Framework-free; the React hook
 * `useCollaboration` subscribes to it. Each concern lives in its own module (`trackSaves`,
 * `trackConnection`, `trackLocalPresence`, `PresenceNotices`, `remoteTyping`); this class wires
 * them to one snapshot.
 */
export class CollaborationSession {
  readonly docId: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly awareness: Awareness;
  readonly #local: IndexeddbPersistence | null;
  readonly #access: AccessControl;
  readonly #save = new SaveTracker();
  readonly #notices: PresenceNotices;
  readonly #typingStaleMs: number;
  readonly #listeners = new Set<() => void>();
  readonly #cleanups: Array<() => void> = [];
  #snapshot: CollaborationSnapshot;
  #typingSightings: TypingSightings = new Map();
  #staleTimer: ReturnType<typeof setTimeout> | null = null;
  #destroyed = false;
  /** Who this person says they are (their chosen colour included). */
  #user: User;
  /** The colour shown in this document: their own unless someone here showed it first. */
  #color: string;

  constructor(docId: string, options: CollaborationOptions) {
    if (docId.length === 0) throw new Error('CollaborationSession: docId must not be empty');
    if (!/^wss?:\/\//.test(options.serverUrl)) {
      throw new Error(`CollaborationSession: serverUrl must start with ws:// or wss://, got ${JSON.stringify(options.serverUrl)}`);
    }
    const typingStaleMs = options.typingStaleMs ?? DEFAULT_TYPING_STALE_MS;
    if (!Number.isFinite(typingStaleMs) || typingStaleMs <= 0) {
      throw new RangeError(`typingStaleMs must be a positive number of milliseconds, got ${typingStaleMs}`);
    }
    this.docId = docId;
    this.#user = copyUser(options.user);
    this.#color = this.#user.color;
    this.#typingStaleMs = typingStaleMs;
    this.doc = new Y.Doc();
    const params: Record<string, string> = {};
    // A read-only connection never gets acks (nothing of it is stored).
    if ((options.durableAcks ?? true) && options.readOnly !== true) params.ack = '1';
    this.provider = new WebsocketProvider(options.serverUrl, encodeURIComponent(docId), this.doc, {
      connect: false,
      params,
      disableBc: true,
      ...(options.WebSocketPolyfill === undefined ? {} : { WebSocketPolyfill: options.WebSocketPolyfill }),
    });
    this.awareness = this.provider.awareness;
    this.#snapshot = initialSnapshot(options.readOnly === true);
    this.#notices = new PresenceNotices(options.noticeTimeoutMs ?? DEFAULT_NOTICE_TIMEOUT_MS, (notices) => this.#update({ notices }));
    this.#access = new AccessControl({
      provider: this.provider,
      serverUrl: options.serverUrl,
      docId,
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.getToken === undefined ? {} : { getToken: options.getToken }),
      onReadOnly: () => {
        // Told after it had synced as a writer: its access was downgraded while open.
        if (!this.#snapshot.readOnly)
          this.#update({ readOnly: true, ...(this.provider.synced ? { accessChanged: 'view-only' as const } : {}) });
        if (this.awareness.getLocalState() !== null) this.awareness.setLocalStateField('viewer', true);
      },
      onProblem: (accessProblem, message) => this.#update({ accessProblem, error: message }),
    });

    const refreshSaveState = () => {
      if (this.#snapshot.saveState !== this.#save.state) this.#update({ saveState: this.#save.state });
    };
    this.#cleanups.push(
      trackSaves(this.provider, this.doc, this.#save, { onChange: refreshSaveState, onError: (error) => this.#update({ error }) }),
      trackConnection(this.provider, this.#save, {
        onStatus: (status) => this.#update({ status }),
        onOfflineCause: (offlineCause) => this.#update({ offlineCause }),
        onSynced: (synced) => this.#update({ synced }),
        onSaveChange: refreshSaveState,
        onClosedForGood: (error, code) => {
          if (!isAccessClose(code)) this.#update({ error });
        },
      }),
    );
    this.#trackPeople();
    const onSync = (synced: boolean) => {
      if (synced) this.#recordCollaborator();
    };
    this.provider.on('sync', onSync);
    this.#cleanups.push(() => this.provider.off('sync', onSync));
    this.#cleanups.push(
      trackLocalPresence({
        awareness: this.awareness,
        doc: this.doc,
        user: () => this.#userState(),
        viewer: () => this.#snapshot.readOnly,
        typingTimeoutMs: options.typingTimeoutMs ?? DEFAULT_TYPING_TIMEOUT_MS,
      }),
    );

    const useIndexedDb = (options.offline ?? true) && typeof indexedDB !== 'undefined';
    this.#local = useIndexedDb ? new IndexeddbPersistence(`tandem:${options.serverUrl}:${docId}`, this.doc) : null;
    this.#local?.whenSynced.then(() => this.#update({ localLoaded: true }));

    this.#access.start();
  }

  get snapshot(): CollaborationSnapshot {
    return this.#snapshot;
  }

  /** The durable-ack counters of the current connection (for diagnostics and tests). */
  get saveCounts() {
    return this.#save.counts;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): CollaborationSnapshot => this.#snapshot;

  setUser(user: User): void {
    this.#user = copyUser(user);
    this.#color = this.#chooseColor();
    if (this.awareness.getLocalState() !== null) this.awareness.setLocalStateField('user', this.#userState());
    if (this.provider.synced) this.#recordCollaborator();
  }

  /**
   * Lists this person among the document's collaborators, whom the `@` menu offers after they left.
   * Only once synced (a read-only connection has been told so by then) and never when read-only.
   */
  #recordCollaborator(): void {
    if (this.#snapshot.readOnly || this.#destroyed) return;
    const { key, name, color } = this.#userState();
    recordCollaborator(this.doc, key, { name, color });
  }

  /**
   * The awareness `user` field: the name, the colour shown here, the key that makes this person's
   * tabs one; the client id lets other editors find this person's caret to repaint it.
   */
  #userState(): { name: string; color: string; key: string; clientId: number } {
    return { name: this.#user.name, color: this.#color, key: personKey(this.#user), clientId: this.awareness.clientID };
  }

  #chooseColor(): string {
    const others: ColorHolder[] = [];
    for (const [clientId, state] of this.awareness.getStates()) {
      const user = state.user as { color?: unknown; key?: unknown } | undefined;
      if (clientId === this.awareness.clientID || typeof user?.color !== 'string') continue;
      others.push({ clientId, color: user.color, key: typeof user.key === 'string' ? user.key : '' });
    }
    return chooseColor(this.#user.color, { clientId: this.awareness.clientID, key: personKey(this.#user) }, others);
  }

  /**
   * Keeps the awareness `user` field as this session means it: another colour when someone here
   * showed ours first (ours again when they left), and our own field back when something else
   * (the caret extension, at start) wrote a plain one over it.
   */
  #settleUser(): void {
    this.#color = this.#chooseColor();
    const local = this.awareness.getLocalState();
    if (local === null) return;
    const want = this.#userState();
    const have = (local.user ?? {}) as Record<string, unknown>;
    if (have.name !== want.name || have.color !== want.color || have.key !== want.key || have.clientId !== want.clientId)
      this.awareness.setLocalStateField('user', want);
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#notices.destroy();
    if (this.#staleTimer !== null) clearTimeout(this.#staleTimer);
    this.#access.destroy();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.provider.destroy();
    this.doc.destroy();
    this.#listeners.clear();
  }

  #update(patch: Partial<CollaborationSnapshot>): void {
    if (this.#destroyed) return;
    this.#snapshot = { ...this.#snapshot, ...patch };
    for (const listener of this.#listeners) listener();
  }

  /** The people present, from awareness; others' typing only while their signal is fresh. */
  #trackPeople(): void {
    const { awareness, doc, provider } = this;
    const read = (): Person[] => {
      const now = Date.now();
      const fresh = freshTypists(this.#typingSightings, now, this.#typingStaleMs);
      this.#scheduleStaleCheck(now);
      return readPeople(awareness.getStates() as Map<number, Record<string, unknown>>, doc.clientID, (clientId) => fresh.has(clientId));
    };
    const onChange = () => {
      this.#settleUser();
      const states = awareness.getStates() as Map<number, Record<string, unknown>>;
      this.#typingSightings = observeTyping(this.#typingSightings, states, Date.now());
      const before = this.#snapshot.people;
      const people = read();
      // Only announce arrivals and departures seen while connected and synced: on our own
      // disconnect the provider drops everyone, and on connect it learns who was already here.
      if (provider.wsconnected && provider.synced) this.#notices.record(before, people);
      // Most awareness changes are carets moving: nothing the people list shows, so no new snapshot.
      if (!samePeople(before, people)) this.#update({ people });
    };
    this.#recheckTyping = () => {
      const people = read();
      if (!samePeople(this.#snapshot.people, people)) this.#update({ people });
    };
    awareness.on('change', onChange);
    this.#cleanups.push(() => awareness.off('change', onChange));
    onChange();
  }

  #recheckTyping: () => void = () => {};

  /** Looks at the people again when the next typing sighting goes stale. */
  #scheduleStaleCheck(now: number): void {
    if (this.#staleTimer !== null) clearTimeout(this.#staleTimer);
    this.#staleTimer = null;
    const at = nextStaleAt(this.#typingSightings, now, this.#typingStaleMs);
    if (at === null || this.#destroyed) return;
    this.#staleTimer = setTimeout(() => {
      this.#staleTimer = null;
      this.#recheckTyping();
    }, at - now);
  }
}

function copyUser(user: User): User {
  return { name: user.name, color: user.color, ...(user.id === undefined ? {} : { id: user.id }) };
}
