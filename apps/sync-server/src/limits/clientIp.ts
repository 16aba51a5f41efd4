import { isIP } from 'node:net';

/**
 * The client's IP address for limits and logs. With `trustedProxyHops` = 0 (no reverse proxy) it
 * is the socket's peer address and `X-Forwarded-For` is ignored, since any client can send it.
 * Behind N trusted proxies that each append the address they saw, the client is the N-th entry
 * from the right; entries further left were written by the client and are never trusted. When the
 * header has fewer entries than expected, or the entry is not an IP, the peer address is used.
 */
export function clientIp(
  remoteAddress: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trustedProxyHops: number,
): string | null {
  const peer = remoteAddress ?? null;
  if (trustedProxyHops === 0 || forwardedFor === undefined) return peer;
  const entries = (typeof forwardedFor === 'string' ? forwardedFor : forwardedFor.join(','))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const candidate = entries[entries.length - trustedProxyHops];
  return candidate !== undefined && isIP(candidate) !== 0 ? candidate : peer;
}
