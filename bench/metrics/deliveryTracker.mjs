import * as Y from 'yjs';
import { localOrigin } from '../clients/benchClient.mjs';

/**
 * Edit-to-peer latency without touching the payload: each recorded edit is identified by its
 * Yjs id (client id, clock of its first inserted character), and each receiving doc reads the
 * ids an incoming update carries from `Y.parseUpdateMeta`. Works whether a server relays
 * updates one by one or merges them. With several server nodes, each watched doc says which node
 * its client is on, and each delivery is also counted as same-node or cross-node.
 */
export function createDeliveryTracker() {
  /** @type {Map<number, number[]>} client id -> send time (performance.now()) by clock */
  const sendTimes = new Map();
  /** @type {WeakMap<Y.Doc, number>} the server node each watched doc's client is connected to */
  const nodeOf = new WeakMap();
  /** @type {Map<number, number>} client id -> the node its edits were sent to */
  const senderNode = new Map();
  /** @type {number[]} */
  const latencies = [];
  /** @type {number[]} */
  const sameNode = [];
  /** @type {number[]} */
  const crossNode = [];
  let recorded = 0;

  return {
    /** Edits recorded so far (each expected at every other client of its doc). */
    get recorded() {
      return recorded;
    },
    /** Deliveries seen so far, one per (recorded edit, receiving client). */
    get deliveries() {
      return latencies.length;
    },
    /** Latencies in ms, one per delivery. */
    latencies,
    /** The latencies of deliveries between clients of the same node, and of different nodes. */
    sameNode,
    crossNode,
    /**
     * Makes one edit on `doc` as a single transaction and records its send time.
     * The edit must insert at least one character (its first clock identifies it).
     * @param {Y.Doc} doc
     * @param {() => void} edit
     * @param {boolean} [record] false during warm-up
     */
    edit(doc, edit, record = true) {
      const clock = Y.getState(doc.store, doc.clientID);
      const sentAt = performance.now();
      doc.transact(edit, localOrigin);
      if (!record) return;
      let times = sendTimes.get(doc.clientID);
      if (!times) {
        times = [];
        sendTimes.set(doc.clientID, times);
      }
      times[clock] = sentAt;
      senderNode.set(doc.clientID, nodeOf.get(doc) ?? 0);
      recorded += 1;
    },
    /**
     * Starts counting the recorded edits that reach `doc` from elsewhere.
     * @param {Y.Doc} doc
     * @param {number} [node] the server node its client is connected to
     */
    watch(doc, node = 0) {
      nodeOf.set(doc, node);
      doc.on('update', (/** @type {Uint8Array} */ update, /** @type {unknown} */ origin) => {
        if (origin === localOrigin) return;
        const now = performance.now();
        const meta = Y.parseUpdateMeta(update);
        for (const [client, to] of meta.to) {
          const times = sendTimes.get(client);
          if (!times) continue;
          const path = senderNode.get(client) === node ? sameNode : crossNode;
          for (let clock = meta.from.get(client) ?? 0; clock < to; clock++) {
            const sentAt = times[clock];
            if (sentAt === undefined) continue;
            latencies.push(now - sentAt);
            path.push(now - sentAt);
          }
        }
      });
    },
  };
}
