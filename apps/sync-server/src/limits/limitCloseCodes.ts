/**
 * Close codes for the limits, as `{ code, reason }` pairs, following the rule of
 * `@tandem/protocol`'s `CloseCode` (stock y-websocket 3 stops reconnecting on 4400-4499 and
 * reconnects with backoff on everything else):
 * - 44xx: resending the same state cannot succeed, so the client must not retry on its own.
 * - 45xx: the client may succeed later; retrying with backoff is right.
 * PROPOSAL: these belong in `@tandem/protocol`'s `CloseCode`; once they are there, import them from
 * it and delete this file. The numbers do not collide with the codes already defined there.
 */
export const LimitCloseCode = {
  /** An update would grow the document past `maxDocBytes`; it was neither applied nor stored. */
  DocTooLarge: { code: 4413, reason: 'document size limit reached' },
  /** An awareness update was larger than `maxAwarenessBytes`. */
  AwarenessTooLarge: { code: 4431, reason: 'awareness state too large' },
  /** The connection sent more messages or bytes per second than its token buckets allow. */
  RateLimited: { code: 4529, reason: 'rate limit exceeded, retry later' },
  /** The document already has `maxConnectionsPerDoc` connections. */
  TooManyConnectionsToDoc: { code: 4520, reason: 'too many connections to this document, retry later' },
  /** The client address already has `maxConnectionsPerIp` connections. */
  TooManyConnectionsFromIp: { code: 4521, reason: 'too many connections from this address, retry later' },
} as const satisfies Record<string, { code: number; reason: string }>;

export type LimitCloseCodeValue = (typeof LimitCloseCode)[keyof typeof LimitCloseCode];
