import { AuthMessageType, MessageType } from '@tandem/protocol';
import * as decoding from 'lib0/decoding';
import type { Client } from './connectClient.js';

export interface AccessWatch {
  /** When the server's read-only notice arrived (performance.now()), null before. */
  readOnlyAt: number | null;
  /** The first close the server sent, with when it arrived. */
  closed: { code: number; reason: string; at: number } | null;
  /** The provider stopped reconnecting (a 44xx close). */
  stopped: boolean;
}

/** Records what a stock WebsocketProvider hears about its access: the read-only notice and the server's close code. */
export function watchAccess(client: Client): AccessWatch {
  const watch: AccessWatch = { readOnlyAt: null, closed: null, stopped: false };
  client.provider.messageHandlers[MessageType.Auth] = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) === AuthMessageType.PermissionDenied && decoding.readVarString(decoder) === 'read-only') {
      watch.readOnlyAt ??= performance.now();
    }
  };
  client.provider.on('connection-close', (event) => {
    if (event !== null && watch.closed === null) watch.closed = { code: event.code, reason: event.reason, at: performance.now() };
  });
  client.provider.on('closed', () => {
    watch.stopped = true;
  });
  return watch;
}
