import * as Y from 'yjs';
import { type Client, type ConnectClientOptions, connectClient } from './connectClient.js';

export interface RecordingClient {
  client: Client;
  doc: Y.Doc;
  /** Every update this client received from its server (the "relayed implies stored" check reads them). */
  received: Uint8Array[];
}

/** A stock client that records every update it receives; pass `received` to keep recording across reconnects. */
export function recordingClient(
  url: string,
  docName: string,
  options: ConnectClientOptions & { received?: Uint8Array[] } = {},
): RecordingClient {
  const doc = options.doc ?? new Y.Doc();
  const received = options.received ?? [];
  const client = connectClient(url, docName, { ...options, doc });
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === client.provider) received.push(update);
  });
  return { client, doc, received };
}
