import { MessageType } from '@tandem/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { removeAwarenessStates, type Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { AccessControl } from './accessControl.js';
import { type ConnectionEvent, type ConnectionState, type ConnectionStatus, initialConnectionState, nextConnectionState } from './connectionStatus.js';
import { diffPeople, type Person, type PresenceNotice, readPeople, type User } from './presence.js';
import { type SaveState, SaveTracker } from './saveTracker.js';
import type { AccessProblem } from './tokenLifecycle.js';
import { DEFAULT_TYPING_TIMEOUT_MS, TypingTracker } from './typingTracker.js';

export interface CollaborationOptions {
  /** The sync server's WebSocket base URL, e.g. `ws://localhost:1234`. */
  serverUrl: string;
  /** Your name and colour, shown to others next to your caret and in the presence list. */
  user: User;
  /** Sent as the `token` query parameter when the server requires authentication (a fixed token; prefer `getToken`). */
  token?: string;
  /**
   * Fetches a token for this document (sent as the `token` query parameter): called before the
   * first connection, ahead of each token's expiry (read from its `exp`), and once more when the
   * server rejects a token. Reject with `AccessDeniedError` when the answer is final (no access,
   * signed out); other errors are retried with backoff.
   */
  getToken?: () => Promise<string>;
  /** Open the document read-only (no durable acks asked; the server may also say so on its own). */
  readOnly?: boolean;
  /** Keep a copy of the document in IndexedDB so offline edits survive a reload (default: true where IndexedDB exists). */
  offline?: boolean;
  /** Ask the server for durable acknowledgements that drive the Saving/Saved indicator (default: true). */
  durableAcks?: boolean;
  /** How long after the last keystroke you stop being shown as typing (default 2000 ms). */
  typingTimeoutMs?: number;
  /** How long a join/leave notice stays listed (default 4000 ms). */
  noticeTimeoutMs?: number;
  /** A WebSocket implementation for environments without a global one (e.g. `ws` in Node). */
  WebSocketPolyfill?: typeof WebSocket;
}

export interface CollaborationSnapshot {
  status: ConnectionStatus;
  /** The document has been brought up to date with the server on the current connection. */
  synced: boolean;
  /** The IndexedDB copy has been loaded (always false when offline storage is off). */
  localLoaded: boolean;
  /** `saved` means stored on the server's disk (durable ack), not merely received. */
  saveState: SaveState;
  /** Everyone present, yourself first. */
  people: Person[];
  /** Recent join/leave notices, newest last; each expires by itself. */
  notices: PresenceNotice[];
  /** A problem the user should know about (the server refused the doc, a protocol violation), or null. */
  error: string | null;
  /** Read-only: asked for in the options, or the server said so for this connection. */
  readOnly: boolean;
  /** Set when the editor stopped connecting because of the token: no access, or the sign-in was rejected. */
  accessProblem: AccessProblem | null;
}

export const DEFAULT_NOTICE_TIMEOUT_MS = 4000;

type MessageHandler = (
  encoder: encoding.Encoder,
  decoder: decoding.Decoder,
  provider: WebsocketProvider,
  emitSynced: boolean,
  messageType: number,
) => void;

/**
 * One open document: the Y.Doc, its WebSocket provider, the IndexedDB copy, awareness
 * (user, typing, away) and the derived state the UI shows. Framework-free; the React hook
 * `useCollaboration` subscribes to it.
 */
/** What a session shows before anything happened: connecting, not synced, nothing unsaved. */
export const initialSnapshot = (readOnly: boolean): CollaborationSnapshot => ({
  status: 'connecting',
  synced: false,
  localLoaded: false,
  saveState: 'saved',
  people: [],
  notices: [],
  error: null,
  readOnly,
  accessProblem: null,
});

export class CollaborationSession {
  readonly docId: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly awareness: Awareness;
  readonly #local: IndexeddbPersistence | null;
  readonly #access: AccessControl;
  readonly #save = new SaveTracker();
  readonly #typing: TypingTracker;
  readonly #noticeTimeoutMs: number;
  readonly #listeners = new Set<() => void>();
  readonly #cleanups: Array<() => void> = [];
  #connection: ConnectionState = initialConnectionState;
  #snapshot: CollaborationSnapshot;
  #noticeId = 0;
  #noticeTimers = new Set<ReturnType<typeof setTimeout>>();
  #destroyed = false;
  #user: User;

