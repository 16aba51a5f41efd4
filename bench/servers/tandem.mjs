import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePortLine } from './parsePortLine.mjs';
import { spawnServer } from './spawnServer.mjs';

/** The repository root (bench/ sits directly inside it). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Tandem's built CLI, `node apps/sync-server/dist/cli.js --port <p> --data-dir <dir>`. */
export const tandemCli = fileURLToPath(new URL('../../apps/sync-server/dist/cli.js', import.meta.url));

/**
 * Tandem's per-IP and per-connection abuse limits, raised for the benchmark: the load generator
 * is ONE address standing in for a thousand users (the idle-docs workload opens 1,000
 * connections from it) and the trace writer is one connection sending ~20k updates/s. The
 * peers have no such limits. Everything else keeps the product's defaults.
 */
export const tandemBenchEnv = Object.freeze({
  MAX_CONNECTIONS_PER_IP: '100000',
  MAX_CONNECTIONS_PER_DOC: '100000',
  MAX_MESSAGES_PER_SECOND: '1000000',
  MESSAGE_BURST: '1000000',
  MAX_BYTES_PER_SECOND: String(1024 * 1024 * 1024),
  BYTE_BURST: String(1024 * 1024 * 1024),
});

/** @type {import('./serverDef.mjs').ServerDef} */
export const tandem = {
  id: 'tandem',
  label: 'Tandem',
  persistent: true,
  hasDoc: true,
  durableAck: true,
  client: 'y-websocket',
  start: ({ dataDir, nodeArgs }) => {
    if (!existsSync(tandemCli)) throw new Error(`Tandem is not built: ${tandemCli} is missing`);
    // Defaults of the product, loopback, port 0; the "listening" JSON log line carries the port.
    return spawnServer({
      name: 'tandem',
      args: [tandemCli, '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir],
      nodeArgs,
      cwd: repoRoot,
      env: tandemBenchEnv,
      dataDir,
      parseReady: parsePortLine,
    });
  },
};
