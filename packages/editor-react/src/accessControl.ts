import { AuthMessageType, CloseCode, encodeTokenRenewal, MessageType } from '@tandem/protocol';
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import { type AccessProblem, isAccessDenied, probeAccess, refreshDelayMs, tokenExpiresAt } from './tokenLifecycle.js';

export interface AccessControlOptions {
  provider: WebsocketProvider;
  serverUrl: string;
  docId: string;
  /** A fixed token (cannot be renewed: once rejected, the user must sign in again). */
  token?: string;
  /** Fetches a (fresh) token: before connecting, ahead of each expiry, and once after a rejection. */
  getToken?: () => Promise<string>;
  /** The server said this connection is read-only. */
  onReadOnly: () => void;
  /** Access ended for good: show it; the provider has been stopped. */
  onProblem: (problem: AccessProblem, message: string) => void;
  fetch?: typeof fetch;
  /** Clock (tests). */
  now?: () => number;
}

const MESSAGES: Record<AccessProblem, string> = {
  'access-denied': 'You don’t have access to this document. Ask its owner for a link.',
  'access-removed': 'Your access to this document was removed. Your changes stay on this device.',
  'sign-in-expired': 'The server did not accept your sign-in. Sign in again to keep working; your changes stay on this device.',
};

const MAX_TOKEN_RETRY_MS = 30_000;

/** The server's close codes that `AccessControl` answers (the connection's own banner need not). */
const ACCESS_CLOSES: ReadonlySet<number> = new Set([CloseCode.Unauthorized.code, CloseCode.Forbidden.code, CloseCode.TokenExpired.code]);

/** The server closed the connection over its access (removed, token expired, renewal refused): `AccessControl` handles it. */
export function isAccessClose(code: number): boolean {
  return ACCESS_CLOSES.has(code);
}

/** The server closed the connection because the document was deleted (moved to the trash) while open. */
export function isDeletedClose(code: number): boolean {
  return code === CloseCode.DocumentDeleted.code;
}

/**
 * The token side of a connection. Keeps `provider.params.token` current (fetched before the first
 * connect and again ahead of each expiry; the provider uses it on every reconnect) and hands each
 * fresh token to the open connection too (token renewal, so it is not closed when the first one
 * expires), listens for the server's read-only notice, and after a connection attempt that failed
 * before opening asks the server whether the token is the reason: a rejected token is replaced once
 * by a fresh one, and if that is rejected too, or the token grants no access, the provider is
 * stopped and the problem reported instead of retrying forever. The server's access closes are
 * handled the same way: an expired token (4419) or a rejected renewal (4401) is replaced and the
 * provider reconnects; access removed (4403) is tried once with a fresh token (a revocation may name
 * the old token only, e.g. after a role change that leaves the document shared with them), and
 * stops it and says so when that is refused too.
 */
export class AccessControl {
  readonly #options: AccessControlOptions;
  readonly #cleanups: Array<() => void> = [];
  #token: string | undefined;
  /** The token fetched because the previous one was rejected; if this one is rejected too, stop. */
  #replacement: string | null = null;
  #opened = false;
  #probing = false;
  #stopped = false;
  #refreshTimer: ReturnType<typeof setTimeout> | null = null;
  #tokenFailures = 0;
  /** The server closed the connection as access removed (4403); the fresh token tried after it is the last. */
  #removed = false;

  constructor(options: AccessControlOptions) {
    this.#options = options;
    this.#token = options.token;
    const { provider } = options;
    provider.messageHandlers[MessageType.Auth] = (_encoder, decoder) => {
      if (decoding.readVarUint(decoder) !== AuthMessageType.PermissionDenied) return;
      const reason = decoding.readVarString(decoder);
      if (reason === 'read-only') this.#options.onReadOnly();
      else this.#stop('access-denied', reason);
    };
    const onStatus = ({ status }: { status: string }) => {
      if (status === 'connected') {
        this.#opened = true;
        this.#replacement = null;
      }
    };
    const onClose = () => {
      const failedBeforeOpen = !this.#opened;
      this.#opened = false;
      if (failedBeforeOpen && this.#token !== undefined) void this.#probe();
    };
    const onClosed = ({ code }: { code: number }) => void this.#closedByServer(code);
    provider.on('status', onStatus);
    provider.on('connection-close', onClose);
    provider.on('closed', onClosed);
    this.#cleanups.push(() => {
      provider.off('status', onStatus);
      provider.off('connection-close', onClose);
      provider.off('closed', onClosed);
    });
    if (this.#token !== undefined) provider.params.token = this.#token;
  }