  constructor(docId: string, options: CollaborationOptions) {
    if (docId.length === 0) throw new Error('CollaborationSession: docId must not be empty');
    if (!/^wss?:\/\//.test(options.serverUrl)) {
      throw new Error(`CollaborationSession: serverUrl must start with ws:// or wss://, got ${JSON.stringify(options.serverUrl)}`);
    }
    this.docId = docId;
    this.#user = { name: options.user.name, color: options.user.color };
    this.#noticeTimeoutMs = options.noticeTimeoutMs ?? DEFAULT_NOTICE_TIMEOUT_MS;
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
    this.#typing = new TypingTracker((typing) => this.awareness.setLocalStateField('typing', typing), options.typingTimeoutMs ?? DEFAULT_TYPING_TIMEOUT_MS);
    this.#snapshot = initialSnapshot(options.readOnly === true);
    this.#access = new AccessControl({
      provider: this.provider,
      serverUrl: options.serverUrl,
      docId,
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.getToken === undefined ? {} : { getToken: options.getToken }),
      onReadOnly: () => {
        if (!this.#snapshot.readOnly) this.#update({ readOnly: true });
      },
      onProblem: (accessProblem, message) => this.#update({ accessProblem, error: message }),
    });

    this.#trackSaves();
    this.#trackConnection();
    this.#trackPresence();

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
    this.#user = { name: user.name, color: user.color };
    if (this.awareness.getLocalState() !== null) this.awareness.setLocalStateField('user', this.#userState());
  }

  /** The awareness `user` field; the client id lets other editors find this person's caret to repaint it. */
  #userState(): User & { clientId: number } {
    return { ...this.#user, clientId: this.awareness.clientID };
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const timer of this.#noticeTimers) clearTimeout(timer);
    this.#typing.stop();
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

  #refreshSaveState(): void {
    if (this.#snapshot.saveState !== this.#save.state) this.#update({ saveState: this.#save.state });
  }

  #fail(message: string): void {
    this.#update({ error: message });
  }

  #trackSaves(): void {
    const { provider } = this;
    // Count exactly what the server counts: one sync step 2 per connection (our answer to
    // its step 1) and one sync update per local doc update sent while connected.
    const syncHandler = provider.messageHandlers[MessageType.Sync] as MessageHandler | undefined;
    if (syncHandler === undefined) throw new Error('y-websocket provider has no sync message handler');
    provider.messageHandlers[MessageType.Sync] = (encoder, decoder, p, emitSynced, messageType) => {
      syncHandler(encoder, decoder, p, emitSynced, messageType);
      // The handler writes a reply (beyond its one-byte type) only for sync step 1: our step 2,
      // which the provider sends on the WebSocket when the message came from it (emitSynced).
      if (emitSynced && encoding.length(encoder) > 1) {
        this.#save.syncStep2Sent();
        this.#refreshSaveState();
      }
    };
    provider.messageHandlers[MessageType.Ack] = (_encoder, decoder) => {
      const count = decoding.readVarUint(decoder);
      try {
        this.#save.ackReceived(count);
      } catch (error) {
        this.#fail(`Save status unknown: ${(error as Error).message}`);
        return;
      }
      this.#refreshSaveState();
    };
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === provider) return; // the provider does not send what it received
      const ws = provider.ws;
      if (provider.wsconnected && ws !== null && ws.readyState === ws.OPEN) this.#save.messageSent();
      else this.#save.changedWhileOffline();
      this.#refreshSaveState();
    };
    this.doc.on('update', onUpdate);
    this.#cleanups.push(() => this.doc.off('update', onUpdate));
  }

  #trackConnection(): void {
    const { provider } = this;
    const dispatch = (event: ConnectionEvent) => {
      this.#connection = nextConnectionState(this.#connection, event);
      if (this.#connection.status !== this.#snapshot.status) this.#update({ status: this.#connection.status });
    };
    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      if (status === 'connected') {
        this.#save.connectionOpened();
        this.#refreshSaveState();
        dispatch({ type: 'connected' });
      } else if (status === 'connecting') {
        dispatch({ type: 'connecting' });
      }
    };
    const onClose = () => {
      this.#save.connectionClosed();
      this.#refreshSaveState();
      dispatch({ type: 'closed' });
    };
    const onSync = (synced: boolean) => this.#update({ synced });
    const onClosed = (event: { code: number; reason: string }) => {
      this.#fail(`The server closed the connection for good (${event.code}${event.reason ? `: ${event.reason}` : ''}).`);
    };
    provider.on('status', onStatus);
    provider.on('connection-close', onClose);
    provider.on('sync', onSync);
    provider.on('closed', onClosed);
    this.#cleanups.push(() => {
      provider.off('status', onStatus);
      provider.off('connection-close', onClose);
      provider.off('sync', onSync);
      provider.off('closed', onClosed);
    });
    if (typeof window !== 'undefined') {
      const onOffline = () => dispatch({ type: 'browser-offline' });
      const onOnline = () => {
        dispatch({ type: 'browser-online' });
        if (provider.wsconnected) dispatch({ type: 'connected' });
      };
      window.addEventListener('offline', onOffline);
      window.addEventListener('online', onOnline);
      this.#cleanups.push(() => {
        window.removeEventListener('offline', onOffline);
        window.removeEventListener('online', onOnline);
      });
    }
  }

  #trackPresence(): void {
    const { awareness, doc, provider } = this;
    const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';
    const announce = () => awareness.setLocalState({ user: this.#userState(), typing: false, away: hidden() });
    announce();

    const onChange = () => {
      const before = this.#snapshot.people;
      const people = readPeople(awareness.getStates() as Map<number, Record<string, unknown>>, doc.clientID);
      // Only announce arrivals and departures seen while connected and synced: on our own
      // disconnect the provider drops everyone, and on connect it learns who was already here.
      const notices = provider.wsconnected && provider.synced ? this.#notices(before, people) : this.#snapshot.notices;
      this.#update({ people, notices });
    };
    awareness.on('change', onChange);
    this.#cleanups.push(() => awareness.off('change', onChange));
    onChange();

    // Typing: any local change to the document (text, formatting, title) counts as a keystroke.
    const onTransaction = (transaction: Y.Transaction) => {
      if (transaction.local && transaction.changed.size > 0 && !hidden()) this.#typing.keystroke();
    };
    doc.on('afterTransaction', onTransaction);
    this.#cleanups.push(() => doc.off('afterTransaction', onTransaction));

    if (typeof document !== 'undefined' && typeof window !== 'undefined') {
      const onVisibility = () => {
        if (hidden()) this.#typing.stop();
        if (awareness.getLocalState() !== null) awareness.setLocalStateField('away', hidden());
      };
      // Leave at once when the page goes away, rather than when the server notices the socket closed.
      const onPageHide = () => removeAwarenessStates(awareness, [doc.clientID], 'page hidden');
      const onPageShow = (event: PageTransitionEvent) => {
        if (event.persisted) announce();
      };
      document.addEventListener('visibilitychange', onVisibility);
      window.addEventListener('pagehide', onPageHide);
      window.addEventListener('pageshow', onPageShow);
      this.#cleanups.push(() => {
        document.removeEventListener('visibilitychange', onVisibility);
        window.removeEventListener('pagehide', onPageHide);
        window.removeEventListener('pageshow', onPageShow);
      });
    }
    this.#cleanups.push(() => removeAwarenessStates(awareness, [doc.clientID], 'session destroyed'));
  }

  #notices(before: readonly Person[], after: readonly Person[]): PresenceNotice[] {
    const { joined, left } = diffPeople(before, after);
    if (joined.length === 0 && left.length === 0) return this.#snapshot.notices;
    const fresh: PresenceNotice[] = [
      ...joined.map((p) => ({ id: ++this.#noticeId, kind: 'joined' as const, name: p.name, color: p.color })),
      ...left.map((p) => ({ id: ++this.#noticeId, kind: 'left' as const, name: p.name, color: p.color })),
    ];
    for (const notice of fresh) {
      const timer = setTimeout(() => {
        this.#noticeTimers.delete(timer);
        this.#update({ notices: this.#snapshot.notices.filter((n) => n.id !== notice.id) });
      }, this.#noticeTimeoutMs);
      this.#noticeTimers.add(timer);
    }
    return [...this.#snapshot.notices, ...fresh].slice(-5);
  }
}
