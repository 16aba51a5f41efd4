import { MessageType } from '@tandem/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { SaveTracker } from './saveTracker.js';

type MessageHandler = (
  encoder: encoding.Encoder,
  decoder: decoding.Decoder,
  provider: WebsocketProvider,
  emitSynced: boolean,
  messageType: number,
) => void;

export interface SaveEvents {
  /** The counts changed: the save state may have. */
  onChange: () => void;
  /** The server's acknowledgements no longer add up. */
  onError: (message: string) => void;
}

/**
 * Feeds `save` exactly what the server counts: one sync step 2 per connection (our answer to
 * its step 1), one sync update per local doc update sent while connected, and its durable acks.
 * Returns the cleanup.
 */
export function trackSaves(provider: WebsocketProvider, doc: Y.Doc, save: SaveTracker, events: SaveEvents): () => void {
  const syncHandler = provider.messageHandlers[MessageType.Sync] as MessageHandler | undefined;
  if (syncHandler === undefined) throw new Error('y-websocket provider has no sync message handler');
  provider.messageHandlers[MessageType.Sync] = (encoder, decoder, p, emitSynced, messageType) => {
    syncHandler(encoder, decoder, p, emitSynced, messageType);
    // The handler writes a reply (beyond its one-byte type) only for sync step 1: our step 2,
    // which the provider sends on the WebSocket when the message came from it (emitSynced).
    if (emitSynced && encoding.length(encoder) > 1) {
      save.syncStep2Sent();
      events.onChange();
    }
  };
  provider.messageHandlers[MessageType.Ack] = (_encoder, decoder) => {
    const count = decoding.readVarUint(decoder);
    try {
      save.ackReceived(count);
    } catch (error) {
      events.onError(`Save status unknown: ${(error as Error).message}`);
      return;
    }
    events.onChange();
  };
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider) return; // the provider does not send what it received
    const ws = provider.ws;
    if (provider.wsconnected && ws !== null && ws.readyState === ws.OPEN) save.messageSent();
    else save.changedWhileOffline();
    events.onChange();
  };
  doc.on('update', onUpdate);
  return () => doc.off('update', onUpdate);
}
