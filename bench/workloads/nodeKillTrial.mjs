import * as Y from 'yjs';
import { benchTextName, localOrigin } from '../clients/benchClient.mjs';
import { connectClient } from '../clients/connectClient.mjs';
import { sleep } from '../control/sleep.mjs';
import { waitFor } from '../control/waitFor.mjs';
import { withTimeout } from '../control/withTimeout.mjs';
import { storedEnds } from '../metrics/storedEnds.mjs';

/**
 * @typedef {Object} Writer one typing client; `client` changes when it moves off the killed node, `doc` never
 * @property {import('../clients/benchClient.mjs').BenchClient} client
 * @property {import('yjs').Doc} doc
 * @property {number} id its Yjs client id
 * @property {number} node the node it is connected to
 * @property {boolean} moved it was on the killed node and reconnected to a survivor
 * @property {number[]} edits the first clock of each of its edits, ascending
 * @property {number} ackedEnd its clock up to which the server acknowledged (durable-ack servers)
 */

/**
 * @typedef {Object} TrialResult
 * @property {number} relayed edits some other client received
 * @property {number} lost relayed edits missing from the store once it settled
 * @property {number} unstoredAtKill edits relayed before the kill that the store did not hold just after it
 * @property {number} ackedLost acknowledged edits missing from the store
 * @property {number | null} flowAllMs kill until an edit made after it by every writer (moved ones too) reached another client
 * @property {number | null} flowSurvivorsMs the same for the writers of the surviving nodes only
 * @property {boolean} converged every client ended with every edit
 */

/** Edits of `writer` whose first clock is in [from, to). @param {Writer} writer @param {number} from @param {number} to */
const editsBetween = (writer, from, to) => writer.edits.filter((clock) => clock >= from && clock < to).length;

/** How far the other clients have received each writer's edits. @param {readonly Writer[]} writers */
const relayedEnds = (writers) =>
  new Map(
    writers.map((writer) => [
      writer.id,
      Math.max(0, ...writers.filter((other) => other !== writer).map((other) => Y.getState(other.doc.store, writer.id))),
    ]),
  );

/**
 * One kill -9 of a node in the middle of a burst (see nodeKill.mjs): `writersPerNode` writers per
 * node type into doc `node-kill-<trial>`; node `trial mod nodes` gets SIGKILL; its writers reconnect
 * at once to the surviving nodes (the load balancer's part, with the doc they hold); typing goes on,
 * then stops; once everyone converged and the store settled, the edits are accounted for.
 * The killed node is started again on the same data at the end.
 * @param {{ server: import('../servers/serverDef.mjs').ServerDef, running: import('../servers/deployment.mjs').Deployment,
 *   sizes: Record<string, number>, trial: number, clients: import('../clients/benchClient.mjs').BenchClient[] }} options
 * @returns {Promise<TrialResult>}
 */
