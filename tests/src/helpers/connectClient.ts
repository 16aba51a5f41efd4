import { MessageType } from '@tandem/protocol';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { registerTeardown } from './teardown.js';
import { waitFor } from './waitFor.js';

export interface ConnectClientOptions {
  /** Use this doc (default: a new Y.Doc). */
  doc?: Y.Doc;
  /** URL query parameters, e.g. `{ ack: '1' }`. */
  params?: Record<string, string>;
  /** Connect right away (default true). */
  connect?: boolean;
  /** Local awareness state to announce (default: the stock provider's `{}`). */
  awareness?: Record<string, unknown>;
  /** Max reconnect backoff (default 250 ms, so tests reconnect fast). */
  maxBackoffTime?: number;
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves when the provider reports synced (or rejects after `timeout`). */
  synced: (timeout?: number) => Promise<void>;
  /** Destroys provider and doc (also done after the test). */
  destroy: () => void;
}

/** A stock y-websocket `WebsocketProvider` using `ws`, BroadcastChannel off; destroyed after the test. */
export function connectClient(url: string, docName: string, options: ConnectClientOptions = {}): Client {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(url, docName, doc, {
    // ws implements the browser WebSocket interface the provider uses.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: options.connect ?? true,
    params: options.params ?? {},
    maxBackoffTime: options.maxBackoffTime ?? 250,
  });
  // A client that asks for durable acks reads them (the stock provider logs "Unable to compute
  // message" for a type it has no handler for); the ack tests read them off the raw socket.
  if (options.params?.ack !== undefined) provider.messageHandlers[MessageType.Ack] = () => {};
  if (options.awareness !== undefined) provider.awareness.setLocalState(options.awareness);
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    provider.destroy();
    doc.destroy();
  };
  registerTeardown(destroy);
  return {
    doc,
    provider,
    synced: (timeout = 5000) => waitFor(() => provider.synced, { timeout, message: `client of "${docName}" synced` }).then(() => {}),
    destroy,
  };
}
