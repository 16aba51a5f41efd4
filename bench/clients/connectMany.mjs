import { mapLimit } from '../control/mapLimit.mjs';
import { withTimeout } from '../control/withTimeout.mjs';
import { connectClient } from './connectClient.mjs';

/**
 * Connects one client per name, at most `concurrency` connections being set up at once,
 * each awaited until synced. The returned clients are also pushed into `into` as soon as
 * they exist, so the caller can destroy them even when a later connection fails.
 * @param {import('../servers/serverDef.mjs').ServerDef} server
 * @param {number | ((index: number) => number)} port the server's port, or the port of the node client `index` goes to
 * @param {readonly string[]} names
 * @param {{ concurrency: number, timeoutMs: number, into: import('./benchClient.mjs').BenchClient[],
 *   options?: { ack?: boolean, trackSendTimes?: boolean } }} settings
 * @returns {Promise<{ client: import('./benchClient.mjs').BenchClient, syncMs: number }[]>}
 */
export function connectMany(server, port, names, { concurrency, timeoutMs, into, options }) {
  return mapLimit(names, concurrency, async (name, index) => {
    const client = connectClient(server, typeof port === 'number' ? port : port(index), name, options);
    into.push(client);
    const syncedAt = await withTimeout(client.synced, timeoutMs, `${server.label}: client of ${name} to sync`);
    return { client, syncMs: syncedAt - client.startedAt };
  });
}
