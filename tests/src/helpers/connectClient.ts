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
  /** Connect (and reconnect) from this local address (e.g. `127.0.0.2`, a second client address on loopback). */
  localAddress?: string;
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves when the provider reports synced (or rejects after `timeout`). */
  synced: (timeout?: number) => Promise<void>;
  /** Destroys provider and doc (also done after the test). */
  destroy: () => void;
}

/** `ws` with a fixed local address, in the shape the provider constructs it (`new WebSocketPolyfill(url, protocols)`). */
function fromAddress(localAddress: string): typeof globalThis.WebSocket {
  class FromAddress extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { localAddress });
    }
  }
  return FromAddress as unknown as typeof globalThis.WebSocket;
}

/** A stock y-websocket `WebsocketProvider` using `ws`, BroadcastChannel off; destroyed after the test. */
export function connectClient(url: string, docName: string, options: ConnectClientOptions = {}): Client {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(url, docName, doc, {
    // ws implements the browser WebSocket interface the provider uses.
    WebSocketPolyfill:
      options.localAddress === undefined ? (WebSocket as unknown as typeof globalThis.WebSocket) : fromAddress(options.localAddress),
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
