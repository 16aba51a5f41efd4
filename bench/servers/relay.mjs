import { fileURLToPath } from 'node:url';
import { parsePortLine } from './parsePortLine.mjs';
import { startDeployment } from './deployment.mjs';
import { spawnServer } from './spawnServer.mjs';

const main = fileURLToPath(new URL('./relayMain.mjs', import.meta.url));

/** @type {import('./serverDef.mjs').ServerDef} */
export const relay = {
  id: 'relay',
  label: 'bare ws relay (floor)',
  persistent: false,
  hasDoc: false,
  durableAck: false,
  client: 'y-websocket',
  nodes: 1,
  services: [],
  start: ({ dataDir, nodeArgs }) =>
    startDeployment({
      dataDir,
      count: 1,
      startNode: () => spawnServer({ name: 'relay', args: [main], nodeArgs, dataDir, parseReady: parsePortLine }),
    }),
};
