import { connectHocuspocus } from './connectHocuspocus.mjs';
import { connectYWebsocket } from './connectYWebsocket.mjs';

/**
 * Connects the stock client library of `server` to `docName`.
 * @param {import('../servers/serverDef.mjs').ServerDef} server
 * @param {number} port
 * @param {string} docName
 * @param {{ ack?: boolean, trackSendTimes?: boolean, trackClocks?: boolean, doc?: import('yjs').Doc }} [options] `ack` only for
 *   servers with durable acks; `doc` to reconnect a client's own doc (elsewhere)
 * @returns {import('./benchClient.mjs').BenchClient}
 */
export function connectClient(server, port, docName, options = {}) {
  if (server.client === 'hocuspocus') return connectHocuspocus(port, docName, options.doc);
  return connectYWebsocket(port, docName, { ...options, ack: Boolean(options.ack && server.durableAck) });
}
