import type { EndpointHealth, Outbox, OutboxAttempt, OutboxEntry, OutboxState } from '@tandem/persistence';
import type { ApiCaller } from '../api/apiCaller.js';
import { type ApiContext, answering } from '../api/apiContext.js';
import type { ApiRoute } from '../api/apiRoute.js';
import { readBody } from '../api/readBody.js';
import { parseBody } from '../api/requestBodies.js';
import { HttpError } from '../httpError.js';
import { sendJson } from '../httpRoutes.js';
import type { Logger } from '../logger.js';
import { disableBody, replayBody } from './webhookBodies.js';
import type { WebhookEndpoint } from './webhookEndpoints.js';

export interface WebhookRoutesOptions {
  caller: ApiContext['caller'];
  endpoints: ReadonlyMap<string, WebhookEndpoint>;
  outbox: Outbox;
  /** Deliver now (after a replay, or an endpoint enabled). */
  wake: () => void;
  maxBodyBytes: number;
  logger: Logger;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const requireAdmin = (caller: ApiCaller): void => {
  if (!caller.admin) throw new HttpError(403, 'the webhooks API needs an API key with the "admin" scope');
};

function parseEvent(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

export function deliveryView(entry: OutboxEntry) {
  return {
    ...{ id: entry.id, eventId: entry.eventId, type: entry.type, doc: entry.lane, state: entry.state, attempts: entry.attempts },
    ...{ createdAt: iso(entry.createdAt), nextAttemptAt: entry.state === 'pending' ? iso(entry.nextAttemptAt) : null },
    ...{ lastAttemptAt: iso(entry.lastAttemptAt), settledAt: iso(entry.settledAt), replayOf: entry.replayOf },
    event: parseEvent(entry.payload),
  };
}

const attemptView = (attempt: OutboxAttempt) => ({
  ...{ id: attempt.id, delivery: attempt.entryId, eventId: attempt.eventId, type: attempt.type, doc: attempt.lane },
  ...{ attempt: attempt.attempt, at: iso(attempt.at), durationMs: attempt.durationMs, statusCode: attempt.statusCode },
  ...{ error: attempt.error, delivered: attempt.delivered },
});

const integerParam = (url: URL, name: string, min: number, max: number, fallback: number | undefined): number | undefined => {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new HttpError(400, `"${name}" must be an integer ${min}..${max}, got ${JSON.stringify(raw)}`);
  return value;
};

const timeParam = (url: URL, name: string): number | undefined => {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  const time = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(time) || time < 0)
    throw new HttpError(400, `"${name}" must be epoch milliseconds or an ISO 8601 time, got ${JSON.stringify(raw)}`);
  return time;
};

/**
 * `/api/webhooks`: the configured endpoints with their state, each one's deliveries and attempts
 * (the delivery log), replays of settled deliveries, and disabling and enabling an endpoint. For
 * administrators: an API key with the `admin` scope (anyone in open mode).
 */
export function webhookRoutes(options: WebhookRoutesOptions): ApiRoute[] {
  const { outbox, endpoints, logger } = options;

  const endpointOf = async (req: Parameters<ApiContext['caller']>[0], url: URL, params: string[]) => {
    const caller = await options.caller(req, url);
    requireAdmin(caller);
    const id = params[0] ?? '';
    const endpoint = endpoints.get(id);
    if (endpoint === undefined) throw new HttpError(404, `no webhook endpoint ${JSON.stringify(id)} is configured`);
    return { caller, endpoint };
  };

  const view = async (list: readonly WebhookEndpoint[]) => {
    const ids = list.map((endpoint) => endpoint.id);
    const [health, depth] = await Promise.all([outbox.health(ids), outbox.depth(ids)]);
    return list.map((endpoint, index) => {
      const state = health[index] as EndpointHealth;
      const queue = depth[index];
      return {
        ...{ id: endpoint.id, url: endpoint.url, events: endpoint.events, docs: endpoint.docs, secrets: endpoint.secretCount },
        ...{ enabled: state.disabledAt === null, disabledAt: iso(state.disabledAt), disabledReason: state.disabledReason },
        ...{ failingSince: iso(state.failingSince), lastDeliveredAt: iso(state.lastDeliveredAt) },
        ...{ pending: queue?.pending ?? 0, oldestPendingAt: iso(queue?.oldestCreatedAt ?? null) },
      };
    });
  };

  /** The settled deliveries a replay body names (at most 1000), oldest first. */
  const toReplay = async (
    endpoint: WebhookEndpoint,
    body: ReturnType<typeof replayBody.parse>,
  ): Promise<{ entries: OutboxEntry[]; truncated: boolean }> => {
    const settled = (entry: OutboxEntry | null): entry is OutboxEntry =>
      entry !== null && entry.endpoint === endpoint.id && entry.state !== 'pending';
    if (body.deliveries !== undefined) {
      const found = await Promise.all(body.deliveries.map((id) => outbox.get(id)));
      const missing = body.deliveries.filter((_, index) => !settled(found[index] ?? null));
      if (missing.length > 0)
        throw new HttpError(
          404,
          `no settled delivery of endpoint ${JSON.stringify(endpoint.id)} with id ${missing.join(', ')} (pending ones are being delivered)`,
        );
      return { entries: found.filter(settled).sort((a, b) => a.id - b.id), truncated: false };
    }
    if (body.eventIds !== undefined) {
      const found = await Promise.all(
        body.eventIds.map(
          async (eventId) =>
            (await outbox.entries({ endpoint: endpoint.id, eventId, states: ['delivered', 'failed'], limit: 1 }))[0] ?? null,
        ),
      );
      const missing = body.eventIds.filter((_, index) => found[index] === null);
      if (missing.length > 0)
        throw new HttpError(404, `no settled delivery to ${JSON.stringify(endpoint.id)} of event ${missing.join(', ')}`);
      return { entries: found.filter(settled).sort((a, b) => a.id - b.id), truncated: false };
    }
    const since = typeof body.since === 'number' ? body.since : Date.parse(body.since as string);
    const states: OutboxState[] = body.state === 'any' ? ['delivered', 'failed'] : [body.state];
    const entries: OutboxEntry[] = [];
    let before: number | undefined;
    let truncated = false;
    for (;;) {
      const page = await outbox.entries({ endpoint: endpoint.id, states, since, limit: 1000, ...(before === undefined ? {} : { before }) });
      entries.push(...page);
      if (page.length < 1000) break;
      before = page.at(-1)?.id;
      if (entries.length > 1000) break;
    }
    if (entries.length > 1000) truncated = true;
    return { entries: entries.sort((a, b) => a.id - b.id).slice(0, 1000), truncated };
  };

  return [
    {
      method: 'GET',
      path: '/api/webhooks',
      handle: answering(logger, async (req, res, url) => {
        requireAdmin(await options.caller(req, url));
        sendJson(res, 200, { endpoints: await view([...endpoints.values()]) });
      }),
    },
    {
      method: 'GET',
      path: '/api/webhooks/{id}/deliveries',
      handle: answering(logger, async (req, res, url, params) => {
        const { endpoint } = await endpointOf(req, url, params);
        const state = url.searchParams.get('state');
        if (state !== null && state !== 'pending' && state !== 'delivered' && state !== 'failed') {
          throw new HttpError(400, `"state" must be pending, delivered or failed, got ${JSON.stringify(state)}`);
        }
        const limit = integerParam(url, 'limit', 1, 1000, 100) as number;
        const before = integerParam(url, 'before', 1, Number.MAX_SAFE_INTEGER, undefined);
        const since = timeParam(url, 'since');
        const eventId = url.searchParams.get('event') ?? undefined;
        const deliveries = await outbox.entries({
          ...{ endpoint: endpoint.id, limit },
          ...(state === null ? {} : { states: [state] }),
          ...(before === undefined ? {} : { before }),
          ...(since === undefined ? {} : { since }),
          ...(eventId === undefined || eventId === '' ? {} : { eventId }),
        });
        sendJson(res, 200, {
          deliveries: deliveries.map(deliveryView),
          nextBefore: deliveries.length === limit ? (deliveries.at(-1)?.id ?? null) : null,
        });
      }),
    },
    {
      method: 'GET',
      path: '/api/webhooks/{id}/attempts',
      handle: answering(logger, async (req, res, url, params) => {
        const { endpoint } = await endpointOf(req, url, params);
        const limit = integerParam(url, 'limit', 1, 1000, 100) as number;
        const before = integerParam(url, 'before', 1, Number.MAX_SAFE_INTEGER, undefined);
        const entryId = integerParam(url, 'delivery', 1, Number.MAX_SAFE_INTEGER, undefined);
        const attempts = await outbox.attempts({
          ...{ endpoint: endpoint.id, limit },
          ...(before === undefined ? {} : { before }),
          ...(entryId === undefined ? {} : { entryId }),
        });
        sendJson(res, 200, {
          attempts: attempts.map(attemptView),
          nextBefore: attempts.length === limit ? (attempts.at(-1)?.id ?? null) : null,
        });
      }),
    },
    {
      method: 'POST',
      path: '/api/webhooks/{id}/replay',
      handle: answering(logger, async (req, res, url, params) => {
        const { caller, endpoint } = await endpointOf(req, url, params);
        const body = parseBody(replayBody, await readBody(req, options.maxBodyBytes), url);
        const { entries, truncated } = await toReplay(endpoint, body);
        const createdAt = Date.now();
        const { added } = await outbox.add(
          entries.map((entry) => ({
            ...{ eventId: entry.eventId, type: entry.type, endpoint: entry.endpoint, lane: entry.lane },
            ...{ payload: entry.payload, createdAt, replayOf: entry.id },
          })),
        );
        options.wake();
        logger.info({ endpoint: endpoint.id, by: caller.author, replayed: added.length, truncated }, 'webhook deliveries replayed');
        sendJson(res, 202, { replayed: added.length, truncated, deliveries: added.map(deliveryView) });
      }),
    },
    {
      method: 'POST',
      path: '/api/webhooks/{id}/enable',
      handle: answering(logger, async (req, res, url, params) => {
        const { caller, endpoint } = await endpointOf(req, url, params);
        const { changed } = await outbox.setDisabled(endpoint.id, null);
        if (changed) logger.info({ endpoint: endpoint.id, by: caller.author }, 'webhook endpoint enabled');
        options.wake();
        sendJson(res, 200, { endpoint: (await view([endpoint]))[0], changed });
      }),
    },
    {
      method: 'POST',
      path: '/api/webhooks/{id}/disable',
      handle: answering(logger, async (req, res, url, params) => {
        const { caller, endpoint } = await endpointOf(req, url, params);
        const body = parseBody(disableBody, await readBody(req, options.maxBodyBytes), url);
        const reason = `disabled through the API by ${caller.author ?? 'an administrator'}${body.reason === undefined ? '' : `: ${body.reason}`}`;
        const { changed } = await outbox.setDisabled(endpoint.id, { at: Date.now(), reason });
        if (changed)
          logger.warn({ endpoint: endpoint.id, by: caller.author, reason: body.reason }, 'webhook endpoint disabled through the API');
        sendJson(res, 200, { endpoint: (await view([endpoint]))[0], changed });
      }),
    },
    {
      method: 'GET',
      path: '/api/webhooks/{id}',
      handle: answering(logger, async (req, res, url, params) => {
        const { endpoint } = await endpointOf(req, url, params);
        sendJson(res, 200, { endpoint: (await view([endpoint]))[0] });
      }),
    },
  ];
}
