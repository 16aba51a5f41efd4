import type { IncomingMessage } from 'node:http';
import { CloseCode } from '@tandem/protocol';
import * as Y from 'yjs';
import { createTokenVerifier, type TokenVerifier } from '../auth/createTokenVerifier.js';
import { accessForDoc } from '../auth/docsClaim.js';
import type { SyncServerConfig } from '../config.js';
import { clientIp } from '../limits/clientIp.js';
import { ConnectionLimiter } from '../limits/connectionLimiter.js';
import { DocSizeBudget } from '../limits/docSizeBudget.js';
import { MessageRateLimiter } from '../limits/messageRateLimiter.js';
import { originAllowed } from '../limits/originAllowed.js';
import { updateAddsContent } from '../limits/updateAddsContent.js';
import type { Logger } from '../logger.js';
import type { RoomView, UpgradeDecision, UpgradeGuard } from '../upgrade.js';
import { tokenFromRequest } from './tokenFromRequest.js';

/** Who may see what over HTTP (`/api/docs`, `/api/events`). */
export type RequestAccess =
  | { ok: true; canRead: (docName: string) => boolean }
  | { ok: false; status: 401; reason: string };

export interface Security {
  /** The first upgrade guard: origin, token, connection counts; per-connection rate, size and awareness limits. */
  guard: UpgradeGuard;
  /** Resolves once the auth keys are loaded; rejects with an AuthConfigError naming the key. */
  ready: Promise<TokenVerifier>;
  /** Checks the bearer token of an HTTP request (always ok in open mode). */
  requestAccess: (req: IncomingMessage, url: URL) => Promise<RequestAccess>;
  /** Open connections per address and per doc (for introspection and tests). */
  connections: ConnectionLimiter;
}

export interface SecurityOptions {
  config: SyncServerConfig;
  logger: Logger;
  /** Already loaded keys (the CLI loads them before anything else, to fail fast); default: load from `config`. */
  verifier?: TokenVerifier;
}

const wwwAuthenticate = (reason: string) => ({
  'WWW-Authenticate': `Bearer realm="tandem", error="invalid_token", error_description="${reason.replace(/["\\]/g, '')}"`,
});

/**
 * Auth and abuse limits for one server. At the upgrade, in this order and before any document is
 * loaded: the Origin must be allowed (403), the token must be valid (401) and grant access to the
 * doc (403), then the connection is counted per address and per doc (over a limit: accepted and
 * closed at once with 4521 / 4520, so the client sees a "retry later" code). Each accepted
 * connection gets its own message/byte token buckets (4529), and writers' updates pass the doc's
 * size budget (4413); awareness updates are capped (4431). A `read` grant makes the connection
 * read-only. Tokens and URLs are never logged.
 */
export function createSecurity(options: SecurityOptions): Security {
  const { config, logger } = options;
  const ready = options.verifier ? Promise.resolve(options.verifier) : createTokenVerifier(config);
  // Callers await `ready` (listen, upgrades, HTTP); this keeps an unawaited failure from being unhandled.
  ready.catch(() => {});
  const connections = new ConnectionLimiter(config);
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

    const admission = connections.acquire(ip, docName);
    if (!admission.ok) {
      const setting = admission.limit === 'ip' ? 'maxConnectionsPerIp' : 'maxConnectionsPerDoc';
      logger.warn({ doc: docName, ...log, max: admission.max, code: admission.close.code }, `connection refused: ${setting} reached`);
      return { accept: true, closeWith: admission.close, log };
    }

    const rate = new MessageRateLimiter(config);
    return {
      accept: true,
      readOnly: decision.access === 'read',
      log,
      hooks: {
        admitFrame: (byteLength) => (rate.admit(byteLength).ok ? null : CloseCode.RateLimited),
        admitUpdate: (room, update) =>
          budgetOf(room).admit(update.byteLength, () => updateAddsContent(update, room.doc)) ? null : CloseCode.DocTooLarge,
        admitAwareness: (_room, update) => (update.byteLength > config.maxAwarenessBytes ? CloseCode.AwarenessTooLarge : null),
        onClose: admission.release,
      },
    };
  };

  const requestAccess = async (req: IncomingMessage, url: URL): Promise<RequestAccess> => {
    const verifier = await ready;
    if (verifier.mode === 'open') return { ok: true, canRead: () => true };
    const result = await verifier.authenticate(tokenFromRequest(req, url.searchParams));
    if (!result.ok) return result;
    const { docs } = result;
    return { ok: true, canRead: (docName) => accessForDoc(docs, docName) !== null };
  };

  return { guard, ready, requestAccess, connections };
}
