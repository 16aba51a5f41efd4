import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import { AddressCounter } from './limits/addressCounter.js';
import type { LimitsConfig } from './config/limitsConfig.js';
import { socketBudget, softDescriptorLimit } from './limits/softDescriptorLimit.js';
import { logAtMostEvery } from './logAtMostEvery.js';
import type { Logger } from './logger.js';
import type { HttpGuardMetrics } from './metrics/httpGuardMetrics.js';

type HttpLimits = Pick<LimitsConfig, 'maxHttpSocketsPerIp' | 'trustedProxyHops' | 'httpHeadersTimeoutMs' | 'httpRequestTimeoutMs'>;

/** A flood logs one line per this interval (with the count left out); metrics count every event. */
const floodLogIntervalMs = 10_000;
/** How long a client refused for its address's socket count is told to wait. */
const refusedRetryAfterSec = 10;

/**
 * Options for an `http.Server` the sync server creates: a request must bring its headers within
 * `httpHeadersTimeoutMs` and all of it within `httpRequestTimeoutMs` (Node's defaults hold a
 * half-sent request for a minute or more), checked every second rather than every 30 s.
 */
export function httpServerOptions(limits: HttpLimits): ServerOptions {
  return {
    headersTimeout: limits.httpHeadersTimeoutMs,
    requestTimeout: limits.httpRequestTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, limits.httpHeadersTimeoutMs),
  };
}

const refusal = (() => {
  const body = JSON.stringify({ error: 'too many open connections from this address' });
  return [
    'HTTP/1.1 429 Too Many Requests',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `Retry-After: ${refusedRetryAfterSec}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
})();

/**
 * Guards a server the sync server owns against running out of file descriptors:
 * - it holds at most `socketBudget` of the process's descriptor limit in sockets (Node's
 *   `maxConnections`; a socket past it is closed at once, logged and counted), so the store's files
 *   and journal always find a descriptor;
 * - each client address may hold `maxHttpSocketsPerIp` sockets (HTTP, event streams and WebSockets
 *   alike); a socket past that is answered 429 and closed as soon as it is accepted. Without a
 *   reverse proxy only (`trustedProxyHops` 0): behind one, every socket comes from the proxy;
 * - a failed accept (`EMFILE`/`ENFILE`) is logged and counted instead of ending the process (Node
 *   emits it as the server's 'error', which kills a process that does not listen for it); libuv
 *   keeps listening, and accepting resumes as soon as descriptors are free.
 * Returns what removes the guard's listeners.
 */
export function guardHttpServer(options: {
  httpServer: Server;
  limits: HttpLimits;
  logger: Logger;
  metrics: HttpGuardMetrics;
  /** Default: the process's soft limit (`softDescriptorLimit`); null: no cap from it. */
  descriptorLimit?: number | null;
}): () => void {
  const { httpServer, limits, logger, metrics } = options;
  const descriptorLimit = options.descriptorLimit === undefined ? softDescriptorLimit() : options.descriptorLimit;
  const maxSockets = descriptorLimit === null ? null : socketBudget(descriptorLimit);
  if (maxSockets !== null) httpServer.maxConnections = maxSockets;
  const perAddress = new AddressCounter(limits.maxHttpSocketsPerIp);
  const logRefused = logAtMostEvery(floodLogIntervalMs, (suppressed, ip: string) =>
    logger.warn({ ip, max: limits.maxHttpSocketsPerIp, suppressed }, 'socket refused: maxHttpSocketsPerIp reached'),
  );
  const logDropped = logAtMostEvery(floodLogIntervalMs, (suppressed, ip: string | undefined) =>
    logger.error(
      { ip: ip ?? null, maxSockets, descriptorLimit, suppressed },
      'socket refused: the server holds as many sockets as its descriptor limit allows',
    ),
  );
  const logAcceptError = logAtMostEvery(floodLogIntervalMs, (suppressed, error: NodeJS.ErrnoException) =>
    logger.error({ err: error, suppressed }, 'cannot accept connections (out of file descriptors?): refusing them until some close'),
  );

  const onConnection = (socket: Socket): void => {
    if (limits.trustedProxyHops > 0) return;
    const ip = socket.remoteAddress ?? 'unknown';
    const release = perAddress.acquire(ip);
    if (release !== null) {
      socket.once('close', release);
      return;
    }
    metrics.socketRefused('per_address');
    logRefused(ip);
    socket.on('error', () => {}); // the peer may reset; it is being closed anyway
    socket.end(refusal);
    if (socket.writableFinished) socket.destroy();
    else socket.once('finish', () => socket.destroy());
  };

  const onDrop = (data?: { remoteAddress?: string }): void => {
    metrics.socketRefused('descriptors');
    logDropped(data?.remoteAddress);
  };

  const onError = (error: NodeJS.ErrnoException): void => {
    if (error.syscall === 'accept') {
      metrics.acceptError(error.code ?? 'unknown');
      logAcceptError(error);
      return;
    }
    // Anything else is not ours to handle: listen() reports its own errors; alone, behave as Node does.
    if (httpServer.listenerCount('error') === 1) throw error;
  };

  httpServer.on('connection', onConnection);
  httpServer.on('error', onError);
  httpServer.on('drop', onDrop);
  return () => {
    httpServer.off('connection', onConnection);
    httpServer.off('drop', onDrop);
    httpServer.off('error', onError);
  };
}