  /** Connects: at once with a fixed token (or none), after fetching one with `getToken`. */
  start(): void {
    if (this.#options.getToken === undefined) this.#options.provider.connect();
    else void this.#renew();
  }

  destroy(): void {
    this.#stopped = true;
    if (this.#refreshTimer !== null) clearTimeout(this.#refreshTimer);
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }

  async #renew(): Promise<string | null> {
    const getToken = this.#options.getToken;
    if (getToken === undefined || this.#stopped) return null;
    if (this.#refreshTimer !== null) clearTimeout(this.#refreshTimer);
    this.#refreshTimer = null;
    let token: string;
    try {
      token = await getToken();
    } catch (error) {
      if (this.#stopped) return null;
      if (isAccessDenied(error)) {
        this.#stop(error.problem ?? 'access-denied', error.message);
        return null;
      }
      // The token service is unreachable: try again with backoff (the provider keeps retrying too).
      this.#tokenFailures++;
      this.#schedule(Math.min(MAX_TOKEN_RETRY_MS, 1000 * 2 ** this.#tokenFailures));
      return null;
    }
    if (this.#stopped) return null;
    this.#tokenFailures = 0;
    this.#token = token;
    const { provider } = this.#options;
    provider.params.token = token;
    // The open connection gets it too (the next connection's URL carries it).
    const socket = provider.ws;
    if (provider.wsconnected && socket !== null && socket.readyState === socket.OPEN) socket.send(encodeTokenRenewal(token));
    const delay = refreshDelayMs(tokenExpiresAt(token), (this.#options.now ?? Date.now)());
    if (delay !== null) this.#schedule(delay);
    if (!this.#options.provider.shouldConnect) this.#options.provider.connect();
    return token;
  }

  /** The server closed for a reason of access (a 44xx code the provider does not retry). */
  async #closedByServer(code: number): Promise<void> {
    if (this.#stopped) return;
    if (code === CloseCode.Forbidden.code) {
      // The revocation may have named this token only (a role change that leaves the document
      // shared with them): one fresh token, from the rights as they are now, says. Refused too: removed.
      if (this.#options.getToken === undefined || this.#removed) {
        this.#stop('access-removed');
        return;
      }
      this.#removed = true;
      this.#replacement = await this.#renew();
    } else if (code === CloseCode.TokenExpired.code || code === CloseCode.Unauthorized.code) {
      // A fresh token and a new connection; if that one is refused too, the probe says so.
      if (this.#options.getToken === undefined || (code === CloseCode.Unauthorized.code && this.#replacement === this.#token)) {
        this.#stop('sign-in-expired');
        return;
      }
      this.#replacement = await this.#renew();
    }
  }

  #schedule(delay: number): void {
    if (this.#refreshTimer !== null) clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => void this.#renew(), delay);
  }

  async #probe(): Promise<void> {
    const token = this.#token;
    if (this.#probing || this.#stopped || token === undefined) return;
    this.#probing = true;
    try {
      const result = await probeAccess(this.#options.serverUrl, this.#options.docId, token, this.#options.fetch);
      if (this.#stopped || token !== this.#token) return; // a newer token is already in use
      if (result === 'forbidden') {
        this.#stop('access-denied');
      } else if (result === 'unauthorized') {
        if (this.#options.getToken === undefined || this.#replacement === token) {
          this.#stop('sign-in-expired');
          return;
        }
        // Expired while offline, or revoked: one fresh token; the provider's next attempt uses it.
        this.#replacement = await this.#renew();
      }
    } finally {
      this.#probing = false;
    }
  }

  #stop(refused: AccessProblem, reason?: string): void {
    if (this.#stopped) return;
    // Closed as removed, then refused with a fresh token: it was removed, whatever refused it.
    const problem = this.#removed && refused === 'access-denied' ? 'access-removed' : refused;
    const message = problem === refused ? reason : undefined;
    this.#stopped = true;
    if (this.#refreshTimer !== null) clearTimeout(this.#refreshTimer);
    // No more attempts; `connect()` would resume them.
    this.#options.provider.shouldConnect = false;
    if (this.#options.provider.ws !== null) this.#options.provider.disconnect();
    this.#options.onProblem(problem, message && message !== '' ? message : MESSAGES[problem]);
  }
}
