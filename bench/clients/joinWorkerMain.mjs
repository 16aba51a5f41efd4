// A load-generator thread of the join storm (see joinInThreads.mjs). It loads the client
// libraries, says `ready`, and on `go` creates its share of the joiners at once, timing each
// from creation until its text holds `expectedLength` characters. It posts the arrivals
// (null for a joiner still short at the deadline) and the reconnect count, then destroys
// its clients.
import { parentPort, workerData } from 'node:worker_threads';
import { connectClient } from './connectClient.mjs';
import { reconnectsOf } from './reconnectsOf.mjs';

/** @type {{ server: { client: string, durableAck: boolean }, ports: number[], first: number, docName: string, count: number,
 *   expectedLength: number, timeoutMs: number }} */
const { server, ports, first, docName, count, expectedLength, timeoutMs } = workerData;
const port_ = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
// Every y-websocket provider adds a process 'exit' listener; 50 clients per thread are expected here.
process.setMaxListeners(0);

port_.once('message', () => {
  // Joiner `first + i` of the whole storm goes to node (first + i) mod nodes.
  const joined = Array.from({ length: count }, (_, i) =>
    connectClient(
      /** @type {import('../servers/serverDef.mjs').ServerDef} */ (server),
      /** @type {number} */ (ports[(first + i) % ports.length]),
      docName,
    ),
  );
  /** @type {(number | null)[]} */
  const arrivals = joined.map(() => null);
  const deadline = performance.now() + timeoutMs;
  const check = () => {
    const now = performance.now();
    joined.forEach((client, i) => {
      if (arrivals[i] === null && client.text.length === expectedLength) arrivals[i] = now - client.startedAt;
    });
    if (arrivals.every((value) => value !== null) || now > deadline) {
      port_.postMessage({ arrivals, reconnects: reconnectsOf(joined) });
      for (const client of joined) client.destroy();
      return;
    }
    setTimeout(check, 5);
  };
  check();
});
port_.postMessage('ready');
