import { sendJson } from '../httpRoutes.js';
import { HttpError } from '../httpError.js';
import type { Logger } from '../logger.js';
import type { ApiCaller } from '../api/apiCaller.js';
import { type ApiContext, answering } from '../api/apiContext.js';
import type { ApiRoute } from '../api/apiRoute.js';
import { readBody } from '../api/readBody.js';
import { parseBody } from '../api/requestBodies.js';
import type { Enforcement } from './accessEnforcer.js';
import { createRevocationBody } from './revocationBodies.js';
import type { RevocationList } from './revocationList.js';

export interface RevocationRoutesOptions {
  caller: ApiContext['caller'];
  revocations: RevocationList;
  maxBodyBytes: number;
  logger: Logger;
  /** The list changed here: apply it to this node's open connections (and tell the other nodes). */
  onChanged: () => Enforcement;
}

const requireAdmin = (caller: ApiCaller): void => {
  if (!caller.admin) throw new HttpError(403, 'managing access needs an API key with the "admin" scope');
};

/**
 * `/api/revocations`: administrators limit what users' tokens (by `sub`) or single tokens (by
 * `jti`) may do, whatever the tokens say: no access, or read only, on some or all documents. A
 * change is stored first, then applied at once to the open connections of this node (closed with
 * 4403, or switched to read-only and told), and through the cluster to every other node's; the
 * answer counts what changed on this node.
 */
export function revocationRoutes(options: RevocationRoutesOptions): ApiRoute[] {
  const { revocations, logger } = options;
  return [
    {
      method: 'GET',
      path: '/api/revocations',
      handle: answering(logger, async (req, res, url) => {
        requireAdmin(await options.caller(req, url));
        sendJson(res, 200, { revocations: revocations.list() });
      }),
    },
    {
      method: 'POST',
      path: '/api/revocations',
      handle: answering(logger, async (req, res, url) => {
        const caller = await options.caller(req, url);
        requireAdmin(caller);
        const input = parseBody(createRevocationBody, await readBody(req, options.maxBodyBytes), url);
        const revocation = await revocations.add({
          sub: input.sub ?? null,
          jti: input.jti ?? null,
          access: input.access,
          docs: input.docs,
          reason: input.reason ?? null,
          createdBy: caller.author,
        });
        const enforced = options.onChanged();
        logger.info({ revocation: revocation.id, by: caller.author, access: revocation.access, ...enforced }, 'access revoked');
        sendJson(res, 201, { revocation, enforced }, { Location: `/api/revocations/${revocation.id}` });
      }),
    },
    {
      method: 'DELETE',
      path: '/api/revocations/{id}',
      handle: answering(logger, async (req, res, url, params) => {
        const caller = await options.caller(req, url);
        requireAdmin(caller);
        const id = params[0] ?? '';
        const removed = await revocations.remove(id);
        if (removed === null) throw new HttpError(404, `no revocation ${JSON.stringify(id)}`);
        options.onChanged();
        logger.info({ revocation: id, by: caller.author }, 'revocation lifted');
        sendJson(res, 200, { revocation: removed });
      }),
    },
  ];
}
