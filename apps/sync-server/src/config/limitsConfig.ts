import * as z from 'zod';
import { parseOriginPattern } from '../limits/originPattern.js';
import { boolean, field, integer } from './configField.js';
import type { ConfigProblem } from './configProblem.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Origin patterns (see `originAllowed`), as a list or comma-separated text; each one checked at start. */
const originList = () => ({
  schema: z.preprocess(
    (value, ctx) => {
      if (typeof value !== 'string') return value;
      if (value.trim() === '')
        ctx.addIssue({ code: 'custom', message: 'is set but empty; unset it, or give "*" or a comma-separated list' });
      return value.split(',');
    },
    z
      .array(z.string().trim())
      .readonly()
      .superRefine((patterns, ctx) => {
        for (const pattern of patterns) {
          try {
            parseOriginPattern(pattern);
          } catch (error) {
            ctx.addIssue({ code: 'custom', message: (error as Error).message });
            return;
          }
        }
      }),
  ),
  expected: 'a list of origin patterns',
  fromText: (raw: string) => raw,
});

/**
 * Abuse limits, per server process. Safe for local use out of the box: only pages served from this
 * machine may connect (a page on any other site is refused, which blocks cross-site WebSocket
 * hijacking of a local open-mode server); deployments list their editor's origin.
 */
export const limitsFields = {
  allowedOrigins: field(
    originList(),
    Object.freeze(['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*', 'https://localhost:*']),
    'Comma-separated origins allowed to open WebSockets: `*`, `https://docs.example.com`, `https://*.example.com`, `http://localhost:*`.',
  ),
  allowMissingOrigin: field(
    boolean(),
    true,
    'Let in upgrades without an Origin header (non-browser clients; they could forge one anyway).',
  ),
  trustedProxyHops: field(integer(0, 16), 0, 'Reverse proxies in front that append to X-Forwarded-For (0: the header is ignored).'),
  /** An office behind one NAT address is one client address: 100 people with a few documents open each fit. */
  maxConnectionsPerIp: field(integer(1), 512, 'Open WebSockets per client address (IPv6: per /64); more are closed with 4521.'),
  maxConnectionsPerDoc: field(integer(1), 256, 'Open WebSockets per document; more are closed with 4520.'),
  /** Counted from the socket's peer address, so it applies only without a reverse proxy. */
  maxHttpSocketsPerIp: field(
    integer(1),
    1024,
    'Open TCP sockets per client address (IPv6: per /64): HTTP requests, event streams and WebSockets; more are answered 429 and closed at once. Not applied behind a proxy (trustedProxyHops > 0). At least maxConnectionsPerIp.',
  ),
  maxEventStreamsPerIp: field(
    integer(1),
    256,
    'Open /api/events streams per client address (IPv6: per /64); more get 429 with Retry-After.',
  ),
  httpHeadersTimeoutMs: field(
    integer(100, 600_000),
    10_000,
    'Time a client has to send the headers of a request (or WebSocket upgrade); an idle or half-sent one is closed with 408.',
  ),
  httpRequestTimeoutMs: field(
    integer(100, 3_600_000),
    30_000,
    'Time a client has to send a whole request, headers and body; at least httpHeadersTimeoutMs.',
  ),
  maxMessagesPerSecond: field(
    integer(1),
    200,
    'Sustained inbound messages per second per connection (token bucket); a writer over it is slowed (its socket is not read until the budget refills), a flood is closed with 4529.',
  ),
  messageBurst: field(integer(1), 400, 'Messages a connection may send at once after a quiet period (bucket size).'),
  maxBytesPerSecond: field(
    integer(1),
    4 * MiB,
    'Sustained inbound bytes per second per connection; a writer over it is slowed, a flood is closed with 4529.',
  ),
  byteBurst: field(integer(1), 16 * MiB, 'Bytes a connection may send at once after a quiet period; at least maxMessageBytes.'),
  floodCloseAfterMs: field(
    integer(0, 600_000),
    5000,
    'How long a connection may stay over its message or byte budget, slowed, before it is closed with 4529 as a flood; 0 closes at the first frame over budget.',
  ),
  maxDocBytes: field(
    integer(1),
    64 * MiB,
    'Largest encoded size of a document; an update that would exceed it is refused, not stored, and closed with 4413.',
  ),
  maxAwarenessBytes: field(integer(1), 64 * KiB, 'Largest awareness (presence) message; a bigger one is closed with 4431.'),
};

const limitsObject = z.object(limitsFields);
export type LimitsConfig = z.output<typeof limitsObject>;

/** Rules across keys: bursts that let the largest frame through, a socket per WebSocket, timeouts in order. */
export function limitsProblems(config: LimitsConfig & { maxMessageBytes: number }): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.byteBurst < config.maxMessageBytes) {
    problems.push({
      key: 'byteBurst',
      problem: `must be at least maxMessageBytes (${config.maxMessageBytes}), or a frame the server accepts could never pass the rate limit (got ${config.byteBurst})`,
    });
  }
  if (config.maxHttpSocketsPerIp < config.maxConnectionsPerIp) {
    problems.push({
      key: 'maxHttpSocketsPerIp',
      problem: `must be at least maxConnectionsPerIp (${config.maxConnectionsPerIp}): every WebSocket holds a socket (got ${config.maxHttpSocketsPerIp})`,
    });
  }
  if (config.httpRequestTimeoutMs < config.httpHeadersTimeoutMs) {
    problems.push({
      key: 'httpRequestTimeoutMs',
      problem: `must be at least httpHeadersTimeoutMs (${config.httpHeadersTimeoutMs}): the headers are part of the request (got ${config.httpRequestTimeoutMs})`,
    });
  }
  return problems;
}
