import { dirSize } from '../metrics/dirSize.mjs';
import { procWriteBytes } from '../metrics/procIo.mjs';
import { procCpuSeconds } from '../metrics/procStat.mjs';
import { procMemory } from '../metrics/procStatus.mjs';
import { noServices } from '../services/runServices.mjs';

/**
 * Cumulative CPU seconds of a deployment: its server processes, the run's redis-server, the PostgreSQL
 * backends of the run's database (null: PostgreSQL is not on this machine) and `total` of those three;
 * PostgreSQL's shared background writers are apart, not in `total`.
 * @typedef {{ nodes: number, redis: number, postgres: number | null, postgresShared: number | null, total: number }} CpuReading
 */

/**
 * What a workload starts: one server process, or the nodes of a cluster sharing a store (and Redis).
 * @typedef {Object} Deployment
 * @property {number} pid the first node's process
 * @property {number} port the first node's port
 * @property {number[]} ports every node's port, by node index (a restarted node gets a new one)
 * @property {string} dataDir
 * @property {() => CpuReading} cpu
 * @property {() => number} cpuSeconds `cpu().total`
 * @property {() => number} peakRss the sum of the live nodes' peak RSS (VmHWM)
 * @property {() => number} writeBytes storage writes so far of the live nodes and of the database's backends
 * @property {() => Promise<number>} diskBytes what the server keeps on disk (its data dir, or its tables)
 * @property {((docName: string) => Promise<Uint8Array | null>) | null} storedUpdate the doc as the store holds it
 *   (servers on PostgreSQL), read with a connection of the harness's own
 * @property {(index: number) => Promise<void>} killNode SIGKILL one node
 * @property {(index: number) => Promise<number>} restartNode starts a killed node again on the same data; its new port
 * @property {() => Promise<void>} kill9 SIGKILL every node
 * @property {() => Promise<void>} stop SIGTERM every node
 * @property {() => string} output the last lines of every node, for error messages
 */

/**
 * Starts `count` nodes one after another (the first creates the schema), each with `startNode(index)`.
 * @param {{ dataDir: string, count: number, startNode: (index: number) => Promise<import('./spawnServer.mjs').RunningServer>,
 *   services?: import('../services/runServices.mjs').RunServices, diskBytes?: () => Promise<number>,
 *   storedUpdate?: ((docName: string) => Promise<Uint8Array | null>) | null }} options
 * @returns {Promise<Deployment>}
 */
export async function startDeployment({ dataDir, count, startNode, services = noServices, diskBytes, storedUpdate = null }) {
  /** @type {(import('./spawnServer.mjs').RunningServer | null)[]} */
  const nodes = [];
  const all = () => /** @type {import('./spawnServer.mjs').RunningServer[]} */ (nodes.filter((node) => node !== null));
  try {
    for (let i = 0; i < count; i++) nodes.push(await startNode(i));
  } catch (error) {
    await Promise.all(all().map((node) => node.kill9()));
    throw error;
  }
  const first = /** @type {import('./spawnServer.mjs').RunningServer} */ (nodes[0]);
  const sumOverNodes = (/** @type {(pid: number) => number} */ read) =>
    all().reduce((total, node) => {
      try {
        return total + read(node.pid);
      } catch {
        return total; // a node killed a moment ago
      }
    }, 0);
  const cpu = () => {
    const shared = services.cpu();
    const nodeCpu = sumOverNodes(procCpuSeconds);
    return { nodes: nodeCpu, ...shared, total: nodeCpu + shared.redis + (shared.postgres ?? 0) };
  };
  const deployment = {
    pid: first.pid,
    port: first.port,
    ports: nodes.map((node) => /** @type {import('./spawnServer.mjs').RunningServer} */ (node).port),
    dataDir,
    cpu,
    cpuSeconds: () => cpu().total,
    peakRss: () => sumOverNodes((pid) => procMemory(pid).peakRss),
    writeBytes: () =>
      sumOverNodes(procWriteBytes) +
      services.postgresPids().reduce((total, pid) => {
        try {
          return total + procWriteBytes(pid);
        } catch {
          return total;
        }
      }, 0),
    diskBytes: diskBytes ?? (async () => dirSize(dataDir)),
    storedUpdate,
    killNode: async (/** @type {number} */ index) => {
      const node = nodes[index];
      nodes[index] = null;
      await node?.kill9();
    },
    restartNode: async (/** @type {number} */ index) => {
      if (nodes[index]) throw new Error(`node ${index} is still running`);
      const node = await startNode(index);
      nodes[index] = node;
      deployment.ports[index] = node.port;
      return node.port;
    },
    kill9: async () => {
      await Promise.all(all().map((node) => node.kill9()));
    },
    stop: async () => {
      await Promise.all(all().map((node) => node.stop()));
    },
    output: () =>
      all()
        .map((node) => node.output())
        .join('\n'),
  };
  return deployment;
}

/**
 * CPU seconds spent between two readings, per part (null where a part could not be read).
 * @param {CpuReading} before
 * @param {CpuReading} after
 */
export function cpuSpent(before, after) {
  const minus = (/** @type {number | null} */ a, /** @type {number | null} */ b) => (a === null || b === null ? null : a - b);
  return {
    total: after.total - before.total,
    nodes: after.nodes - before.nodes,
    redis: after.redis - before.redis,
    postgres: minus(after.postgres, before.postgres),
    postgresShared: minus(after.postgresShared, before.postgresShared),
  };
}
