import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startDeployment } from './deployment.mjs';
import { freePort } from './freePort.mjs';
import { spawnServer } from './spawnServer.mjs';

/** The stock bin of @y/websocket-server@0.1.1 (`src/server.js`), run unmodified (resolved when first started). */
export function yWebsocketServerBin() {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@y/websocket-server/package.json')), 'src/server.js');
}

/**
 * Starts the stock y-websocket-server; with `leveldbDir` it persists through y-leveldb
 * (its own `YPERSISTENCE` switch). It prints the PORT it was given, not the one it got,
 * so it is handed a free port instead of 0.
 * @param {string} name
 * @param {import('./serverDef.mjs').StartOptions} options
 * @param {string | undefined} leveldbDir
 */
export function startYWebsocketServer(name, { dataDir, nodeArgs }, leveldbDir) {
  return startDeployment({ dataDir, count: 1, startNode: () => spawnYWebsocketServer(name, { dataDir, nodeArgs }, leveldbDir) });
}

/**
 * @param {string} name
 * @param {import('./serverDef.mjs').StartOptions} options
 * @param {string | undefined} leveldbDir
 */
async function spawnYWebsocketServer(name, { dataDir, nodeArgs }, leveldbDir) {
  const port = await freePort();
  return spawnServer({
    name,
    args: [yWebsocketServerBin()],
    nodeArgs,
    env: { HOST: '127.0.0.1', PORT: String(port), ...(leveldbDir ? { YPERSISTENCE: leveldbDir } : {}) },
    dataDir,
    parseReady: (line) => (line.startsWith('running at') ? port : null),
  });
}

/** @type {import('./serverDef.mjs').ServerDef} */
export const yWebsocketServer = {
  id: 'y-websocket',
  label: 'y-websocket-server (memory)',
  persistent: false,
  hasDoc: true,
  durableAck: false,
  client: 'y-websocket',
  nodes: 1,
  services: [],
  start: (options) => startYWebsocketServer('y-websocket-server', options, undefined),
};
