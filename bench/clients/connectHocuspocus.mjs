import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { benchTextName } from './benchClient.mjs';

/**
 * Hocuspocus's own provider on its own socket (defaults otherwise) for `docName`.
 * It has no durable ack: `acks` stays 0, `sent` is not counted.
 * @param {number} port
 * @param {string} docName
 * @param {Y.Doc} [doc] an existing doc (a client reconnecting elsewhere), else a new one
 * @returns {import('./benchClient.mjs').BenchClient}
 */
export function connectHocuspocus(port, docName, doc = new Y.Doc()) {
  const text = doc.getText(benchTextName);
  const startedAt = performance.now();
  /** @type {WebSocket | null} */
  let socket = null;
  let sockets = 0;
  class TrackedWebSocket extends WebSocket {
    /** @param {ConstructorParameters<typeof WebSocket>} args */
    constructor(...args) {
      super(...args);
      socket = this;
      sockets += 1;
    }
  }
  const websocketProvider = new HocuspocusProviderWebsocket({ url: `ws://127.0.0.1:${port}`, WebSocketPolyfill: TrackedWebSocket });
  const provider = new HocuspocusProvider({ websocketProvider, name: docName, document: doc });
  // A provider given its socket does not attach by itself.
  provider.attach();
  const synced = new Promise((resolve) => {
    const onSynced = () => {
      provider.off('synced', onSynced);
      resolve(performance.now());
    };
    provider.on('synced', onSynced);
  });
  return {
    doc,
    text,
    startedAt,
    synced,
    isSynced: () => provider.synced,
    sent: { count: 0, times: null, clocks: null },
    acks: { count: 0, listeners: new Set() },
    bufferedAmount: () => /** @type {WebSocket | null} */ (socket)?.bufferedAmount ?? 0,
    reconnects: () => Math.max(0, sockets - 1),
    close: () => {
      provider.destroy();
      websocketProvider.destroy();
    },
    destroy: () => {
      provider.destroy();
      websocketProvider.destroy();
      doc.destroy();
    },
  };
}
