// The public port of `npm start` and `npm run dev`: one origin for the editor app and the sync
// server, so a teammate's browser needs one address and the editor finds the sync server at
// `/sync` on the page's own origin. `/sync/<doc>` WebSocket upgrades and `/sync/api/…` go to the
// sync server with the prefix removed; everything else goes to the Next app. The sync server's
// operational routes (`/metrics`, `/healthz`, `/readyz`) stay on its own port, off this one.
// Paths pass through byte for byte (http-proxy-3's `toProxy`): a `/sync` path with a dot segment
// is refused here, since the servers behind would resolve it to another path.
import { createServer, Agent } from 'node:http';
import httpProxy from 'http-proxy-3';

export const SYNC_PREFIX = '/sync';

const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * Where a request goes: `{ to: 'sync' | 'web', url }` with the URL to send there, or
 * `{ refuse: status, message }`. Pure; `upgrade` is true for a WebSocket upgrade.
 */
export function routeRequest(rawUrl, upgrade) {
  const url = rawUrl || '/';
  const queryAt = url.search(/[?#]/);
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  if (path !== SYNC_PREFIX && !path.startsWith(`${SYNC_PREFIX}/`)) return { to: 'web', url };
  if (path.split(/[/\\]/).some((segment) => DOT_SEGMENT.test(segment))) {
    return { refuse: 400, message: 'the path has a "." or ".." segment' };
  }
  const rest = url.slice(SYNC_PREFIX.length);
  const forwarded = rest === '' || rest.startsWith('?') ? `/${rest}` : rest;
  if (upgrade || forwarded.startsWith('/api/')) return { to: 'sync', url: forwarded };
  return {
    refuse: 404,
    message: `not served on the public port: WebSockets at ${SYNC_PREFIX}/<document> and the API at ${SYNC_PREFIX}/api/…`,
  };
}

/**
 * The `X-Forwarded-*` headers to send on: the peer is appended to `X-Forwarded-For` (the sync
 * server counts hops from the right); `X-Forwarded-Proto` and `-Host` are the ones a trusted proxy
 * in front set, or else what this port saw (a client talking to it directly cannot forge them).
 */
export function forwardedHeaders(headers, peerAddress, trustedProxyHops) {
  const first = (value) => (Array.isArray(value) ? value[0] : value);
  const priorFor = Array.isArray(headers['x-forwarded-for']) ? headers['x-forwarded-for'].join(', ') : headers['x-forwarded-for'];
  const peer = (peerAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  const trusted = trustedProxyHops > 0;
  return {
    'x-forwarded-for': priorFor ? `${priorFor}, ${peer}` : peer,
    'x-forwarded-proto': (trusted && first(headers['x-forwarded-proto'])) || 'http',
    'x-forwarded-host': (trusted && first(headers['x-forwarded-host'])) || headers.host || '',
  };
}

const reasons = { 400: 'Bad Request', 404: 'Not Found', 502: 'Bad Gateway' };

function answer(res, status, message, json) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = json ? JSON.stringify({ error: message }) : `<!doctype html><title>Tandem</title><p>${message}</p>\n`;
  res.writeHead(status, {
    'Content-Type': json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function answerSocket(socket, status, message) {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${reasons[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Listens on `host:port` and forwards to `webTarget` (the Next app) and `syncTarget` (the sync
 * server), both `http://host:port` URLs. `trustedProxyHops`: reverse proxies in front of this port.
 * `log(level, message)` gets one line per failure to reach a target. Resolves once listening (with
 * the port, for `port: 0`); rejects if the port cannot be taken.
 */
export async function startGateway({ host, port, webTarget, syncTarget, trustedProxyHops = 0, log = () => {} }) {
  const proxy = httpProxy.createProxyServer({ toProxy: true, proxyTimeout: 0 });
  const keepAlive = new Agent({ keepAlive: true });
  const targets = { web: new URL(webTarget), sync: new URL(syncTarget) };
  const names = { web: 'the editor app', sync: 'the sync server' };
  const upgraded = new Set();

  /** A target that cannot be reached: 502 with a line in the log. A client that went away is nobody's failure. */
  const tunnels = new WeakSet();
  proxy.on('proxyReqWs', (proxyReq, req) => proxyReq.once('upgrade', () => tunnels.add(req)));
  const failed = (to, path) => (error, req, resOrSocket) => {
    // Once upgraded, the socket carries WebSocket frames: it is closed, with no HTTP answer.
    if (req.socket.destroyed || tunnels.has(req)) return;
    const message = `${names[to]} is not answering (${error.code ?? error.message}); it may still be starting`;
    log('warn', `${req.method} ${path}: ${message}`);
    if ('writeHead' in resOrSocket) answer(resOrSocket, 502, message, to === 'sync');
    else answerSocket(resOrSocket, 502, message);
  };
  // Errors of the client's own socket (reset, gone) reach the proxy's error event.
  proxy.on('error', (_error, _req, resOrSocket) => resOrSocket.destroy());
  proxy.on('econnreset', () => {});

  const prepare = (req, to, url) => {
    Object.assign(req.headers, forwardedHeaders(req.headers, req.socket.remoteAddress, trustedProxyHops));
    req.url = url;
    return targets[to];
  };

  const server = createServer((req, res) => {
    const route = routeRequest(req.url, false);
    if ('refuse' in route) {
      answer(res, route.refuse, route.message, true);
      return;
    }
    const path = req.url?.split('?')[0];
    const target = prepare(req, route.to, route.url);
    proxy.web(req, res, { target, agent: keepAlive }, failed(route.to, path));
  });
  // A client gets as long to send its headers as the sync server gives it (httpHeadersTimeoutMs).
  server.headersTimeout = 10_000;
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const route = routeRequest(req.url, true);
    if ('refuse' in route) {
      answerSocket(socket, route.refuse, route.message);
      return;
    }
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    const path = req.url?.split('?')[0];
    const target = prepare(req, route.to, route.url);
    proxy.ws(req, socket, head, { target }, failed(route.to, path));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    /** Stops listening and closes every connection, upgraded ones included. */
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
        keepAlive.destroy();
      }),
  };
}
