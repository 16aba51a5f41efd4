import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePortLine } from './parsePortLine.mjs';
import { spawnServer } from './spawnServer.mjs';

/** The repository root (bench/ sits directly inside it). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Tandem's built CLI, `node apps/sync-server/dist/cli.js --port <p> --data-dir <dir>`. */
export const tandemCli = fileURLToPath(new URL('../../apps/sync-server/dist/cli.js', import.meta.url));

/** @type {import('./serverDef.mjs').ServerDef} */
export const tandem = {
  id: 'tandem',
  label: 'Tandem',
  persistent: true,
  hasDoc: true,
  durableAck: true,
  client: 'y-websocket',
  start: ({ dataDir }) => {
    if (!existsSync(tandemCli)) throw new Error(`Tandem is not built: ${tandemCli} is missing`);
    // Defaults of the product, loopback, port 0; the "listening" JSON log line carries the port.
    return spawnServer({
      name: 'tandem',
      args: [tandemCli, '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir],
      cwd: repoRoot,
      dataDir,
      parseReady: parsePortLine,
    });
  },
};
