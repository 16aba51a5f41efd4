import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { benchTextName } from './benchClient.mjs';
import { countingWebSocket } from './countingWebSocket.mjs';

/** Tandem's durable ack message type (see @tandem/protocol `MessageType.Ack`). */
const messageAck = 100;

/**
 * A stock y-websocket `WebsocketProvider` (ws polyfill, no BroadcastChannel) on `ws://127.0.0.1:<port>/<docName>`.
 * With `ack`, it opens with `?ack=1` and counts Tandem's durable acks.
 * @param {number} port
 * @param {string} docName
 * @param {{ ack?: boolean, trackSendTimes?: boolean, trackClocks?: boolean, doc?: Y.Doc }} [options] `doc`: an existing
 *   doc (a client reconnecting elsewhere), else a new one
 * @returns {import('./benchClient.mjs').BenchClient}
 */
export function connectYWebsocket(port, docName, { ack = false, trackSendTimes = false, trackClocks = false, doc = new Y.Doc() } = {}) {
  const text = doc.getText(benchTextName);
  /** @type {import('./benchClient.mjs').UpdateCounter} */
  const sent = { count: 0, times: trackSendTimes ? [] : null, clocks: trackClocks ? [] : null };
  /** @type {import('./benchClient.mjs').BenchClient['acks']} */
  const acks = { count: 0, listeners: new Set() };
  /** @type {{ socket: import('ws').WebSocket | null, sockets: number, onNewSocket: () => void }} */
  const holder = {
    socket: null,
    sockets: 0,
    onNewSocket: () => {
      acks.count = 0;
    },
  };
  const startedAt = performance.now();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, docName, doc, {
    // @ts-expect-error ws is the documented Node polyfill; its types differ from the DOM WebSocket
    WebSocketPolyfill: countingWebSocket(sent, holder, () => Y.getState(doc.store, doc.clientID)),
    disableBc: true,
    params: ack ? { ack: '1' } : {},
  });
  provider.messageHandlers[messageAck] = (_encoder, decoder) => {
    acks.count = decoding.readVarUint(decoder);
    for (const listener of acks.listeners) listener(acks.count);
  };
  const synced = new Promise((resolve) => {
    const onSync = (/** @type {boolean} */ isSynced) => {
      if (!isSynced) return;
      provider.off('sync', onSync);
      resolve(performance.now());
    };
    provider.on('sync', onSync);
  });
  return {
    doc,
    text,
    startedAt,
    synced,
    isSynced: () => provider.synced,
    sent,
    acks,
    bufferedAmount: () => holder.socket?.bufferedAmount ?? 0,
    reconnects: () => Math.max(0, holder.sockets - 1),
    close: () => provider.destroy(),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}
