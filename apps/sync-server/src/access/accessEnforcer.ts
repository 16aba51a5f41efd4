import { CloseCode, type CloseCodeValue } from '@tandem/protocol';
import type { DocAccess } from '@tandem/tokens';
import type { TokenVerifier } from '../auth/createTokenVerifier.js';
import type { Logger } from '../logger.js';
import { limitAccess, type TokenIdentity } from './revocation.js';
import type { RevocationList } from './revocationList.js';

/** What the enforcer needs of an open connection. */
export interface GuardedConnection {
  readonly docName: string;
  readonly readOnly: boolean;
  readonly logger: Logger;
  /** From now on its updates are dropped; it is told with the read-only notice. */
  restrictToRead(): void;
  close(closeCode: CloseCodeValue): void;
}

/** The token a connection holds now: the upgrade's, or the last renewal's. */
export interface ConnectionGrant extends TokenIdentity {
  /** The token's `exp`, epoch milliseconds. */
  expiresAt: number;
}

interface Tracked {
  grant: ConnectionGrant;
  timer: NodeJS.Timeout | null;
}

/** What changed on the open connections. */
export interface Enforcement {
  closed: number;
  madeReadOnly: number;
}

/** setTimeout's longest delay; a later expiry is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Keeps the open connections within what their tokens and the revocations allow. Each connection
 * opened with a token is tracked with that token's user, id and expiry:
 *
 * - at its expiry (plus the clock tolerance) it is closed with 4419, unless a renewal came first;
 * - a renewal (a fresh token sent on the connection) is checked like the upgrade's token and must
 *   name the same user: it moves the expiry and applies its access (read only, or none: closed with
 *   4403); one that fails the check closes with 4401. Access is never widened in place;
 * - when the revocations change, every connection they now limit is made read-only or closed (4403).
 */
export class AccessEnforcer {
  private readonly tracked = new Map<GuardedConnection, Tracked>();
  private readonly verifier: Promise<TokenVerifier>;
  private readonly revocations: RevocationList;
  private readonly clockToleranceMs: number;
  private readonly logger: Logger;
  private readonly now: () => number;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(options: {
    verifier: Promise<TokenVerifier>;
    revocations: RevocationList;
    clockToleranceMs: number;
    logger: Logger;
    now?: () => number;
  }) {
    this.verifier = options.verifier;
    this.revocations = options.revocations;
    this.clockToleranceMs = options.clockToleranceMs;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  /** Connections tracked (those opened with a token). */
  get size(): number {
    return this.tracked.size;
  }

  track(connection: GuardedConnection, grant: ConnectionGrant): void {
    const entry: Tracked = { grant, timer: null };
    this.tracked.set(connection, entry);
    this.schedule(connection, entry);
  }

  /** Forgets a connection (it closed). */
  untrack(connection: GuardedConnection): void {
    const entry = this.tracked.get(connection);
    if (entry === undefined) return;
    if (entry.timer !== null) clearTimeout(entry.timer);
    this.tracked.delete(connection);
  }

  /** A fresh token sent on an open connection. Resolves once it is applied (never rejects on a bad token: that closes). */
  async renew(connection: GuardedConnection, token: string): Promise<void> {
    const entry = this.tracked.get(connection);
    if (entry === undefined) {
      // Open mode (no token needed), or a connection that is closing: nothing to extend.
      connection.logger.debug('token renewal ignored: the connection holds no token');
      return;
    }
    const decision = await (await this.verifier).verify(token, connection.docName);
    if (this.tracked.get(connection) !== entry) return; // closed meanwhile
    if (!decision.ok) {
      connection.logger.warn({ status: decision.status, reason: decision.reason }, 'token renewal refused, closing');
      this.closeWith(connection, decision.status === 403 ? CloseCode.Forbidden : CloseCode.Unauthorized);
      return;
    }
    if (decision.user === null || decision.token === null) return;
    if (decision.user.sub !== entry.grant.sub) {
      connection.logger.warn({ renewedAs: decision.user.sub }, 'token renewal names another user, closing');
      this.closeWith(connection, CloseCode.Unauthorized);
      return;
    }
    entry.grant = { sub: decision.user.sub, jti: decision.token.jti, expiresAt: decision.token.expiresAt };
    this.schedule(connection, entry);
    const access = limitAccess(decision.access, this.revocations.capFor(entry.grant, connection.docName));
    const outcome = this.apply(connection, access);
    connection.logger.info({ expiresAt: new Date(entry.grant.expiresAt).toISOString(), outcome }, 'token renewed');
  }

  /**
   * Reads the revocations again (another node changed them) and applies them, then calls `applied`
   * (e.g. to tell the event streams); retried each second while the store fails.
   */
  reloadRevocations(applied: () => void = () => {}): void {
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
    // Not read yet (open mode): the first read will find the change.
    if (!this.revocations.started) return;
    this.revocations.load().then(
      () => {
        this.enforceRevocations();
        applied();
      },
      (error: unknown) => {
        if (this.closed) return;
        this.logger.warn({ err: error }, 'reading the revocations failed; retrying in 1 s');
        this.retry = setTimeout(() => this.reloadRevocations(applied), 1000);
        this.retry.unref();
      },
    );
  }

  /** Stops the timers (shutdown). */
  close(): void {
    this.closed = true;
    if (this.retry !== null) clearTimeout(this.retry);
    for (const connection of [...this.tracked.keys()]) this.untrack(connection);
  }

  /** Applies the revocations in force now to every tracked connection. */
  enforceRevocations(): Enforcement {
    const enforcement: Enforcement = { closed: 0, madeReadOnly: 0 };
    for (const [connection, entry] of [...this.tracked]) {
      const cap = this.revocations.capFor(entry.grant, connection.docName);
      if (cap === null) continue;
      const outcome = this.apply(connection, cap === 'none' ? null : 'read');
      if (outcome === 'closed') enforcement.closed++;
      if (outcome === 'read-only') enforcement.madeReadOnly++;
      if (outcome !== 'unchanged') connection.logger.info({ outcome }, 'access revoked by an administrator');
    }
    return enforcement;
  }

  /** Takes away what `access` does not allow any more. */
  private apply(connection: GuardedConnection, access: DocAccess | null): 'closed' | 'read-only' | 'unchanged' {
    if (access === null) {
      this.closeWith(connection, CloseCode.Forbidden);
      return 'closed';
    }
    if (access === 'read' && !connection.readOnly) {
      connection.restrictToRead();
      return 'read-only';
    }
    return 'unchanged';
  }

  private closeWith(connection: GuardedConnection, closeCode: CloseCodeValue): void {
    this.untrack(connection);
    connection.close(closeCode);
  }

  private schedule(connection: GuardedConnection, entry: Tracked): void {
    if (entry.timer !== null) clearTimeout(entry.timer);
    const delay = entry.grant.expiresAt + this.clockToleranceMs - this.now();
    entry.timer = setTimeout(
      () => {
        if (this.tracked.get(connection) !== entry) return;
        if (entry.grant.expiresAt + this.clockToleranceMs > this.now()) {
          this.schedule(connection, entry);
          return;
        }
        connection.logger.info('the connection\u2019s token expired without a renewal, closing');
        this.closeWith(connection, CloseCode.TokenExpired);
      },
      Math.min(Math.max(delay, 0), MAX_TIMER_MS),
    );
    entry.timer.unref();
  }
}