export async function runNodeKillTrial({ server, running, sizes, trial, clients }) {
  const { writersPerNode, editIntervalMs, beforeKillMs, afterKillMs, settleMs, settleCapS } = sizes;
  const nodes = running.ports.length;
  const victim = trial % nodes;
  const docName = `node-kill-${trial}`;
  const connect = (/** @type {number} */ node, /** @type {Y.Doc | undefined} */ doc) => {
    const client = connectClient(server, /** @type {number} */ (running.ports[node]), docName, { ack: true, trackClocks: true, doc });
    clients.push(client);
    return client;
  };
  const watchAcks = (/** @type {Writer} */ writer) => {
    const { client } = writer;
    client.acks.listeners.add((count) => {
      const clock = client.sent.clocks?.[count - 1];
      if (clock !== undefined) writer.ackedEnd = Math.max(writer.ackedEnd, clock);
    });
  };
  /** @type {Writer[]} */
  const writers = [];
  for (let node = 0; node < nodes; node++) {
    for (let k = 0; k < writersPerNode; k++) {
      const client = connect(node, undefined);
      writers.push({ client, doc: client.doc, id: client.doc.clientID, node, moved: false, edits: [], ackedEnd: 0 });
    }
  }
  await withTimeout(Promise.all(writers.map((writer) => writer.client.synced)), 30_000, 'the writers to sync');
  for (const writer of writers) watchAcks(writer);

  let killedAt = Number.POSITIVE_INFINITY;
  /** @type {Map<number, number>} each writer's own clock at the kill */
  const clockAtKill = new Map();
  /** @type {Map<number, number>} writer id -> when another client first received an edit it made after the kill */
  const firstArrival = new Map();
  for (const writer of writers) {
    writer.doc.on('update', (/** @type {Uint8Array} */ update, /** @type {unknown} */ origin) => {
      if (origin === localOrigin || killedAt === Number.POSITIVE_INFINITY) return;
      const now = performance.now();
      for (const [client, to] of Y.parseUpdateMeta(update).to) {
        const atKill = clockAtKill.get(client);
        if (client !== writer.id && atKill !== undefined && to > atKill && !firstArrival.has(client)) firstArrival.set(client, now);
      }
    });
  }
  let round = 0;
  const type = () => {
    writers.forEach((writer, i) => {
      const text = writer.doc.getText(benchTextName);
      writer.edits.push(Y.getState(writer.doc.store, writer.id));
      writer.doc.transact(() => text.insert(text.length, `[${i}.${round}]`), localOrigin);
    });
    round += 1;
  };
  const timer = setInterval(type, editIntervalMs);
  let killed = false;
  try {
    await sleep(beforeKillMs);
    const relayedAtKill = relayedEnds(writers);
    for (const writer of writers) clockAtKill.set(writer.id, Y.getState(writer.doc.store, writer.id));
    killedAt = performance.now();
    killed = true;
    await running.killNode(victim);
    const ids = writers.map((writer) => writer.id);
    const storedAtKillRead = storedEnds(running, docName, ids);
    const survivors = Array.from({ length: nodes }, (_, node) => node).filter((node) => node !== victim);
    let movedCount = 0;
    for (const writer of writers) {
      if (writer.node !== victim) continue;
      writer.client.close();
      writer.node = /** @type {number} */ (survivors[movedCount++ % survivors.length]);
      writer.moved = true;
      writer.client = connect(writer.node, writer.doc);
      watchAcks(writer);
    }
    const storedAtKill = await storedAtKillRead;
    await sleep(afterKillMs);
    clearInterval(timer);

    const converged = await waitFor(
      () => writers.every((a) => writers.every((b) => Y.getState(a.doc.store, b.id) === Y.getState(b.doc.store, b.id))),
      { timeoutMs: settleCapS * 1000, message: 'every client to hold every edit', intervalMs: 20 },
    ).catch(() => false);
    const relayed = relayedEnds(writers);
    // Servers that store later (a debounce) get time: until the store holds every relayed edit, or
    // has not changed for `settleMs`.
    let stored = await storedEnds(running, docName, ids);
    let changedAt = performance.now();
    const deadline = performance.now() + settleCapS * 1000;
    const holdsAll = () => writers.every((writer) => (stored.get(writer.id) ?? 0) >= (relayed.get(writer.id) ?? 0));
    while (!holdsAll() && performance.now() - changedAt < settleMs && performance.now() < deadline) {
      await sleep(250);
      const next = await storedEnds(running, docName, ids);
      if (ids.some((id) => next.get(id) !== stored.get(id))) changedAt = performance.now();
      stored = next;
    }
    const flowOf = (/** @type {readonly Writer[]} */ group) => {
      const times = group.map((writer) => firstArrival.get(writer.id));
      return times.every((time) => time !== undefined) ? Math.max(...times.map((time) => /** @type {number} */ (time) - killedAt)) : null;
    };
    const sum = (/** @type {(writer: Writer) => number} */ count) => writers.reduce((total, writer) => total + count(writer), 0);
    return {
      relayed: sum((writer) => editsBetween(writer, 0, relayed.get(writer.id) ?? 0)),
      lost: sum((writer) => editsBetween(writer, stored.get(writer.id) ?? 0, relayed.get(writer.id) ?? 0)),
      unstoredAtKill: sum((writer) => editsBetween(writer, storedAtKill.get(writer.id) ?? 0, relayedAtKill.get(writer.id) ?? 0)),
      ackedLost: server.durableAck ? sum((writer) => editsBetween(writer, stored.get(writer.id) ?? 0, writer.ackedEnd)) : 0,
      flowAllMs: flowOf(writers),
      flowSurvivorsMs: flowOf(writers.filter((writer) => !writer.moved)),
      converged: Boolean(converged),
    };
  } finally {
    clearInterval(timer);
    for (const writer of writers) writer.client.destroy();
    if (killed) await running.restartNode(victim);
  }
}
