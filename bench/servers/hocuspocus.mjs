import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnServer } from './spawnServer.mjs';
import { parsePortLine } from './parsePortLine.mjs';

const main = fileURLToPath(new URL('./hocuspocusMain.mjs', import.meta.url));

/** @type {import('./serverDef.mjs').ServerDef} */
export const hocuspocus = {
  id: 'hocuspocus',
  label: 'Hocuspocus 4 + SQLite',
  persistent: true,
  hasDoc: true,
  durableAck: false,
  client: 'hocuspocus',
  start: ({ dataDir, nodeArgs }) =>
    spawnServer({ name: 'hocuspocus', args: [main, join(dataDir, 'hocuspocus.sqlite')], nodeArgs, dataDir, parseReady: parsePortLine }),
};
