import type { IncomingMessage } from 'node:http';
import { CloseCode } from '@tandem/protocol';
import * as Y from 'yjs';
import { limitAccess } from '../access/revocation.js';
import type { RevocationList } from '../access/revocationList.js';
import { createTokenVerifier, type TokenVerifier } from '../auth/createTokenVerifier.js';
import { accessForDoc } from '@tandem/tokens';
import type { SyncServerConfig } from '../config/index.js';
import { clientIp } from '../limits/clientIp.js';
import { ConnectionLimiter } from '../limits/connectionLimiter.js';
import { DocSizeBudget } from '../limits/docSizeBudget.js';
import { MessageRateLimiter } from '../limits/messageRateLimiter.js';
import { originAllowed } from '../limits/originAllowed.js';
import { updateAddsContent } from '../limits/updateAddsContent.js';
import type { Logger } from '../logger.js';
import type { RoomView, UpgradeDecision, UpgradeGuard } from '../upgrade.js';
import { AwarenessClaimant, AwarenessClaims, awarenessOwner, type ClaimRefusal } from './awarenessClaims.js';
import { ownAwarenessEntries } from './awarenessOwnership.js';
import { tokenFromRequest } from './tokenFromRequest.js';

/** Who may see what over HTTP (`/api/docs`, `/api/events`). */
export type RequestAccess =
  | {
      ok: true;
      /**
       * Whether the caller may read the document now: its token's grant, capped by the revocations
       * in force when it is asked (so a long-lived event stream loses what is revoked meanwhile).
       */
      canRead: (docName: string) => boolean;
      /** Every document is readable (open mode, a `"*"` grant) and no revocation names the caller: lists need no filtering. */
      grantsAll?: boolean;
      /** When the token stops being accepted (its `exp` plus the clock tolerance), epoch ms; absent in open mode. */
      expiresAt?: number;
      /** The revocations naming the caller now (ids; '' when none): when it changes, what they may read may have. */
      revokedBy?: () => string;
    }
  | { ok: false; status: 401; reason: string };

export interface Security {
  /** The first upgrade guard: origin, token, connection counts; per-connection rate, size and awareness limits. */
  guard: UpgradeGuard;
  /** Resolves once the auth keys are loaded; rejects with a ConfigError naming the key. */
  ready: Promise<TokenVerifier>;
  /** Checks the bearer token of an HTTP request (always ok in open mode). */
  requestAccess: (req: IncomingMessage, url: URL) => Promise<RequestAccess>;
  /** Open connections per address and per doc (for introspection and tests). */
  connections: ConnectionLimiter;
  /** Who owns which awareness client ids (for introspection and tests). */
  awarenessClaims: AwarenessClaims;
}

export interface SecurityOptions {
  config: SyncServerConfig;
  logger: Logger;
  /** Already loaded keys (the CLI loads them before anything else, to fail fast); default: load from `config`. */
  verifier?: TokenVerifier;
  /** What administrators revoked: applied on top of every token's access (default: nothing revoked). */
  revocations?: RevocationList;
}

const wwwAuthenticate = (reason: string) => ({
  'WWW-Authenticate': `Bearer realm="tandem", error="invalid_token", error_description="${reason.replace(/["\\]/g, '')}"`,
});

/**
 * Auth and abuse limits for one server. At the upgrade, in this order and before any document is
 * loaded: the Origin must be allowed (403), the token must be valid (401) and grant access to the
 * doc (403), then the connection is counted per address and per doc (over a limit: accepted and
 * closed at once with 4521 / 4520, so the client sees a "retry later" code). Each accepted
 * connection gets its own message/byte token buckets: over them it is slowed, and a flood is
 * closed (4529, see `MessageRateLimiter`); writers' updates pass the doc's
 * size budget (4413); awareness updates are capped (4431) and keep only the entries for client ids
 * the connection owns (`AwarenessClaims`: by its token's user, else its address). A `read` grant
 * makes the connection read-only. Tokens and URLs are never logged.
 */
