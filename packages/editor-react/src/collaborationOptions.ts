import type { ConnectionStatus, OfflineCause } from './connectionStatus.js';
import type { Person, PresenceNotice, User } from './presence.js';
import type { SaveState } from './saveTracker.js';
import type { AccessProblem } from './tokenLifecycle.js';
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
  /**
   * How long someone else's "typing" still counts without a fresh signal from them (default
   * 5000 ms): a sender that went away without clearing it stops being shown as typing.
   */
  typingStaleMs?: number;
  /** How long a join/leave notice stays listed (default 4000 ms). */
  noticeTimeoutMs?: number;
  /** A WebSocket implementation for environments without a global one (e.g. `ws` in Node). */
  WebSocketPolyfill?: typeof WebSocket;
}

export interface CollaborationSnapshot {
  status: ConnectionStatus;
  /** While offline: `network` (the browser has none) or `server` (it cannot be reached); null otherwise. */
  offlineCause: OfflineCause | null;
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
  /** Set when the editor stopped connecting because of the token: no access, access removed, or the sign-in was rejected. */
  accessProblem: AccessProblem | null;
  /** `view-only`: the server made this writer read-only while the document was open (an administrator, or a renewed token). */
  accessChanged: 'view-only' | null;
}

export const DEFAULT_NOTICE_TIMEOUT_MS = 4000;

/** What a session shows before anything happened: connecting, not synced, nothing unsaved. */
export const initialSnapshot = (readOnly: boolean): CollaborationSnapshot => ({
  status: 'connecting',
  offlineCause: null,
  synced: false,
  localLoaded: false,
  saveState: 'saved',
  people: [],
  notices: [],
  error: null,
  readOnly,
  accessProblem: null,
  accessChanged: null,
});
