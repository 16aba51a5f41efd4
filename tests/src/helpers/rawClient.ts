import { type DecodedMessage, decodeMessage, encodeSyncStep1 } from '@tandem/protocol';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { registerTeardown } from './teardown.js';
import { waitFor } from './waitFor.js';

export interface RawClientOptions {
  params?: Record<string, string>;
  /** Answer pings (default true). False simulates a peer whose network silently died. */
  autoPong?: boolean;
  /** Connect from this local address (e.g. `127.0.0.2`, to be a second client address on loopback). */
  localAddress?: string;
}

export interface RawClient {
  socket: WebSocket;
  /** Every frame received, decoded, in order. */
  received: DecodedMessage[];
  /** Set once the socket closed. */
  closeEvent: { code: number; reason: string } | null;
  send: (bytes: Uint8Array) => void;
  /** Sends sync step 1 with an empty state vector: the server answers with the whole doc. */
  requestState: () => void;
  waitForMessage: <K extends DecodedMessage['kind']>(
    kind: K,
    predicate?: (message: Extract<DecodedMessage, { kind: K }>) => boolean,
    timeout?: number,
  ) => Promise<Extract<DecodedMessage, { kind: K }>>;
  waitForClose: (timeout?: number) => Promise<{ code: number; reason: string }>;
  close: () => void;
}

/** A bare `ws` client speaking the wire protocol by hand (for malformed frames, acks, heartbeats). */
export async function connectRaw(url: string, docName: string, options: RawClientOptions = {}): Promise<RawClient> {
  const query = new URLSearchParams(options.params ?? {}).toString();
  const socket = new WebSocket(`${url}/${encodeURIComponent(docName)}${query === '' ? '' : `?${query}`}`, {
    autoPong: options.autoPong ?? true,
    ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
  });
  socket.binaryType = 'nodebuffer';
  const client: RawClient = {
    socket,
    received: [],
    closeEvent: null,
    send: (bytes) => socket.send(bytes),
    requestState: () => socket.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))),
    waitForMessage: (kind, predicate, timeout = 5000) =>
      waitFor(() => client.received.find((message) => message.kind === kind && (predicate?.(message as never) ?? true)) as never, {
        timeout,
        message: `a "${kind}" message`,
      }),
    waitForClose: (timeout = 5000) => waitFor(() => client.closeEvent, { timeout, message: 'the socket to close' }),
    close: () => socket.close(),
  };
  socket.on('message', (data: Buffer) => {
    client.received.push(decodeMessage(new Uint8Array(data), { validatePayloads: false }));
  });
  socket.on('close', (code, reason) => {
    client.closeEvent = { code, reason: reason.toString() };
  });
  socket.on('error', () => {});
  registerTeardown(() => socket.terminate());
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
  return client;
}
