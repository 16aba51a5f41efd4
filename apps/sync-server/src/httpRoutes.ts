import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DocumentStore } from '@tandem/persistence';
import { isValidDocName } from '@tandem/protocol';
import type { EventStream } from './eventStream.js';
import type { Logger } from './logger.js';
import type { RequestAccess } from './security/createSecurity.js';
import { createReadinessProbe, type ReadinessProbe } from './readiness/createReadinessProbe.js';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Capture groups of the route's pattern, URL-decoded. */
  params: string[];
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Matched against the whole path (not URL-decoded). */
  pattern: RegExp;
  handle: (context: RouteContext) => void | Promise<void>;
}

export interface HttpRoutesOptions {
  store: DocumentStore;
  events: EventStream;
  logger: Logger;
  /** More routes (e.g. `/metrics`), tried before the built-in ones. */
  extraRoutes?: readonly Route[];
  /** Answers `/readyz` (default: probe the store on every request). */
  readiness?: ReadinessProbe;
  /**
   * Who may see which documents (the caller's bearer token when auth is on): `/api/docs` and
   * `/api/events` list only those, `/api/docs/<name>` answers 403 for others. Default: everyone sees all.
   */
  access?: (req: IncomingMessage, url: URL) => Promise<RequestAccess>;
}

/** Sends a JSON body (with CORS for GET, as the contract asks). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Access-Control-Allow-Origin': '*',
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function parseLimit(raw: string | null): number | undefined {
  if (raw === null || raw === '') return undefined;
  const limit = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new HttpError(400, `"limit" must be an integer 1..1000, got ${JSON.stringify(raw)}`);
  }
  return limit;
}

function parseCursor(raw: string | null): string | null {
  if (raw === null || raw === '') return null;
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(raw)) throw new HttpError(400, `invalid cursor ${JSON.stringify(raw)}`);
  return raw;
}

function builtInRoutes(options: HttpRoutesOptions): Route[] {
  const { store, events } = options;
  const readable = async (req: IncomingMessage, url: URL): Promise<(docName: string) => boolean> => {
    if (options.access === undefined) return () => true;
    const access = await options.access(req, url);
    if (!access.ok) throw new HttpError(access.status, access.reason);
    return access.canRead;
  };
  const probe = options.readiness ?? createReadinessProbe(store, { cacheMs: 0 });
  return [
    { method: 'GET', pattern: /^\/healthz$/, handle: ({ res }) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET',
      pattern: /^\/readyz$/,
      handle: async ({ res }) => {
        const readiness = await probe.check();
        if (readiness.ready) {
          sendJson(res, 200, { status: 'ready' });
        } else {
          options.logger.warn({ error: readiness.error }, 'readiness check failed');
          sendJson(res, 503, { status: 'unavailable', error: readiness.error });
        }
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/docs\/?$/,
      handle: async ({ req, res, url }) => {
        const limit = parseLimit(url.searchParams.get('limit'));
        const cursor = parseCursor(url.searchParams.get('cursor'));
        const canRead = await readable(req, url);
        try {
          // Filtered page by page: a page may hold fewer than `limit` docs; follow nextCursor.
          const page = await store.list({ cursor, limit });
          sendJson(res, 200, { ...page, docs: page.docs.filter((doc) => canRead(doc.name)) });
        } catch (error) {
          if (cursor !== null && /cursor/.test((error as Error).message)) {
            throw new HttpError(400, `invalid cursor ${JSON.stringify(cursor)}`);
          }
          throw error;
        }
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/docs\/(.+)$/,
      handle: async ({ req, res, url, params }) => {
        const name = params[0] as string;
        if (!isValidDocName(name)) throw new HttpError(400, `invalid document name ${JSON.stringify(name)}`);
        // Before the lookup, so the answer does not tell whether a doc the caller may not see exists.
        if (!(await readable(req, url))(name)) throw new HttpError(403, 'token grants no access to this document');
        const meta = await store.getMeta(name);
        if (meta === null) throw new HttpError(404, `unknown document ${JSON.stringify(name)}`);
        sendJson(res, 200, meta);
      },
    },
    { method: 'GET', pattern: /^\/api\/events$/, handle: async ({ req, res, url }) => events.subscribe(res, await readable(req, url)) },
  ];
}

/**
 * The HTTP side of the server. `handle` answers a request and returns true, or returns false
 * when no route matches (the owner then answers 404, or an embedding app routes it elsewhere).
 */
export function createHttpRoutes(options: HttpRoutesOptions): {
  handle: (req: IncomingMessage, res: ServerResponse) => boolean;
} {
  const routes = [...(options.extraRoutes ?? []), ...builtInRoutes(options)];

  const run = async (route: Route, context: RouteContext): Promise<void> => {
    try {
      await route.handle(context);
    } catch (error) {
      if (context.res.headersSent) {
        context.res.destroy();
      } else if (error instanceof HttpError) {
        sendJson(context.res, error.status, { error: error.message });
      } else {
        options.logger.error({ err: error, path: context.url.pathname }, 'HTTP handler failed');
        sendJson(context.res, 500, { error: 'internal server error' });
      }
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let pathMatched = false;
    for (const route of routes) {
      const match = route.pattern.exec(url.pathname);
      if (match === null) continue;
      pathMatched = true;
      if (route.method !== req.method && !(route.method === 'GET' && req.method === 'HEAD')) continue;
      let params: string[];
      try {
        params = match.slice(1).map((part) => decodeURIComponent(part));
      } catch {
        sendJson(res, 400, { error: 'malformed percent-encoding in the path' });
        return true;
      }
      void run(route, { req, res, url, params });
      return true;
    }
    if (pathMatched) {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': 'GET, OPTIONS',
          'Access-Control-Allow-Headers': 'Authorization',
          'Access-Control-Max-Age': '86400',
        });
        res.end();
      } else {
        sendJson(res, 405, { error: `method ${req.method ?? ''} not allowed` });
      }
      return true;
    }
    return false;
  };

  return { handle };
}
