import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDeployment } from './deployment.mjs';
import { parsePortLine } from './parsePortLine.mjs';
import { spawnServer } from './spawnServer.mjs';

const main = fileURLToPath(new URL('./hocuspocusMain.mjs', import.meta.url));

/** @type {import('./serverDef.mjs').ServerDef} */
export const hocuspocus = {
  id: 'hocuspocus',
  label: 'Hocuspocus 4 + SQLite',
  persistent: true,
  hasDoc: true,
  durableAck: false,
  client: 'hocuspocus',
  nodes: 1,
  services: [],
  start: ({ dataDir, nodeArgs }) =>
    startDeployment({
      dataDir,
      count: 1,
      startNode: () =>
        spawnServer({ name: 'hocuspocus', args: [main, join(dataDir, 'hocuspocus.sqlite')], nodeArgs, dataDir, parseReady: parsePortLine }),
    }),
};
