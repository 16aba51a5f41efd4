import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DocumentStore } from '@tandem/persistence';
import type { EventStream } from './eventStream.js';
import { HttpError } from './httpError.js';
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
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
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
   * Who may see which documents (the caller's bearer token when auth is on): `/api/events` tells
   * only about those. Default: everyone sees all. (The documents API, `/api/docs`, is a set of
   * `extraRoutes` with its own checks: see `api/`.)
   */
  access?: (req: IncomingMessage, url: URL) => Promise<RequestAccess>;
}

/** Sends a JSON body (with CORS, as the contract asks), and any extra headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/**
 * Sends `body` with one more field, last, whose value is JSON already (UTF-8; e.g. a document
 * converted on a worker): it is written as it is, not parsed and stringified again.
 */
export function sendJsonWith(
  res: ServerResponse,
  status: number,
  body: Record<string, unknown>,
  field: { key: string; json: Uint8Array },
  headers: Record<string, string> = {},
): void {
  const head = JSON.stringify(body).slice(0, -1);
  const opening = `${head}${head.length > 1 ? ',' : ''}${JSON.stringify(field.key)}:`;
  sendJsonText(res, status, Buffer.concat([Buffer.from(opening), field.json, Buffer.from('}')]), headers);
}

function sendJsonText(res: ServerResponse, status: number, text: string | Buffer, headers: Record<string, string>): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': 'ETag, Location',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function builtInRoutes(options: HttpRoutesOptions): Route[] {
  const { store, events } = options;
  const readable = async (
    req: IncomingMessage,
    url: URL,
  ): Promise<{ canRead: (docName: string) => boolean; endsAt?: number; revokedBy?: () => string }> => {
    if (options.access === undefined) return { canRead: () => true };
    const access = await options.access(req, url);
    if (!access.ok) throw new HttpError(access.status, access.reason);
    return {
      canRead: access.canRead,
      ...(access.expiresAt === undefined ? {} : { endsAt: access.expiresAt }),
      ...(access.revokedBy === undefined ? {} : { revokedBy: access.revokedBy }),
    };
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
          // The store's error may name the data directory: it goes to the log, not to the caller.
          options.logger.warn({ error: readiness.error }, 'readiness check failed');
          sendJson(res, 503, { status: 'unavailable', error: 'the store cannot write (the server log says why)' });
        }
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/events$/,
      handle: async ({ req, res, url }) => {
        const { canRead, endsAt, revokedBy } = await readable(req, url);
        events.subscribe(req, res, canRead, endsAt, revokedBy);
      },
    },
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
        sendJson(context.res, error.status, { error: error.message, ...error.details }, error.headers);
      } else {
        options.logger.error({ err: error, path: context.url.pathname }, 'HTTP handler failed');
        sendJson(context.res, 500, { error: 'internal server error' });
      }
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const allowed = new Set<string>();
    for (const route of routes) {
      const match = route.pattern.exec(url.pathname);
      if (match === null) continue;
      allowed.add(route.method);
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
    if (allowed.size > 0) {
      const methods = [...allowed, 'OPTIONS'].join(', ');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': methods,
          'Access-Control-Allow-Headers': 'Authorization, Content-Type, If-Match, If-None-Match',
          'Access-Control-Max-Age': '86400',
          Allow: methods,
        });
        res.end();
      } else {
        sendJson(res, 405, { error: `method ${req.method ?? ''} not allowed` }, { Allow: methods });
      }
      return true;
    }
    return false;
  };

  return { handle };
}
