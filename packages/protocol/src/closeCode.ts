/**
 * WebSocket close codes the sync server uses, as `{ code, reason }` pairs.
 *
 * Stock `WebsocketProvider` (y-websocket 3) stops reconnecting on 4400-4499 ("reconnecting cannot
 * fix this") and reconnects on everything else, so the codes below are chosen by that rule:
 * 44xx = the client sent something wrong, 45xx = the server had a problem, retry.
 * Reasons stay well under the 123-byte limit of a close frame.
 */
export const CloseCode = {
  /** Server shutting down (RFC 6455 "going away"); the provider reconnects to the next instance. */
  GoingAway: { code: 1001, reason: 'server shutting down' },
  /** A frame exceeded the server's size limit (RFC 6455 "message too big"). */
  MessageTooBig: { code: 1009, reason: 'message too big' },
  /** The frame could not be decoded (bad varint, unknown type, trailing bytes, invalid update). */
  ProtocolError: { code: 4400, reason: 'protocol error' },
  /** The token presented on an open connection (a renewal) was rejected, or names another user. Reconnect with a fresh one. */
  Unauthorized: { code: 4401, reason: 'token rejected' },
  /** No access to this document any more: revoked by an administrator, or a renewed token does not grant it. */
  Forbidden: { code: 4403, reason: 'access to this document was removed' },
  /** The document was deleted (through the HTTP API) while this connection had it open; it may be restored. */
  DocumentDeleted: { code: 4410, reason: 'document deleted' },
  /** An update would grow the document past the server's size limit; it was neither applied nor stored. */
  DocTooLarge: { code: 4413, reason: 'document size limit reached' },
  /** The connection's token expired and no fresh one was presented (token renewal). Reconnect with a fresh one. */
  TokenExpired: { code: 4419, reason: 'token expired' },
  /** An awareness update was larger than the server allows. */
  AwarenessTooLarge: { code: 4431, reason: 'awareness state too large' },
  /** Storing an update failed; nothing of it was relayed. Reconnect and resend. */
  StorageWriteFailed: { code: 4500, reason: 'storage write failed, retry' },
  /** The room was reset after a storage failure by another connection. Reconnect to resync. */
  RoomReset: { code: 4502, reason: 'room reset after storage failure, retry' },
  /** The document could not be loaded from storage. Reconnect later. */
  StorageUnavailable: { code: 4503, reason: 'storage unavailable, retry' },
  /** A bug on the server while handling a frame (logged). Reconnect. */
  InternalError: { code: 4510, reason: 'internal server error, retry' },
  /** The document already has as many connections as the server allows. Retry later. */
  TooManyConnectionsToDoc: { code: 4520, reason: 'too many connections to this document, retry later' },
  /** The client address already has as many connections as the server allows. Retry later. */
  TooManyConnectionsFromIp: { code: 4521, reason: 'too many connections from this address, retry later' },
  /** The connection sent more messages or bytes per second than allowed. Retry later. */
  RateLimited: { code: 4529, reason: 'rate limit exceeded, retry later' },
} as const satisfies Record<string, { code: number; reason: string }>;

export type CloseCodeName = keyof typeof CloseCode;
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName];