export function createSecurity(options: SecurityOptions): Security {
  const { config, logger } = options;
  const ready = options.verifier ? Promise.resolve(options.verifier) : createTokenVerifier(config);
  // Callers await `ready` (listen, upgrades, HTTP); this keeps an unawaited failure from being unhandled.
  ready.catch(() => {});
  const connections = new ConnectionLimiter(config);
  const awarenessClaims = new AwarenessClaims();
  const budgets = new WeakMap<Y.Doc, DocSizeBudget>();

  const budgetOf = (room: RoomView): DocSizeBudget => {
    let budget = budgets.get(room.doc);
    if (budget === undefined) {
      const { doc } = room;
      budget = new DocSizeBudget({
        maxDocBytes: config.maxDocBytes,
        initialBytes: room.loadedBytes,
        measure: () => Y.encodeStateAsUpdate(doc).byteLength,
      });
      budgets.set(doc, budget);
    }
    return budget;
  };

  const guard: UpgradeGuard = async ({ req, docName, params }): Promise<UpgradeDecision> => {
    const ip = clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustedProxyHops) ?? 'unknown';
    const origin = req.headers.origin;
    if (!originAllowed(origin, config)) {
      logger.warn({ doc: docName, ip, origin: origin ?? null }, 'upgrade refused: origin not allowed (allowedOrigins)');
      return { accept: false, status: 403, message: origin === undefined ? 'an Origin header is required' : 'origin not allowed' };
    }

    const verifier = await ready;
    const decision = await verifier.verify(tokenFromRequest(req, params), docName);
    if (!decision.ok) {
      logger.warn({ doc: docName, ip, status: decision.status, reason: decision.reason }, 'upgrade refused: token');
      return {
        accept: false,
        status: decision.status,
        message: decision.reason,
        ...(decision.status === 401 ? { headers: wwwAuthenticate(decision.reason) } : {}),
      };
    }
    const log = { ip, ...(decision.user === null ? {} : { user: decision.user.sub }) };
    const grant = decision.user === null || decision.token === null ? null : { sub: decision.user.sub, ...decision.token };
    let access = decision.access;
    if (grant !== null && options.revocations !== undefined) {
      await options.revocations.ready();
      const left = limitAccess(access, options.revocations.capFor(grant, docName));
      if (left === null) {
        logger.warn({ doc: docName, ...log }, 'upgrade refused: access revoked by an administrator');
        return { accept: false, status: 403, message: 'access to this document was revoked' };
      }
      access = left;
    }

    const admission = connections.acquire(ip, docName);
    if (!admission.ok) {
      const setting = admission.limit === 'ip' ? 'maxConnectionsPerIp' : 'maxConnectionsPerDoc';
      logger.warn({ doc: docName, ...log, max: admission.max, code: admission.close.code }, `connection refused: ${setting} reached`);
      return { accept: true, closeWith: admission.close, log };
    }

    const rate = new MessageRateLimiter(config);
    const claimant = new AwarenessClaimant(docName, awarenessOwner(decision.user, ip));
    let dropsLogged = false;
    const ownAwareness = (update: Uint8Array): Uint8Array | null => {
      const refusals: [clientId: number, refusal: ClaimRefusal][] = [];
      const owned = ownAwarenessEntries(update, (clientId, removal) => {
        // Stock providers echo every change they hear, others' removals included: a removal
        // claims nothing (it would hold the id against its owner coming back), it is just dropped.
        if (removal && !claimant.ids.has(clientId)) return false;
        const refusal = awarenessClaims.claim(claimant, clientId);
        if (refusal !== null) refusals.push([clientId, refusal]);
        return refusal === null;
      });
      if (refusals.length > 0) {
        // Once per connection at warn: a stock client only does this while its old socket is not
        // gone yet, or (open mode) when it comes back from another address within the reservation.
        const level = dropsLogged ? 'debug' : 'warn';
        logger[level]({ doc: docName, ...log, dropped: refusals }, 'awareness entries for client ids this connection does not own dropped');
        dropsLogged = true;
      }
      return owned;
    };
    return {
      accept: true,
      readOnly: access === 'read',
      ...(decision.user === null ? {} : { author: decision.user.sub }),
      ...(grant === null ? {} : { grant }),
      log,
      hooks: {
        admitFrame: (byteLength) => {
          const decision = rate.admit(byteLength);
          if (decision.verdict === 'admit') return null;
          return decision.verdict === 'slow' ? { slowDownMs: decision.waitMs, first: decision.first } : CloseCode.RateLimited;
        },
        admitUpdate: (room, update) =>
          budgetOf(room).admit(update.byteLength, () => updateAddsContent(update, room.doc)) ? null : CloseCode.DocTooLarge,
        admitAwareness: (_room, update) => (update.byteLength > config.maxAwarenessBytes ? CloseCode.AwarenessTooLarge : null),
        ownAwareness: (_room, update) => ownAwareness(update),
        onClose: () => {
          awarenessClaims.release(claimant);
          admission.release();
        },
      },
    };
  };

  const requestAccess = async (req: IncomingMessage, url: URL): Promise<RequestAccess> => {
    const verifier = await ready;
    if (verifier.mode === 'open') return { ok: true, canRead: () => true, grantsAll: true };
    const result = await verifier.authenticate(tokenFromRequest(req, url.searchParams));
    if (!result.ok) return result;
    const { docs, user, token } = result;
    const identity = user === null || token === null ? null : { sub: user.sub, jti: token.jti };
    const { revocations } = options;
    await revocations?.ready();
    const grantsAll = (identity === null || revocations?.names(identity) !== true) && docs.prefixes.some(([prefix]) => prefix === '');
    const canRead = (docName: string) => {
      const granted = accessForDoc(docs, docName);
      if (identity === null || revocations === undefined) return granted !== null;
      return limitAccess(granted, revocations.capFor(identity, docName)) !== null;
    };
    const expiresAt = token === null ? undefined : token.expiresAt + config.authClockToleranceSec * 1000;
    const revokedBy = () => (identity === null || revocations === undefined ? '' : revocations.idsNaming(identity));
    return { ok: true, canRead, grantsAll, revokedBy, ...(expiresAt === undefined ? {} : { expiresAt }) };
  };

  return { guard, ready, requestAccess, connections, awarenessClaims };
}
